"""Reads of meetings through the privacy door.

A participant sees, per agenda item, only what their scope and categories allow for
that resident: a resident outside their scope is an anonymous agenda item (its place
on the agenda, nothing else); for a resident inside it, the question and notes only
when they may read conversation notes, and each decision only when they may read its
life domain. The minutes are about everyone on the agenda, so they are shown only to
a participant who may read the notes of every resident on it. Every response's audit
lists exactly the categories it showed, per resident, with the reader's basis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from meedoen.core import rules
from meedoen.core.categories import Category
from meedoen.core.personal_data import registry
from meedoen.core.readmodel import Reading, Record
from meedoen.core.tenancy import tenant_id
from meedoen.meetings.models import AgendaItem, Decision, Meeting
from meedoen.organisations.models import Professional
from meedoen.privacy import scope
from meedoen.privacy.door import Access, Door, basis_of

ITEM_FIELDS = ("question", "resident_present", "notes", "version")
DECISION_FIELDS = ("text", "life_domain", "created_at")
ITEM_RULES = [
    "agenda_item.record",
    "decision.add",
    "decision.to_action",
]


def meetings_for(user: Professional) -> QuerySet[Meeting]:
    """Meetings the user takes part in or chairs, in the user's municipality."""
    if not scope.has_resident_scope(user):
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(municipality_id=tenant_id(user))
        .filter(Q(participants=user) | Q(chair=user))
        .distinct()
        .select_related("chair")
        .annotate(agenda_count=Count("agenda", distinct=True))
        # Meta.ordering is dropped in GROUP BY queries: order explicitly.
        .order_by("-starts_at", "-pk")
    )


@dataclass(frozen=True)
class MinutesAccess:
    """What a participant may do with a meeting's minutes: read and change them only
    when they may read the conversation notes of every resident on the agenda."""

    meeting_id: int
    reads_all_notes: bool


@dataclass
class ItemView:
    """One agenda item as one participant may see it."""

    pk: int
    order: int
    visible: bool
    trajectory_id: int | None = None
    resident_id: int | None = None
    resident: Record | None = None
    stage: str = ""
    item: Record | None = None
    decisions: list[Record] = field(default_factory=list)
    hidden_decisions: int = 0
    access: Access | None = None
    can: frozenset[str] = frozenset()
    # The case team's professionals (owners an action can get), and the page's forms.
    team: list[Any] = field(default_factory=list)
    record_form: Any = None
    decision_form: Any = None
    action_forms: dict[int, Any] = field(default_factory=dict)

    @property
    def decision_rows(self) -> list[tuple[Record, Any]]:
        return [(d, self.action_forms.get(d.pk)) for d in self.decisions]


@dataclass
class MeetingView:
    meeting: Meeting
    participants: list[str]
    items: list[ItemView]
    minutes: str | None
    minutes_version: int
    minutes_access: MinutesAccess
    can_minutes: bool
    has_started: bool

    @property
    def visible_items(self) -> list[ItemView]:
        return [i for i in self.items if i.visible]

    @property
    def hidden_items(self) -> int:
        return sum(1 for i in self.items if not i.visible)


def _meeting(user: Professional, meeting_id: int) -> Meeting:
    try:
        return (
            meetings_for(user)
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Professional.objects.select_related(
                        "organisation"
                    ).order_by("last_name", "first_name", "pk"),
                )
            )
            .get(pk=meeting_id)
        )
    except Meeting.DoesNotExist:
        raise Http404 from None


def _items(meeting: Meeting) -> list[AgendaItem]:
    """Every item of the agenda with what the door needs to judge it: the trajectory,
    its resident and stage, its active case team, the decisions and their actions."""
    return list(
        meeting.agenda.select_related(
            "trajectory__resident", "trajectory__plan", "trajectory__stage"
        )
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "action__owner_professional__organisation",
                    "action__owner_organisation",
                ).order_by("pk"),
            ),
            Prefetch(
                "trajectory__team",
                queryset=scope.active_memberships().select_related(
                    "professional", "organisation", "consent"
                ),
                to_attr="active_team",
            ),
        )
        .order_by("order", "pk")
    )


def _judge(
    user: Professional, items: list[AgendaItem]
) -> tuple[Door, dict[int, Access]]:
    """The user's access per visible agenda item (by item pk): one query for the
    scope, then everything from the loaded rows."""
    door = Door(user)
    ids = {i.trajectory_id for i in items}
    visible = set(
        scope.visible_trajectories(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    return door, {
        i.pk: door.access(i.trajectory) for i in items if i.trajectory_id in visible
    }


def minutes_access(
    meeting: Meeting, accesses: dict[int, Access], n_items: int
) -> MinutesAccess:
    reads_all = len(accesses) == n_items and all(
        Category.NOTES in a.readable for a in accesses.values()
    )
    return MinutesAccess(meeting_id=meeting.pk, reads_all_notes=reads_all)


def minutes_access_for(user: Professional, meeting: Meeting) -> MinutesAccess:
    """The user's access to a meeting's minutes (for the minutes' service)."""
    items = _items(meeting)
    _door, accesses = _judge(user, items)
    return minutes_access(meeting, accesses, len(items))


def _decision_extra(decision: Decision) -> dict[str, object]:
    action = decision.action
    if action is None:
        return {"in_plan": False}
    return {
        "in_plan": True,
        "action_owner": action.owner_label,
        "action_due": action.due_on,
    }


def _item_view(
    user: Professional, item: AgendaItem, access: Access, reading: Reading
) -> ItemView:
    about, readable = access.subject, access.readable
    resident = reading.record(
        item.trajectory.resident, about=about, readable=readable, fields=("full_name",)
    )
    record = reading.record(item, about=about, readable=readable, fields=ITEM_FIELDS)
    decisions = []
    hidden = 0
    for decision in item.decisions.all():
        shown = reading.record(
            decision, about=about, readable=readable, fields=DECISION_FIELDS
        )
        if shown is None:
            hidden += 1
            continue
        extra = Record({**shown, **_decision_extra(decision)})
        decisions.append(extra)
    return ItemView(
        pk=item.pk,
        order=item.order,
        visible=True,
        trajectory_id=item.trajectory_id,
        resident_id=item.trajectory.resident_id,
        resident=resident,
        stage=str(item.trajectory.stage),
        item=record,
        decisions=decisions,
        hidden_decisions=hidden,
        access=access,
        can=rules.permitted(user, access, ITEM_RULES),
        team=[m.professional for m in item.trajectory.active_team],  # type: ignore[attr-defined]
    )


def meeting_detail(
    user: Professional, meeting_id: int, *, via: str = "meeting"
) -> MeetingView:
    """The meeting as this participant may see it; 404 for others."""
    meeting = _meeting(user, meeting_id)
    items = _items(meeting)
    door, accesses = _judge(user, items)
    reading = door.reading(via)
    views = []
    for item in items:
        access = accesses.get(item.pk)
        if access is None:
            views.append(ItemView(pk=item.pk, order=item.order, visible=False))
        else:
            views.append(_item_view(user, item, access, reading))
    minutes = minutes_access(meeting, accesses, len(items))
    shown_minutes = meeting.minutes if minutes.reads_all_notes else None
    if shown_minutes:
        for access in accesses.values():
            reading.note(access.subject, {Category.NOTES})
    reading.finish(basis_of(accesses.values()).__getitem__)
    return MeetingView(
        meeting=meeting,
        participants=[p.label for p in meeting.participants.all()],
        items=views,
        minutes=shown_minutes,
        minutes_version=meeting.minutes_version,
        minutes_access=minutes,
        can_minutes=rules.allowed(user, "meeting.minutes", minutes),
        # The same day as the presence rule in services: the local date.
        has_started=timezone.localdate(meeting.starts_at) <= timezone.localdate(),
    )


def agenda_item_for(user: Professional, item_id: int) -> AgendaItem:
    """One agenda item of a meeting the user takes part in, for a resident they may see
    (for a write: the service checks the write rule)."""
    try:
        return (
            AgendaItem.objects.filter(
                meeting__in=meetings_for(user),
                trajectory__in=scope.visible_trajectories(user),
            )
            .select_related(
                "meeting",
                "trajectory__plan",
                "trajectory__resident",
                "trajectory__stage",
            )
            .prefetch_related(
                Prefetch(
                    "trajectory__team",
                    queryset=scope.active_memberships().select_related(
                        "professional__organisation", "organisation", "consent"
                    ),
                    to_attr="active_team",
                )
            )
            .get(pk=item_id)
        )
    except AgendaItem.DoesNotExist:
        raise Http404 from None


def meeting_for(user: Professional, meeting_id: int) -> Meeting:
    """A meeting the user takes part in or chairs; 404 otherwise."""
    try:
        return meetings_for(user).get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None


def decision_for(user: Professional, decision_id: int) -> Decision:
    """A decision on an agenda item the user may see, in a category they may read;
    404 otherwise (a decision they cannot read is not there for them)."""
    try:
        decision = (
            Decision.objects.filter(
                agenda_item__meeting__in=meetings_for(user),
                agenda_item__trajectory__in=scope.visible_trajectories(user),
            )
            .select_related(
                "agenda_item__meeting",
                "agenda_item__trajectory__plan",
                "agenda_item__trajectory__resident",
            )
            .prefetch_related(
                Prefetch(
                    "agenda_item__trajectory__team",
                    queryset=scope.active_memberships().select_related(
                        "professional__organisation", "organisation", "consent"
                    ),
                    to_attr="active_team",
                )
            )
            .get(pk=decision_id)
        )
    except Decision.DoesNotExist:
        raise Http404 from None
    access = Door(user).access(decision.agenda_item.trajectory)
    if registry.of(Decision).row_category(decision) not in access.readable:
        raise Http404
    return decision
