"""Fast test data for outcome reports: residents, trajectories, case team members,
LadderProgress and WorkRecords made with bulk_create (no services), so a cohort of
hundreds of residents is built in a few queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from meedoen.journeys.models import (
    CaseTeamMember,
    JourneyTemplate,
    StageTransition,
    Trajectory,
)
from meedoen.journeys.services import journey_template_create_default
from meedoen.measurements.models import LadderProgress, WorkRecord
from meedoen.residents.models import Resident


@dataclass
class Work:
    kind: str
    started_on: date
    hours: float | None = None


@dataclass
class Spec:
    """One trajectory; ``resident`` is a key: equal keys share one resident."""

    resident: Any
    coach: Any
    started_on: date
    neighbourhood: Any = None
    baseline: int | None = None
    six_month: int | None = None
    latest: int | None = None
    work: list[Work] = field(default_factory=list)
    closed_on: date | None = None
    closure_reason: str = ""
    stage_order: int = 0
    birth_date: date = date(1980, 5, 17)


def default_template(municipality: Any) -> JourneyTemplate:
    journey_template_create_default(municipality=municipality)
    return JourneyTemplate.objects.get(municipality=municipality, is_default=True)


def build(municipality: Any, specs: list[Spec]) -> list[Trajectory]:
    template = default_template(municipality)
    stages = list(template.stages.order_by("order"))
    residents: dict[Any, Resident] = {}
    for spec in specs:
        if spec.resident not in residents:
            residents[spec.resident] = Resident(
                municipality=municipality,
                first_name="Inwoner",
                last_name=f"Nummer {spec.resident}",
                birth_date=spec.birth_date,
                neighbourhood=spec.neighbourhood,
            )
    Resident.objects.bulk_create(residents.values(), batch_size=1000)
    trajectories = [
        Trajectory(
            municipality=municipality,
            resident=residents[spec.resident],
            template=template,
            stage=stages[spec.stage_order],
            stage_entered_on=spec.started_on,
            stage_due_on=spec.started_on + timedelta(days=30),
            coordinator=spec.coach,
            started_on=spec.started_on,
            closed_on=spec.closed_on,
            closure_reason=spec.closure_reason,
        )
        for spec in specs
    ]
    Trajectory.objects.bulk_create(trajectories, batch_size=1000)
    CaseTeamMember.objects.bulk_create(
        [
            CaseTeamMember(
                trajectory=t,
                professional=t.coordinator,
                organisation_id=t.coordinator.organisation_id,
                joined_on=t.started_on,
                ended_on=t.closed_on,
            )
            for t in trajectories
        ],
        batch_size=1000,
    )
    LadderProgress.objects.bulk_create(
        [
            LadderProgress(
                trajectory=t,
                baseline_on=spec.started_on,
                baseline_rung=spec.baseline,
                latest_on=spec.started_on + timedelta(days=150),
                latest_rung=spec.latest or spec.six_month or spec.baseline,
                six_month_on=(
                    spec.started_on + timedelta(days=150)
                    if spec.six_month is not None
                    else None
                ),
                six_month_rung=spec.six_month,
            )
            for t, spec in zip(trajectories, specs, strict=True)
            if spec.baseline is not None
        ],
        batch_size=1000,
    )
    WorkRecord.objects.bulk_create(
        [
            WorkRecord(
                trajectory=t,
                kind=w.kind,
                started_on=w.started_on,
                hours_per_week=None if w.hours is None else Decimal(str(w.hours)),
                recorded_by=t.coordinator,
            )
            for t, spec in zip(trajectories, specs, strict=True)
            for w in spec.work
        ],
        batch_size=1000,
    )
    return trajectories


def transitions(trajectory: Trajectory, moves: list[tuple[int, date]]) -> None:
    """Stage transitions (stage order, date) for a trajectory, the first from none."""
    stages = list(trajectory.template.stages.order_by("order"))
    rows = []
    previous = None
    for order, on in moves:
        rows.append(
            StageTransition(
                trajectory=trajectory,
                from_stage=previous,
                to_stage=stages[order],
                moved_on=on,
                moved_by=trajectory.coordinator,
            )
        )
        previous = stages[order]
    StageTransition.objects.bulk_create(rows)
