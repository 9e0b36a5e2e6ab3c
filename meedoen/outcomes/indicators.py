"""Outcome indicators, computed in the database.

Every function takes a ``Population`` (the user's municipality, optionally narrowed to
a neighbourhood, a team, a coach or a journey template) and an intake cohort: the
trajectories *started* between ``start`` and ``end`` (both inclusive). Each indicator
is one aggregate query (counts with a ``FILTER``/``CASE``, ``IN`` subqueries for
work and education) over Trajectory, LadderProgress and WorkRecord: nothing loops over
trajectories in Python, so the figures cost the same few queries at 500 or 100,000
trajectories.

The unit of counting is the **resident**: a resident with two trajectories in one
cohort counts once in reach and once (at most) in every numerator and denominator.

Window rules:

- *step forward within six months*: the trajectory's LadderProgress has a six-month
  follow-up rung higher than its baseline rung. The measurement services keep
  ``six_month_rung`` as the last confirmed rung dated at least
  ``MEEDOEN_FOLLOW_UP_MIN_DAYS`` after the baseline and within six calendar months of
  the start (``meedoen.measurements.window``), so the window is theirs and these
  queries stay plain aggregates. Denominator: residents with both a baseline and a
  six-month follow-up.
- *paid work of 16+ hours* / *started education*: a WorkRecord of that kind (paid work:
  ``hours_per_week >= 16``) whose ``started_on`` lies on or after the trajectory's start
  and on or before the end of the period. Work that began before the trajectory does not
  count (it is not an outcome of it). Denominator: reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Lead
from django.utils import timezone

from meedoen.journeys.models import ClosureReason, Stage, StageTransition, Trajectory
from meedoen.measurements.models import WorkRecord
from meedoen.organisations.models import Professional
from meedoen.privacy.scope import active_memberships

PAID_WORK_MIN_HOURS = 16
STOP_REASONS = (ClosureReason.DROPPED_OUT, ClosureReason.WITHDRAWN)


@dataclass(frozen=True)
class Population:
    municipality_id: int
    start: date
    end: date
    neighbourhood_id: int | None = None
    team_id: int | None = None
    coach_id: int | None = None
    template_id: int | None = None
    # A team lead's own teams: the population never reaches outside them.
    within_team_ids: tuple[int, ...] | None = field(default=None)


# Who reads outcome figures: aggregates only, never residents' files.
READERS = (Professional.Role.POLICY_ADVISER, Professional.Role.TEAM_LEAD)


def require_reader(user: Any) -> int:
    """The municipality whose figures the user reads; PermissionDenied for roles that
    do not read outcomes."""
    municipality_id = getattr(user, "municipality_id", None)
    if getattr(user, "role", None) not in READERS or not municipality_id:
        raise PermissionDenied
    return int(municipality_id)


def population_for(
    user: Any,
    *,
    start: date,
    end: date,
    neighbourhood_id: int | None = None,
    team_id: int | None = None,
    coach_id: int | None = None,
    template_id: int | None = None,
) -> Population:
    """The population a user may see figures of: PermissionDenied for roles that do
    not read outcomes; always the user's own municipality; a team lead never beyond
    their own teams. Every entry point (page, downloads, research export) builds its
    population here."""
    municipality_id = require_reader(user)
    within = None
    if user.role == Professional.Role.TEAM_LEAD:
        within = tuple(user.teams.values_list("pk", flat=True))
    return Population(
        municipality_id=municipality_id,
        start=start,
        end=end,
        neighbourhood_id=neighbourhood_id,
        team_id=team_id,
        coach_id=coach_id,
        template_id=template_id,
        within_team_ids=within,
    )


def trajectories(pop: Population) -> QuerySet[Trajectory]:
    """The cohort: trajectories of the municipality started within the period."""
    qs = Trajectory.objects.filter(
        municipality_id=pop.municipality_id,
        started_on__gte=pop.start,
        started_on__lte=pop.end,
    )
    if pop.neighbourhood_id is not None:
        qs = qs.filter(resident__neighbourhood_id=pop.neighbourhood_id)
    if pop.template_id is not None:
        qs = qs.filter(template_id=pop.template_id)
    if pop.coach_id is not None:
        qs = qs.filter(coordinator_id=pop.coach_id)
    if pop.team_id is not None:
        qs = qs.filter(
            coordinator_id__in=Professional.objects.filter(teams=pop.team_id).values(
                "pk"
            )
        )
    if pop.within_team_ids is not None:
        qs = qs.filter(
            coordinator_id__in=Professional.objects.filter(
                teams__in=pop.within_team_ids
            ).values("pk")
        )
    return qs.order_by()


def with_work(kind: str, end: date) -> Q:
    """Trajectories with a work or education record of ``kind`` that started within
    the window. A non-correlated ``IN (subquery)``: the database computes the set once
    (hashed on PostgreSQL, an ephemeral index on SQLite) instead of probing work records
    for every trajectory, which made the report crawl at 100,000 trajectories."""
    records = WorkRecord.objects.filter(
        kind=kind,
        started_on__gte=F("trajectory__started_on"),
        started_on__lte=end,
    )
    if kind == WorkRecord.Kind.PAID_WORK:
        records = records.filter(hours_per_week__gte=PAID_WORK_MIN_HOURS)
    return Q(pk__in=records.values("trajectory_id"))


def _resident_counts(end: date) -> dict[str, Any]:
    resident = "resident_id"
    return {
        "reach": Count(resident, distinct=True),
        "measured": Count(
            resident,
            distinct=True,
            filter=Q(ladder__six_month_rung__isnull=False),
        ),
        "stepped": Count(
            resident,
            distinct=True,
            filter=Q(ladder__six_month_rung__gt=F("ladder__baseline_rung")),
        ),
        "paid_work": Count(
            resident,
            distinct=True,
            filter=with_work(WorkRecord.Kind.PAID_WORK, end),
        ),
        "education": Count(
            resident,
            distinct=True,
            filter=with_work(WorkRecord.Kind.EDUCATION, end),
        ),
    }


def headline(pop: Population) -> dict[str, int]:
    """Reach, step forward (with its denominator), paid work 16+, education: counts of
    residents, in one query."""
    return trajectories(pop).aggregate(**_resident_counts(pop.end))


def by_coach(pop: Population) -> list[dict[str, Any]]:
    """The same counts per coach (the trajectory's coordinator)."""
    rows = (
        trajectories(pop)
        .values("coordinator_id", "coordinator__first_name", "coordinator__last_name")
        .annotate(**_resident_counts(pop.end))
        .order_by("coordinator__last_name", "coordinator__first_name", "coordinator_id")
    )
    return [
        {
            **row,
            "label": " ".join(
                p
                for p in (row["coordinator__first_name"], row["coordinator__last_name"])
                if p
            ),
        }
        for row in rows
    ]


def by_neighbourhood(pop: Population) -> list[dict[str, Any]]:
    """The same counts per neighbourhood of the resident."""
    rows = (
        trajectories(pop)
        .values("resident__neighbourhood_id", "resident__neighbourhood__name")
        .annotate(**_resident_counts(pop.end))
        .order_by("resident__neighbourhood__name")
    )
    return [{**row, "label": row["resident__neighbourhood__name"]} for row in rows]


def stage_durations(pop: Population, today: date | None = None) -> list[dict[str, Any]]:
    """Per stage: the number of stays and the total days spent in it.

    A stay starts with a StageTransition into the stage and ends at the trajectory's
    next transition; for the current stage it ends at the closing date, or today while
    the trajectory is open. The next transition is LEAD() over the trajectory's
    transitions: one pass over them (a correlated "next transition" subquery per
    transition took most of a second at a million residents). Two queries: the stages,
    then one aggregate per stage over the window."""
    today = today or timezone.localdate()
    stages = list(
        Stage.objects.filter(template__municipality_id=pop.municipality_id)
        .order_by("template_id", "order")
        .values_list("pk", "name", "order")
    )
    if not stages:
        return []
    next_move = Window(
        Lead("moved_on"),
        partition_by=[F("trajectory_id")],
        order_by=[F("moved_on").asc(), F("pk").asc()],
    )
    left = Coalesce(
        next_move,
        F("trajectory__closed_on"),
        Value(today, output_field=DateField()),
        output_field=DateField(),
    )
    rows = StageTransition.objects.filter(
        trajectory_id__in=trajectories(pop).values("pk")
    ).annotate(
        days=ExpressionWrapper(left - F("moved_on"), output_field=DurationField())
    )
    figures = rows.aggregate(
        **{
            f"stays_{pk}": Count("pk", filter=Q(to_stage_id=pk))
            for pk, _name, _order in stages
        },
        **{
            f"total_{pk}": Sum("days", filter=Q(to_stage_id=pk))
            for pk, _name, _order in stages
        },
    )
    result = []
    for pk, name, order in stages:
        stays = figures[f"stays_{pk}"]
        if not stays:
            continue
        total = figures[f"total_{pk}"]
        if not isinstance(total, timedelta):  # some backends answer in microseconds
            total = timedelta(microseconds=int(total or 0))
        result.append(
            {
                "stage": name,
                "order": order,
                "stays": stays,
                "days": total.total_seconds() / 86400,
            }
        )
    return result


def stops(pop: Population) -> list[dict[str, Any]]:
    """Where residents stop: trajectories closed because the resident dropped out or
    withdrew, per stage they were in when it closed."""
    rows: Any = (
        trajectories(pop)
        .filter(closure_reason__in=STOP_REASONS, closed_on__isnull=False)
        .values("stage__name", "stage__order", "stage__template_id")
        .annotate(
            dropped_out=Count("pk", filter=Q(closure_reason=ClosureReason.DROPPED_OUT)),
            withdrawn=Count("pk", filter=Q(closure_reason=ClosureReason.WITHDRAWN)),
            total=Count("pk"),
        )
        .order_by("stage__template_id", "stage__order")
    )
    return list(rows)


def case_team_size(pop: Population, today: date | None = None) -> dict[str, int]:
    """Professionals per household: memberships in force at the start (joined on or
    before the start date) over all trajectories, and active memberships today over the
    trajectories still open."""
    today = today or timezone.localdate()
    cohort = trajectories(pop)
    start = cohort.aggregate(
        trajectories=Count("pk", distinct=True),
        members_at_start=Count(
            "team", distinct=True, filter=Q(team__joined_on__lte=F("started_on"))
        ),
        open=Count("pk", distinct=True, filter=Q(closed_on__isnull=True)),
        returns=Count("pk", distinct=True, filter=Q(is_return=True)),
    )
    now = (
        active_memberships(today)
        .filter(trajectory_id__in=cohort.filter(closed_on__isnull=True).values("pk"))
        .count()
    )
    return {**start, "members_now": now}


def front_door(pop: Population) -> dict[str, int] | None:
    """Questions and signals at the front door in the period, per outcome (walk-ins
    and home visits count, not only trajectories). Only for the whole municipality
    (and a team lead's own teams): a question has no coach or neighbourhood yet."""
    if pop.neighbourhood_id or pop.coach_id or pop.template_id:
        return None
    from meedoen.casefile.models import Question

    qs = Question.objects.filter(
        municipality_id=pop.municipality_id,
        received_on__gte=pop.start,
        received_on__lte=pop.end,
    )
    if pop.team_id:
        qs = qs.filter(team_id=pop.team_id)
    if pop.within_team_ids is not None:
        qs = qs.filter(team_id__in=pop.within_team_ids)
    counts = qs.aggregate(
        total=Count("pk"),
        walk_in=Count("pk", filter=Q(channel="walk_in")),
        answered=Count("pk", filter=Q(outcome="answered")),
        referred=Count("pk", filter=Q(outcome="referred")),
        trajectory=Count("pk", filter=Q(outcome="trajectory")),
    )
    return {k: int(v or 0) for k, v in counts.items()}
