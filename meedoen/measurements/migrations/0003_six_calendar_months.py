"""The six-month follow-up in calendar months, at least a minimum after the baseline
(``meedoen.measurements.window``): recompute the stored follow-up of every trajectory,
which the start + 183 days rule had set."""

from django.db import migrations, models


def refresh(apps, schema_editor):
    from meedoen.measurements.services import ladder_progress_refresh_all

    ladder_progress_refresh_all(
        progress_model=apps.get_model("measurements", "LadderProgress"),
        value_model=apps.get_model("measurements", "MeasurementValue"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("measurements", "0002_instruments"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ladderprogress",
            name="six_month_on",
            field=models.DateField(
                blank=True,
                help_text="Date of the last confirmed measurement at least the minimum number of days after the baseline and within six calendar months of the start.",
                null=True,
                verbose_name="six-month follow-up date",
            ),
        ),
        migrations.RunPython(refresh, migrations.RunPython.noop),
    ]
