"""Reads of meetings: a participant sees only agenda items of residents they may see."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.core.tests.helpers import empty_audit_trail
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.meetings.selectors import agenda_item_for, meeting_detail, meetings_for
from meedoen.meetings.services import (
    decision_add,
    meeting_add_agenda_item,
    meeting_schedule,
)
from meedoen.organisations.tests.factories import ProfessionalFactory

STARTS = timezone.make_aware(datetime.datetime(2025, 6, 10, 9, 30))


@pytest.fixture
def colleague(arnhem):
    return ProfessionalFactory(username="colleague", municipality=arnhem)


@pytest.fixture
def meeting(coordinator, income_consultant, outsider, colleague):
    return meeting_schedule(
        title="Werktafel Klarendal",
        starts_at=STARTS,
        place="Huiskamer",
        chair=coordinator,
        participants=[income_consultant, outsider, colleague],
    )


@pytest.fixture
def agenda(meeting, trajectory, coordinator, colleague):
    """Two residents: the coordinator's (with the income consultant) and the colleague's."""
    mine = meeting_add_agenda_item(
        meeting=meeting, trajectory=trajectory, by=coordinator
    )
    theirs = meeting_add_agenda_item(
        meeting=meeting,
        trajectory=TrajectoryFactory(coordinator=colleague),
        by=colleague,
    )
    return mine, theirs


def test_meetings_for_participants_and_chair(
    meeting, agenda, coordinator, income_consultant, outsider
):
    for user in (coordinator, income_consultant, outsider):
        rows = list(meetings_for(user))
        assert rows == [meeting]
        assert rows[0].agenda_count == 2


def test_meetings_for_a_non_participant_and_foreigner_is_empty(
    meeting, agenda, team_lead, foreigner
):
    assert list(meetings_for(team_lead)) == []
    assert list(meetings_for(foreigner)) == []


def test_meetings_for_lists_each_meeting_once_newest_first(
    meeting, coordinator, income_consultant
):
    other = meeting_schedule(
        title="MDO",
        starts_at=STARTS + datetime.timedelta(days=7),
        place="Stadhuis",
        chair=income_consultant,
        participants=[coordinator],
    )
    assert list(meetings_for(coordinator)) == [other, meeting]


def test_meeting_detail_hides_residents_the_participant_may_not_see(
    meeting, agenda, coordinator, income_consultant, outsider, colleague
):
    mine, theirs = agenda
    detail = meeting_detail(coordinator, meeting.pk)
    assert [v.pk for v in detail.visible_items] == [mine.pk]
    assert detail.hidden_items == 1

    detail = meeting_detail(income_consultant, meeting.pk)
    assert [v.pk for v in detail.visible_items] == [mine.pk]
    assert detail.hidden_items == 1

    detail = meeting_detail(colleague, meeting.pk)
    assert [v.pk for v in detail.visible_items] == [theirs.pk]
    assert detail.hidden_items == 1

    detail = meeting_detail(outsider, meeting.pk)
    assert [v.pk for v in detail.visible_items] == []
    assert detail.hidden_items == 2


def test_meeting_detail_is_404_for_non_participants(meeting, team_lead, foreigner):
    for user in (team_lead, foreigner):
        with pytest.raises(Http404):
            meeting_detail(user, meeting.pk)


def test_meeting_detail_records_only_visible_residents(
    meeting, agenda, coordinator, outsider
):
    mine, _theirs = agenda
    empty_audit_trail()
    meeting_detail(coordinator, meeting.pk)
    meeting_detail(outsider, meeting.pk)
    assert set(AccessEvent.objects.values_list("professional_id", "resident_id")) == {
        (coordinator.pk, mine.trajectory.resident_id)
    }


def test_agenda_item_for(meeting, agenda, coordinator, outsider, income_consultant):
    mine, theirs = agenda
    assert agenda_item_for(coordinator, mine.pk) == mine
    assert agenda_item_for(income_consultant, mine.pk) == mine
    for user, item in ((coordinator, theirs), (outsider, mine), (outsider, theirs)):
        with pytest.raises(Http404):
            agenda_item_for(user, item.pk)


def test_meeting_detail_query_count_does_not_grow(meeting, coordinator):
    def add(n):
        for _ in range(n):
            t = TrajectoryFactory(coordinator=coordinator)
            item = meeting_add_agenda_item(
                meeting=meeting, trajectory=t, by=coordinator
            )
            decision_add(item=item, text="Besluit", by=coordinator)

    add(2)
    with CaptureQueriesContext(connection) as few:
        meeting_detail(coordinator, meeting.pk)
    add(10)
    with CaptureQueriesContext(connection) as many:
        detail = meeting_detail(coordinator, meeting.pk)
        for item in detail.items:
            _ = (item.resident.full_name, item.decisions)
    assert len(detail.items) == 12
    assert len(many.captured_queries) == len(few.captured_queries)
