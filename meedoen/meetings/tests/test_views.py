from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.meetings.models import AgendaItem, Decision, Meeting
from meedoen.meetings.services import (
    decision_add,
    meeting_add_agenda_item,
    meeting_schedule,
)
from meedoen.web.tests.helpers import assert_page_basics, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(coordinator, income_consultant):
    return meeting_schedule(
        title="Werktafel Klarendal",
        starts_at=timezone.now() + timedelta(days=2),
        place="Wijkhuis Klarendal",
        chair=coordinator,
        participants=[income_consultant],
    )


@pytest.fixture
def item(meeting, trajectory, coordinator):
    return meeting_add_agenda_item(
        meeting=meeting, trajectory=trajectory, by=coordinator, question="Schulden"
    )


def test_meeting_list_shows_my_meetings(client, coordinator, meeting):
    response = login(client, coordinator).get(reverse("meeting_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "Werktafel Klarendal" in html
    assert reverse("meeting_detail", args=[meeting.pk]) in html


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_meeting_list_of_others_does_not_show_it(client, meeting, who, request):
    response = login(client, request.getfixturevalue(who)).get(reverse("meeting_list"))
    assert response.status_code == 200
    assert "Werktafel Klarendal" not in response.content.decode()


def test_schedule_a_meeting(client, coordinator, income_consultant, foreigner):
    login(client, coordinator)
    html = client.get(reverse("meeting_create")).content.decode()
    assert "Mehmet Yilmaz" in html
    assert foreigner.get_full_name() not in html
    starts = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("meeting_create"),
        {
            "title": "MDO Presikhaaf",
            "starts_at": starts,
            "place": "Buurthuis",
            "participants": [income_consultant.pk],
        },
    )
    meeting = Meeting.objects.get(title="MDO Presikhaaf")
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    assert set(meeting.participants.all()) == {coordinator, income_consultant}


def test_schedule_a_meeting_needs_a_date(client, coordinator):
    response = login(client, coordinator).post(
        reverse("meeting_create"),
        {"title": "MDO", "starts_at": "", "place": "Buurthuis"},
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_meeting_detail_shows_visible_items_and_counts_the_others(
    client, coordinator, meeting, item, arnhem
):
    from meedoen.organisations.tests.factories import ProfessionalFactory

    hidden = TrajectoryFactory(coordinator=ProfessionalFactory(municipality=arnhem))
    meeting_add_agenda_item(meeting=meeting, trajectory=hidden, by=hidden.coordinator)
    decision_add(item=item, text="Budgetcoach inschakelen", by=coordinator)
    response = login(client, coordinator).get(
        reverse("meeting_detail", args=[meeting.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert escape(item.trajectory.resident.full_name) in html
    assert escape(hidden.resident.full_name) not in html
    assert "1 agenda item is about a resident you do not work with" in html
    assert "Budgetcoach inschakelen" in html
    assert "Make it an action in the plan" in html


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_meeting_detail_is_not_found_for_others(client, meeting, who, request):
    response = login(client, request.getfixturevalue(who)).get(
        reverse("meeting_detail", args=[meeting.pk])
    )
    assert response.status_code == 404


def test_meeting_detail_sends_anonymous_visitors_to_login(client, meeting):
    assert (
        login(client).get(reverse("meeting_detail", args=[meeting.pk])).status_code
        == 302
    )


def test_put_a_resident_on_the_agenda(client, coordinator, meeting, trajectory):
    login(client, coordinator)
    response = client.post(
        reverse("meeting_add_agenda_item", args=[meeting.pk]),
        {"agenda-trajectory": trajectory.pk, "agenda-question": "Werk?"},
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get(meeting=meeting).trajectory == trajectory


def test_a_resident_i_may_not_see_cannot_be_put_on_the_agenda(
    client, coordinator, meeting, arnhem
):
    from meedoen.organisations.tests.factories import ProfessionalFactory

    other = TrajectoryFactory(coordinator=ProfessionalFactory(municipality=arnhem))
    response = login(client, coordinator).post(
        reverse("meeting_add_agenda_item", args=[meeting.pk]),
        {"agenda-trajectory": other.pk},
    )
    assert response.status_code == 400
    assert not AgendaItem.objects.exists()


def test_record_presence_and_notes(client, coordinator, item):
    Meeting.objects.filter(pk=item.meeting_id).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    response = login(client, coordinator).post(
        reverse("agenda_item_record", args=[item.pk]),
        {
            f"item-{item.pk}-resident_present": "yes",
            f"item-{item.pk}-notes": "Goed gesprek",
            f"item-{item.pk}-version": "1",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.resident_present is True
    assert item.notes == "Goed gesprek"


def test_add_a_decision_and_make_it_an_action(
    client, coordinator, income_consultant, item
):
    login(client, coordinator)
    response = client.post(
        reverse("decision_add", args=[item.pk]),
        {f"decide-{item.pk}-text": "Bijstand aanvragen"},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(agenda_item=item)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client.post(
        reverse("decision_to_action", args=[decision.pk]),
        {
            f"decision-{decision.pk}-owner_kind": "professional",
            f"decision-{decision.pk}-owner_professional": income_consultant.pk,
            f"decision-{decision.pk}-due_on": due,
            f"decision-{decision.pk}-life_domain": "finances",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.action.owner_professional == income_consultant
    assert decision.action.plan == item.trajectory.plan
    html = client.get(
        reverse("meeting_detail", args=[item.meeting_id])
    ).content.decode()
    assert "in the plan" in html


def test_an_empty_decision_is_refused(client, coordinator, item):
    response = login(client, coordinator).post(
        reverse("decision_add", args=[item.pk]), {f"decide-{item.pk}-text": " "}
    )
    assert response.status_code == 400
    assert "Write down what was decided." in response.content.decode()


def test_a_decision_without_owner_is_refused(client, coordinator, item):
    decision = decision_add(item=item, text="Iets regelen", by=coordinator)
    response = login(client, coordinator).post(
        reverse("decision_to_action", args=[decision.pk]),
        {
            f"decision-{decision.pk}-owner_kind": "organisation",
            f"decision-{decision.pk}-due_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Choose the organisation that does this." in response.content.decode()
    decision.refresh_from_db()
    assert decision.action is None


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_meeting_writes_are_not_found_for_others(
    client, coordinator, item, who, request
):
    decision = decision_add(item=item, text="Iets", by=coordinator)
    login(client, request.getfixturevalue(who))
    for url in (
        reverse("agenda_item_record", args=[item.pk]),
        reverse("decision_add", args=[item.pk]),
        reverse("decision_to_action", args=[decision.pk]),
        reverse("meeting_save_minutes", args=[item.meeting_id]),
        reverse("meeting_add_agenda_item", args=[item.meeting_id]),
    ):
        assert client.post(url, {}).status_code == 404


def test_save_the_minutes(client, coordinator, meeting):
    response = login(client, coordinator).post(
        reverse("meeting_save_minutes", args=[meeting.pk]),
        {"minutes-minutes": "Iedereen aanwezig.", "minutes-version": "1"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Iedereen aanwezig."
