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
from django.db.models import Prefetch
from django.http import Http404

from meedoen.core import rules
from meedoen.core.categories import Category, domain_category
from meedoen.core.readmodel import Reading, Record
from meedoen.journeys.models import Trajectory
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
from meedoen.privacy.door import Access, Door

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
    def rows(self) -> list[tuple[Record, list[str]]]:
        """Per measurement (as a read model) the score of every item shown, with its
        scale label (for the table next to the chart)."""
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
            result.append((m.record, cells))  # type: ignore[attr-defined]
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
class TrajectoryHeader:
    """What a measurement page shows of the trajectory: its resident's name (a read
    model), whether it is open, the reader's access and the writes it allows."""

    pk: int
    resident_id: int
    resident: Record
    is_open: bool
    access: Access
    can: frozenset[str]


@dataclass
class TrajectoryProgress:
    trajectory: Any
    instruments: list[InstrumentProgress] = field(default_factory=list)
    # Every measurement the user may see, drafts and corrected versions included,
    # as read models.
    history: list[Record] = field(default_factory=list)
    # None when the user may not read work and education.
    work_records: list[Record] | None = None
    categories: set[str] = field(default_factory=set)

    @property
    def ladder(self) -> InstrumentProgress | None:
        return next((p for p in self.instruments if p.is_ladder), None)

    @property
    def matrices(self) -> list[InstrumentProgress]:
        return [p for p in self.instruments if not p.is_ladder]

    @property
    def drafts(self) -> list[Record]:
        return [m for m in self.history if m["status"] == Measurement.Status.DRAFT]

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


MEASUREMENT_FIELDS = ("instrument", "measured_on", "status", "professional")
WORK_FIELDS = (
    "kind",
    "organisation",
    "hours_per_week",
    "supported",
    "education_kind",
    "started_on",
    "ended_on",
)


def _build(
    trajectory: Any,
    values: list[MeasurementValue],
    work: list[WorkRecord],
    access: Access,
    reading: Reading,
) -> TrajectoryProgress:
    """Group loaded rows into progress per instrument as read models, dropping what
    the reader may not see (in memory: no queries); the reading notes what is shown."""
    readable = access.readable
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
    for m in measurements.values():
        m.record = reading.record(  # type: ignore[attr-defined]
            m, about=access.subject, readable=readable, fields=MEASUREMENT_FIELDS
        ) or Record({"pk": m.pk})
    progress.history = [m.record for m in measurements.values()]  # type: ignore[attr-defined]
    per_instrument: dict[int, InstrumentProgress] = {}
    for m in measurements.values():
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
        records = [
            reading.record(
                w, about=access.subject, readable=readable, fields=WORK_FIELDS
            )
            for w in work
        ]
        progress.work_records = [r for r in records if r is not None]
        if work:
            progress.categories.add(Category.WORK)
    reading.note(access.subject, progress.categories)
    return progress


def _trajectory(user: Professional, trajectory_id: int) -> Trajectory:
    try:
        return (
            scope.visible_trajectories(user)
            .select_related("resident")
            .prefetch_related(
                Prefetch(
                    "team",
                    queryset=scope.active_memberships().select_related("organisation"),
                    to_attr="active_team",
                )
            )
            .get(pk=trajectory_id)
        )
    except Trajectory.DoesNotExist:
        raise Http404 from None


def _header(
    user: Professional, reading: Reading, trajectory: Trajectory, access: Access
) -> TrajectoryHeader:
    name = reading.record(
        trajectory.resident,
        about=access.subject,
        readable=access.readable,
        fields=("full_name",),
    )
    return TrajectoryHeader(
        pk=trajectory.pk,
        resident_id=trajectory.resident_id,
        resident=name or Record({"pk": trajectory.resident_id}),
        is_open=trajectory.is_open,
        access=access,
        can=rules.permitted(user, access, list(WRITE_RULES)),
    )


WRITE_RULES = ("measurement.record", "work_record.record")


def trajectory_for_write(
    user: Professional, trajectory_id: int, rule: str, *, via: str
) -> tuple[Trajectory, TrajectoryHeader]:
    """A trajectory the user may write under ``rule`` (404 when they may not see it,
    403 when the rule does not let them), and its header for the page, audited on
    the user's basis. The service checks the rule again."""
    trajectory = _trajectory(user, trajectory_id)
    door = Door(user)
    access = door.access(trajectory)
    rules.require(user, rule, access)
    reading = door.reading(via)
    header = _header(user, reading, trajectory, access)
    reading.finish(access.basis)
    return trajectory, header


def progress_for(
    user: Professional, trajectory_id: int, *, via: str = "measurement_list"
) -> TrajectoryProgress:
    """Confirmed current measurements per instrument with their values, the history
    and the work records of one trajectory, as read models of what the user may read;
    404 when the user may not see the trajectory. A fixed number of queries, and the
    audit of exactly what is shown on the user's basis."""
    trajectory = _trajectory(user, trajectory_id)
    door = Door(user)
    access = door.access(trajectory)
    reading = door.reading(via)
    header = _header(user, reading, trajectory, access)
    progress = _build(
        header, _values([trajectory.pk]), _work([trajectory.pk]), access, reading
    )
    reading.finish(access.basis)
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
        result[t.pk] = _build(
            t,
            [v for v in values if v.measurement.trajectory_id == t.pk],
            [w for w in work if w.trajectory_id == t.pk],
            accesses[t.pk],
            reading,
        )
    return result


@dataclass
class MeasurementView:
    """One measurement as the reader may see it."""

    trajectory: TrajectoryHeader
    measurement: Record
    # (item label, score with its scale label) of the values shown.
    scores: list[tuple[str, str]]
    hidden_count: int

    @property
    def can(self) -> frozenset[str]:
        return self.trajectory.can


MEASUREMENT_DETAIL_FIELDS = (
    *MEASUREMENT_FIELDS,
    "confirmed_at",
    "supersedes",
    "correction_reason",
)


def _score(value: MeasurementValue) -> str:
    label = value.item.scale_labels.get(str(value.value), "")
    return f"{value.value} – {label}" if label else str(value.value)


def _measurement(
    user: Professional, measurement_id: int
) -> tuple[Measurement, Access, Door]:
    """A measurement of a visible trajectory with the values the reader may read
    (``shown_values``, ``hidden_values``, ``readable_categories``); 404 when the user
    may not see the trajectory or none of its values."""
    try:
        measurement = (
            Measurement.objects.filter(trajectory__in=scope.visible_trajectories(user))
            .select_related(
                "trajectory__resident",
                "instrument",
                "professional",
                "supersedes",
                "superseded_by",
            )
            .prefetch_related(
                Prefetch(
                    "trajectory__team",
                    queryset=scope.active_memberships().select_related("organisation"),
                    to_attr="active_team",
                )
            )
            .get(pk=measurement_id)
        )
    except Measurement.DoesNotExist:
        raise Http404 from None
    door = Door(user)
    access = door.access(measurement.trajectory)
    readable = access.readable
    values = list(measurement.values.select_related("item").order_by("item__order"))
    shown = [
        v for v in values if item_category(measurement.instrument, v.item) in readable
    ]
    if not shown:
        raise Http404
    measurement.shown_values = shown  # type: ignore[attr-defined]
    measurement.hidden_values = [v for v in values if v not in shown]  # type: ignore[attr-defined]
    measurement.readable_categories = readable  # type: ignore[attr-defined]
    return measurement, access, door


def _measurement_view(
    user: Professional, measurement: Measurement, access: Access, door: Door, via: str
) -> MeasurementView:
    reading = door.reading(via)
    about, readable = access.subject, access.readable
    header = _header(user, reading, measurement.trajectory, access)
    superseded_by = getattr(measurement, "superseded_by", None)
    record = reading.record(
        measurement,
        about=about,
        readable=readable,
        fields=MEASUREMENT_DETAIL_FIELDS,
        extra={
            "supersedes_id": measurement.supersedes_id,
            "supersedes_on": measurement.supersedes.measured_on
            if measurement.supersedes
            else None,
            "superseded_by_id": superseded_by.pk if superseded_by else None,
            "instrument_name": measurement.instrument.name,
        },
    ) or Record({"pk": measurement.pk})
    shown = measurement.shown_values  # type: ignore[attr-defined]
    reading.note(about, {item_category(measurement.instrument, v.item) for v in shown})
    view = MeasurementView(
        trajectory=header,
        measurement=record,
        scores=[(v.item.label, _score(v)) for v in shown],
        hidden_count=len(measurement.hidden_values),  # type: ignore[attr-defined]
    )
    reading.finish(access.basis)
    return view


def measurement_for(
    user: Professional, measurement_id: int, *, via: str = "measurement_detail"
) -> MeasurementView:
    """One measurement with the values the user may read and its versions (what it
    corrects, what corrected it), as read models audited on the user's basis; 404
    when the user may not see the trajectory or none of its values."""
    measurement, access, door = _measurement(user, measurement_id)
    return _measurement_view(user, measurement, access, door, via)


def measurement_for_change(
    user: Professional, measurement_id: int, *, via: str = "measurement_change"
) -> tuple[Measurement, MeasurementView]:
    """As ``measurement_for``, for a change (``measurement.record``: only members of
    the case team; 403 otherwise): the measurement for the service and the form, and
    its view for the page."""
    measurement, access, door = _measurement(user, measurement_id)
    rules.require(user, "measurement.record", access)
    return measurement, _measurement_view(user, measurement, access, door, via)


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
    access = Door(user).access(record.trajectory)
    if Category.WORK not in access.readable:
        raise Http404
    rules.require(user, "work_record.record", access)
    return record


def scorable_items(
    header: TrajectoryHeader, instrument: Instrument
) -> list[InstrumentItem]:
    """The items the user may score on this trajectory; 403 when there are none (the
    user may not read anything this instrument measures)."""
    items = readable_items(instrument, header.access.readable)
    if not items:
        raise PermissionDenied
    return items
