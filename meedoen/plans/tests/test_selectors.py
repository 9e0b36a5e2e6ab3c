"""Reads of the one plan: scoped, audited, a fixed number of queries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.core.tests.helpers import empty_audit_trail
from meedoen.journeys.services import case_team_end
from meedoen.plans.selectors import plan_for_change, plan_view
from meedoen.plans.services import plan_action_add, plan_goal_add


def _fill(trajectory, by, n):
    plan = trajectory.plan
    for i in range(n):
        goal = plan_goal_add(
            plan=plan,
            expected_version=plan.version,
            life_domain="finances",
            description=f"Doel {i}",
            by=by,
        )
        plan_action_add(
            plan=plan,
            expected_version=plan.version,
            description=f"Actie {i}",
            owner_kind="professional",
            owner_professional=by,
            due_on=timezone.localdate(),
            goal=goal,
            by=by,
        )


def test_plan_for_the_team(trajectory, coordinator, income_consultant):
    _fill(trajectory, coordinator, 2)
    empty_audit_trail()
    for user in (coordinator, income_consultant):
        v = plan_view(user, trajectory.pk, via="plan:test")
        assert v.trajectory_id == trajectory.pk
        assert [g.description for g in v.goals] == ["Doel 0", "Doel 1"]
        assert [a.description for a in v.actions] == ["Actie 0", "Actie 1"]
        assert {m.professional for m in v.team} == {
            str(coordinator),
            str(income_consultant),
        }
    for user in (coordinator, income_consultant):
        recorded = set(
            AccessEvent.objects.filter(
                resident_id=trajectory.resident_id,
                via="plan:test",
                action="read",
                professional=user,
            ).values_list("category", flat=True)
        )
        assert {"identity", "plan"} <= recorded


def test_plan_for_change_records_nothing(trajectory, coordinator):
    empty_audit_trail()
    plan_for_change(coordinator, trajectory.pk)
    assert not AccessEvent.objects.exists()


def test_plan_for_is_404_for_outsider_foreigner_and_ended_members(
    trajectory, coordinator, income_consultant, outsider, foreigner
):
    case_team_end(
        membership=trajectory.team.get(professional=income_consultant), by=coordinator
    )
    for user in (outsider, foreigner, income_consultant):
        with pytest.raises(Http404):
            plan_view(user, trajectory.pk)
        with pytest.raises(Http404):
            plan_for_change(user, trajectory.pk)


def test_only_the_case_team_may_change_the_plan(trajectory, coordinator, team_lead):
    assert plan_for_change(coordinator, trajectory.pk).pk == trajectory.pk
    # The team lead sees the plan but is not on the case team.
    view = plan_view(team_lead, trajectory.pk)
    assert view.trajectory_id == trajectory.pk
    assert "plan.change" not in view.can
    with pytest.raises(PermissionDenied):
        plan_for_change(team_lead, trajectory.pk)


def test_plan_for_query_count_does_not_grow(trajectory, coordinator):
    _fill(trajectory, coordinator, 1)
    with CaptureQueriesContext(connection) as few:
        plan_view(coordinator, trajectory.pk)
    _fill(trajectory, coordinator, 9)
    with CaptureQueriesContext(connection) as many:
        v = plan_view(coordinator, trajectory.pk)
        assert len(v.actions) == 10
    assert len(many.captured_queries) == len(few.captured_queries)
