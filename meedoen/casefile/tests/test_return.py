"""The front door for someone already known: duplicates are found before a new
resident is made (and the look is recorded), a resident whose trajectories closed
returns in a new one, and a running trajectory's coordinator is asked for access."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meedoen.casefile import services
from meedoen.casefile.selectors import resident_file
from meedoen.core.models import AccessEvent
from meedoen.core.tests.helpers import empty_audit_trail
from meedoen.journeys.models import AccessRequest, Trajectory
from meedoen.journeys.services import access_request_answer, trajectory_close
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

EVIDENCE = {
    "first_name": "Özlem",
    "last_name": "Yılmaz",
    "birth_date": datetime.date(1988, 5, 4),
    "bsn": "",
    "postcode": "6822 AB",
    "house_number": "12",
}


@pytest.fixture
def ozlem(coordinator):
    return services.resident_register(
        by=coordinator,
        street="Klarendalseweg",
        city="Arnhem",
        **EVIDENCE,
    )


@pytest.fixture
def colleague(arnhem, income_consultant):
    return ProfessionalFactory(
        username="walkin",
        municipality=arnhem,
        organisation=income_consultant.organisation,
        role=Professional.Role.INCOME_CONSULTANT,
    )


def test_a_walk_in_without_bsn_is_found_as_a_duplicate(ozlem, colleague):
    """Typed without accents and with another address: the same name and birth date
    find her, nothing is saved, and the look at her name is recorded."""
    before = Trajectory.objects.count()
    with pytest.raises(services.PossibleDuplicate) as exc:
        services.resident_register(
            by=colleague,
            first_name="Ozlem",
            last_name="Yilmaz",
            birth_date=EVIDENCE["birth_date"],
        )
    assert [c.pk for c in exc.value.candidates] == [ozlem.resident_id]
    assert not exc.value.same_bsn
    assert Trajectory.objects.count() == before


def test_the_same_address_and_birth_date_is_a_duplicate_too(ozlem, colleague):
    with pytest.raises(services.PossibleDuplicate):
        services.resident_register(
            by=colleague,
            first_name="Ö.",
            last_name="Yilmaz-Demir",
            birth_date=EVIDENCE["birth_date"],
            postcode="6822ab",
            house_number="12",
        )


def test_someone_else_may_be_registered_when_the_registrar_confirms(ozlem, colleague):
    trajectory = services.resident_register(
        by=colleague,
        first_name="Özlem",
        last_name="Yılmaz",
        birth_date=EVIDENCE["birth_date"],
        confirmed_new=True,
    )
    assert trajectory.resident_id != ozlem.resident_id


def test_a_closed_resident_returns_in_a_new_trajectory(ozlem, coordinator, colleague):
    trajectory_close(trajectory=ozlem, by=coordinator, reason="dropped_out")
    returned = services.trajectory_return(
        by=colleague, resident_id=ozlem.resident_id, evidence=EVIDENCE
    )
    assert returned.is_return
    assert returned.coordinator_id == colleague.pk
    assert returned.resident_id == ozlem.resident_id
    # The new coordinator sees the new trajectory, not the earlier one (that stays
    # with its own case team); the earlier coordinator still sees both.
    assert [t.pk for t in resident_file(colleague, ozlem.resident_id).trajectories] == [
        returned.pk
    ]
    assert {
        t.pk for t in resident_file(coordinator, ozlem.resident_id).trajectories
    } == {ozlem.pk}


def test_a_return_needs_the_person_at_the_desk(ozlem, coordinator, colleague):
    """A resident id alone is not enough: the typed data must identify them."""
    trajectory_close(trajectory=ozlem, by=coordinator, reason="dropped_out")
    with pytest.raises(PermissionDenied):
        services.trajectory_return(
            by=colleague,
            resident_id=ozlem.resident_id,
            evidence={
                **EVIDENCE,
                "first_name": "Piet",
                "last_name": "Jansen",
                "postcode": "",
                "house_number": "",
            },
        )


def test_no_return_while_a_trajectory_runs_but_a_request_to_join(
    ozlem, coordinator, colleague
):
    with pytest.raises(ValidationError):
        services.trajectory_return(
            by=colleague, resident_id=ozlem.resident_id, evidence=EVIDENCE
        )
    request = services.access_request_for_duplicate(
        by=colleague,
        resident_id=ozlem.resident_id,
        evidence=EVIDENCE,
        reason="Zij vraagt aan de balie naar haar uitkering",
    )
    assert request.status == AccessRequest.Status.OPEN
    assert AccessEvent.objects.filter(
        resident_id=ozlem.resident_id, professional=colleague, via="access_request_make"
    ).exists()
    # Not on the team until the coordinator accepts.
    from django.http import Http404

    with pytest.raises(Http404):
        resident_file(colleague, ozlem.resident_id)
    access_request_answer(request=request, by=coordinator, accept=True)
    assert resident_file(colleague, ozlem.resident_id).trajectories[0].pk == ozlem.pk


def test_only_the_coordinator_answers_a_request(ozlem, colleague, income_consultant):
    request = services.access_request_for_duplicate(
        by=colleague, resident_id=ozlem.resident_id, evidence=EVIDENCE, reason="Inloop"
    )
    from meedoen.journeys.services import case_team_add

    case_team_add(
        trajectory=ozlem, professional=income_consultant, by=ozlem.coordinator
    )
    with pytest.raises(ValidationError):
        access_request_answer(request=request, by=income_consultant, accept=True)


def test_the_registration_page_shows_the_duplicates_and_records_the_look(
    client, ozlem, colleague
):
    login(client, colleague)
    empty_audit_trail()
    response = client.post(
        reverse("resident_register"),
        {
            "first_name": "Ozlem",
            "last_name": "Yilmaz",
            "birth_date": "1988-05-04",
            "reason_category": "notes",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This person may already be registered" in html
    assert "Ask the coordinator to add me to the case team" in html
    seen = AccessEvent.objects.get(
        resident_id=ozlem.resident_id, professional=colleague
    )
    assert seen.basis == "registration: duplicate check"
    assert seen.category == "identity"
    # The page's own button asks for access, with the typed data as evidence.
    response = client.post(
        reverse("access_request_create"),
        {
            "first_name": "Ozlem",
            "last_name": "Yilmaz",
            "birth_date": "1988-05-04",
            "reason_category": "notes",
            "resident": ozlem.resident_id,
            "reason": "Aan de balie",
        },
    )
    assert response.status_code == 302
    assert AccessRequest.objects.filter(requested_by=colleague).exists()


def test_a_closed_resident_returns_through_the_page(
    client, ozlem, coordinator, colleague
):
    trajectory_close(
        trajectory=ozlem,
        by=coordinator,
        reason="dropped_out",
        on=timezone.localdate(),
    )
    login(client, colleague)
    response = client.post(
        reverse("resident_return"),
        {
            "first_name": "Özlem",
            "last_name": "Yılmaz",
            "birth_date": "1988-05-04",
            "reason_category": "notes",
            "resident": ozlem.resident_id,
        },
    )
    assert response.status_code == 302
    assert Trajectory.objects.filter(
        resident_id=ozlem.resident_id, is_return=True, coordinator=colleague
    ).exists()
