"""Business rules of the table: scheduling, the agenda, presence, decisions to actions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, rules
from meedoen.core.categories import Category, LifeDomain
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Trajectory
from meedoen.meetings.models import AgendaItem, Decision, Meeting
from meedoen.meetings.personal_data import decision_category
from meedoen.meetings.selectors import minutes_access_for
from meedoen.organisations.models import Organisation, Professional
from meedoen.plans.models import Action, Goal
from meedoen.plans.services import plan_action_add
from meedoen.privacy.door import access_for


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


def _stale(label: str) -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed the %(what)s since you opened the page. Your text "
            "is still in the field: compare it with the new version below and save "
            "again."
        )
        % {"what": label}
    )


@transaction.atomic
def meeting_add_agenda_item(
    *, meeting: Meeting, trajectory: Trajectory, by: Professional, question: str = ""
) -> AgendaItem:
    """Put a resident on the agenda: only a member of their case team does."""
    if trajectory.municipality_id != meeting.municipality_id:
        raise ValidationError(_("That resident belongs to another municipality."))
    access = access_for(by, trajectory)
    rules.require(by, "agenda_item.add", access)
    if meeting.agenda.filter(trajectory=trajectory).exists():
        raise ValidationError(_("This resident is already on the agenda."))
    last = (
        meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0
    )
    item = AgendaItem.objects.create(
        meeting=meeting, trajectory=trajectory, order=last + 1, question=question
    )
    audit.record_write(
        user=by,
        trajectory=trajectory,
        via="meeting_add_agenda_item",
        category=Category.NOTES if question else Category.PLAN,
    )
    return item


@transaction.atomic
def agenda_item_record(
    *,
    item: AgendaItem,
    by: Professional,
    resident_present: bool | None,
    notes: str,
    expected_version: int | None = None,
) -> AgendaItem:
    """Record whether the resident was at the table and what was discussed. The page
    sends the version it showed (``expected_version``): a change made in between is
    not overwritten. Presence is recorded from the day of the meeting on."""
    rules.require(by, "agenda_item.record", access_for(by, item.trajectory))
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "trajectory")
        .get(pk=item.pk)
    )
    if expected_version is not None and item.version != expected_version:
        raise _stale(_("notes"))
    if (
        resident_present is not None
        and timezone.localdate(item.meeting.starts_at) > timezone.localdate()
    ):
        raise ValidationError(
            {
                "resident_present": _(
                    "Presence is recorded on or after the day of the meeting."
                )
            }
        )
    item.resident_present = resident_present
    item.notes = notes
    item.version += 1
    item.save(update_fields=["resident_present", "notes", "version"])
    audit.record_write(
        user=by,
        trajectory=item.trajectory,
        via="agenda_item_record",
        category=Category.NOTES,
    )
    return item


@transaction.atomic
def decision_add(
    *, item: AgendaItem, text: str, by: Professional, life_domain: str = ""
) -> Decision:
    """A decision at the table, in the life domain it is about (who may read it
    follows from that; without one it counts as conversation notes)."""
    rules.require(by, "decision.add", access_for(by, item.trajectory))
    errors = {}
    if not text.strip():
        errors["text"] = _("Write down what was decided.")
    if life_domain and life_domain not in LifeDomain.values:
        errors["life_domain"] = _("Choose a life domain from the list.")
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        agenda_item=item, text=text.strip(), life_domain=life_domain
    )
    audit.record_write(
        user=by,
        trajectory=item.trajectory,
        via="decision_add",
        category=decision_category(decision),
    )
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
    """Turn a decision at the table into a plan action in one step. An action without
    a goal takes its category from a life domain: the decision's, or the one chosen
    now (which the decision then takes too, so both are read by the same people)."""
    # Lock the decision only: PostgreSQL refuses FOR UPDATE on the outer join to the
    # plan (a trajectory may have none yet).
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("agenda_item__trajectory__plan")
        .get(pk=decision.pk)
    )
    trajectory = decision.agenda_item.trajectory
    access = access_for(by, trajectory)
    rules.require(by, "decision.to_action", access)
    if decision_category(decision) not in access.readable:
        raise PermissionDenied
    if decision.action_id is not None:
        raise ValidationError(_("This decision is already an action in the plan."))
    domain = life_domain or decision.life_domain
    plan = trajectory.plan
    action = plan_action_add(
        plan=plan,
        expected_version=plan.version,
        description=decision.text,
        owner_kind=owner_kind,
        owner_professional=owner_professional,
        owner_organisation=owner_organisation,
        due_on=due_on,
        goal=goal,
        life_domain="" if goal is not None else domain,
        by=by,
    )
    decision.action = action
    fields = ["action"]
    if not decision.life_domain and goal is None and domain:
        decision.life_domain = domain
        fields.append("life_domain")
    decision.save(update_fields=fields)
    return action


@transaction.atomic
def meeting_save_minutes(
    *,
    meeting: Meeting,
    minutes: str,
    by: Professional,
    expected_version: int | None = None,
) -> Meeting:
    """Save the minutes: only a participant who reads every resident's notes on the
    agenda writes them; an earlier version is kept in the history, a change made in
    between is not overwritten, and the write is recorded for every resident on the
    agenda."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    rules.require(by, "meeting.minutes", minutes_access_for(by, meeting))
    if expected_version is not None and meeting.minutes_version != expected_version:
        raise _stale(_("minutes"))
    meeting.minutes = minutes
    meeting.minutes_version += 1
    meeting.save(update_fields=["minutes", "minutes_version"])
    for trajectory in Trajectory.objects.filter(agenda_items__meeting=meeting):
        audit.record_write(
            user=by,
            trajectory=trajectory,
            via="meeting_save_minutes",
            category=Category.NOTES,
        )
    return meeting
