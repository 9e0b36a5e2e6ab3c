import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meedoen.journeys.models import Trajectory
from meedoen.journeys.services import case_team_add, contact_record
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.meetings.services import (
    decision_add,
    meeting_add_agenda_item,
    meeting_schedule,
)
from meedoen.organisations.tests.factories import NeighbourhoodFactory
from meedoen.plans.models import Action
from meedoen.plans.services import plan_action_add
from meedoen.residents.models import Resident
from meedoen.residents.tests.factories import test_bsn as valid_bsn
from meedoen.web.tests.helpers import (
    assert_page_basics,
    assert_queries_do_not_grow,
    login,
)

pytestmark = pytest.mark.django_db


# Search


def test_search_finds_my_resident(client, coordinator, resident):
    response = login(client, coordinator).get(
        reverse("resident_search"), {"q": resident.last_name}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert escape(resident.full_name) in html
    assert reverse("resident_file", args=[resident.pk]) in html


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_search_does_not_find_residents_of_others(client, resident, who, request):
    response = login(client, request.getfixturevalue(who)).get(
        reverse("resident_search"), {"q": resident.last_name}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(resident.full_name) not in html
    assert "No residents found" in html


def test_search_sends_anonymous_visitors_to_login(client):
    response = login(client).get(reverse("resident_search"))
    assert response.status_code == 302


# Registration


def register_data(**overrides):
    data = {
        "first_name": "Fatima",
        "name_prefix": "el",
        "last_name": "Amrani",
        "birth_date": "1990-03-04",
        "bsn": valid_bsn(4242),
        "phone": "06 12345678",
        "email": "",
        "street": "Hommelseweg",
        "house_number": "12",
        "postcode": "6821 lm",
        "city": "Arnhem",
        "neighbourhood": "",
        "reason": "Schulden en geen werk",
    }
    data.update(overrides)
    return data


def test_register_a_resident_starts_a_trajectory(client, coordinator, arnhem):
    klarendal = NeighbourhoodFactory(municipality=arnhem, name="Klarendal")
    login(client, coordinator)
    assert client.get(reverse("resident_register")).status_code == 200
    response = client.post(
        reverse("resident_register"), register_data(neighbourhood=klarendal.pk)
    )
    resident = Resident.objects.get(last_name="Amrani")
    assert response.status_code == 302
    assert response["Location"] == reverse("resident_file", args=[resident.pk])
    assert resident.postcode == "6821 LM"
    assert resident.neighbourhood == klarendal
    assert resident.trajectories.get().coordinator == coordinator


def test_register_with_an_invalid_bsn_shows_the_message_and_saves_nothing(
    client, coordinator
):
    response = login(client, coordinator).post(
        reverse("resident_register"), register_data(bsn="123456789")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not a valid BSN" in html
    assert 'id="id_bsn_error"' in html
    assert 'aria-invalid="true"' in html
    assert "id_bsn_error" in html.split('name="bsn"')[1].split(">")[0]
    assert not Resident.objects.filter(last_name="Amrani").exists()


def test_register_shows_several_service_errors_at_once(client, coordinator):
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(client, coordinator).post(
        reverse("resident_register"),
        register_data(bsn="111", postcode="12", birth_date=future),
    )
    html = response.content.decode()
    assert "This is not a valid BSN" in html
    assert "Enter a postcode like 6822 AB." in html
    assert "The date of birth cannot lie in the future." in html


def test_register_offers_only_neighbourhoods_of_my_municipality(
    client, coordinator, arnhem, nijmegen
):
    mine = NeighbourhoodFactory(municipality=arnhem, name="Presikhaaf")
    theirs = NeighbourhoodFactory(municipality=nijmegen, name="Dukenburg")
    login(client, coordinator)
    html = client.get(reverse("resident_register")).content.decode()
    assert "Presikhaaf" in html and "Dukenburg" not in html
    response = client.post(
        reverse("resident_register"), register_data(neighbourhood=theirs.pk)
    )
    assert response.status_code == 400
    assert not Resident.objects.filter(last_name="Amrani").exists()
    assert mine.pk


# The resident's file


def test_file_shows_the_whole_picture(
    client, coordinator, income_consultant, trajectory
):
    resident = trajectory.resident
    plan = trajectory.plan
    plan_action_add(
        plan=plan,
        expected_version=plan.version,
        description="Aanvraag bijzondere bijstand",
        owner_kind=Action.OwnerKind.PROFESSIONAL,
        owner_professional=income_consultant,
        due_on=timezone.localdate() - timedelta(days=1),
        by=coordinator,
        life_domain="social_network",
    )
    contact_record(
        trajectory=trajectory,
        by=coordinator,
        contact_on=timezone.localdate(),
        kind="home_visit",
        summary="Kennismaking thuis",
    )
    meeting = meeting_schedule(
        title="Werktafel Klarendal",
        starts_at=timezone.now(),
        place="Wijkhuis",
        chair=coordinator,
    )
    item = meeting_add_agenda_item(
        meeting=meeting, trajectory=trajectory, by=coordinator
    )
    decision_add(item=item, text="Budgetcoach inschakelen", by=coordinator)

    response = login(client, coordinator).get(
        reverse("resident_file", args=[resident.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert escape(resident.full_name) in html
    assert resident.bsn_masked in html
    assert resident.bsn not in html
    assert "Signaal of aanvraag" in html and "current stage" in html
    assert "Mehmet Yilmaz" in html and "Werk en Inkomen Arnhem" in html
    assert "coordinator" in html
    assert "Aanvraag bijzondere bijstand" in html and "overdue" in html
    assert "Kennismaking thuis" in html
    assert "Werktafel Klarendal" in html and "Budgetcoach inschakelen" in html
    assert "Timeline" in html
    for name in (
        "plan_edit",
        "plan_print",
        "contact_add",
        "case_team_add",
        "handover_offer",
        "trajectory_move",
        "trajectory_close",
    ):
        assert reverse(name, args=[trajectory.pk]) in html


def test_file_is_recorded_in_the_audit_trail(client, coordinator, resident):
    from meedoen.core.models import AccessEvent

    login(client, coordinator).get(reverse("resident_file", args=[resident.pk]))
    assert AccessEvent.objects.filter(
        resident_id=resident.pk, professional=coordinator, action="read"
    ).exists()


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_file_is_not_found_for_others(client, resident, who, request):
    response = login(client, request.getfixturevalue(who)).get(
        reverse("resident_file", args=[resident.pk])
    )
    assert response.status_code == 404
    assert escape(resident.full_name) not in response.content.decode()


def test_file_sends_anonymous_visitors_to_login(client, resident):
    response = login(client).get(reverse("resident_file", args=[resident.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_file_queries_do_not_grow(
    client, coordinator, income_consultant, trajectory, django_assert_max_num_queries
):
    resident = trajectory.resident
    start = timezone.localdate() - timedelta(days=30)

    def grow(n):
        for i in range(n):
            # One running trajectory at a time: the earlier ones closed.
            Trajectory.objects.filter(resident=resident, closed_on__isnull=True).update(
                closed_on=start, closure_reason="completed"
            )
            t = TrajectoryFactory(
                coordinator=coordinator, resident=resident, started_on=start
            )
            case_team_add(trajectory=t, professional=income_consultant, by=coordinator)
            plan = t.plan
            plan_action_add(
                plan=plan,
                expected_version=plan.version,
                description=f"Actie {i}",
                owner_kind=Action.OwnerKind.PROFESSIONAL,
                owner_professional=income_consultant,
                due_on=datetime.date(2030, 1, 1),
                by=coordinator,
                life_domain="social_network",
            )
            contact_record(
                trajectory=t,
                by=coordinator,
                contact_on=start,
                kind="phone",
                summary="Gebeld",
            )
            meeting = meeting_schedule(
                title=f"Overleg {i}",
                starts_at=timezone.now(),
                place="Wijkhuis",
                chair=coordinator,
            )
            item = meeting_add_agenda_item(
                meeting=meeting, trajectory=t, by=coordinator
            )
            decision_add(item=item, text=f"Besluit {i}", by=coordinator)

    login(client, coordinator)
    assert_queries_do_not_grow(
        client,
        reverse("resident_file", args=[resident.pk]),
        grow,
        limit=28,  # incl. the category configuration and the precise audit basis
        django_assert_max_num_queries=django_assert_max_num_queries,
    )
