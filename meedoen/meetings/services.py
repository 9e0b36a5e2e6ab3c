"""Business rules of the table: scheduling, the agenda, presence, decisions to actions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Trajectory
from meedoen.meetings.models import AgendaItem, Decision, Meeting
from meedoen.organisations.models import Organisation, Professional
from meedoen.plans.models import Action, Goal
from meedoen.plans.services import plan_action_add


@transaction.atomic
def meeting_schedule(
    *,
    title: str,
    starts_at: datetime,
    place: str,
    chair: Professional,
    participants: Iterable[Professional] = (),
) -> Meeting:
    participants = list(participants)
    if any(p.municipality_id != chair.municipality_id for p in participants):
        raise ValidationError(
            {"participants": _("All participants must work for the same municipality.")}
        )
    meeting = Meeting.objects.create(
        municipality_id=tenant_id(chair),
        title=title,
        starts_at=starts_at,
        place=place,
        chair=chair,
    )
    meeting.participants.set({chair, *participants})
    return meeting


@transaction.atomic
def meeting_add_agenda_item(
    *, meeting: Meeting, trajectory: Trajectory, by: Professional, question: str = ""
) -> AgendaItem:
    if trajectory.municipality_id != meeting.municipality_id:
        raise ValidationError(_("That resident belongs to another municipality."))
    if meeting.agenda.filter(trajectory=trajectory).exists():
        raise ValidationError(_("This resident is already on the agenda."))
    last = (
        meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0
    )
    return AgendaItem.objects.create(
        meeting=meeting, trajectory=trajectory, order=last + 1, question=question
    )


@transaction.atomic
def agenda_item_record(
    *, item: AgendaItem, by: Professional, resident_present: bool | None, notes: str
) -> AgendaItem:
    """Record whether the resident was at the table and what was discussed."""
    item.resident_present = resident_present
    item.notes = notes
    item.save(update_fields=["resident_present", "notes"])
    audit.record_write(
        user=by,
        trajectory=item.trajectory,
        via="agenda_item_record",
        category=Category.NOTES,
    )
    return item


@transaction.atomic
def decision_add(*, item: AgendaItem, text: str, by: Professional) -> Decision:
    if not text.strip():
        raise ValidationError({"text": _("Write down what was decided.")})
    decision = Decision.objects.create(agenda_item=item, text=text.strip())
    audit.record_write(user=by, trajectory=item.trajectory, via="decision_add")
    return decision


@transaction.atomic
def decision_to_action(
    *,
    decision: Decision,
    by: Professional,
    owner_kind: str,
    due_on: date | None,
    owner_professional: Professional | None = None,
    owner_organisation: Organisation | None = None,
    goal: Goal | None = None,
    life_domain: str = "",
) -> Action:
    """Turn a decision at the table into a plan action in one step."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.action_id is not None:
        raise ValidationError(_("This decision is already an action in the plan."))
    plan = decision.agenda_item.trajectory.plan
    action = plan_action_add(
        plan=plan,
        expected_version=plan.version,
        description=decision.text,
        owner_kind=owner_kind,
        owner_professional=owner_professional,
        owner_organisation=owner_organisation,
        due_on=due_on,
        goal=goal,
        life_domain=life_domain or decision.life_domain,
        by=by,
    )
    decision.action = action
    decision.save(update_fields=["action"])
    return action


@transaction.atomic
def meeting_save_minutes(
    *, meeting: Meeting, minutes: str, by: Professional
) -> Meeting:
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    return meeting
