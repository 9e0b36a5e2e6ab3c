"""Outreach services: campaigns and their addresses, dividing addresses over workers,
recording visits, help wanted starting a trajectory with one coordinator, activation
teams and confirmed participation counting as unpaid work."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meedoen.casefile.models import Question
from meedoen.core.models import AccessEvent
from meedoen.journeys.models import Trajectory
from meedoen.journeys.services import case_team_add
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.measurements.models import WorkRecord
from meedoen.outreach import selectors, services
from meedoen.outreach.models import Address, Participation, Visit
from meedoen.outreach.tests import factories as f
from meedoen.residents.tests.factories import HouseholdFactory, HouseholdMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(arnhem):
    return f.neighbourhoods(arnhem)


@pytest.fixture
def campaign(arnhem, coordinator, areas):
    klarendal, presikhaaf = areas
    f.residents_at(arnhem, klarendal, 6, "Klarendalseweg")
    f.residents_at(arnhem, presikhaaf, 4, "Presikhaafweg")
    return f.campaign(coordinator, klarendal, presikhaaf)


def test_addresses_come_from_the_residents_of_the_chosen_neighbourhoods(
    arnhem, coordinator, areas
):
    klarendal, presikhaaf = areas
    people = f.residents_at(arnhem, klarendal, 3, "Klarendalseweg")
    f.residents_at(arnhem, presikhaaf, 2, "Presikhaafweg")
    # Two residents at one address: one address, linked to one of them.
    f.residents_at(arnhem, klarendal, 1, "Klarendalseweg")
    campaign = f.campaign(coordinator, klarendal)
    rows = Address.objects.filter(campaign=campaign)
    assert rows.count() == 3
    assert {a.resident_id for a in rows} == {p.pk for p in people}


def test_addresses_are_imported_from_a_list(arnhem, coordinator, campaign, areas):
    text = (
        "straat;huisnummer;postcode;wijk\n"
        "Rosendaalsestraat;12;6824 CK;Klarendal\n"
        "Klarendalseweg;1;6822 AB;Klarendal\n"  # already there
        "Presikhaafweg;200;;presikhaaf\n"
    )
    added = services.addresses_import(campaign=campaign, by=coordinator, text=text)
    assert added == 2
    assert Address.objects.get(street="Rosendaalsestraat").resident_id is None
    with pytest.raises(ValidationError):
        services.addresses_import(
            campaign=campaign, by=coordinator, text="Ergens;1;6824 CK;Elders\n"
        )


def test_only_the_campaign_coordinator_divides_the_addresses(arnhem, campaign):
    other = f.worker(arnhem)
    with pytest.raises(PermissionDenied):
        services.campaign_assign(
            campaign=campaign, by=other, workers=[other], planned_on=campaign.starts_on
        )


def test_addresses_are_divided_over_the_workers_in_street_order(
    arnhem, coordinator, campaign
):
    a, b, c = f.worker(arnhem), f.worker(arnhem), f.worker(arnhem)
    rounds = services.campaign_assign(
        campaign=campaign,
        by=coordinator,
        workers=[a, b, c],
        planned_on=timezone.localdate(),
    )
    sizes = [r.visits.count() for r in rounds]
    assert sizes == [4, 3, 3]
    assert {r.number for r in rounds} == {1}
    # Nothing left to divide while every address is planned.
    with pytest.raises(ValidationError):
        services.campaign_assign(
            campaign=campaign,
            by=coordinator,
            workers=[a],
            planned_on=timezone.localdate(),
        )


def _round(campaign, coordinator, worker):
    (visit_round,) = services.campaign_assign(
        campaign=campaign,
        by=coordinator,
        workers=[worker],
        planned_on=timezone.localdate(),
    )
    return visit_round


def test_outcomes_are_recorded_by_the_assigned_worker_only(
    arnhem, coordinator, campaign
):
    worker, other = f.worker(arnhem), f.worker(arnhem)
    visit_round = _round(campaign, coordinator, worker)
    first, second, *_rest = list(visit_round.visits.order_by("pk"))
    services.visit_record(
        visit=first, by=worker, outcome="not_home", expected_version=1
    )
    services.visit_record(
        visit=second, by=coordinator, outcome="no_help", note="Gaat goed",
        expected_version=1,
    )  # fmt: skip
    first.refresh_from_db()
    assert first.outcome == "not_home" and first.version == 2
    with pytest.raises(Exception) as excinfo:  # 404 for someone else
        services.visit_record(
            visit=first, by=other, outcome="declined", expected_version=2
        )
    assert excinfo.type.__name__ in ("Http404", "PermissionDenied")
    with pytest.raises(services.VisitChangedError):
        services.visit_record(
            visit=first, by=worker, outcome="declined", expected_version=1
        )
    # A write event for the resident of the linked address.
    assert AccessEvent.objects.filter(
        via="visit_record", resident_id=second.address.resident_id
    ).exists()
    # A new round takes the addresses not reached: not at home comes back.
    again = services.campaign_assign(
        campaign=campaign,
        by=coordinator,
        workers=[worker],
        planned_on=timezone.localdate(),
    )[0]
    assert first.address_id in set(again.visits.values_list("address_id", flat=True))


def test_help_wanted_starts_a_trajectory_with_one_coordinator(
    arnhem, coordinator, campaign
):
    worker = f.worker(arnhem)
    visit_round = _round(campaign, coordinator, worker)
    visit = visit_round.visits.order_by("pk").first()
    with pytest.raises(ValidationError):
        services.visit_record(
            visit=visit, by=worker, outcome="help_wanted", expected_version=1
        )
    services.visit_record(
        visit=visit, by=worker, outcome="help_wanted", expected_version=1,
        note="Schulden en wil werk", life_domains=["finances", "work_education"],
    )  # fmt: skip
    visit.refresh_from_db()
    trajectory = visit.trajectory
    assert trajectory.resident_id == visit.address.resident_id
    assert trajectory.coordinator_id == worker.pk
    assert list(trajectory.team.values_list("professional_id", flat=True)) == [
        worker.pk
    ]
    question = Question.objects.get(trajectory=trajectory)
    assert question.channel == "home_visit" and question.outcome == "trajectory"
    assert question.life_domains == ["finances", "work_education"]


def test_the_visitor_may_choose_another_coordinator(
    arnhem, coordinator, campaign, social_team
):
    worker = f.worker(arnhem, teams=[social_team])
    visit_round = _round(campaign, coordinator, worker)
    visit = visit_round.visits.order_by("pk").first()
    assert coordinator in services.coordinator_choices(worker)
    services.visit_record(
        visit=visit, by=worker, outcome="help_wanted", expected_version=1,
        life_domains=["housing"], coordinator=coordinator,
    )  # fmt: skip
    visit.refresh_from_db()
    assert visit.trajectory.coordinator_id == coordinator.pk
    assert Trajectory.objects.filter(resident_id=visit.address.resident_id).count() == 1


def test_help_wanted_at_an_unknown_address_registers_the_person(
    arnhem, coordinator, campaign
):
    services.addresses_import(
        campaign=campaign, by=coordinator, text="Rosendaalsestraat;12;6824 CK;Klarendal"
    )
    worker = f.worker(arnhem)
    visit_round = _round(campaign, coordinator, worker)
    visit = visit_round.visits.get(address__street="Rosendaalsestraat")
    with pytest.raises(ValidationError):
        services.visit_record(
            visit=visit, by=worker, outcome="help_wanted", expected_version=1,
            life_domains=["finances"],
        )  # fmt: skip
    services.visit_record(
        visit=visit, by=worker, outcome="help_wanted", expected_version=1,
        life_domains=["finances"],
        person={"first_name": "Fatima", "last_name": "Bakker",
                "birth_date": datetime.date(1980, 3, 4)},
    )  # fmt: skip
    visit.refresh_from_db()
    assert visit.trajectory.resident.last_name == "Bakker"
    assert visit.trajectory.coordinator_id == worker.pk
    assert visit.address.resident_id == visit.trajectory.resident_id


def test_progress_per_neighbourhood_and_professionals_per_household(
    arnhem, coordinator, income_consultant, campaign, django_assert_max_num_queries
):
    worker = f.worker(arnhem)
    visit_round = _round(campaign, coordinator, worker)
    visits = list(visit_round.visits.select_related("address").order_by("pk"))
    # The first resident lives with a partner who has a trajectory with two
    # professionals: their household has more than one.
    head = visits[0].address.resident
    partner = TrajectoryFactory(coordinator=coordinator).resident
    household = HouseholdFactory(municipality=arnhem)
    HouseholdMemberFactory(household=household, resident=head)
    HouseholdMemberFactory(household=household, resident=partner)
    running = Trajectory.objects.get(resident=partner)
    case_team_add(trajectory=running, professional=income_consultant, by=coordinator)
    services.visit_record(
        visit=visits[0], by=worker, outcome="no_help", expected_version=1
    )
    services.visit_record(
        visit=visits[1], by=worker, outcome="not_home", expected_version=1
    )
    services.visit_record(
        visit=visits[2], by=worker, outcome="help_wanted", expected_version=1,
        life_domains=["finances"],
    )  # fmt: skip
    with django_assert_max_num_queries(12):
        page = selectors.campaign_page(coordinator, campaign.pk)
    assert page.total["addresses"] == 10
    assert page.total["visited"] == 3
    assert page.total["reached"] == 2
    assert page.total["help_wanted"] == 1
    assert page.total["started"] == 1
    assert {r["neighbourhood__name"] for r in page.rows} == {"Klarendal", "Presikhaaf"}
    assert page.households == {"households": 1, "more_than_one": 1}
    assert selectors.household_professionals([head.pk]) == {head.pk: 2}


def test_campaigns_are_seen_by_their_people_only(
    arnhem, coordinator, campaign, team_lead, outsider, foreigner
):
    assert selectors.visible_campaigns(coordinator).count() == 1
    assert selectors.visible_campaigns(team_lead).count() == 1
    assert selectors.visible_campaigns(outsider).count() == 0
    assert selectors.visible_campaigns(foreigner).count() == 0


# -- activation teams ---------------------------------------------------------------


@pytest.fixture
def team(arnhem, coordinator, areas):
    return services.team_create(by=coordinator, name="Activeringsteam Presikhaaf",
                                neighbourhood=areas[1])  # fmt: skip


def test_wishes_themes_activities_and_participation(
    arnhem, coordinator, trajectory, team, areas, outsider
):
    member = services.member_add(
        team=team, by=coordinator, resident_id=trajectory.resident_id,
        joined_on=timezone.localdate(),
    )  # fmt: skip
    with pytest.raises(ValidationError):  # a resident whose file they do not see
        services.member_add(
            team=team, by=coordinator,
            resident_id=f.residents_at(arnhem, areas[0], 1, "X")[0].pk,
            joined_on=timezone.localdate(),
        )  # fmt: skip
    wish = services.wish_record(
        team=team, by=coordinator, text="Een moestuin", neighbourhood=areas[1],
        recorded_by=member,
    )  # fmt: skip
    theme = services.theme_create(team=team, by=coordinator, name="Groen")
    assert services.wishes_group(team=team, by=coordinator, theme=theme,
                                 wish_ids=[wish.pk]) == 1  # fmt: skip
    with pytest.raises(Exception) as excinfo:
        services.theme_create(team=team, by=outsider, name="Niet van mij")
    assert excinfo.type.__name__ in ("Http404", "PermissionDenied")
    activity = services.activity_plan(
        team=team, by=coordinator, held_on=timezone.localdate(),
        place="Buurthuis", description="Moestuin aanleggen", theme=theme,
    )  # fmt: skip
    (part,) = services.participation_record(
        activity=activity, by=coordinator, members=[member], neighbours=14
    )
    activity.refresh_from_db()
    assert activity.neighbours == 14
    part = services.participation_confirm(participation=part, by=coordinator)
    record = part.work_record
    assert record.kind == WorkRecord.Kind.VOLUNTEERING
    assert record.trajectory_id == trajectory.pk
    assert record.organisation == team.name
    # A second confirmed activity counts in the same running record.
    second = services.activity_plan(team=team, by=coordinator,
                                    held_on=timezone.localdate(), place="Plein",
                                    description="Opruimen")  # fmt: skip
    (p2,) = services.participation_record(
        activity=second, by=coordinator, members=[member], neighbours=0
    )
    p2 = services.participation_confirm(participation=p2, by=coordinator)
    assert p2.work_record_id == record.pk
    with pytest.raises(ValidationError):
        services.participation_confirm(participation=p2, by=coordinator)


def test_participation_counts_on_the_ladder_only_through_the_work_record_rule(
    arnhem, coordinator, income_consultant, team, areas
):
    """A coach who is not on the member's case team confirms the participation, but
    it is not written into a trajectory they may not change."""
    other = TrajectoryFactory(coordinator=income_consultant)
    case_team_add(trajectory=other, professional=coordinator, by=income_consultant)
    member = services.member_add(
        team=team, by=coordinator, resident_id=other.resident_id,
        joined_on=timezone.localdate(),
    )  # fmt: skip
    from meedoen.journeys.services import case_team_end

    membership = other.team.get(professional=coordinator)
    case_team_end(membership=membership, by=income_consultant)
    activity = services.activity_plan(team=team, by=coordinator,
                                      held_on=timezone.localdate(), place="Plein",
                                      description="Opruimen")  # fmt: skip
    (part,) = services.participation_record(
        activity=activity, by=coordinator, members=[member], neighbours=3
    )
    part = services.participation_confirm(participation=part, by=coordinator)
    assert part.confirmed_on is not None and part.work_record_id is None
    assert not WorkRecord.objects.filter(trajectory=other).exists()
    assert Participation.objects.get(pk=part.pk).confirmed_by_id == coordinator.pk


def test_visits_counted_for_the_unknown_address_are_not_personal(campaign):
    visit = Visit(address=Address(street="Straat", house_number="1"))
    from meedoen.core.personal_data import NOT_PERSONAL, registry

    assert registry.category(visit.address, "street") == NOT_PERSONAL


def test_someone_else_living_at_a_known_address_is_registered(
    arnhem, coordinator, campaign
):
    worker = f.worker(arnhem)
    visit_round = _round(campaign, coordinator, worker)
    visit = visit_round.visits.select_related("address").order_by("pk").first()
    linked = visit.address.resident_id
    services.visit_record(
        visit=visit, by=worker, outcome="help_wanted", expected_version=1,
        life_domains=["housing"],
        person={"first_name": "Samira", "last_name": "Bakker",
                "birth_date": datetime.date(2001, 6, 1)},
    )  # fmt: skip
    visit.refresh_from_db()
    assert visit.trajectory.resident.first_name == "Samira"
    assert visit.address.resident_id == linked  # the address stays linked
    assert not Trajectory.objects.filter(resident_id=linked).exists()
    from meedoen.outreach.personal_data import export

    sections = export(visit.trajectory.resident)
    assert any(s.key == "outreach_visits" for s in sections)


def test_help_wanted_for_a_resident_with_a_running_trajectory_changes_nothing(
    arnhem, coordinator, campaign
):
    worker = f.worker(arnhem)
    visit_round = _round(campaign, coordinator, worker)
    visit = visit_round.visits.select_related("address").order_by("pk").first()
    TrajectoryFactory(coordinator=coordinator, resident=visit.address.resident)
    questions = Question.objects.count()
    with pytest.raises(ValidationError):
        services.visit_record(
            visit=visit, by=worker, outcome="help_wanted", expected_version=1,
            life_domains=["housing"],
        )  # fmt: skip
    visit.refresh_from_db()
    assert visit.outcome == "planned" and visit.version == 1
    assert Question.objects.count() == questions
