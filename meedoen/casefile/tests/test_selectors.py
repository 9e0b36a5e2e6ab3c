"""Reads of residents: search and the resident's file, scoped and audited."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meedoen.casefile.selectors import resident_file, resident_search
from meedoen.casefile.services import resident_register
from meedoen.core.models import AccessEvent
from meedoen.core.tests.helpers import empty_audit_trail
from meedoen.journeys.services import case_team_add, case_team_end, contact_record
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.plans.services import plan_action_add, plan_goal_add
from meedoen.residents.services import household_create
from meedoen.residents.tests.factories import ResidentFactory

LINDA_BSN = "999993653"


def _pks(rows):
    return [r.pk for r in rows]


@pytest.fixture
def linda(coordinator, income_consultant):
    trajectory = resident_register(
        by=coordinator,
        first_name="Linda",
        last_name="Bakker",
        birth_date=datetime.date(1994, 3, 8),
        bsn=LINDA_BSN,
        postcode="6822 AB",
        city="Arnhem",
        started_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    case_team_add(trajectory=trajectory, professional=income_consultant, by=coordinator)
    return trajectory.resident


@pytest.fixture
def other_residents(coordinator):
    """Two more residents of the coordinator, one in another postcode."""
    a = TrajectoryFactory(
        coordinator=coordinator,
        resident=ResidentFactory(
            municipality=coordinator.municipality,
            first_name="Piet",
            last_name="Jansen",
            postcode="6821 CD",
        ),
    ).resident
    b = TrajectoryFactory(
        coordinator=coordinator,
        resident=ResidentFactory(
            municipality=coordinator.municipality,
            first_name="Lisa",
            last_name="de Boer",
            postcode="6822 AB",
        ),
    ).resident
    return a, b


# --- resident_search ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["Linda", "linda", "bakk", "Linda Bakker", " BAKKER "]
)
def test_search_by_name(coordinator, linda, other_residents, query):
    assert _pks(resident_search(coordinator, query)) == _pks([linda])


def test_search_by_name_finds_several_in_name_order(
    coordinator, linda, other_residents
):
    _piet, lisa = other_residents
    # "Li" matches Linda and Lisa
    assert _pks(resident_search(coordinator, "Li")) == _pks([linda, lisa])


@pytest.mark.parametrize("query", ["6822 AB", "6822AB", "6822ab", "6822 ab"])
def test_search_by_postcode(coordinator, linda, other_residents, query):
    _piet, lisa = other_residents
    assert _pks(resident_search(coordinator, query)) == _pks([linda, lisa])


def test_search_by_another_postcode(coordinator, linda, other_residents):
    piet, _lisa = other_residents
    assert _pks(resident_search(coordinator, "6821 CD")) == _pks([piet])


@pytest.mark.parametrize("query", [LINDA_BSN, "9999 93 653", " 999993653 "])
def test_search_by_exact_bsn(coordinator, linda, other_residents, query):
    assert _pks(resident_search(coordinator, query)) == _pks([linda])


@pytest.mark.parametrize("query", ["999993654", "99999365", "12345678", "000000000"])
def test_search_by_an_invalid_or_partial_bsn_finds_nobody(coordinator, linda, query):
    assert resident_search(coordinator, query) == []


def test_search_by_bsn_of_a_resident_the_user_is_not_on_the_team_of(
    coordinator, linda, arnhem
):
    colleague = ProfessionalFactory(municipality=arnhem)
    assert resident_search(colleague, LINDA_BSN) == []


@pytest.mark.parametrize("query", ["", " ", "L", "6"])
def test_search_needs_two_characters(coordinator, linda, query):
    assert resident_search(coordinator, query) == []


def test_search_not_found_for_outsider_and_foreigner(outsider, foreigner, linda):
    for user in (outsider, foreigner):
        assert resident_search(user, "Linda") == []
        assert resident_search(user, LINDA_BSN) == []
        assert resident_search(user, "6822 AB") == []


def test_search_by_team_member_of_another_organisation(income_consultant, linda):
    assert _pks(resident_search(income_consultant, "Bakker")) == _pks([linda])


def test_search_by_team_lead_of_the_coordinators_team(team_lead, linda):
    assert _pks(resident_search(team_lead, "Bakker")) == _pks([linda])


def test_search_stops_finding_when_membership_ends(
    coordinator, income_consultant, linda
):
    membership = linda.trajectories.get().team.get(professional=income_consultant)
    case_team_end(membership=membership, by=coordinator)
    assert resident_search(income_consultant, "Bakker") == []


def test_search_records_an_access_event_per_resident_found(
    coordinator, linda, other_residents
):
    _piet, lisa = other_residents
    empty_audit_trail()
    resident_search(coordinator, "6822 AB", via="search:test")
    events = AccessEvent.objects.all()
    assert sorted(e.resident_id for e in events) == sorted([linda.pk, lisa.pk])
    for event in events:
        assert event.professional_id == coordinator.pk
        assert event.action == AccessEvent.Action.LIST
        assert event.category == "identity"
        assert event.via == "search:test"
        assert event.basis == "case_team"
        assert event.municipality_id == coordinator.municipality_id


def test_search_that_finds_nobody_records_nothing(outsider, linda):
    empty_audit_trail()
    resident_search(outsider, "Linda")
    assert AccessEvent.objects.count() == 0


# --- resident_file ------------------------------------------------------------------


def test_resident_file_for_the_team(coordinator, income_consultant, linda):
    trajectory = linda.trajectories.get()
    empty_audit_trail()
    for user in (coordinator, income_consultant):
        data = resident_file(user, linda.pk)
        assert data.resident.pk == linda.pk
        assert [t.pk for t in data.trajectories] == [trajectory.pk]
        assert {m.professional for m in data.trajectories[0].team} == {
            str(coordinator),
            str(income_consultant),
        }
    assert set(
        AccessEvent.objects.filter(action=AccessEvent.Action.READ).values_list(
            "professional_id", flat=True
        )
    ) == {coordinator.pk, income_consultant.pk}


def test_resident_file_is_404_for_outsider_and_foreigner(outsider, foreigner, linda):
    for user in (outsider, foreigner):
        with pytest.raises(Http404):
            resident_file(user, linda.pk)
    assert not AccessEvent.objects.filter(
        professional__in=[outsider, foreigner]
    ).exists()


def test_resident_file_names_only_household_members_the_reader_may_see(
    coordinator, linda
):
    child = ResidentFactory(municipality=linda.municipality, first_name="Noor")
    household_create(
        by=coordinator, name="Gezin Bakker", members=[(linda, "head"), (child, "child")]
    )
    data = resident_file(coordinator, linda.pk)
    assert [(m["name"], m["relation_display"]) for m in data.household.members] == [
        ("Linda Bakker", "head of household"),
        (None, ""),
    ]
    # Noor has no file the coordinator works on: no name, no link, and nothing of
    # her was shown, so nothing lands in her audit trail.
    assert [m["file"] for m in data.household.members] == [linda.pk, None]
    assert not AccessEvent.objects.filter(resident_id=child.pk).exists()


def test_resident_file_names_the_household_of_a_household_trajectory(
    coordinator, linda
):
    child = ResidentFactory(municipality=linda.municipality, first_name="Noor")
    household = household_create(
        by=coordinator, name="Gezin Bakker", members=[(linda, "head"), (child, "child")]
    )
    linda.trajectories.update(household=household)
    data = resident_file(coordinator, linda.pk)
    assert [m["name"] for m in data.household.members] == [
        "Linda Bakker",
        child.full_name,
    ]
    assert data.household.coordinator == str(coordinator)
    seen = AccessEvent.objects.get(resident_id=child.pk)
    assert (seen.action, seen.category, seen.via) == (
        "list",
        "identity",
        "resident_file:household",
    )
    assert seen.basis.startswith("case_team")


def test_resident_file_timeline_is_newest_first(coordinator, linda):
    trajectory = linda.trajectories.get()
    today = timezone.localdate()
    contact_record(
        trajectory=trajectory, by=coordinator, contact_on=today, kind="home_visit"
    )
    data = resident_file(coordinator, linda.pk)
    assert [(e.kind, e.on) for e in data.timeline] == [
        ("contact", today),
        ("stage", today - datetime.timedelta(days=30)),
    ]


def _fill(trajectory, coordinator, n):
    plan = trajectory.plan
    for i in range(n):
        goal = plan_goal_add(
            plan=plan,
            expected_version=plan.version,
            life_domain="housing",
            description=f"Doel {i}",
            by=coordinator,
        )
        plan_action_add(
            plan=plan,
            expected_version=plan.version,
            description=f"Actie {i}",
            owner_kind="professional",
            owner_professional=coordinator,
            due_on=timezone.localdate(),
            goal=goal,
            by=coordinator,
        )
        contact_record(
            trajectory=trajectory,
            by=coordinator,
            contact_on=timezone.localdate(),
            kind="phone",
        )


def test_resident_file_query_count_does_not_grow_with_data(coordinator, linda):
    small = TrajectoryFactory(coordinator=coordinator)
    _fill(small, coordinator, 1)
    big = linda.trajectories.get()
    _fill(big, coordinator, 8)
    with CaptureQueriesContext(connection) as few:
        resident_file(coordinator, small.resident_id)
    with CaptureQueriesContext(connection) as many:
        resident_file(coordinator, linda.pk)
    assert len(many.captured_queries) == len(few.captured_queries)
