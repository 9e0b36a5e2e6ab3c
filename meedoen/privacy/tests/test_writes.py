"""Every change to a resident's data is recorded, in the same transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meedoen.core import audit
from meedoen.core.models import AccessEvent, AuditChainHead
from meedoen.journeys.services import contact_record, trajectory_move
from meedoen.plans.services import plan_action_add


def _head():
    return AuditChainHead.objects.get(pk=1).seq


def _writes(user, since):
    return list(
        AccessEvent.objects.filter(professional=user, action="write", seq__gt=since)
        .order_by("seq")
        .values_list("via", "category")
    )


def test_changes_are_recorded_with_their_category(trajectory, coordinator):
    since = _head()
    plan = trajectory.plan
    plan_action_add(
        plan=plan, expected_version=plan.version, description="Bellen met de woningcorporatie",
        owner_kind="resident", due_on=datetime.date(2030, 1, 1), by=coordinator,
        life_domain="social_network",
    )  # fmt: skip
    contact_record(
        trajectory=trajectory,
        by=coordinator,
        contact_on=trajectory.started_on,
        kind="phone",
    )
    trajectory_move(
        trajectory=trajectory,
        to_stage=trajectory.template.stages.get(order=2),
        by=coordinator,
    )
    assert _writes(coordinator, since) == [
        ("plan_action_add", "plan"),
        ("contact_record", "notes"),
        ("trajectory_move", "plan"),
    ]
    assert all(
        e.resident_id == trajectory.resident_id
        for e in AccessEvent.objects.filter(seq__gt=since)
    )
    assert audit.verify().ok


def test_a_refused_change_records_nothing(trajectory, coordinator):
    since = _head()
    with pytest.raises(ValidationError):
        trajectory_move(
            trajectory=trajectory,
            to_stage=trajectory.template.stages.get(order=4),  # skips two stages
            by=coordinator,
        )
    assert _writes(coordinator, since) == []
