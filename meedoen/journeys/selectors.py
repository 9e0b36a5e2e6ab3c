"""Reads for the journey: the caseload with its signals, the journey board.

Every queryset starts from ``meedoen.privacy.scope`` and runs a fixed number of queries,
whatever the number of residents, actions or meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from meedoen.core import audit, rules
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.readmodel import Record
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Handover, JourneyTemplate, Stage, Trajectory
from meedoen.organisations.models import Professional
from meedoen.privacy import scope
from meedoen.privacy.door import Door, access_for


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
            municipality_id=tenant_id(user), is_default=True
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
        .select_related("resident", "coordinator__organisation")
        .order_by("stage_entered_on")
    )
    for trajectory in trajectories:
        columns[trajectory.stage_id].trajectories.append(trajectory)
    scope.record_list(user=user, residents=[t.resident for t in trajectories], via=via)
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


def trajectory_for_change(
    user: Professional, trajectory_id: int, rule: str
) -> Trajectory:
    """One trajectory the user may change under a write rule (``core.rules``): 404
    when they may not see it, 403 when they see it (a team lead, break the glass) but
    the rule does not let them write. The service checks the same rule again."""
    trajectory = trajectory_for(user, trajectory_id)
    rules.require(user, rule, access_for(user, trajectory))
    return trajectory


def handovers_offered_to(user: Professional) -> list[Handover]:
    """Hand-overs waiting for the user's answer. The offer itself shares the resident's
    name with the professional asked to take over."""
    if not scope.has_resident_scope(user):
        return []
    rows = list(
        Handover.objects.filter(
            to_professional=user,
            status=Handover.Status.OFFERED,
            trajectory__municipality_id=tenant_id(user),
        )
        .select_related("trajectory__resident", "trajectory__stage", "offered_by")
        .order_by("offered_on", "pk")
    )
    audit.record(
        user=user,
        residents=[h.trajectory.resident for h in rows],
        action=AccessEvent.Action.LIST,
        via="handovers_offered",
        basis="handover",
        categories=[Category.IDENTITY],
    )
    return rows


def handover_for(user: Professional, handover_id: int) -> Handover:
    """A hand-over to answer: only the professional it was offered to may open it.
    404 when the user cannot see it at all (existence does not leak), 403 for others
    on the case team, who may see it in the file but not answer it."""
    if not scope.has_resident_scope(user):
        raise Http404
    visible = Q(trajectory_id__in=scope.visible_trajectory_ids(user)) | Q(
        to_professional=user, status=Handover.Status.OFFERED
    )
    try:
        handover = (
            Handover.objects.filter(
                visible, trajectory__municipality_id=tenant_id(user)
            )
            .select_related("trajectory__resident", "offered_by", "to_professional")
            .get(pk=handover_id)
        )
    except Handover.DoesNotExist:
        raise Http404 from None
    if handover.to_professional_id != user.pk:
        raise PermissionDenied
    return handover


def open_trajectories_for(
    user: Professional, *, exclude_ids: list[int] | None = None, via: str
) -> list[Trajectory]:
    """Open trajectories the user may see, e.g. to put a resident on an agenda."""
    rows = list(
        scope.visible_trajectories(user)
        .filter(closed_on__isnull=True)
        .exclude(pk__in=exclude_ids or [])
        .select_related("resident", "stage")
        .order_by("resident__last_name", "resident__first_name", "pk")
    )
    scope.record_list(user=user, residents=[t.resident for t in rows], via=via)
    return rows


def trajectory_header(
    user: Professional, trajectory: Trajectory, *, via: str
) -> Record:
    """What a change page shows of the trajectory it changes (whose it is, which
    stage), read through the door and recorded."""
    door = Door(user)
    access = door.access(trajectory)
    reading = door.reading(via)
    resident = reading.record(
        trajectory.resident,
        about=access.subject,
        readable=access.readable,
        fields=("full_name",),
    )
    header = reading.record(
        trajectory,
        about=access.subject,
        readable=access.readable,
        fields=("stage", "stage_entered_on", "is_open"),
        extra={"resident": resident, "resident_id": trajectory.resident_id},
    )
    reading.finish(access.basis)
    assert header is not None
    return header
