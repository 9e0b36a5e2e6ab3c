"""The light front door: a question is recorded without a trajectory (and without a
BSN), its team triages it, a trajectory starts from it through the intake; and two
files of one person are merged with their history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meedoen.casefile import front_door, services
from meedoen.casefile.models import Question, ResidentMerge
from meedoen.casefile.selectors import questions_for
from meedoen.core.models import AccessEvent
from meedoen.journeys.models import Trajectory
from meedoen.journeys.services import trajectory_close
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy.models import Consent
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk_in(coordinator):
    return front_door.question_record(
        by=coordinator,
        channel="walk_in",
        text="Vraagt of er werk is met een taalcursus erbij",
        life_domains=["work_education", "participation"],
        first_name="Amina",
    )


def test_a_walk_in_question_needs_no_resident_and_no_bsn(walk_in, coordinator):
    assert walk_in.resident is None
    assert walk_in.team == coordinator.teams.first()
    assert walk_in.outcome == Question.Outcome.OPEN
    assert not Trajectory.objects.filter(resident__first_name="Amina").exists()


def test_the_team_sees_it_and_an_outsider_does_not(
    walk_in, team_lead, outsider, foreigner
):
    assert [q.pk for q in questions_for(team_lead)] == [walk_in.pk]
    assert questions_for(outsider) == []
    assert questions_for(foreigner) == []


def test_bad_input_is_refused_and_saves_nothing(coordinator):
    with pytest.raises(ValidationError) as exc:
        front_door.question_record(
            by=coordinator,
            channel="pigeon",
            text=" ",
            life_domains=["astrology"],
            bsn="123",
            birth_date=datetime.date(2999, 1, 1),
        )
    assert {"channel", "text", "life_domains", "bsn", "birth_date"} <= set(
        exc.value.message_dict
    )
    assert not Question.objects.exists()


def test_answered_and_referred(walk_in, coordinator, income_consultant):
    front_door.question_answer(
        question=walk_in, by=coordinator, note="Verwezen naar de taalmaatje-inloop"
    )
    walk_in.refresh_from_db()
    assert walk_in.outcome == Question.Outcome.ANSWERED
    with pytest.raises(ValidationError):
        front_door.question_answer(question=walk_in, by=coordinator, note="Nog eens")
    other = front_door.question_record(by=coordinator, channel="phone", text="Schulden")
    front_door.question_refer(
        question=other, by=coordinator, organisation=income_consultant.organisation
    )
    other.refresh_from_db()
    assert other.referred_to == income_consultant.organisation


def test_an_outsider_cannot_triage(walk_in, outsider):
    with pytest.raises(PermissionDenied):
        front_door.question_answer(question=walk_in, by=outsider, note="x")


def test_a_trajectory_starts_from_the_question_through_the_intake(
    client, walk_in, coordinator
):
    login(client, coordinator)
    response = client.post(
        reverse("resident_register"),
        {
            "first_name": "Amina",
            "last_name": "Benali",
            "birth_date": "1990-02-03",
            "reason": walk_in.text,
            "reason_category": "notes",
            "question": walk_in.pk,
        },
    )
    assert response.status_code == 302
    walk_in.refresh_from_db()
    assert walk_in.outcome == Question.Outcome.TRAJECTORY
    assert walk_in.trajectory.resident.last_name == "Benali"


def test_the_front_door_pages(client, walk_in, coordinator):
    login(client, coordinator)
    assert "Amina" in client.get(reverse("question_list")).content.decode()
    page = client.get(reverse("question_detail", args=[walk_in.pk]))
    assert page.status_code == 200
    assert "Start a trajectory" in page.content.decode()
    response = client.post(
        reverse("question_answer", args=[walk_in.pk]), {"answer-note": ""}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("question_answer", args=[walk_in.pk]),
        {"answer-note": "Doorverwezen naar de inloop"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("question_create"),
        {"channel": "phone", "received_on": "2025-01-01", "text": "Bel terug"},
    )
    assert response.status_code == 302


def test_two_files_of_one_person_are_merged_with_their_history(coordinator, arnhem):
    first = services.resident_register(
        by=coordinator, first_name="Kees", last_name="Bos",
        birth_date=datetime.date(1970, 1, 1),
    )  # fmt: skip
    trajectory_close(trajectory=first, by=coordinator, reason="dropped_out")
    second = services.resident_register(
        by=coordinator, first_name="Cees", last_name="Bosch",
        birth_date=datetime.date(1970, 1, 2), bsn="999993653",
    )  # fmt: skip
    consent = Consent.objects.create(
        municipality=arnhem, resident=second.resident, purpose="Delen met welzijn",
        valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2026, 1, 1),
        recorded_by=coordinator,
    )  # fmt: skip
    removed = second.resident_id
    merge = front_door.resident_merge(
        keep=first.resident, remove=second.resident, by=coordinator,
        reason="Zelfde persoon, twee keer ingeschreven",
    )  # fmt: skip
    assert merge.removed_id == removed
    assert set(Trajectory.objects.filter(resident=first.resident)) == {first, second}
    consent.refresh_from_db()
    assert consent.resident_id == first.resident_id
    first.resident.refresh_from_db()
    assert first.resident.bsn == "999993653"
    assert {
        e.resident_id for e in AccessEvent.objects.filter(via="resident_merge")
    } == {
        first.resident_id,
        removed,
    }
    assert ResidentMerge.objects.get(kept=first.resident).removed_id == removed


def test_a_merge_needs_both_files_and_not_two_running_trajectories(coordinator, arnhem):
    a = services.resident_register(
        by=coordinator, first_name="Jan", last_name="Smit",
        birth_date=datetime.date(1980, 5, 5),
    )  # fmt: skip
    b = services.resident_register(
        by=coordinator, first_name="Johan", last_name="Smid",
        birth_date=datetime.date(1980, 6, 6),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        front_door.resident_merge(
            keep=a.resident, remove=b.resident, by=coordinator, reason="Zelfde"
        )
    stranger = ProfessionalFactory(municipality=arnhem)
    trajectory_close(trajectory=b, by=coordinator, reason="dropped_out")
    with pytest.raises(PermissionDenied):
        front_door.resident_merge(
            keep=a.resident, remove=b.resident, by=stranger, reason="Zelfde"
        )


def test_the_caseload_signals_a_follow_up_measurement_due(coordinator, trajectory):
    """A baseline older than the minimum and nothing since: the follow-up is due; a
    measurement that counts as a follow-up ends the signal."""
    from meedoen.casefile.caseload import caseload
    from meedoen.journeys.models import Trajectory
    from meedoen.measurements.tests.factories import ladder_measurement

    today = datetime.date.today()
    start = today - datetime.timedelta(days=120)
    Trajectory.objects.filter(pk=trajectory.pk).update(started_on=start)
    trajectory.refresh_from_db()
    ladder_measurement(
        trajectory, by=coordinator, on=today - datetime.timedelta(days=100)
    )
    (row,) = caseload(coordinator, signal="follow_up")
    assert row.follow_up_due
    ladder_measurement(trajectory, by=coordinator, on=today)
    assert caseload(coordinator, signal="follow_up") == []
