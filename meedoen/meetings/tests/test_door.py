"""The table through the one door: each case a tester found on the meeting pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.journeys.services import case_team_add
from meedoen.meetings.models import AgendaItem, Meeting
from meedoen.meetings.services import agenda_item_record, meeting_save_minutes
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.models import Plan
from meedoen.privacy.services import consent_withdraw
from meedoen.privacy.tests import scenario as sc
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

NOTES = "Schuld ca. 8.000 euro, psychische klachten"
MINUTES = "Verslag: schuld ca. 8.000 euro besproken"


@pytest.fixture
def world(
    arnhem, trajectory, coordinator, income_consultant, team_lead, outsider, foreigner
):
    world = sc.build(
        arnhem=arnhem,
        trajectory=trajectory,
        coordinator=coordinator,
        income_consultant=income_consultant,
        team_lead=team_lead,
        outsider=outsider,
        foreigner=foreigner,
    )
    uwv = ProfessionalFactory(
        username="uwv",
        municipality=arnhem,
        organisation=OrganisationFactory(
            municipality=arnhem, name="UWV Arnhem", kind=Organisation.Kind.UWV
        ),
        role=Professional.Role.UWV_ADVISER,
    )
    case_team_add(trajectory=trajectory, professional=uwv, by=coordinator)
    world.uwv = uwv  # type: ignore[attr-defined]
    meeting = world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), minutes=MINUTES
    )
    meeting.participants.add(uwv, team_lead, world.welfare_worker)
    AgendaItem.objects.filter(pk=world.agenda_item.pk).update(notes=NOTES)
    return world


def _page(client, user, world) -> str:
    response = login(client, user).get(
        reverse("meeting_detail", args=[world.meeting.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def _events(user, world) -> set[str]:
    return set(
        AccessEvent.objects.filter(
            professional=user, resident_id=world.resident.pk, via="meeting"
        ).values_list("category", flat=True)
    )


@pytest.mark.parametrize("who", ["uwv", "team_lead"])
def test_roles_that_may_not_read_notes_do_not_see_them(client, world, who):
    user = getattr(world, who)
    html = _page(client, user, world)
    assert world.resident.last_name in html
    assert "8.000" not in html  # neither the item's notes nor the minutes
    assert Category.NOTES not in _events(user, world)
    assert Category.IDENTITY in _events(user, world)


def test_the_coordinator_reads_notes_and_minutes_and_the_audit_says_so(client, world):
    html = _page(client, world.coordinator, world)
    assert NOTES in html and MINUTES in html
    assert Category.NOTES in _events(world.coordinator, world)


def test_after_consent_is_withdrawn_the_welfare_worker_reads_nothing_of_her(
    client, world
):
    welfare = world.welfare_worker
    consent_withdraw(consent=world.consent, by=world.coordinator)
    before = AccessEvent.objects.filter(professional=welfare).count()
    html = _page(client, welfare, world)
    assert world.resident.last_name not in html
    assert "8.000" not in html
    assert "A resident you do not work with" in html
    assert (
        AccessEvent.objects.filter(
            professional=welfare, resident_id=world.resident.pk
        ).count()
        == 0
    )
    assert AccessEvent.objects.filter(professional=welfare).count() == before


def test_a_team_lead_off_the_case_team_cannot_write_through_the_meeting(client, world):
    login(client, world.team_lead)
    item, decision = world.agenda_item, world.decision
    version = Plan.objects.get(pk=world.trajectory.plan.pk).version
    response = client.post(
        reverse("agenda_item_record", args=[item.pk]),
        {f"item-{item.pk}-notes": "Overschreven", f"item-{item.pk}-version": "1"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("decision_to_action", args=[decision.pk]),
        {
            f"decision-{decision.pk}-owner_kind": "resident",
            f"decision-{decision.pk}-life_domain": "finances",
        },
    )
    assert response.status_code in (403, 404)
    assert AgendaItem.objects.get(pk=item.pk).notes == NOTES
    assert Plan.objects.get(pk=world.trajectory.plan.pk).version == version
    html = _page(client, world.team_lead, world)
    assert "Save presence and notes" not in html
    assert "Add to the plan" not in html


def test_an_empty_minutes_post_blanks_nothing(client, world):
    login(client, world.coordinator)
    response = client.post(reverse("meeting_save_minutes", args=[world.meeting.pk]), {})
    assert response.status_code == 400
    assert Meeting.objects.get(pk=world.meeting.pk).minutes == MINUTES


def test_minutes_keep_history_refuse_a_stale_version_and_are_audited(client, world):
    login(client, world.coordinator)
    url = reverse("meeting_save_minutes", args=[world.meeting.pk])
    history = Meeting.history.filter(id=world.meeting.pk).count()
    response = client.post(
        url, {"minutes-minutes": "Nieuw verslag", "minutes-version": "1"}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert (meeting.minutes, meeting.minutes_version) == ("Nieuw verslag", 2)
    assert Meeting.history.filter(id=meeting.pk).count() == history + 1
    assert AccessEvent.objects.filter(
        professional=world.coordinator,
        resident_id=world.resident.pk,
        action=AccessEvent.Action.WRITE,
        via="meeting_save_minutes",
        category=Category.NOTES,
    ).exists()
    # A colleague's page still showed version 1: their save is refused, text kept.
    response = client.post(
        url, {"minutes-minutes": "Mijn oude tekst", "minutes-version": "1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone else changed the minutes" in html
    assert "Mijn oude tekst" in html and "Nieuw verslag" in html
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Nieuw verslag"


def test_only_who_reads_every_residents_notes_writes_the_minutes(world):
    with pytest.raises(Exception) as exc:
        meeting_save_minutes(
            meeting=world.meeting, minutes="", by=world.uwv, expected_version=1
        )
    assert exc.type.__name__ == "PermissionDenied"
    assert Meeting.objects.get(pk=world.meeting.pk).minutes == MINUTES


def test_notes_keep_history_and_refuse_a_stale_version(world):
    item = world.agenda_item
    agenda_item_record(
        item=item,
        by=world.coordinator,
        resident_present=True,
        notes="Eerste",
        expected_version=1,
    )
    with pytest.raises(ValidationError):
        agenda_item_record(
            item=item,
            by=world.coordinator,
            resident_present=True,
            notes="Tweede",
            expected_version=1,
        )
    assert AgendaItem.objects.get(pk=item.pk).notes == "Eerste"
    assert AgendaItem.history.filter(id=item.pk).count() >= 2


def test_presence_is_not_recorded_for_a_meeting_days_ahead(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(
        starts_at=timezone.now() + timedelta(days=4)
    )
    item = AgendaItem.objects.get(pk=world.agenda_item.pk)
    with pytest.raises(ValidationError) as exc:
        agenda_item_record(
            item=item, by=world.coordinator, resident_present=True, notes=""
        )
    assert "resident_present" in exc.value.message_dict
    # Notes ahead of the meeting (preparation) are fine.
    agenda_item_record(
        item=item, by=world.coordinator, resident_present=None, notes="Voorbereiding"
    )
