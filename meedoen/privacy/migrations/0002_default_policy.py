from django.db import migrations


def forwards(apps, schema_editor):
    from meedoen.privacy.defaults import install

    install(
        apps.get_model("privacy", "CategoryAccess"),
        apps.get_model("privacy", "RetentionRule"),
        apps.get_model("privacy", "AuditChainHead"),
    )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
