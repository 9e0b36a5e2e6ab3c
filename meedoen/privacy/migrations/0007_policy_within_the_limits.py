"""The existing retention rules become the national rules, with their legal minimum;
a term that an administrator had shortened below the legal minimum is restored to the
minimum, and a policy's break-the-glass hours are brought within 1 to 24, before 0008
adds the database constraints."""

from django.db import migrations


def to_the_limits(apps, schema_editor):
    from meedoen.privacy.defaults import LEGAL_MINIMUM_DAYS

    RetentionRule = apps.get_model("privacy", "RetentionRule")
    PrivacyPolicy = apps.get_model("privacy", "PrivacyPolicy")
    for rule in RetentionRule.objects.all():
        rule.legal_minimum_days = LEGAL_MINIMUM_DAYS.get(rule.code, 0)
        rule.days = max(rule.days, rule.legal_minimum_days)
        rule.save(update_fields=["legal_minimum_days", "days"])
    PrivacyPolicy.objects.filter(break_glass_hours__gt=24).update(break_glass_hours=24)
    PrivacyPolicy.objects.filter(break_glass_hours__lt=1).update(break_glass_hours=1)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0006_retention_per_municipality_break_glass_cap")]
    operations = [migrations.RunPython(to_the_limits, migrations.RunPython.noop)]
