"""The resident's right of access (AVG art. 15): everything held on one resident.

``access_request`` collects the data, grouped by category of personal data
(``meedoen.privacy.models.Category``), plus the audit trail of who accessed the file.
Only this resident's data is included: of other household members only name and
relation, of meetings only this resident's agenda items (never the minutes or the
agenda items of others).

``access_request_json`` and ``access_request_pdf`` turn the collection into a
machine-readable file (UTF-8 JSON, ISO dates) and a readable Dutch PDF (WeasyPrint).
The export itself is recorded in the audit trail as an EXPORT of every category.

For the web: ``access_request_file(user, resident_id, fmt)`` checks that the user is a
privacy officer of the resident's municipality and returns a ready file.
"""

from __future__ import annotations

import calendar
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from meedoen.core import audit
from meedoen.core.categories import Category, domain_category
from meedoen.core.models import AccessEvent
from meedoen.journeys.models import (
    CaseTeamMember,
    Contact,
    Handover,
    StageTransition,
    Trajectory,
)
from meedoen.meetings.models import AgendaItem
from meedoen.organisations.models import Professional
from meedoen.plans.models import Action, Goal
from meedoen.privacy.models import Consent, EmergencyAccess, ShareBasis
from meedoen.privacy_office.selectors import require_privacy_officer
from meedoen.residents.models import HouseholdMember, Resident

FORMAT_VERSION = 1
VIA = "access_request"
VIA_COMMAND = "command:access_request"
BASIS = "access_request (AVG art. 15)"

# Plain Dutch labels: the document is for the resident, whatever language is active.
CATEGORY_TITLES: dict[str, str] = {
    Category.IDENTITY: "Wie u bent en hoe wij u bereiken",
    Category.INCOME: "Inkomen en schulden",
    Category.WORK: "Werk, opleiding en dagbesteding",
    Category.HEALTH: "Gezondheid en zorg",
    Category.JUSTICE: "Justitie",
    Category.NOTES: "Gespreksverslagen en overleggen",
    Category.PLAN: "Uw traject en plan",
}
ACTION_LABELS: dict[str, str] = {
    AccessEvent.Action.LIST: "gezien in een lijst",
    AccessEvent.Action.READ: "ingezien",
    AccessEvent.Action.WRITE: "gewijzigd",
    AccessEvent.Action.EXPORT: "geëxporteerd",
}
RELATION_LABELS: dict[str, str] = {
    HouseholdMember.Relation.HEAD: "hoofd van het huishouden",
    HouseholdMember.Relation.PARTNER: "partner",
    HouseholdMember.Relation.CHILD: "kind",
    HouseholdMember.Relation.PARENT: "ouder",
    HouseholdMember.Relation.OTHER: "ander lid van het huishouden",
}
CONTACT_LABELS: dict[str, str] = {
    Contact.Kind.HOME_VISIT: "huisbezoek",
    Contact.Kind.OFFICE: "gesprek op kantoor",
    Contact.Kind.PHONE: "telefoongesprek",
    Contact.Kind.MEETING: "aan tafel",
    Contact.Kind.WALK_IN: "inloop",
}
GOAL_STATUS: dict[str, str] = {
    "active": "mee bezig",
    "reached": "bereikt",
    "dropped": "niet meer",
}
ACTION_STATUS: dict[str, str] = {
    "open": "nog te doen",
    "done": "gedaan",
    "cancelled": "vervallen",
}
HANDOVER_STATUS: dict[str, str] = {
    "offered": "aangeboden",
    "accepted": "aangenomen",
    "declined": "afgewezen",
}
CLOSURE_LABELS: dict[str, str] = {
    "completed": "traject afgerond",
    "withdrawn": "aanvraag ingetrokken",
    "moved": "verhuisd",
    "dropped_out": "gestopt met meedoen",
    "other": "andere reden",
}
HISTORY_TYPES: dict[str, str] = {"+": "toegevoegd", "~": "gewijzigd", "-": "verwijderd"}
SYSTEM = "systeem (geautomatiseerde opdracht)"


def _name(user: Any) -> str:
    return str(user) if user is not None else SYSTEM


def _organisation(user: Any) -> str:
    org = getattr(user, "organisation", None)
    return str(org) if org is not None else ""


def one_month_after(day: date) -> date:
    """The same day a month later (the last day of the month where it has fewer)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _history(model: Any, plan_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    history = (
        model.history.filter(plan_id__in=plan_ids)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for h in history:
        rows[h.id].append(
            {
                "at": h.history_date,
                "change": HISTORY_TYPES.get(h.history_type, h.history_type),
                "by": _name(h.history_user) if h.history_user_id else "",
                "description": h.description,
                "status": h.status,
            }
        )
    return rows


def _identity(resident: Resident) -> dict[str, Any]:
    membership = (
        HouseholdMember.objects.filter(resident=resident)
        .select_related("household__coordinator")
        .first()
    )
    household: dict[str, Any] | None = None
    if membership is not None:
        others = (
            HouseholdMember.objects.filter(household_id=membership.household_id)
            .exclude(resident=resident)
            .select_related("resident")
            .order_by("pk")
        )
        household = {
            "name": membership.household.name,
            "your_relation": RELATION_LABELS.get(
                membership.relation, membership.relation
            ),
            "coordinator": _name(membership.household.coordinator)
            if membership.household.coordinator_id
            else "",
            # Of the others only name and relation: their data is theirs.
            "members": [
                {
                    "name": m.resident.full_name,
                    "relation": RELATION_LABELS.get(m.relation, m.relation),
                }
                for m in others
            ],
        }
    return {
        "resident_id": resident.pk,
        "first_name": resident.first_name,
        "name_prefix": resident.name_prefix,
        "last_name": resident.last_name,
        "birth_date": resident.birth_date,
        "bsn": resident.bsn,
        "phone": resident.phone,
        "email": resident.email,
        "street": resident.street,
        "house_number": resident.house_number,
        "postcode": resident.postcode,
        "city": resident.city,
        "neighbourhood": str(resident.neighbourhood) if resident.neighbourhood else "",
        "municipality": str(resident.municipality),
        "registered_at": resident.created_at,
        "household": household,
    }


def _team_member(m: CaseTeamMember) -> dict[str, Any]:
    if m.basis == ShareBasis.CONSENT:
        basis = f"uw toestemming (#{m.consent_id})"
    else:
        basis = f"wettelijke taak: {m.organisation.legal_task or m.organisation}"
    return {
        "professional": _name(m.professional),
        "organisation": str(m.organisation),
        "basis": basis,
        "basis_code": m.basis,
        "consent_id": m.consent_id,
        "joined_on": m.joined_on,
        "ended_on": m.ended_on,
    }


def _trajectory(
    t: Trajectory,
    transitions: list[StageTransition],
    team: list[CaseTeamMember],
    handovers: list[Handover],
) -> dict[str, Any]:
    plan = getattr(t, "plan", None)
    return {
        "trajectory_id": t.pk,
        "journey": str(t.template),
        "stages": [s.name for s in t.template.stages.order_by("order")],
        "current_stage": str(t.stage),
        "in_stage_since": t.stage_entered_on,
        "started_on": t.started_on,
        "closed_on": t.closed_on,
        "closure_reason": CLOSURE_LABELS.get(t.closure_reason, t.closure_reason),
        "reason": t.reason,
        "coordinator": t.coordinator.label,
        "last_contact_on": t.last_contact_on,
        "transitions": [
            {
                "from_stage": str(tr.from_stage) if tr.from_stage_id else "",
                "to_stage": str(tr.to_stage),
                "moved_on": tr.moved_on,
                "moved_by": _name(tr.moved_by),
                "reason": tr.reason,
            }
            for tr in transitions
        ],
        "case_team": [_team_member(m) for m in team],
        "handovers": [
            {
                "offered_on": h.offered_on,
                "offered_by": _name(h.offered_by),
                "to_professional": h.to_professional.label,
                "status": HANDOVER_STATUS.get(h.status, h.status),
                "decided_on": h.decided_on,
                "note": h.note,
                "decline_reason": h.decline_reason,
            }
            for h in handovers
        ],
        "plan": {
            "version": plan.version,
            "agreed_on": plan.agreed_on,
            "agreed_version": plan.agreed_version,
            "agreement_note": plan.agreement_note,
        }
        if plan is not None
        else None,
    }


# Categories whose plan goals and actions are sorted in by life domain.
GOAL_CATEGORIES = (
    Category.INCOME,
    Category.WORK,
    Category.HEALTH,
    Category.JUSTICE,
    Category.PLAN,
)


def _empty_category(code: str) -> dict[str, Any]:
    section: dict[str, Any] = {"code": code, "title": CATEGORY_TITLES[code]}
    if code in GOAL_CATEGORIES:
        section.update(goals=[], actions=[])
    return section


def _collect(resident: Resident) -> dict[str, Any]:
    categories: dict[str, dict[str, Any]] = {
        code: _empty_category(code) for code in Category.values
    }
    categories[Category.IDENTITY].update(_identity(resident))

    trajectories = list(
        Trajectory.objects.filter(resident=resident)
        .select_related("template", "stage", "coordinator__organisation", "plan")
        .order_by("started_on", "pk")
    )
    ids = [t.pk for t in trajectories]
    by_trajectory: dict[str, dict[int, list[Any]]] = {
        key: defaultdict(list) for key in ("transitions", "team", "handovers")
    }
    for tr in StageTransition.objects.filter(trajectory_id__in=ids).select_related(
        "from_stage", "to_stage", "moved_by"
    ):
        by_trajectory["transitions"][tr.trajectory_id].append(tr)
    for m in (
        CaseTeamMember.objects.filter(trajectory_id__in=ids)
        .select_related("professional", "organisation")
        .order_by("joined_on", "pk")
    ):
        by_trajectory["team"][m.trajectory_id].append(m)
    for h in Handover.objects.filter(trajectory_id__in=ids).select_related(
        "offered_by", "to_professional__organisation"
    ):
        by_trajectory["handovers"][h.trajectory_id].append(h)
    plan_section = categories[Category.PLAN]
    plan_section["trajectories"] = [
        _trajectory(
            t,
            by_trajectory["transitions"][t.pk],
            by_trajectory["team"][t.pk],
            by_trajectory["handovers"][t.pk],
        )
        for t in trajectories
    ]
    plan_section["consents"] = [
        {
            "consent_id": c.pk,
            "purpose": c.purpose,
            "organisations": [str(o) for o in c.recipients.all()],
            "valid_from": c.valid_from,
            "valid_until": c.valid_until,
            "recorded_by": _name(c.recorded_by),
            "recorded_at": c.recorded_at,
            "withdrawn_on": c.withdrawn_on,
        }
        for c in Consent.objects.filter(resident=resident)
        .select_related("recorded_by")
        .prefetch_related("recipients")
    ]

    # Goals and actions, each in the category of its life domain, with full history.
    plan_ids = [t.plan.pk for t in trajectories if getattr(t, "plan", None)]
    goal_history = _history(Goal, plan_ids)
    action_history = _history(Action, plan_ids)
    goals = {g.pk: g for g in Goal.objects.filter(plan_id__in=plan_ids)}
    goal_domains = {g.pk: g.life_domain for g in goals.values()}
    for goal_id, rows in sorted(goal_history.items()):
        goal = goals.get(goal_id)
        last = rows[-1]
        domain = goal.life_domain if goal else None
        if goal is None:  # deleted since: it survives only in the history
            record = Goal.history.filter(id=goal_id).order_by("-history_date").first()
            domain = record.life_domain if record else None
            goal_domains[goal_id] = domain or ""
        categories[domain_category(domain)]["goals"].append(
            {
                "goal_id": goal_id,
                "life_domain": domain,
                "description": goal.description if goal else last["description"],
                "status": GOAL_STATUS.get(goal.status, goal.status)
                if goal
                else "verwijderd",
                "history": [
                    {**r, "status": GOAL_STATUS.get(r["status"], r["status"])}
                    for r in rows
                ],
            }
        )
    for goal in goals.values():
        if goal.pk not in goal_history:
            categories[domain_category(goal.life_domain)]["goals"].append(
                {
                    "goal_id": goal.pk,
                    "life_domain": goal.life_domain,
                    "description": goal.description,
                    "status": GOAL_STATUS.get(goal.status, goal.status),
                    "history": [],
                }
            )
    actions = {
        a.pk: a
        for a in Action.objects.filter(plan_id__in=plan_ids).select_related(
            "owner_professional__organisation", "owner_organisation"
        )
    }
    for action_id in sorted(set(actions) | set(action_history)):
        action = actions.get(action_id)
        rows = action_history.get(action_id, [])
        action_goal: int | None = action.goal_id if action else None
        if action is None:
            record = (
                Action.history.filter(id=action_id).order_by("-history_date").first()
            )
            action_goal = record.goal_id if record else None
        domain = goal_domains.get(action_goal) if action_goal else None
        categories[domain_category(domain)]["actions"].append(
            {
                "action_id": action_id,
                "goal_id": action_goal,
                "description": action.description
                if action
                else rows[-1]["description"],
                "who": action.owner_label if action else "",
                "due_on": action.due_on if action else None,
                "status": ACTION_STATUS.get(action.status, action.status)
                if action
                else "verwijderd",
                "done_on": action.done_on if action else None,
                "history": [
                    {**r, "status": ACTION_STATUS.get(r["status"], r["status"])}
                    for r in rows
                ],
            }
        )

    notes = categories[Category.NOTES]
    notes["contacts"] = [
        {
            "trajectory_id": c.trajectory_id,
            "date": c.contact_on,
            "kind": CONTACT_LABELS.get(c.kind, c.kind),
            "professional": _name(c.professional),
            "summary": c.summary,
        }
        for c in Contact.objects.filter(trajectory_id__in=ids)
        .select_related("professional")
        .order_by("contact_on", "pk")
    ]
    # Only this resident's agenda items: never the minutes or other residents' items.
    notes["meetings"] = [
        {
            "trajectory_id": item.trajectory_id,
            "meeting": item.meeting.title,
            "starts_at": item.meeting.starts_at,
            "place": item.meeting.place,
            "question": item.question,
            "resident_present": item.resident_present,
            "notes": item.notes,
            "decisions": [
                {"text": d.text, "recorded_at": d.created_at}
                for d in item.decisions.all()
            ],
        }
        for item in AgendaItem.objects.filter(trajectory_id__in=ids)
        .select_related("meeting")
        .prefetch_related("decisions")
        .order_by("meeting__starts_at", "pk")
    ]

    access = {
        "emergency_accesses": [
            {
                "professional": _name(e.professional),
                "organisation": _organisation(e.professional),
                "reason": e.reason,
                "granted_at": e.granted_at,
                "expires_at": e.expires_at,
                "reviewed_at": e.reviewed_at,
                "reviewed_by": _name(e.reviewed_by) if e.reviewed_by_id else "",
            }
            for e in EmergencyAccess.objects.filter(resident=resident).select_related(
                "professional__organisation", "reviewed_by"
            )
        ],
        "events": [
            {
                "at": e.at,
                "professional": _name(e.professional),
                "organisation": _organisation(e.professional),
                "action": ACTION_LABELS.get(e.action, e.action),
                "action_code": e.action,
                "category": CATEGORY_TITLES.get(e.category, e.category),
                "category_code": e.category,
                "basis": e.basis,
                "via": e.via,
            }
            for e in AccessEvent.objects.filter(resident_id=resident.pk)
            .select_related("professional__organisation")
            .order_by("seq")
        ],
    }
    return {"categories": categories, "access": access}


def access_request(
    resident: Resident,
    *,
    requested_by: Professional | None = None,
    received_on: date | None = None,
    via: str = VIA,
) -> dict[str, Any]:
    """Everything held on ``resident``, grouped by category, with the audit trail.

    ``received_on`` is the day the request came in (today by default): the answer is
    due within one month of it (AVG art. 12 lid 3). The export is recorded as an
    EXPORT of every category; with ``requested_by`` None it counts as a system action.
    """
    now = timezone.now()
    received_on = received_on or timezone.localdate()
    with transaction.atomic():
        collected = _collect(resident)
        audit.record(
            user=requested_by,
            residents=[resident],
            action=AccessEvent.Action.EXPORT,
            via=via,
            basis=BASIS,
            categories=Category.values,
        )
    return {
        "meta": {
            "format_version": FORMAT_VERSION,
            "resident_id": resident.pk,
            "municipality": str(resident.municipality),
            "produced_at": now,
            "request_received_on": received_on,
            "answer_due_on": one_month_after(received_on),
            "legal_basis": "AVG art. 15 (recht op inzage)",
            "category_codes": list(Category.values),
        },
        **collected,
    }


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def access_request_json(data: dict[str, Any]) -> bytes:
    """Machine-readable: UTF-8 JSON, dates and times in ISO 8601."""
    return json.dumps(data, default=_default, ensure_ascii=False, indent=2).encode(
        "utf-8"
    )


def access_request_pdf(data: dict[str, Any]) -> bytes:
    """A readable Dutch document, one heading per category."""
    # WeasyPrint reports every layout step at INFO; keep command output readable.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import: only when a PDF is made

    categories = data["categories"]
    context = {
        "data": data,
        "meta": data["meta"],
        "identity": categories[Category.IDENTITY],
        "plan": categories[Category.PLAN],
        # The plan's own goals first (under the plan heading), then one heading each.
        "goal_sections": [categories[Category.PLAN]]
        + [categories[c] for c in GOAL_CATEGORIES if c != Category.PLAN],
        "notes": categories[Category.NOTES],
        "access": data["access"],
        "titles": CATEGORY_TITLES,
    }
    with translation.override("nl"):
        html = render_to_string("privacy_office/access_request_pdf.html", context)
    return bytes(HTML(string=html).write_pdf())


@dataclass
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def access_request_file(user: Any, resident_id: int, fmt: str = "pdf") -> ExportFile:
    """For the web: a privacy officer produces the access export of a resident of
    their own municipality. 404 for residents of other municipalities (existence must
    not leak), PermissionDenied for any other role."""
    if fmt not in ("json", "pdf"):
        raise Http404
    municipality_id = require_privacy_officer(user)
    try:
        resident = Resident.objects.select_related("municipality", "neighbourhood").get(
            pk=resident_id, municipality_id=municipality_id
        )
    except Resident.DoesNotExist:
        raise Http404 from None
    data = access_request(resident, requested_by=user, via=VIA)
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        return ExportFile(
            f"inzage-{resident.pk}-{stamp}.json",
            "application/json; charset=utf-8",
            access_request_json(data),
        )
    return ExportFile(
        f"inzage-{resident.pk}-{stamp}.pdf", "application/pdf", access_request_pdf(data)
    )
