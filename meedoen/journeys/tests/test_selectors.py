"""Reads for the journey: the caseload with its signals, and the journey board."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from meedoen.casefile.caseload import caseload
from meedoen.core.models import AccessEvent
from meedoen.core.tests.helpers import empty_audit_trail
from meedoen.journeys.models import Stage
from meedoen.journeys.selectors import journey_board, trajectory_for
from meedoen.journeys.services import (
    case_team_add,
    case_team_end,
    contact_record,
    trajectory_close,
    trajectory_move,
)
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.plans.models import Action
from meedoen.plans.services import plan_action_add, plan_action_set_status
from meedoen.residents.tests.factories import ResidentFactory

TODAY = datetime.date(2025, 6, 2)


def ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def frozen(settings):
    settings.MEEDOEN_NO_CONTACT_DAYS = 42
    with freeze_time("2025-06-02 10:00:00"):
        yield


def _start(coordinator, name, started_days_ago):
    resident = ResidentFactory(
        municipality=coordinator.municipality, first_name=name, last_name=f"{name}sen"
    )
    return TrajectoryFactory(
        coordinator=coordinator, resident=resident, started_on=ago(started_days_ago)
    )


def _move_to(trajectory, by, order, days_ago):
    stage = Stage.objects.get(template=trajectory.template, order=order)
    trajectory_move(
        trajectory=trajectory, to_stage=stage, by=by, reason="test", on=ago(days_ago)
    )


def _contact(trajectory, by, days_ago):
    contact_record(trajectory=trajectory, by=by, contact_on=ago(days_ago), kind="phone")


def _action(trajectory, by, due_days_ago, status=None):
    plan = trajectory.plan
    plan.refresh_from_db()
    action = plan_action_add(
        plan=plan,
        expected_version=plan.version,
        description="Iets doen",
        owner_kind="resident",
        due_on=ago(due_days_ago),
        by=by,
        life_domain="social_network",
    )
    if status:
        plan_action_set_status(
            action=action, expected_version=plan.version, status=status, by=by
        )
    return action


@pytest.fixture
def load(frozen, coordinator, income_consultant, arnhem):
    """The coordinator's caseload on 2 June 2025, one trajectory per situation."""
    t = {}
    t["fresh"] = _start(coordinator, "Fresh", 0)

    t["overdue"] = _start(coordinator, "Overdue", 10)
    _contact(t["overdue"], coordinator, 1)
    _action(t["overdue"], coordinator, 1)  # overdue
    _action(t["overdue"], coordinator, 5)  # overdue
    _action(t["overdue"], coordinator, 0)  # due today: not overdue
    _action(t["overdue"], coordinator, -7)  # due next week
    _action(t["overdue"], coordinator, 8, status=Action.Status.DONE)
    _action(t["overdue"], coordinator, 8, status=Action.Status.CANCELLED)
    case_team_add(
        trajectory=t["overdue"], professional=income_consultant, by=coordinator
    )

    t["silent"] = _start(coordinator, "Silent", 60)
    _move_to(t["silent"], coordinator, 5, 50)  # execution, 180 days norm
    _contact(t["silent"], coordinator, 43)

    t["edge_contact"] = _start(coordinator, "Edge", 100)
    _move_to(t["edge_contact"], coordinator, 5, 90)
    _contact(t["edge_contact"], coordinator, 42)

    t["never"] = _start(coordinator, "Never", 43)  # no contact, stuck in stage 1

    t["young_never"] = _start(coordinator, "Young", 42)  # no contact yet, 42 days
    _move_to(t["young_never"], coordinator, 5, 41)

    t["stuck"] = _start(coordinator, "Stuck", 15)  # 14 days norm: due yesterday
    _contact(t["stuck"], coordinator, 0)

    t["edge_stuck"] = _start(coordinator, "Edgestuck", 14)  # due today: not stuck
    _contact(t["edge_stuck"], coordinator, 0)

    closed = _start(coordinator, "Closed", 80)
    trajectory_close(trajectory=closed, by=coordinator, reason="completed")
    t["_closed"] = closed

    colleague = ProfessionalFactory(municipality=arnhem)
    t["_other"] = _start(colleague, "Other", 80)

    left = _start(coordinator, "Left", 30)
    case_team_add(trajectory=left, professional=income_consultant, by=coordinator)
    case_team_end(
        membership=left.team.get(professional=income_consultant), by=coordinator
    )
    t["_left"] = left
    return t


def _by_name(rows):
    return {row.resident.first_name: row for row in rows}


def test_caseload_returns_only_the_users_open_trajectories(load, coordinator):
    rows = caseload(coordinator)
    assert set(_by_name(rows)) == {
        "Fresh",
        "Overdue",
        "Silent",
        "Edge",
        "Never",
        "Young",
        "Stuck",
        "Edgestuck",
        "Left",
    }


def test_caseload_signals(load, coordinator):
    rows = _by_name(caseload(coordinator))
    signals = {
        name: (row.overdue_actions, row.open_actions, row.has_no_contact, row.is_stuck)
        for name, row in rows.items()
    }
    assert signals == {
        "Fresh": (0, 0, False, False),
        "Overdue": (2, 4, False, False),
        "Silent": (0, 0, True, False),
        "Edge": (0, 0, False, False),
        "Never": (0, 0, True, True),
        "Young": (0, 0, False, False),
        "Stuck": (0, 0, False, True),
        "Edgestuck": (0, 0, False, False),
        # started 30 days ago, stage 1 (14 days), no contact yet
        "Left": (0, 0, False, True),
    }


def test_caseload_puts_overdue_first_then_longest_past_the_norm(load, coordinator):
    rows = caseload(coordinator)
    assert rows[0].resident.first_name == "Overdue"
    # Then by stage_due_on ascending: Never (due 29 days ago) before Left (16 days ago)
    # before Stuck (yesterday).
    names = [r.resident.first_name for r in rows]
    assert names.index("Never") < names.index("Left") < names.index("Stuck")
    assert names.index("Stuck") < names.index("Edgestuck") < names.index("Fresh")


@pytest.mark.parametrize(
    "signal, expected",
    [
        ("overdue", {"Overdue"}),
        ("no_contact", {"Silent", "Never"}),
        ("stuck", {"Never", "Stuck", "Left"}),
    ],
)
def test_caseload_signal_filters(load, coordinator, signal, expected):
    assert set(_by_name(caseload(coordinator, signal=signal))) == expected


def test_caseload_unknown_signal_shows_everything(load, coordinator):
    assert len(caseload(coordinator, signal="nonsense")) == len(caseload(coordinator))


def test_caseload_of_a_team_member_of_another_organisation(load, income_consultant):
    # On "Overdue" (active) and "Left" (ended): only the active one.
    assert [t.resident.first_name for t in caseload(income_consultant)] == ["Overdue"]


def test_caseload_is_empty_for_outsider_foreigner_and_team_lead(
    load, outsider, foreigner, team_lead
):
    assert caseload(outsider) == []
    assert caseload(foreigner) == []
    # A team lead sees the board, but the caseload is what they personally work on.
    assert caseload(team_lead) == []


def test_no_contact_follows_the_setting(load, coordinator, settings):
    settings.MEEDOEN_NO_CONTACT_DAYS = 30
    rows = _by_name(caseload(coordinator, signal="no_contact"))
    # Young: started 42 days ago and never contacted; Edge: last contact 42 days ago.
    assert set(rows) == {"Silent", "Never", "Young", "Edge"}


def test_caseload_records_an_access_event_per_resident(load, coordinator):
    empty_audit_trail()
    rows = caseload(coordinator, via="caseload:test")
    events = AccessEvent.objects.filter(professional=coordinator)
    # Per resident: their name (identity) and where they are (plan), as a list.
    assert sorted(e.resident_id for e in events.filter(category="identity")) == sorted(
        r.resident_id for r in rows
    )
    assert {e.category for e in events} == {"identity", "plan"}
    assert {e.action for e in events} == {AccessEvent.Action.LIST}
    assert {e.via for e in events} == {"caseload:test"}


def _trajectories_with_actions(coordinator, n):
    for i in range(n):
        t = _start(coordinator, f"Q{i}", 20 + i)
        _action(t, coordinator, 3)
        _action(t, coordinator, -3)
        _contact(t, coordinator, 2)


def test_caseload_query_count_does_not_grow_with_data(frozen, coordinator, arnhem):
    _trajectories_with_actions(coordinator, 3)
    with CaptureQueriesContext(connection) as few:
        assert len(caseload(coordinator)) == 3
    _trajectories_with_actions(coordinator, 17)
    with CaptureQueriesContext(connection) as many:
        rows = caseload(coordinator)
    assert len(rows) == 20
    assert all(r.overdue_actions == 1 for r in rows)
    # Touch what a caseload page shows: no lazy loads.
    with CaptureQueriesContext(connection) as shown:
        for r in rows:
            _ = (r.resident.full_name, r.stage, r.coordinator)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(shown.captured_queries) == 0


# --- journey board ------------------------------------------------------------------


def test_journey_board_columns_and_counts(load, coordinator):
    template, columns = journey_board(coordinator)
    assert template.municipality_id == coordinator.municipality_id
    assert [c.stage.name for c in columns] == [
        "Signaal of aanvraag",
        "Eerste gesprek",
        "Integrale analyse",
        "Plan",
        "Uitvoering",
        "Evaluatie",
        "Afsluiting",
        "Nazorg",
    ]
    counts = {c.stage.order: c.count for c in columns}
    # Stage 1: Fresh, Overdue, Never, Stuck, Edgestuck, Left. Stage 5: Silent, Edge,
    # Young. Closed and other people's trajectories are not on the board.
    assert counts == {1: 6, 2: 0, 3: 0, 4: 0, 5: 3, 6: 0, 7: 0, 8: 0}
    first = columns[0]
    assert {t.resident.first_name for t in first.trajectories} == {
        "Fresh",
        "Overdue",
        "Never",
        "Stuck",
        "Edgestuck",
        "Left",
    }
    # Days in stage: 0, 10, 43, 15, 14, 30 -> 112 / 6 = 18.67
    assert first.average_days == 19
    # Execution: 50, 90, 41 -> 60.33
    assert columns[4].average_days == 60
    assert columns[1].average_days is None


def test_journey_board_of_the_team_lead_shows_the_team_members_work(
    load, team_lead, coordinator
):
    _template, columns = journey_board(team_lead)
    assert sum(c.count for c in columns) == 9


def test_journey_board_is_empty_for_outsider_and_foreigner(load, outsider, foreigner):
    for user in (outsider, foreigner):
        template, columns = journey_board(user)
        assert template.municipality_id == user.municipality_id
        assert len(columns) == 8
        assert sum(c.count for c in columns) == 0


def test_journey_board_query_count_does_not_grow_with_data(frozen, coordinator):
    _trajectories_with_actions(coordinator, 3)
    with CaptureQueriesContext(connection) as few:
        journey_board(coordinator)
    _trajectories_with_actions(coordinator, 17)
    with CaptureQueriesContext(connection) as many:
        _template, columns = journey_board(coordinator)
        for c in columns:
            for t in c.trajectories:
                _ = (t.resident.full_name, t.coordinator)
    assert sum(c.count for c in columns) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


# --- trajectory_for -----------------------------------------------------------------


def test_trajectory_for(
    trajectory, coordinator, income_consultant, outsider, foreigner
):
    assert trajectory_for(coordinator, trajectory.pk) == trajectory
    assert trajectory_for(income_consultant, trajectory.pk) == trajectory
    for user in (outsider, foreigner):
        with pytest.raises(Http404):
            trajectory_for(user, trajectory.pk)
