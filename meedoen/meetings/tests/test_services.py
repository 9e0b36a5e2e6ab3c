"""Business rules of the table: scheduling, the agenda, presence, decisions to actions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.meetings.models import AgendaItem, Decision, Meeting
from meedoen.meetings.services import (
    agenda_item_record,
    decision_add,
    decision_to_action,
    meeting_add_agenda_item,
    meeting_save_minutes,
    meeting_schedule,
)
from meedoen.organisations.tests.factories import OrganisationFactory
from meedoen.plans.models import Action, Plan
from meedoen.plans.services import plan_goal_add

STARTS = timezone.make_aware(datetime.datetime(2025, 6, 10, 9, 30))


@pytest.fixture
def meeting(coordinator, income_consultant):
    return meeting_schedule(
        title="Werktafel Klarendal",
        starts_at=STARTS,
        place="Huiskamer van de wijk",
        chair=coordinator,
        participants=[income_consultant],
    )


@pytest.fixture
def item(meeting, trajectory, coordinator):
    return meeting_add_agenda_item(
        meeting=meeting,
        trajectory=trajectory,
        by=coordinator,
        question="Hoe komt zij aan een woning?",
    )


def test_schedule_with_participants_includes_the_chair(
    meeting, coordinator, income_consultant, arnhem
):
    assert meeting.municipality == arnhem
    assert meeting.title == "Werktafel Klarendal"
    assert meeting.starts_at == STARTS
    assert meeting.chair == coordinator
    assert set(meeting.participants.all()) == {coordinator, income_consultant}


def test_schedule_refuses_a_participant_of_another_municipality(
    coordinator, income_consultant, foreigner
):
    with pytest.raises(ValidationError) as exc:
        meeting_schedule(
            title="Werktafel",
            starts_at=STARTS,
            place="Wijkcentrum",
            chair=coordinator,
            participants=[income_consultant, foreigner],
        )
    assert "participants" in exc.value.message_dict
    assert not Meeting.objects.exists()


def test_agenda_items_are_numbered_and_added_once(
    meeting, item, trajectory, coordinator
):
    assert item.order == 1
    assert item.question == "Hoe komt zij aan een woning?"
    assert item.resident_present is None
    second = meeting_add_agenda_item(
        meeting=meeting,
        trajectory=TrajectoryFactory(coordinator=coordinator),
        by=coordinator,
    )
    assert second.order == 2
    with pytest.raises(ValidationError) as exc:
        meeting_add_agenda_item(meeting=meeting, trajectory=trajectory, by=coordinator)
    assert "already on the agenda" in exc.value.messages[0]
    assert meeting.agenda.filter(trajectory=trajectory).count() == 1
    assert meeting.agenda.count() == 2


def test_agenda_refuses_a_trajectory_of_another_municipality(
    meeting, coordinator, foreigner
):
    stranger = TrajectoryFactory(coordinator=foreigner)
    with pytest.raises(ValidationError):
        meeting_add_agenda_item(meeting=meeting, trajectory=stranger, by=coordinator)
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("present", [True, False, None])
def test_presence_and_notes_are_recorded(item, coordinator, present):
    agenda_item_record(
        item=item, by=coordinator, resident_present=present, notes="Ze vertelt zelf"
    )
    item.refresh_from_db()
    assert item.resident_present is present
    assert item.notes == "Ze vertelt zelf"


def test_minutes_are_saved(meeting, coordinator):
    meeting_save_minutes(meeting=meeting, minutes="Verslag", by=coordinator)
    meeting.refresh_from_db()
    assert meeting.minutes == "Verslag"


def test_decision_needs_text(item, coordinator):
    with pytest.raises(ValidationError) as exc:
        decision_add(item=item, text="   ", by=coordinator)
    assert "text" in exc.value.message_dict
    assert not Decision.objects.exists()


def test_decision_to_action_in_one_step(
    item, trajectory, coordinator, income_consultant
):
    decision = decision_add(
        item=item, text=" Mehmet vraagt bijzondere bijstand aan ", by=coordinator
    )
    assert decision.text == "Mehmet vraagt bijzondere bijstand aan"
    version = Plan.objects.get(trajectory=trajectory).version
    due = timezone.localdate() + datetime.timedelta(days=14)
    action = decision_to_action(
        decision=decision,
        by=coordinator,
        owner_kind=Action.OwnerKind.PROFESSIONAL,
        owner_professional=income_consultant,
        due_on=due,
        life_domain="finances",
    )
    assert action.plan == trajectory.plan
    assert action.life_domain == "finances"
    assert action.description == "Mehmet vraagt bijzondere bijstand aan"
    assert action.owner_professional == income_consultant
    assert action.due_on == due
    decision.refresh_from_db()
    assert decision.action == action
    assert action.decision == decision
    assert Plan.objects.get(trajectory=trajectory).version == version + 1


def test_decision_to_action_for_a_goal(item, trajectory, coordinator):
    plan = trajectory.plan
    goal = plan_goal_add(
        plan=plan,
        expected_version=plan.version,
        life_domain="housing",
        description="Een huis",
        by=coordinator,
    )
    decision = decision_add(item=item, text="Urgentie aanvragen", by=coordinator)
    action = decision_to_action(
        decision=decision,
        by=coordinator,
        owner_kind="resident",
        due_on=timezone.localdate(),
        goal=goal,
    )
    assert action.goal == goal


def test_converting_a_decision_twice_is_refused(item, trajectory, coordinator):
    decision = decision_add(
        item=item, text="Zij belt de woningcorporatie", by=coordinator
    )
    first = decision_to_action(
        decision=decision,
        by=coordinator,
        owner_kind="resident",
        due_on=timezone.localdate(),
        life_domain="housing",
    )
    version = Plan.objects.get(trajectory=trajectory).version
    # ``decision`` is the object from before the conversion.
    with pytest.raises(ValidationError) as exc:
        decision_to_action(
            decision=decision,
            by=coordinator,
            owner_kind="resident",
            due_on=timezone.localdate(),
            life_domain="housing",
        )
    assert "already an action" in exc.value.messages[0]
    assert list(Action.objects.all()) == [first]
    assert Plan.objects.get(trajectory=trajectory).version == version


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"owner_kind": "professional", "due_on": "today"}, "owner_professional"),
        ({"owner_kind": "professional", "due_on": None}, "due_on"),
        ({"owner_kind": "resident", "due_on": None}, "life_domain"),
        ({"owner_kind": "cat", "due_on": "today"}, "owner_kind"),
    ],
)
def test_a_refused_conversion_leaves_the_decision_and_plan_untouched(
    item, trajectory, coordinator, kwargs, key
):
    decision = decision_add(item=item, text="Iets", by=coordinator)
    if kwargs["due_on"] == "today":
        kwargs["due_on"] = timezone.localdate()
    version = Plan.objects.get(trajectory=trajectory).version
    with pytest.raises(ValidationError) as exc:
        decision_to_action(decision=decision, by=coordinator, **kwargs)
    assert key in exc.value.message_dict
    decision.refresh_from_db()
    assert decision.action is None
    assert not Action.objects.exists()
    assert Plan.objects.get(trajectory=trajectory).version == version


def test_decision_to_action_refuses_an_organisation_of_another_municipality(
    item, coordinator, nijmegen
):
    decision = decision_add(item=item, text="Iets", by=coordinator)
    with pytest.raises(ValidationError) as exc:
        decision_to_action(
            decision=decision,
            by=coordinator,
            owner_kind="organisation",
            owner_organisation=OrganisationFactory(municipality=nijmegen),
            due_on=timezone.localdate(),
        )
    assert "owner_organisation" in exc.value.message_dict
    assert not Action.objects.exists()


def test_a_decision_without_goal_asks_for_the_life_domain_and_takes_it(
    item, trajectory, coordinator
):
    """The issue's welfare worker read "Schuldhulp: intake schulden": an action made
    from a decision had no goal and so no category. Now it asks for the life domain,
    and the decision takes the same one."""
    decision = decision_add(
        item=item, text="Schuldhulp: intake schulden", by=coordinator
    )
    with pytest.raises(ValidationError) as exc:
        decision_to_action(
            decision=decision, by=coordinator, owner_kind="resident", due_on=None
        )
    assert "life_domain" in exc.value.message_dict
    action = decision_to_action(
        decision=decision,
        by=coordinator,
        owner_kind="resident",
        due_on=None,
        life_domain="finances",
    )
    decision.refresh_from_db()
    assert action.life_domain == decision.life_domain == "finances"
