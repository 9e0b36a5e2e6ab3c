"""Measurements for tests, made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from meedoen.measurements import services
from meedoen.measurements.models import Instrument, Measurement, WorkRecord


def ladder() -> Instrument:
    return Instrument.objects.get(code="participatieladder", version="2008")


def zrm() -> Instrument:
    return Instrument.objects.get(code="zrm", version="2017")


def ladder_measurement(
    trajectory: Any,
    *,
    by: Any,
    rung: int = 2,
    growth: int = 4,
    on: date | None = None,
    confirm: bool = True,
) -> Measurement:
    measurement = services.measurement_record(
        trajectory=trajectory,
        instrument=ladder(),
        measured_on=on or trajectory.started_on,
        values={"rung": rung, "growth_potential": growth},
        by=by,
    )
    if confirm:
        services.measurement_confirm(measurement=measurement, by=by)
    return measurement


def matrix_measurement(
    trajectory: Any,
    values: dict[str, int],
    *,
    by: Any,
    on: date | None = None,
    confirm: bool = True,
) -> Measurement:
    measurement = services.measurement_record(
        trajectory=trajectory,
        instrument=zrm(),
        measured_on=on or trajectory.started_on,
        values=values,
        by=by,
    )
    if confirm:
        services.measurement_confirm(measurement=measurement, by=by)
    return measurement


def work_record(trajectory: Any, *, by: Any, hours: int = 20) -> WorkRecord:
    return services.work_record_add(
        trajectory=trajectory,
        kind=WorkRecord.Kind.PAID_WORK,
        started_on=trajectory.started_on,
        hours_per_week=hours,
        organisation="Bakkerij Klarendal",
        by=by,
    )
