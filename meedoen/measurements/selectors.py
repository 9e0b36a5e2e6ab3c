"""Reads of measurements and work records, for the resident's file and the progress
pages. Scoped through ``meedoen.privacy.scope``, restricted to the categories the user
may read (a matrix domain is shown only with its category: mental health not for an
income consultant), recorded in the audit trail, and a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from meedoen.core import audit
from meedoen.core.categories import Category, domain_category
from meedoen.core.models import AccessEvent
from meedoen.core.readmodel import Reading
from meedoen.journeys.models import Trajectory
from meedoen.journeys.selectors import trajectory_for_change
from meedoen.measurements import charts
from meedoen.measurements.models import (
    Instrument,
    InstrumentItem,
    Measurement,
    MeasurementValue,
    WorkRecord,
)
from meedoen.organisations.models import Professional
from meedoen.privacy import scope
from meedoen.privacy.door import Access

LADDER = "participatieladder"
MATRIX = "zrm"


def item_category(instrument: Instrument, item: InstrumentItem) -> str:
    """The data category of a scored item: work for the ladder, the domain's
    category for a matrix."""
    if instrument.kind == Instrument.Kind.LADDER:
        return Category.WORK
    return domain_category(item.life_domain)


@dataclass
class Point:
    on: date
    value: int
    measurement_id: int


@dataclass
class ItemSeries:
    item: InstrumentItem
    points: list[Point] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.item.label

    @property
    def baseline(self) -> Point:
        return self.points[0]

    @property
    def latest(self) -> Point:
        return self.points[-1]

    @property
    def change(self) -> int:
        return self.latest.value - self.baseline.value

    def scale_label(self, value: int) -> str:
        return str(self.item.scale_labels.get(str(value), ""))

    def _labelled(self, value: int) -> str:
        label = self.scale_label(value)
        return f"{value} – {label}" if label else str(value)

    @property
    def baseline_label(self) -> str:
        return self._labelled(self.baseline.value)

    @property
    def latest_label(self) -> str:
        return self._labelled(self.latest.value)


@dataclass
class InstrumentProgress:
    instrument: Instrument
    measurements: list[Measurement] = field(default_factory=list)
    series: list[ItemSeries] = field(default_factory=list)
    chart: Any = None

    @property
    def is_ladder(self) -> bool:
        return self.instrument.kind == Instrument.Kind.LADDER

    @property
    def rows(self) -> list[tuple[Measurement, list[str]]]:
        """Per measurement the score of every item shown, with its scale label
        (for the table next to the chart)."""
        result = []
        for m in self.measurements:
            scores = {v.item.code: v.value for v in m.shown_values}  # type: ignore[attr-defined]
            cells = []
            for s in self.series:
                value = scores.get(s.item.code)
                label = s.scale_label(value) if value is not None else ""
                cells.append(
                    "–"
                    if value is None
                    else f"{value} – {label}"
                    if label
                    else str(value)
                )
            result.append((m, cells))
        return result

    def item(self, code: str) -> ItemSeries | None:
        return next((s for s in self.series if s.item.code == code), None)

    @property
    def rung(self) -> ItemSeries | None:
        return self.item("rung")

    @property
    def growth(self) -> ItemSeries | None:
        return self.item("growth_potential")


@dataclass
class TrajectoryProgress:
    trajectory: Trajectory
    instruments: list[InstrumentProgress] = field(default_factory=list)
    # Every measurement the user may see, drafts and corrected versions included.
    history: list[Measurement] = field(default_factory=list)
    # None when the user may not read work and education.
    work_records: list[WorkRecord] | None = None
    categories: set[str] = field(default_factory=set)

    @property
    def ladder(self) -> InstrumentProgress | None:
        return next((p for p in self.instruments if p.is_ladder), None)

    @property
    def matrices(self) -> list[InstrumentProgress]:
        return [p for p in self.instruments if not p.is_ladder]

    @property
    def drafts(self) -> list[Measurement]:
        return [m for m in self.history if m.status == Measurement.Status.DRAFT]

    @property
    def is_empty(self) -> bool:
        return not self.history and not self.work_records


def _values(trajectory_ids: Iterable[int]) -> list[MeasurementValue]:
    return list(
        MeasurementValue.objects.filter(measurement__trajectory_id__in=trajectory_ids)
        .select_related("item", "measurement__instrument", "measurement__professional")
        .order_by("measurement__measured_on", "measurement_id", "item__order")
    )


def _work(trajectory_ids: Iterable[int]) -> list[WorkRecord]:
    return list(
        WorkRecord.objects.filter(trajectory_id__in=trajectory_ids).order_by(
            "-started_on", "-pk"
        )
    )


def _build(
    trajectory: Trajectory,
    values: list[MeasurementValue],
    work: list[WorkRecord],
    readable: frozenset[str],
) -> TrajectoryProgress:
    """Group loaded rows into progress per instrument, dropping what the reader may
    not see (in memory: no queries)."""
    progress = TrajectoryProgress(trajectory=trajectory)
    measurements: dict[int, Measurement] = {}
    for v in values:
        m = v.measurement
        category = item_category(m.instrument, v.item)
        if category not in readable:
            continue
        progress.categories.add(category)
        m = measurements.setdefault(m.pk, m)
        if not hasattr(m, "shown_values"):
            m.shown_values = []  # type: ignore[attr-defined]
        m.shown_values.append(v)  # type: ignore[attr-defined]
    progress.history = list(measurements.values())
    per_instrument: dict[int, InstrumentProgress] = {}
    for m in progress.history:
        if m.status != Measurement.Status.CONFIRMED:
            continue
        ip = per_instrument.get(m.instrument_id)
        if ip is None:
            ip = per_instrument[m.instrument_id] = InstrumentProgress(m.instrument)
        ip.measurements.append(m)
        for v in m.shown_values:  # type: ignore[attr-defined]
            series = ip.item(v.item.code)
            if series is None:
                series = ItemSeries(v.item)
                ip.series.append(series)
            series.points.append(Point(m.measured_on, v.value, m.pk))
    for ip in per_instrument.values():
        ip.series.sort(key=lambda s: s.item.order)
        if ip.is_ladder and ip.rung is not None:
            rung = ip.rung
            growth = ip.growth
            ip.chart = charts.ladder_chart(
                [(p.on, p.value) for p in rung.points],
                rung.item.scale_labels,
                growth.latest.value if growth else None,
            )
        elif not ip.is_ladder:
            low = min(s.item.min_value for s in ip.series)
            high = max(s.item.max_value for s in ip.series)
            ip.chart = charts.matrix_chart(ip.series, low, high)
    progress.instruments = sorted(
        per_instrument.values(), key=lambda p: (not p.is_ladder, p.instrument.name)
    )
    if Category.WORK in readable:
        progress.work_records = work
        if work:
            progress.categories.add(Category.WORK)
    return progress


def _trajectory(user: Professional, trajectory_id: int) -> Trajectory:
    try:
        return (
            scope.visible_trajectories(user)
            .select_related("resident", "stage", "coordinator")
            .get(pk=trajectory_id)
        )
    except Trajectory.DoesNotExist:
        raise Http404 from None


def _record_read(
    user: Professional, trajectory: Trajectory, categories: Iterable[str], via: str
) -> None:
    audit.record(
        user=user,
        residents=[trajectory.resident],
        action=AccessEvent.Action.READ,
        via=via,
        basis=scope.basis_for(user),
        categories=sorted({Category.IDENTITY, *categories}),
    )


def progress_for(
    user: Professional, trajectory_id: int, *, via: str = "measurement_list"
) -> TrajectoryProgress:
    """Confirmed current measurements per instrument with their values, the history
    and the work records of one trajectory, as far as the user may read them; 404 when
    the user may not see the trajectory. Four queries and the audit record."""
    trajectory = _trajectory(user, trajectory_id)
    readable = scope.categories_for(user, trajectory)
    progress = _build(
        trajectory, _values([trajectory.pk]), _work([trajectory.pk]), readable
    )
    _record_read(user, trajectory, progress.categories, via)
    return progress


def progress_for_file(
    reading: Reading, trajectories: list[Trajectory], accesses: dict[int, Access]
) -> dict[int, TrajectoryProgress]:
    """Progress per trajectory of a loaded resident's file (already scoped; the
    reader's access per trajectory from the file): two queries, whatever the number
    of trajectories and measurements. The categories shown go into the file's
    reading, so the file's audit lists them."""
    if not trajectories:
        return {}
    ids = [t.pk for t in trajectories]
    values = _values(ids)
    work = _work(ids)
    result: dict[int, TrajectoryProgress] = {}
    for t in trajectories:
        access = accesses[t.pk]
        result[t.pk] = _build(
            t,
            [v for v in values if v.measurement.trajectory_id == t.pk],
            [w for w in work if w.trajectory_id == t.pk],
            access.readable,
        )
        reading.note(access.subject, result[t.pk].categories)
    return result


def measurement_for(
    user: Professional, measurement_id: int, *, via: str = "measurement_detail"
) -> Measurement:
    """One measurement with the values the user may read, its trajectory and its
    versions (what it corrects, what corrected it); 404 when the user may not see the
    trajectory or none of its values."""
    try:
        measurement = (
            Measurement.objects.filter(trajectory__in=scope.visible_trajectories(user))
            .select_related(
                "trajectory__resident",
                "trajectory__coordinator",
                "instrument",
                "professional",
                "supersedes",
                "superseded_by",
            )
            .get(pk=measurement_id)
        )
    except Measurement.DoesNotExist:
        raise Http404 from None
    trajectory = measurement.trajectory
    readable = scope.categories_for(user, trajectory)
    values = list(measurement.values.select_related("item").order_by("item__order"))
    shown = [
        v for v in values if item_category(measurement.instrument, v.item) in readable
    ]
    if not shown:
        raise Http404
    measurement.shown_values = shown  # type: ignore[attr-defined]
    measurement.hidden_values = [v for v in values if v not in shown]  # type: ignore[attr-defined]
    measurement.readable_categories = readable  # type: ignore[attr-defined]
    categories = {item_category(measurement.instrument, v.item) for v in shown}
    _record_read(user, trajectory, categories, via)
    return measurement


def measurement_for_change(user: Professional, measurement_id: int) -> Measurement:
    """As ``measurement_for``, for a change: only members of the case team."""
    measurement = measurement_for(user, measurement_id, via="measurement_change")
    if not scope.is_on_case_team(user, measurement.trajectory):
        raise PermissionDenied
    return measurement


def instrument_for(code: str) -> Instrument:
    """The newest active version of an instrument, with its items; 404 if none."""
    instrument = (
        Instrument.objects.filter(code=code, is_active=True)
        .prefetch_related("items")
        .order_by("-version")
        .first()
    )
    if instrument is None:
        raise Http404
    return instrument


def active_instruments() -> list[Instrument]:
    return list(Instrument.objects.filter(is_active=True).order_by("name", "-version"))


def readable_items(
    instrument: Instrument, readable: frozenset[str]
) -> list[InstrumentItem]:
    """The items of an instrument the user may score: those in a category they read."""
    return [
        item
        for item in instrument.items.all()
        if item_category(instrument, item) in readable
    ]


def work_record_for_change(user: Professional, record_id: int) -> WorkRecord:
    try:
        record = (
            WorkRecord.objects.filter(trajectory__in=scope.visible_trajectories(user))
            .select_related("trajectory__resident")
            .get(pk=record_id)
        )
    except WorkRecord.DoesNotExist:
        raise Http404 from None
    if Category.WORK not in scope.categories_for(user, record.trajectory):
        raise Http404
    if not scope.is_on_case_team(user, record.trajectory):
        raise PermissionDenied
    return record


def scorable_items(
    user: Professional, trajectory: Trajectory, instrument: Instrument
) -> list[InstrumentItem]:
    """The items the user may score on this trajectory; 403 when there are none (the
    user may not read anything this instrument measures)."""
    items = readable_items(instrument, scope.categories_for(user, trajectory))
    if not items:
        raise PermissionDenied
    return items


def trajectory_for_work_record(user: Professional, trajectory_id: int) -> Trajectory:
    """A trajectory the user may record work or education on: on the case team, and
    reading the work category."""
    trajectory = trajectory_for_change(user, trajectory_id, "work_record.record")
    if Category.WORK not in scope.categories_for(user, trajectory):
        raise PermissionDenied
    return trajectory
