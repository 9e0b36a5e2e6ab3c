"""Reads for the journey: the caseload with its signals, the journey board.

Every queryset starts from ``meedoen.privacy.scope`` and runs a fixed number of queries,
whatever the number of residents, actions or meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from meedoen.core import rules
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.readmodel import Reading, Record, subject_of
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import (
    AccessRequest,
    Handover,
    JourneyTemplate,
    Stage,
    Trajectory,
)
from meedoen.organisations.models import Professional
from meedoen.privacy import scope
from meedoen.privacy.door import Door, access_for

# Cards shown per stage: the longest in the stage first. A team lead's board in a
# large city holds a thousand trajectories; the counts and averages cover them all,
# the cards (and what is recorded as seen) only these.
CARDS_PER_STAGE = 25


@dataclass
class BoardColumn:
    stage: Stage
    trajectories: list[Record] = field(default_factory=list)
    total: int | None = None  # all trajectories in the stage, shown or not
    mean_days: timedelta | None = None

    @property
    def count(self) -> int:
        return len(self.trajectories) if self.total is None else self.total

    @property
    def hidden(self) -> int:
        return self.count - len(self.trajectories)

    @property
    def average_days(self) -> int | None:
        if self.mean_days is not None:
            return round(self.mean_days.total_seconds() / 86400)
        if not self.trajectories:
            return None
        today = timezone.localdate()
        total = sum((today - t["stage_entered_on"]).days for t in self.trajectories)
        return round(total / len(self.trajectories))


def journey_board(
    user: Professional,
    *,
    template: JourneyTemplate | None = None,
    via: str = "journey_board",
) -> tuple[JourneyTemplate | None, list[BoardColumn]]:
    """Who is in which stage, and for how long, for the trajectories the user may see:
    per stage the number and the average days of all of them (one aggregate query),
    and the cards of the CARDS_PER_STAGE longest in the stage (one query)."""
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
    today = timezone.localdate()
    running = scope.visible_trajectories(user).filter(
        template=template, closed_on__isnull=True
    )
    figures = (
        running.order_by()
        .values("stage_id")
        .annotate(
            n=Count("pk"),
            mean=Avg(
                ExpressionWrapper(
                    Value(today, output_field=DateField()) - F("stage_entered_on"),
                    output_field=DurationField(),
                )
            ),
        )
    )
    for figure in figures:
        column = columns[figure["stage_id"]]
        column.total = figure["n"]
        mean = figure["mean"]
        if mean is not None and not isinstance(mean, timedelta):
            mean = timedelta(microseconds=int(mean))  # some backends answer so
        column.mean_days = mean
    trajectories: list[Trajectory] = list(
        running.annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("stage_id")],
                order_by=[F("stage_entered_on").asc(), F("pk").asc()],
            )
        )
        .filter(place__lte=CARDS_PER_STAGE)
        .select_related("resident", "stage", "coordinator__organisation")
        .order_by("stage_entered_on", "pk")
    )
    for row in trajectory_rows(user, trajectories, via=via):
        columns[row["stage_id"]].trajectories.append(row)
    for column in columns.values():
        if column.total is None:
            column.total = 0
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


def handovers_offered_to(user: Professional) -> list[Record]:
    """Hand-overs waiting for the user's answer. The offer shares the resident's name
    (and the note, for a role that reads notes) with the professional asked to take
    over; that is recorded on the basis of the offer."""
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
    return handover_records(user, rows, via="handovers_offered")


def handover_records(
    user: Professional, rows: list[Handover], *, via: str
) -> list[Record]:
    """Hand-overs as their addressee sees them: whose, from whom, when, and the note
    for a role that reads notes; recorded on the basis of the offer."""
    reading = Reading(user=user, via=via, action=AccessEvent.Action.LIST)
    readable = {Category.IDENTITY, Category.PLAN} | (
        {Category.NOTES} & scope.role_categories(user.role)
    )
    records = []
    for h in rows:
        about = subject_of(h.trajectory.resident)
        resident = reading.record(
            h.trajectory.resident, about=about, readable=readable, fields=("full_name",)
        )
        record = reading.record(
            h,
            about=about,
            readable=readable,
            fields=("offered_by", "offered_on", "note"),
            extra={"resident": resident},
        )
        assert record is not None
        records.append(record)
    reading.finish("handover offered")
    return records


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
        .order_by("resident__sort_key", "pk")
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


LIST_FIELDS = ("stage", "stage_entered_on", "stage_due_on", "coordinator")


def trajectory_rows(
    user: Professional,
    trajectories: list[Trajectory],
    *,
    via: str,
    annotations: tuple[str, ...] = (),
) -> list[Record]:
    """Trajectories as a list shows them (resident's name, stage, days, coordinator:
    identity and plan), recorded as seen in a list. ``annotations`` are computed
    signals on the rows (counts, flags) carried along as they are."""
    reading = Reading(user=user, via=via, action=AccessEvent.Action.LIST)
    readable = {Category.IDENTITY, Category.PLAN}
    rows = []
    for t in trajectories:
        about = subject_of(t.resident)
        resident = reading.record(
            t.resident,
            about=about,
            readable=readable,
            fields=("full_name", "first_name"),
        )
        row = reading.record(
            t,
            about=about,
            readable=readable,
            fields=LIST_FIELDS,
            extra={
                "resident": resident,
                "resident_id": t.resident_id,
                "stage_id": t.stage_id,
                "is_mine": t.coordinator_id == user.pk,
                **{name: getattr(t, name) for name in annotations},
            },
        )
        assert row is not None
        rows.append(row)
    reading.finish(scope.basis_for(user))
    return rows


def journey_templates_for(user: Professional) -> QuerySet[JourneyTemplate]:
    """The journeys in use in the user's municipality, to choose from at the start."""
    return JourneyTemplate.objects.filter(
        municipality_id=tenant_id(user), is_active=True
    ).order_by("-is_default", "name")


def access_requests_for(user: Professional) -> list[Record]:
    """Requests to join a case team waiting for the user as coordinator: who asks
    and why, for which resident (recorded as seen in a list)."""
    if not scope.has_resident_scope(user):
        return []
    rows = list(
        AccessRequest.objects.filter(
            status=AccessRequest.Status.OPEN,
            trajectory__coordinator=user,
            trajectory__closed_on__isnull=True,
            trajectory__in=scope.visible_trajectories(user),
        )
        .select_related("trajectory__resident", "requested_by__organisation")
        .order_by("requested_on", "pk")
    )
    reading = Reading(user=user, via="access_requests", action=AccessEvent.Action.LIST)
    records = []
    for r in rows:
        about = subject_of(r.trajectory.resident)
        readable = {Category.IDENTITY, Category.PLAN, Category.NOTES}
        resident = reading.record(
            r.trajectory.resident, about=about, readable=readable, fields=("full_name",)
        )
        record = reading.record(
            r,
            about=about,
            readable=readable,
            fields=("requested_by", "requested_on", "reason"),
            extra={
                "resident": resident,
                "resident_id": r.trajectory.resident_id,
                "organisation": str(r.requested_by.organisation or ""),
            },
        )
        if record is not None:
            records.append(record)
    reading.finish("case_team; coordinator")
    return records


def access_request_for(user: Professional, request_id: int) -> AccessRequest:
    """A request the user answers as coordinator; 404 for anyone else."""
    try:
        return AccessRequest.objects.select_related("trajectory").get(
            pk=request_id,
            trajectory__coordinator=user,
            trajectory__in=scope.visible_trajectories(user),
        )
    except AccessRequest.DoesNotExist:
        raise Http404 from None
