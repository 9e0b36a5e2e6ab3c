"""Reads of the case file: search, and the resident's file, through the privacy door.

The file is assembled here from the domain apps and handed to the template as read
models (``meedoen.core.readmodel.Record``): only the fields the reader may see, per
trajectory, decided by the registry and the reader's ``Access``. One ``Reading``
builds them all and writes the audit events of exactly the categories shown.

The file is loaded with a fixed number of queries (prefetches), whatever the number of
trajectories, actions, meetings or contacts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from meedoen.casefile import front_door, households
from meedoen.casefile.households import HouseholdPage
from meedoen.casefile.models import Question
from meedoen.core import crypto, rules
from meedoen.core.categories import Category, LifeDomain
from meedoen.core.models import AccessEvent
from meedoen.core.readmodel import Reading, Record, Subject, subject_of
from meedoen.journeys.models import (
    Agreement,
    Contact,
    Handover,
    Stage,
    StageTransition,
    Trajectory,
)
from meedoen.measurements.selectors import TrajectoryProgress, progress_for_file
from meedoen.meetings.models import AgendaItem, Decision
from meedoen.organisations.models import Professional
from meedoen.plans.models import Action, Goal
from meedoen.privacy import scope
from meedoen.privacy.door import Access, Door, basis_of
from meedoen.privacy.selectors import file_access_log
from meedoen.residents import names
from meedoen.residents.models import Resident
from meedoen.residents.services import bsn_clean, postcode_clean

SEARCH_LIMIT = 50
POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")

RESIDENT_LIST_FIELDS = ("full_name", "birth_date", "address", "neighbourhood")
RESIDENT_FIELDS = (
    "full_name",
    "first_name",
    "birth_date",
    "age",
    "bsn_masked",
    "address",
    "neighbourhood",
    "phone",
    "email",
)
TRAJECTORY_FIELDS = (
    "template",
    "stage",
    "stage_entered_on",
    "stage_due_on",
    "coordinator",
    "started_on",
    "closed_on",
    "closure_reason",
    "last_contact_on",
    "reason",
    "is_open",
)
TRANSITION_FIELDS = ("from_stage", "to_stage", "moved_on", "moved_by", "reason")
MEMBER_FIELDS = ("professional", "organisation", "joined_on", "basis_label")
HANDOVER_FIELDS = (
    "offered_by",
    "to_professional",
    "status",
    "offered_on",
    "decided_on",
    "note",
    "decline_reason",
)
PLAN_FIELDS = ("version", "agreed_on", "agreed_version", "is_agreed", "agreement_note")
GOAL_FIELDS = ("life_domain", "description", "status")
ACTION_FIELDS = ("description", "owner_label", "due_on", "status", "done_on")
CONTACT_FIELDS = ("contact_on", "kind", "professional", "summary")
ITEM_FIELDS = ("question", "resident_present", "notes")
DECISION_FIELDS = ("text", "life_domain", "action")


def resident_search(
    user: Professional, query: str, *, via: str = "search"
) -> list[Record]:
    """Residents the user may see, by name, postcode or exact BSN."""
    query = query.strip()
    if len(query) < 2:
        return []
    qs = scope.visible_residents(user).select_related("neighbourhood")
    digits = query.replace(" ", "")
    if digits.isdigit() and len(digits) in (8, 9):
        try:
            compact = bsn_clean(digits)
        except Exception:
            return []
        qs = qs.filter(bsn_hash=crypto.blind_index(compact))
    elif POSTCODE.fullmatch(digits.upper()):
        # "6822 AB", "6822AB" and "6822ab" all mean the stored "6822 AB".
        qs = qs.filter(postcode=postcode_clean(digits))
    else:
        # Every word of the query, in any order, accents and case aside: "de vries",
        # "vries, de", "Eva de Vries", "ozlem yilmaz" (see residents/names.py).
        words = names.query_words(query)
        if not words:
            return []
        for word in words:
            qs = qs.filter(search_key__contains=word)
    rows = list(qs.order_by("sort_key", "pk")[:SEARCH_LIMIT])
    return resident_list(user, rows, via=via)


def resident_list(
    user: Professional, residents: list[Resident], *, via: str
) -> list[Record]:
    """Residents' identity as a list shows it (name, birth date, address), recorded
    as seen in a list."""
    reading = Reading(user=user, via=via, action=AccessEvent.Action.LIST)
    records = [
        reading.record(
            r,
            about=subject_of(r),
            readable={Category.IDENTITY},
            fields=RESIDENT_LIST_FIELDS,
        )
        for r in residents
    ]
    reading.finish(scope.basis_for(user))
    return [r for r in records if r is not None]


@dataclass
class TimelineEntry:
    on: date
    kind: str
    text: str
    trajectory_id: int


@dataclass
class AgendaEntry:
    """A meeting where the resident was on the agenda, as this reader may see it."""

    meeting_id: int
    title: str
    starts_at: Any
    is_past: bool
    item: Record
    decisions: list[Record]


@dataclass
class TrajectoryFile:
    """One trajectory of the file, as the reader may see it."""

    pk: int
    record: Record
    access: Access
    can: frozenset[str]
    stages: list[dict[str, Any]]
    # The agreements between organisations for the current stage (or the journey),
    # the stage's responsible role when no one with it is on the team, and whether
    # a hand-over waits longer than the receiving organisation agreed.
    agreements: list[dict[str, Any]]
    role_missing: str
    handover_late: bool
    # The journey's stages as configured (no personal data), for the move form.
    stage_objects: list[Stage]
    stage_id: int
    transitions: list[Record]
    team: list[Record]
    handovers: list[Record]
    open_handover_for_me: int | None
    plan: Record
    goals: list[Record]
    actions: list[Record]
    meetings: list[AgendaEntry]
    contacts: list[Record]
    progress: TrajectoryProgress | None = None
    # Forms the page shows for the file's own actions; set by the view.
    forms: dict[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return bool(self.record["is_open"])

    @property
    def hidden_categories(self) -> frozenset[str]:
        return frozenset(Category.values) - self.access.readable


@dataclass
class ResidentFile:
    pk: int
    resident: Record
    household: HouseholdPage | None
    trajectories: list[TrajectoryFile]
    timeline: list[TimelineEntry] = field(default_factory=list)
    access_log: list[AccessEvent] | None = None

    @property
    def can_start_household(self) -> bool:
        """On the case team of one of the resident's trajectories (the rule the
        service checks again)."""
        return any("household.change" in t.can for t in self.trajectories)


def _trajectory_prefetches() -> list[Any]:
    active = scope.active_memberships()
    return [
        Prefetch("template__stages", queryset=Stage.objects.order_by("order")),
        Prefetch(
            "template__agreements",
            queryset=Agreement.objects.select_related("organisation", "stage"),
        ),
        Prefetch(
            "team",
            queryset=active.select_related(
                "professional", "organisation", "consent"
            ).order_by("joined_on", "pk"),
            to_attr="active_team",
        ),
        Prefetch(
            "transitions",
            queryset=StageTransition.objects.select_related(
                "from_stage", "to_stage", "moved_by"
            ),
        ),
        Prefetch("plan__goals", queryset=Goal.objects.order_by("life_domain", "pk")),
        Prefetch(
            "plan__actions",
            queryset=Action.objects.select_related(
                "owner_professional__organisation", "owner_organisation", "goal"
            ).order_by("due_on", "pk"),
        ),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("meeting")
            .prefetch_related(
                Prefetch("decisions", queryset=Decision.objects.order_by("pk"))
            )
            .order_by("-meeting__starts_at", "pk"),
        ),
        Prefetch(
            "contacts",
            queryset=Contact.objects.select_related("professional").order_by(
                "-contact_on", "-pk"
            ),
        ),
        Prefetch(
            "handovers",
            queryset=Handover.objects.select_related(
                "to_professional__organisation", "offered_by"
            ),
        ),
    ]


def _stages(t: Trajectory) -> list[dict[str, Any]]:
    current = t.stage
    result = []
    for stage in t.template.stages.all():
        if stage.pk == current.pk:
            state = "current"
        elif stage.order < current.order:
            state = "done"
        else:
            state = "todo"
        result.append(
            {
                "name": stage.name,
                "state": state,
                "responsible_role": stage.get_responsible_role_display(),
            }
        )
    return result


def trajectory_file(
    reading: Reading, door: Door, t: Trajectory, *, now: Any = None
) -> TrajectoryFile:
    """One loaded trajectory (with the prefetches of ``_trajectory_prefetches``) as
    the reader may see it."""
    now = now or timezone.now()
    access = door.access(t)
    about = access.subject
    readable = access.readable

    def one(obj: Any, fields: tuple[str, ...]) -> Record | None:
        return reading.record(obj, about=about, readable=readable, fields=fields)

    def many(objs: Any, fields: tuple[str, ...]) -> list[Record]:
        return [r for r in (one(o, fields) for o in objs) if r is not None]

    record = one(t, TRAJECTORY_FIELDS)
    plan = one(t.plan, PLAN_FIELDS)
    assert record is not None and plan is not None  # not row-categorised
    meetings = []
    for item in t.agenda_items.all():
        item_record = one(item, ITEM_FIELDS)
        assert item_record is not None
        meetings.append(
            AgendaEntry(
                meeting_id=item.meeting_id,
                title=item.meeting.title,
                starts_at=item.meeting.starts_at,
                is_past=item.meeting.starts_at <= now,
                item=item_record,
                decisions=many(item.decisions.all(), DECISION_FIELDS),
            )
        )
    agreements = [
        {
            "organisation": str(a.organisation),
            "task": a.task,
            "stage": a.stage.name if a.stage is not None else "",
            "response_days": a.handover_response_days,
        }
        for a in t.template.agreements.all()
        if a.stage_id in (None, t.stage_id)
    ]
    team_roles = {m.professional.role for m in getattr(t, "active_team", [])}
    role_missing = (
        t.stage.get_responsible_role_display()
        if t.is_open and t.stage.responsible_role not in team_roles
        else ""
    )
    response_days = {
        a.organisation_id: a.handover_response_days
        for a in t.template.agreements.all()
        if a.handover_response_days is not None
    }
    today = timezone.localdate()
    handover_late = any(
        h.status == Handover.Status.OFFERED
        and h.to_professional.organisation_id in response_days
        and (today - h.offered_on).days
        > response_days[h.to_professional.organisation_id]
        for h in t.handovers.all()
    )
    open_for_me = next(
        (
            h.pk
            for h in t.handovers.all()
            if h.status == Handover.Status.OFFERED
            and h.to_professional_id == door.user.pk
        ),
        None,
    )
    return TrajectoryFile(
        pk=t.pk,
        record=record,
        access=access,
        can=rules.permitted(door.user, access),
        stages=_stages(t),
        agreements=agreements,
        role_missing=role_missing,
        handover_late=handover_late,
        stage_objects=list(t.template.stages.all()),
        stage_id=t.stage_id,
        transitions=many(t.transitions.all(), TRANSITION_FIELDS),
        team=[
            Record(
                {
                    **(one(m, MEMBER_FIELDS) or {}),
                    "role": m.professional.get_role_display(),
                    "is_coordinator": m.professional_id == t.coordinator_id,
                }
            )
            for m in getattr(t, "active_team", [])
        ],
        handovers=many(t.handovers.all(), HANDOVER_FIELDS),
        open_handover_for_me=open_for_me,
        plan=plan,
        goals=many(t.plan.goals.all(), GOAL_FIELDS),
        actions=many(t.plan.actions.all(), ACTION_FIELDS),
        meetings=meetings,
        contacts=many(t.contacts.all(), CONTACT_FIELDS),
    )


def resident_file(
    user: Professional, resident_id: int, *, via: str = "resident_file"
) -> ResidentFile:
    """Everything the user may see of one resident. 404 when the user may not see them,
    so that existence does not leak."""
    try:
        resident = (
            scope.visible_residents(user)
            .select_related("neighbourhood")
            .get(pk=resident_id)
        )
    except Resident.DoesNotExist:
        raise Http404 from None
    loaded = list(
        scope.visible_trajectories(user)
        .filter(resident=resident)
        .select_related(
            "stage", "template", "coordinator__organisation", "plan", "household"
        )
        .prefetch_related(*_trajectory_prefetches())
        .order_by("-started_on", "-pk")
    )
    door = Door(user)
    reading = door.reading(via)
    subject = subject_of(resident)
    trajectories = [trajectory_file(reading, door, t) for t in loaded]
    accesses = {t.pk: t.access for t in trajectories}
    identity = reading.record(
        resident,
        about=subject,
        readable={Category.IDENTITY},
        fields=RESIDENT_FIELDS,
    )
    assert identity is not None
    progress = progress_for_file(reading, loaded, accesses)
    for t in trajectories:
        t.progress = progress.get(t.pk)
    basis = basis_of(accesses.values()) or {subject: scope.basis_for(user)}
    reading.finish(lambda s: basis.get(s, scope.basis_for(user)))
    household = households.household_for_file(user, resident, via=f"{via}:household")
    return ResidentFile(
        pk=resident.pk,
        resident=identity,
        household=household,
        trajectories=trajectories,
        timeline=_timeline(trajectories),
        access_log=file_access_log(user, resident, loaded),
    )


def _timeline(trajectories: list[TrajectoryFile]) -> list[TimelineEntry]:
    """What happened, newest first, from the read models (so only what is shown)."""
    entries: list[TimelineEntry] = []
    for t in trajectories:
        for tr in t.transitions:
            entries.append(TimelineEntry(tr["moved_on"], "stage", tr["to_stage"], t.pk))
        for c in t.contacts:
            entries.append(
                TimelineEntry(c["contact_on"], "contact", c["kind_display"], t.pk)
            )
        for m in t.meetings:
            kind = "meeting" if m.is_past else "meeting_planned"
            entries.append(
                TimelineEntry(timezone.localdate(m.starts_at), kind, m.title, t.pk)
            )
        for a in t.actions:
            if a.get("done_on"):
                entries.append(
                    TimelineEntry(a["done_on"], "action_done", a["description"], t.pk)
                )
        if t.plan.get("agreed_on"):
            entries.append(TimelineEntry(t.plan["agreed_on"], "plan_agreed", "", t.pk))
    entries.sort(key=lambda e: e.on, reverse=True)
    return entries


def duplicate_candidates(
    user: Professional, candidates: list[Resident], *, same_bsn: bool
) -> list[Record]:
    """Residents who may be the person being registered, as the registrar sees them
    (name, birth date, address; whether a trajectory runs and who coordinates it),
    recorded as seen in a list for the purpose of the duplicate check."""
    running = {
        t.resident_id: t
        for t in Trajectory.objects.filter(
            resident__in=candidates, closed_on__isnull=True
        ).select_related("coordinator__organisation")
    }
    visible = set(
        scope.visible_residents(user)
        .filter(pk__in=[c.pk for c in candidates])
        .values_list("pk", flat=True)
    )
    reading = Reading(user=user, via="resident_register:duplicates", action="list")
    records = []
    for c in candidates:
        t = running.get(c.pk)
        record = reading.record(
            c,
            about=subject_of(c),
            readable={Category.IDENTITY},
            fields=("full_name", "birth_date", "address"),
            extra={
                "has_running": t is not None,
                "coordinator": t.coordinator.label if t else "",
                "file": c.pk if c.pk in visible else None,
                "same_bsn": same_bsn and bool(c.bsn_hash),
            },
        )
        if record is not None:
            records.append(record)
    reading.finish("registration: duplicate check")
    return records


QUESTION_FIELDS = (
    "person",
    "birth_date",
    "phone",
    "postcode",
    "house_number",
    "street",
    "text",
    "text_category",
    "life_domains",
    "outcome",
    "outcome_note",
    "referred_to",
    "handled_on",
)


def _question_records(
    user: Professional, rows: list[Any], *, via: str, action: str
) -> list[Record]:
    """Questions as the front-door team sees them: the person as given, the text
    when the reader's role may read its category. Questions about a known resident
    are recorded in that resident's trail."""
    readable = scope.role_categories(user.role) | {Category.IDENTITY}
    reading = Reading(user=user, via=via, action=action)
    records = []
    for q in rows:
        about = (
            subject_of(q.resident) if q.resident_id else Subject(q.municipality_id, 0)
        )
        record = reading.record(
            q,
            about=about,
            readable=readable,
            fields=QUESTION_FIELDS,
            extra={
                "channel": q.get_channel_display(),
                "received_on": q.received_on,
                "received_by": str(q.received_by),
                "team": str(q.team or ""),
                "resident_id": q.resident_id,
                "trajectory_id": q.trajectory_id,
                "is_open": q.outcome == "open",
                "domains": [LifeDomain(d).label for d in q.life_domains],
            },
        )
        if record is not None:
            records.append(record)
    # Only questions about a registered resident land in someone's audit trail; the
    # others have no resident number yet (the question itself is the record).
    reading.shown = {s: c for s, c in reading.shown.items() if s.resident_id}
    reading.finish("front door")
    return records


def questions_for(user: Professional, *, outcome: str = "open") -> list[Record]:
    """The front door's questions the user may see, newest first (bounded)."""
    qs = front_door.visible_questions(user).select_related(
        "received_by", "team", "referred_to", "resident"
    )
    if outcome in Question.Outcome.values:
        qs = qs.filter(outcome=outcome)
    rows = list(qs.order_by("-received_on", "-pk")[:100])
    return _question_records(user, rows, via="questions", action="list")


def question_for(user: Professional, question_id: int) -> Question:
    """One question the user may see (and triage); 404 otherwise."""
    try:
        return front_door.visible_questions(user).get(pk=question_id)
    except Question.DoesNotExist:
        raise Http404 from None


def question_view(user: Professional, question: Question) -> Record:
    (record,) = _question_records(user, [question], via="question", action="read")
    return record


def resident_for_merge(user: Professional, resident_id: int) -> Resident:
    """A resident whose file the user works on (member of one of their case teams),
    for a merge; 404 otherwise."""
    mine = scope.active_memberships().filter(professional_id=user.pk)
    try:
        return scope.visible_residents(user).get(
            pk=resident_id, pk__in=mine.values("trajectory__resident_id")
        )
    except Resident.DoesNotExist:
        raise Http404 from None


def resident_header(user: Professional, resident: Resident, *, via: str) -> Record:
    """The resident's name for a page about them, recorded."""
    reading = Reading(user=user, via=via)
    record = reading.record(
        resident,
        about=subject_of(resident),
        readable={Category.IDENTITY},
        fields=("full_name",),
    )
    reading.finish(scope.basis_for(user))
    assert record is not None
    return record
