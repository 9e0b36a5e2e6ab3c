"""The caseload: the open trajectories a professional personally works on, with their
signals (overdue actions, no contact for weeks, longer in a stage than its norm, no
one on the team with the stage's responsible role, a hand-over waiting longer than the
organisations agreed).

It lives in the case file because its signals come from several domains (the journey,
the plan, and measurements). Every query starts from ``meedoen.privacy.scope`` and the
page runs a fixed number of queries (the visible ids, then their signals), whatever the number of residents or actions.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from meedoen.core import trajectory_signals
from meedoen.core.readmodel import Record
from meedoen.journeys.models import Agreement, Handover, Trajectory
from meedoen.journeys.selectors import trajectory_rows
from meedoen.measurements.window import follow_up_min_days
from meedoen.organisations.models import Professional
from meedoen.plans.models import Action
from meedoen.privacy import scope


def no_contact_since(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today - timedelta(days=settings.MEEDOEN_NO_CONTACT_DAYS)


def _with_signals(qs: QuerySet[Trajectory], today: date) -> QuerySet[Trajectory]:
    cutoff = no_contact_since(today)
    # Without any contact, count from the start; a plain OR would give NULL, not False.
    qs = qs.alias(last_seen_on=Coalesce("last_contact_on", "started_on"))
    return qs.annotate(
        overdue_actions=Count(
            "plan__actions",
            filter=Q(
                plan__actions__status=Action.Status.OPEN,
                plan__actions__due_on__lt=today,
            ),
        ),
        open_actions=Count(
            "plan__actions", filter=Q(plan__actions__status=Action.Status.OPEN)
        ),
    ).annotate(
        # Booleans computed in the database so the caseload can filter on them.
        has_no_contact=Q(last_seen_on__lt=cutoff),
        is_stuck=Q(stage_due_on__lt=today),
        # The stage's responsible role (the journey as designed) has nobody on the
        # case team.
        # A ladder baseline old enough for its follow-up, and no measurement since
        # that counts as one (measurements.window).
        follow_up_due=Q(
            ladder__baseline_on__lte=today - timedelta(days=follow_up_min_days()),
            ladder__latest_on__lt=ExpressionWrapper(
                F("ladder__baseline_on") + timedelta(days=follow_up_min_days()),
                output_field=DateField(),
            ),
        ),
        role_missing=~Exists(
            scope.active_memberships(today).filter(
                trajectory=OuterRef("pk"),
                professional__role=OuterRef("stage__responsible_role"),
            )
        ),
    )


SIGNALS = (
    "overdue",
    "no_contact",
    "stuck",
    "follow_up",
    "no_role",
    "handover_late",
)
# Most urgent first: overdue actions, then the longest past the stage norm.
CASELOAD_ORDER: list[str] = ["-overdue_actions", "stage_due_on", "resident__sort_key"]


def caseload_page(
    user: Professional, *, signal: str = "", via: str = "caseload"
) -> tuple[list[Record], dict[str, int]]:
    """The caseload filtered on one signal, with the count of every signal over the
    whole caseload. One query; only the rows shown are recorded as seen."""
    today = timezone.localdate()
    # The ids first (a few dozen, through the index on the user's memberships), then
    # the signals for exactly those: joined to the signals' eight tables in one
    # statement, the planner built the signals for every open trajectory of the city
    # before it looked at the user's (190 ms at 100,000 residents).
    ids = list(
        scope.visible_trajectories(user)
        .filter(
            closed_on__isnull=True,
            pk__in=scope.active_memberships(today)
            .filter(professional=user)
            .values("trajectory_id"),
        )
        .order_by()
        .values_list("pk", flat=True)
    )
    qs = Trajectory.objects.filter(pk__in=ids)
    rows = list(
        _with_signals(qs, today)
        .select_related("resident", "stage", "coordinator__organisation")
        .order_by(*CASELOAD_ORDER)
    )
    late = late_handovers([t.pk for t in rows], today)
    for t in rows:
        t.handover_late = t.pk in late  # type: ignore[attr-defined]
    tests: dict[str, Any] = {
        "overdue": lambda t: t.overdue_actions > 0,
        "no_contact": lambda t: bool(t.has_no_contact),
        "stuck": lambda t: bool(t.is_stuck),
        "follow_up": lambda t: bool(t.follow_up_due),
        "no_role": lambda t: bool(t.role_missing),
        "handover_late": lambda t: t.handover_late,
    }
    # Signals of the apps above the case file (the social map's late referrals).
    for extra in trajectory_signals.registered():
        found = extra.find([t.pk for t in rows], today)
        tests[extra.name] = lambda t, ids=found: t.pk in ids
    for t in rows:
        t.extra_signals = [  # type: ignore[attr-defined]
            str(extra.label)
            for extra in trajectory_signals.registered()
            if tests[extra.name](t)
        ]
    counts = {name: sum(1 for t in rows if test(t)) for name, test in tests.items()}
    counts["all"] = len(rows)
    if signal in tests:
        rows = [t for t in rows if tests[signal](t)]
    records = trajectory_rows(
        user,
        rows,
        via=via,
        annotations=(
            "overdue_actions",
            "open_actions",
            "has_no_contact",
            "is_stuck",
            "role_missing",
            "handover_late",
            "follow_up_due",
            "extra_signals",
        ),
    )
    return records, counts


def late_handovers(trajectory_ids: list[int], today: date) -> set[int]:
    """Trajectories with a hand-over waiting longer than the receiving organisation
    agreed to answer in (``journeys.Agreement``): one query."""
    if not trajectory_ids:
        return set()
    agreed = (
        Agreement.objects.filter(
            template=OuterRef("trajectory__template"),
            organisation=OuterRef("to_professional__organisation"),
            handover_response_days__isnull=False,
        )
        .order_by("handover_response_days")
        .values("handover_response_days")[:1]
    )
    rows = (
        Handover.objects.filter(
            trajectory_id__in=trajectory_ids, status=Handover.Status.OFFERED
        )
        .annotate(agreed_days=Subquery(agreed))
        .filter(agreed_days__isnull=False)
        .values_list("trajectory_id", "offered_on", "agreed_days")
    )
    return {
        trajectory_id
        for trajectory_id, offered_on, days in rows
        if offered_on + timedelta(days=int(days)) < today
    }


def caseload(
    user: Professional, *, signal: str = "", via: str = "caseload"
) -> list[Record]:
    """The open trajectories the user personally works on, with their signals."""
    return caseload_page(user, signal=signal, via=via)[0]
