"""Reads for the journey: the caseload with its signals, the journey board.

Every queryset starts from ``meedoen.privacy.scope`` and runs a fixed number of queries,
whatever the number of residents, actions or meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from meedoen.journeys.models import JourneyTemplate, Stage, Trajectory
from meedoen.organisations.models import Professional
from meedoen.plans.models import Action
from meedoen.privacy import audit, scope
from meedoen.privacy.models import AccessEvent, Category


def no_contact_since(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today - timedelta(days=settings.MEEDOEN_NO_CONTACT_DAYS)


def _with_signals(qs: QuerySet[Trajectory], today: date) -> QuerySet[Trajectory]:
    cutoff = no_contact_since(today)
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
        has_no_contact=Q(last_contact_on__lt=cutoff)
        | Q(last_contact_on__isnull=True, started_on__lt=cutoff),
        is_stuck=Q(stage_due_on__lt=today),
    )


SIGNALS = ("overdue", "no_contact", "stuck")
# Most urgent first: overdue actions, then the longest past the stage norm.
CASELOAD_ORDER: list[str] = ["-overdue_actions", "stage_due_on", "resident__last_name"]


def caseload(
    user: Professional, *, signal: str = "", via: str = "caseload"
) -> list[Trajectory]:
    """The open trajectories the user personally works on, with their signals."""
    today = timezone.localdate()
    qs = scope.visible_trajectories(user).filter(
        closed_on__isnull=True,
        pk__in=scope.active_memberships(today)
        .filter(professional=user)
        .values("trajectory_id"),
    )
    qs = _with_signals(qs, today).select_related("resident", "stage", "coordinator")
    # Filters on annotations are spelled as dicts: the type stubs do not know them.
    signal_filters: dict[str, dict[str, Any]] = {
        "overdue": {"overdue_actions__gt": 0},
        "no_contact": {"has_no_contact": True},
        "stuck": {"is_stuck": True},
    }
    if signal in signal_filters:
        qs = qs.filter(**signal_filters[signal])
    rows = list(qs.order_by(*CASELOAD_ORDER))
    audit.record(
        user=user,
        residents=[t.resident for t in rows],
        action=AccessEvent.Action.LIST,
        via=via,
        basis=scope.basis_for(user),
        categories=[Category.IDENTITY],
    )
    return rows


@dataclass
class BoardColumn:
    stage: Stage
    trajectories: list[Trajectory] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.trajectories)

    @property
    def average_days(self) -> int | None:
        if not self.trajectories:
            return None
        today = timezone.localdate()
        total = sum((today - t.stage_entered_on).days for t in self.trajectories)
        return round(total / len(self.trajectories))


def journey_board(
    user: Professional,
    *,
    template: JourneyTemplate | None = None,
    via: str = "journey_board",
) -> tuple[JourneyTemplate | None, list[BoardColumn]]:
    """Who is in which stage, and for how long, for the trajectories the user may see."""
    template = (
        template
        or JourneyTemplate.objects.filter(
            municipality_id=scope.tenant_id(user), is_default=True
        ).first()
    )
    if template is None:
        return None, []
    columns = {
        stage.pk: BoardColumn(stage) for stage in template.stages.order_by("order")
    }
    trajectories = list(
        scope.visible_trajectories(user)
        .filter(template=template, closed_on__isnull=True)
        .select_related("resident", "coordinator")
        .order_by("stage_entered_on")
    )
    for trajectory in trajectories:
        columns[trajectory.stage_id].trajectories.append(trajectory)
    audit.record(
        user=user,
        residents=[t.resident for t in trajectories],
        action=AccessEvent.Action.LIST,
        via=via,
        basis=scope.basis_for(user),
        categories=[Category.IDENTITY],
    )
    return template, list(columns.values())


def trajectory_for(user: Professional, trajectory_id: int) -> Trajectory:
    """One trajectory the user may see; 404 otherwise, so existence does not leak."""
    try:
        return (
            scope.visible_trajectories(user)
            .select_related("resident", "stage", "template", "plan", "coordinator")
            .get(pk=trajectory_id)
        )
    except Trajectory.DoesNotExist:
        raise Http404 from None
