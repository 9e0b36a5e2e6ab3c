"""The migration to per-municipality retention rules and capped break the glass brings
existing data within the limits: the tester's one-day Participatiewet rule is restored
to its legal minimum, 32,767 break-the-glass hours become 24."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("privacy", "0005_audit_moves_to_core")]
AFTER = [("privacy", "0008_policy_limit_constraints")]


@pytest.mark.django_db(transaction=True)
def test_existing_policy_is_brought_within_the_limits():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Municipality = old.get_model("organisations", "Municipality")
    RetentionRule = old.get_model("privacy", "RetentionRule")
    PrivacyPolicy = old.get_model("privacy", "PrivacyPolicy")
    arnhem = Municipality.objects.create(name="Arnhem", code="0202")
    RetentionRule.objects.filter(code="participatiewet").update(days=1)
    RetentionRule.objects.filter(code="wmo").update(days=9000)
    PrivacyPolicy.objects.create(municipality=arnhem, break_glass_hours=32767)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rules = {r.code: r for r in new.get_model("privacy", "RetentionRule").objects.all()}
    assert all(r.municipality_id is None for r in rules.values())
    assert (
        rules["participatiewet"].days,
        rules["participatiewet"].legal_minimum_days,
    ) == (3650, 3650)
    assert (rules["wmo"].days, rules["wmo"].legal_minimum_days) == (9000, 5475)
    policy = new.get_model("privacy", "PrivacyPolicy").objects.get()
    assert policy.break_glass_hours == 24

    # Back to the latest schema, so the tests after this one find every table.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
