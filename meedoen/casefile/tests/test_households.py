"""Households in the interface: services, pages, the one coordinator and the
household plan, through the door."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from meedoen.casefile import households
from meedoen.casefile.households import HouseholdChangedError
from meedoen.core.categories import LifeDomain
from meedoen.core.models import AccessEvent
from meedoen.journeys.services import case_team_add, handover_accept, handover_offer
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.plans.services import plan_goal_add
from meedoen.residents.models import Household, HouseholdMember
from meedoen.residents.tests.factories import ResidentFactory
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def household(coordinator, resident):
    return households.household_start(
        resident=resident, by=coordinator, name="Gezin Bakker", relation="head"
    )


@pytest.fixture
def partner(arnhem):
    """A resident without a file anyone works on."""
    return ResidentFactory(municipality=arnhem, first_name="Zeger", last_name="Bakker")


def _add(household, by, resident, relation="partner"):
    household.refresh_from_db()
    return households.household_member_add(
        household=household,
        by=by,
        resident=resident,
        relation=relation,
        expected_version=household.version,
    )


# --- services ----------------------------------------------------------------------


def test_household_start_from_a_file(coordinator, resident, household):
    member = household.members.get()
    assert (member.resident, member.relation) == (resident, "head")
    assert member.started_on == TODAY()
    assert member.ended_on is None
    assert household.version == 1
    assert household.municipality_id == resident.municipality_id
    written = AccessEvent.objects.get(
        resident_id=resident.pk, action="write", via="household_start"
    )
    assert written.category == "identity"


def test_household_start_is_refused_to_a_team_lead_and_an_outsider(
    team_lead, outsider, resident
):
    for user in (team_lead, outsider):
        with pytest.raises(PermissionDenied):
            households.household_start(
                resident=resident, by=user, name="Gezin", relation="head"
            )
    assert not Household.objects.exists()


def test_household_start_needs_a_name_and_a_relation(coordinator, resident):
    with pytest.raises(ValidationError) as exc:
        households.household_start(
            resident=resident, by=coordinator, name="  ", relation="head"
        )
    assert exc.value.message_dict == {"name": ["Give the household a name."]}
    with pytest.raises(ValidationError) as exc:
        households.household_start(
            resident=resident, by=coordinator, name="Gezin", relation="cousin"
        )
    assert exc.value.message_dict == {"relation": ["Choose the relation."]}
    with pytest.raises(ValidationError) as exc:
        households.household_start(
            resident=resident,
            by=coordinator,
            name="Gezin",
            relation="head",
            started_on=TODAY() + datetime.timedelta(days=1),
        )
    assert "started_on" in exc.value.message_dict
    assert not Household.objects.exists()


DUTCH = {
    "Give the household a name.": "Geef het huishouden een naam.",
    "Choose the relation.": "Kies de relatie.",
    "The end date cannot be before the start date.": (
        "De einddatum kan niet voor de begindatum liggen."
    ),
    "This resident already lives in a household: end that membership first.": (
        "Deze inwoner woont al in een huishouden: beëindig eerst dat lidmaatschap."
    ),
}


def test_validation_errors_are_in_dutch(coordinator, resident):
    with translation.override("nl"):
        for english, dutch in DUTCH.items():
            assert translation.gettext(english) == dutch
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        households.household_start(
            resident=resident, by=coordinator, name="", relation="head"
        )
    assert exc.value.message_dict == {"name": ["Geef het huishouden een naam."]}


def test_household_start_refuses_a_resident_in_a_household(
    coordinator, resident, household
):
    with pytest.raises(ValidationError, match="already lives in a household"):
        households.household_start(
            resident=resident, by=coordinator, name="Tweede", relation="head"
        )
    assert Household.objects.count() == 1


def test_household_update_renames_and_raises_the_version(coordinator, household):
    households.household_update(
        household=household, by=coordinator, name="Gezin De Wit", expected_version=1
    )
    household.refresh_from_db()
    assert (household.name, household.version) == ("Gezin De Wit", 2)


def test_household_update_refuses_a_change_on_an_older_version(coordinator, household):
    households.household_update(
        household=household, by=coordinator, name="Eerst", expected_version=1
    )
    with pytest.raises(HouseholdChangedError):
        households.household_update(
            household=household, by=coordinator, name="Daarna", expected_version=1
        )
    household.refresh_from_db()
    assert (household.name, household.version) == ("Eerst", 2)


def test_household_update_is_refused_to_a_team_lead(team_lead, household):
    with pytest.raises(PermissionDenied):
        households.household_update(
            household=household, by=team_lead, name="X", expected_version=1
        )


def test_member_add_and_end(coordinator, household, partner):
    member = _add(household, coordinator, partner)
    assert (member.relation, member.started_on, member.ended_on) == (
        "partner",
        TODAY(),
        None,
    )
    household.refresh_from_db()
    assert household.version == 2
    households.household_member_end(
        member=member, by=coordinator, expected_version=2, ended_on=TODAY()
    )
    member.refresh_from_db()
    assert member.ended_on == TODAY()
    household.refresh_from_db()
    assert household.version == 3
    # History stays, and the partner may join another household.
    assert household.members.count() == 2
    assert not partner.household_memberships.filter(ended_on__isnull=True).exists()


def test_member_add_refuses_other_municipality_and_a_second_household(
    coordinator, household, partner, nijmegen
):
    stranger = ResidentFactory(municipality=nijmegen)
    with pytest.raises(ValidationError) as exc:
        _add(household, coordinator, stranger)
    assert "resident" in exc.value.message_dict
    _add(household, coordinator, partner)
    with pytest.raises(ValidationError, match="already lives in a household"):
        _add(household, coordinator, partner, relation="other")
    assert household.members.count() == 2


def test_member_add_refuses_an_older_version(coordinator, household, partner):
    with pytest.raises(HouseholdChangedError):
        households.household_member_add(
            household=household,
            by=coordinator,
            resident=partner,
            relation="partner",
            expected_version=7,
        )
    assert household.members.count() == 1


def test_member_end_refuses_a_date_before_the_start_and_ending_twice(
    coordinator, household, partner
):
    member = _add(household, coordinator, partner)
    with pytest.raises(ValidationError) as exc:
        households.household_member_end(
            member=member,
            by=coordinator,
            expected_version=2,
            ended_on=TODAY() - datetime.timedelta(days=1),
        )
    assert "ended_on" in exc.value.message_dict
    households.household_member_end(member=member, by=coordinator, expected_version=2)
    member.ended_on = None  # a stale copy, as a second tab would have it
    with pytest.raises(HouseholdChangedError):
        households.household_member_end(
            member=member, by=coordinator, expected_version=3
        )


# --- the one coordinator ------------------------------------------------------------


def test_the_household_page_names_the_new_coordinator_after_a_hand_over(
    client, coordinator, income_consultant, trajectory, household
):
    login(client, coordinator)
    url = reverse("household_detail", args=[household.pk])
    assert households.household_page(coordinator, household.pk).coordinator == str(
        coordinator
    )
    handover = handover_offer(
        trajectory=trajectory, to_professional=income_consultant, by=coordinator
    )
    handover_accept(handover=handover, by=income_consultant)
    for reader in (coordinator, income_consultant):
        page = households.household_page(reader, household.pk)
        assert page.coordinators == [str(income_consultant)]
    html = client.get(url).content.decode()
    assert (
        f'<p class="utrecht-paragraph" id="household-coordinator">{income_consultant}'
        in html
    )


def test_different_coordinators_are_shown_as_such(
    coordinator, income_consultant, household, partner
):
    _add(household, coordinator, partner)
    other = TrajectoryFactory(coordinator=income_consultant, resident=partner)
    case_team_add(trajectory=other, professional=coordinator, by=income_consultant)
    page = households.household_page(coordinator, household.pk)
    assert page.coordinator == ""
    assert set(page.coordinators) == {str(coordinator), str(income_consultant)}
    # Two professionals work with the household: the goal is one.
    assert page.professionals == 2


# --- pages ----------------------------------------------------------------------------


def test_household_page_for_the_team(
    client, coordinator, household, partner, django_assert_max_num_queries
):
    _add(household, coordinator, partner)
    login(client, coordinator)
    url = reverse("household_detail", args=[household.pk])
    with django_assert_max_num_queries(17):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gezin Bakker" in html
    # The partner has no file the coordinator may see: no name, nothing audited.
    assert partner.first_name not in html
    assert "household member (no access)" in html
    # (Adding him was a write in his trail; reading the page shows nothing of him.)
    assert not AccessEvent.objects.filter(
        resident_id=partner.pk, action__in=["read", "list"]
    ).exists()
    listed = AccessEvent.objects.filter(
        resident_id=household.members.first().resident_id, via="household"
    )
    assert set(listed.values_list("category", flat=True)) == {"identity", "plan"}


def test_household_page_queries_do_not_grow_with_members(
    client, coordinator, household, arnhem, django_assert_max_num_queries
):
    for _i in range(6):
        member = ResidentFactory(municipality=arnhem)
        TrajectoryFactory(coordinator=coordinator, resident=member)
        _add(household, coordinator, member, relation="child")
    login(client, coordinator)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("household_detail", args=[household.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="utrecht-link" href="/inwoners/') == 7


@pytest.mark.parametrize("name", ["household_detail", "household_plan"])
def test_household_pages_are_404_for_outsider_and_other_municipality(
    client, outsider, foreigner, household, name
):
    for user in (outsider, foreigner):
        login(client, user)
        assert client.get(reverse(name, args=[household.pk])).status_code == 404


def test_a_team_lead_reads_the_household_but_changes_nothing(
    client, team_lead, household
):
    login(client, team_lead)
    assert (
        client.get(reverse("household_detail", args=[household.pk])).status_code == 200
    )
    assert client.get(reverse("household_plan", args=[household.pk])).status_code == 200
    response = client.post(
        reverse("household_edit", args=[household.pk]),
        {"edit-name": "X", "edit-expected_version": 1},
    )
    assert response.status_code == 403
    assert (
        client.get(reverse("household_member_add", args=[household.pk])).status_code
        == 403
    )
    member = household.members.get()
    response = client.post(
        reverse("household_member_end", args=[household.pk, member.pk]),
        {f"end-{member.pk}-expected_version": 1},
    )
    assert response.status_code == 403
    household.refresh_from_db()
    assert (household.name, household.version) == ("Gezin Bakker", 1)


def test_start_a_household_from_the_file(client, coordinator, resident):
    login(client, coordinator)
    file_html = client.get(
        reverse("resident_file", args=[resident.pk])
    ).content.decode()
    assert reverse("household_start", args=[resident.pk]) in file_html
    url = reverse("household_start", args=[resident.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "", "relation": "head"})
    assert response.status_code == 400
    assert "Give the household a name." in response.content.decode()
    response = client.post(url, {"name": "Gezin Bakker", "relation": "head"})
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("household_detail", args=[household.pk])
    file_html = client.get(
        reverse("resident_file", args=[resident.pk])
    ).content.decode()
    assert reverse("household_detail", args=[household.pk]) in file_html
    assert reverse("household_plan", args=[household.pk]) in file_html


def test_edit_add_and_end_through_the_pages(client, coordinator, household, partner):
    login(client, coordinator)
    detail = reverse("household_detail", args=[household.pk])
    response = client.post(
        reverse("household_edit", args=[household.pk]),
        {"edit-name": "Gezin De Wit", "edit-expected_version": 1},
    )
    assert response.status_code == 302
    # A second tab, still on version 1: refused with the current household (409).
    response = client.post(
        reverse("household_edit", args=[household.pk]),
        {"edit-name": "Gezin Jansen", "edit-expected_version": 1},
    )
    assert response.status_code == 409
    assert "Someone else changed this household" in response.content.decode()
    household.refresh_from_db()
    assert household.name == "Gezin De Wit"
    # Adding offers the residents whose file the coordinator may see.
    other = TrajectoryFactory(coordinator=coordinator).resident
    add_url = reverse("household_member_add", args=[household.pk])
    page = client.get(add_url)
    assert other.full_name in page.content.decode()
    listed = AccessEvent.objects.filter(
        resident_id=other.pk, via="household_member_add"
    )
    assert listed.filter(action="list").exists()
    response = client.post(
        add_url,
        {"resident": partner.pk, "relation": "partner", "expected_version": 2},
    )
    assert response.status_code == 400  # the partner is no file the coordinator sees
    response = client.post(
        add_url, {"resident": other.pk, "relation": "child", "expected_version": 2}
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get(resident=other)
    assert other.full_name in client.get(detail).content.decode()
    response = client.post(
        reverse("household_member_end", args=[household.pk, member.pk]),
        {f"end-{member.pk}-expected_version": 3, f"end-{member.pk}-ended_on": ""},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ended_on == TODAY()


# --- the household plan ---------------------------------------------------------------


def test_the_household_plan_groups_what_the_reader_may_see(
    client,
    coordinator,
    income_consultant,
    trajectory,
    household,
    arnhem,
    partner,
    django_assert_max_num_queries,
):
    child = ResidentFactory(municipality=arnhem, first_name="Noor")
    child_trajectory = TrajectoryFactory(coordinator=coordinator, resident=child)
    _add(household, coordinator, child, relation="child")
    _add(household, coordinator, partner)
    for t, domain, text in (
        (trajectory, LifeDomain.FINANCES, "Schulden op een rij"),
        (trajectory, LifeDomain.MENTAL_HEALTH, "Praten met de POH"),
        (child_trajectory, LifeDomain.PARENTING, "Naar de voorschool"),
    ):
        plan = t.plan
        plan.refresh_from_db()
        plan_goal_add(
            plan=plan,
            expected_version=plan.version,
            life_domain=domain,
            description=text,
            by=coordinator,
        )
    login(client, income_consultant)
    plan = households.household_plan(income_consultant, household.pk)
    # The income consultant is on the mother's team only: her plan, without health.
    assert [m.name for m in plan.members] == [trajectory.resident.full_name]
    assert [g["description"] for g in plan.members[0].goals] == ["Schulden op een rij"]
    assert plan.without_access == 2
    assert not AccessEvent.objects.filter(
        professional=income_consultant, resident_id__in=[child.pk, partner.pk]
    ).exists()
    login(client, coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("household_plan", args=[household.pk]))
    html = response.content.decode()
    assert "Schulden op een rij" in html and "Naar de voorschool" in html
    assert "Praten met de POH" not in html  # health: not the coordinator's role
    audited = AccessEvent.objects.filter(
        professional=coordinator, via="household_plan"
    ).values_list("resident_id", flat=True)
    assert set(audited) == {trajectory.resident_id, child.pk}
