"""Database constraints for the policy limits: one national rule per code, one rule
per code per municipality, no term below its legal minimum, break the glass 1 to 24
hours."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_policy_within_the_limits")]
    operations = [
        migrations.AddConstraint(
            model_name='privacypolicy',
            constraint=models.CheckConstraint(condition=models.Q(('break_glass_hours__gte', 1), ('break_glass_hours__lte', 24)), name='break_glass_hours_at_most_a_day'),
        ),
        migrations.AddConstraint(
            model_name='retentionrule',
            constraint=models.UniqueConstraint(condition=models.Q(('municipality__isnull', True)), fields=('code',), name='unique_national_retention_code', violation_error_message='There is already a national rule with this code.'),
        ),
        migrations.AddConstraint(
            model_name='retentionrule',
            constraint=models.UniqueConstraint(fields=('municipality', 'code'), name='unique_municipal_retention_code', violation_error_message='Your municipality already has a rule with this code.'),
        ),
        migrations.AddConstraint(
            model_name='retentionrule',
            constraint=models.CheckConstraint(condition=models.Q(('days__gte', models.F('legal_minimum_days'))), name='retention_at_least_the_legal_minimum'),
        ),
    ]
