"""Reads of residents: search, and the resident's file.

The file is loaded with a fixed number of queries (prefetches), whatever the number of
trajectories, actions, meetings or contacts, and every load is recorded in the audit
trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404

from meedoen.core import audit, crypto
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.journeys.models import (
    Contact,
    Handover,
    Stage,
    StageTransition,
    Trajectory,
)
from meedoen.meetings.models import AgendaItem
from meedoen.organisations.models import Professional
from meedoen.plans.models import Action, Goal
from meedoen.privacy import scope
from meedoen.privacy.categories import restrict_trajectory
from meedoen.residents.models import HouseholdMember, Resident
from meedoen.residents.services import bsn_clean, postcode_clean

SEARCH_LIMIT = 50
POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")


def resident_search(
    user: Professional, query: str, *, via: str = "search"
) -> list[Resident]:
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
        for term in query.split():
            qs = qs.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(postcode__iexact=term)
            )
    rows = list(qs.order_by("last_name", "first_name")[:SEARCH_LIMIT])
    scope.record_list(user=user, residents=rows, via=via)
    return rows


@dataclass
class TimelineEntry:
    on: date
    kind: str
    text: str
    trajectory: Trajectory


@dataclass
class ResidentFile:
    resident: Resident
    household_members: list[HouseholdMember]
    trajectories: list[Trajectory]
    timeline: list[TimelineEntry] = field(default_factory=list)


def _trajectory_prefetches() -> list[Any]:
    active = scope.active_memberships()
    return [
        Prefetch("template__stages", queryset=Stage.objects.order_by("order")),
        Prefetch(
            "team",
            queryset=active.select_related(
                "professional", "organisation", "consent"
            ).order_by("joined_on"),
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
            ),
        ),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("meeting").prefetch_related(
                "decisions"
            ),
        ),
        Prefetch("contacts", queryset=Contact.objects.select_related("professional")),
        Prefetch(
            "handovers",
            queryset=Handover.objects.select_related(
                "to_professional__organisation", "offered_by"
            ),
        ),
    ]


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
    trajectories = list(
        scope.visible_trajectories(user)
        .filter(resident=resident)
        .select_related(
            "stage", "template", "coordinator__organisation", "plan", "household"
        )
        .prefetch_related(*_trajectory_prefetches())
        .order_by("-started_on")
    )
    members = list(
        HouseholdMember.objects.filter(household__members__resident=resident)
        .select_related("resident", "household__coordinator")
        .order_by("relation", "resident__birth_date")
    )
    # Categories per role and data item: health goals only for roles with a basis for
    # health data, notes not for team leads, and so on (meedoen.privacy.categories).
    role_cats = scope.role_categories(user.role)
    shown: set[str] = set()
    for trajectory in trajectories:
        readable = scope.categories_for(user, trajectory, role_cats)
        shown |= restrict_trajectory(trajectory, readable)
    audit.record(
        user=user,
        residents=[resident],
        action=AccessEvent.Action.READ,
        via=via,
        basis=scope.basis_for_resident(user, resident),
        categories=sorted(shown or {Category.IDENTITY}),
    )
    return ResidentFile(
        resident=resident,
        household_members=members,
        trajectories=trajectories,
        timeline=_timeline(trajectories),
    )


def _timeline(trajectories: list[Trajectory]) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for t in trajectories:
        for tr in t.transitions.all():
            entries.append(TimelineEntry(tr.moved_on, "stage", str(tr.to_stage), t))
        for c in t.contacts.all():
            entries.append(
                TimelineEntry(c.contact_on, "contact", c.get_kind_display(), t)
            )
        for item in t.agenda_items.all():
            entries.append(
                TimelineEntry(
                    item.meeting.starts_at.date(), "meeting", str(item.meeting), t
                )
            )
        for a in t.plan.actions.all():
            if a.done_on:
                entries.append(
                    TimelineEntry(a.done_on, "action_done", a.description, t)
                )
        if t.plan.agreed_on:
            entries.append(TimelineEntry(t.plan.agreed_on, "plan_agreed", "", t))
    entries.sort(key=lambda e: e.on, reverse=True)
    return entries
