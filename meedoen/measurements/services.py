"""Business rules of measuring progress.

A measurement is recorded as a draft, then confirmed; once confirmed it never changes.
A correction is a new confirmed measurement that supersedes the old one (whose status
becomes "superseded"), with a reason, so the history stays. After every confirmation
or correction ``ladder_progress_refresh`` recomputes the trajectory's baseline, latest
and six-month ladder rung, which the outcome report reads.

Recording only the matrix domains relevant to the case is the normal way: a matrix
measurement stores the domains given and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, rules
from meedoen.core.categories import Category, domain_category
from meedoen.journeys.models import Trajectory
from meedoen.measurements import window
from meedoen.measurements.models import (
    Instrument,
    InstrumentItem,
    LadderProgress,
    Measurement,
    MeasurementValue,
    WorkRecord,
)
from meedoen.organisations.models import Professional
from meedoen.privacy.door import Access, access_for

LADDER_CODE = "participatieladder"
RUNG = "rung"
GROWTH = "growth_potential"
MAX_HOURS = Decimal(60)


class MeasurementLockedError(ValidationError):
    """A confirmed or superseded measurement cannot change."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This measurement is confirmed and can no longer be changed. Record a "
                "correction with a reason instead."
            ),
            code="locked",
        )


def _validate_date(trajectory: Trajectory, measured_on: date | None) -> date:
    if measured_on is None:
        raise ValidationError({"measured_on": _("Give the date of the measurement.")})
    if measured_on > timezone.localdate():
        raise ValidationError(
            {"measured_on": _("The date of a measurement cannot lie in the future.")}
        )
    if measured_on < trajectory.started_on:
        raise ValidationError(
            {
                "measured_on": _(
                    "The date of a measurement cannot lie before the trajectory started."
                )
            }
        )
    return measured_on


def _validate_values(
    instrument: Instrument, values: Mapping[str, int | None]
) -> list[tuple[InstrumentItem, int]]:
    """The scored items, checked against the instrument; items left empty (None) are
    not scored. Errors name the item code as the field."""
    items = {item.code: item for item in instrument.items.all()}
    given = {code: v for code, v in values.items() if v is not None and v != ""}
    errors: dict[str, list[str]] = {}
    for code in given:
        if code not in items:
            errors.setdefault(code, []).append(
                _("“%(code)s” is not an item of %(instrument)s.")
                % {"code": code, "instrument": instrument}
            )
    scored: list[tuple[InstrumentItem, int]] = []
    for code, item in items.items():
        if code not in given:
            if item.required:
                errors.setdefault(code, []).append(
                    _("Score %(item)s: it is required.") % {"item": item.label}
                )
            continue
        try:
            value = int(given[code])
        except (TypeError, ValueError):
            errors.setdefault(code, []).append(_("Give a whole number."))
            continue
        if not item.min_value <= value <= item.max_value:
            errors.setdefault(code, []).append(
                _("Give a score from %(low)s to %(high)s.")
                % {"low": item.min_value, "high": item.max_value}
            )
            continue
        scored.append((item, value))
    if errors:
        raise ValidationError(errors)
    if not scored:
        raise ValidationError(
            _(
                "Score at least one domain: the ones relevant to the resident's situation."
            )
        )
    return scored


def _categories(instrument: Instrument, items: list[InstrumentItem]) -> list[str]:
    """Audit categories of a measurement: work for the ladder, the category of each
    scored domain for a matrix."""
    if instrument.kind == Instrument.Kind.LADDER:
        return [Category.WORK]
    return sorted({domain_category(item.life_domain) for item in items})


def _require_readable(
    by: Professional,
    trajectory: Trajectory,
    instrument: Instrument,
    items: list[InstrumentItem],
) -> None:
    """Nobody scores what their role may not read (a health domain without the health
    category): the same categories rule as every page, for every caller."""
    readable = _require(by, "measurement.record", trajectory).readable
    if not set(_categories(instrument, items)) <= readable:
        raise PermissionDenied


def _require(by: Professional, rule: str, trajectory: Trajectory) -> Access:
    """The writer's access to the trajectory, if the write rule allows the write
    (``meedoen.privacy.rules``: a member of the case team); PermissionDenied else."""
    access = access_for(by, trajectory)
    rules.require(by, rule, access)
    return access


def _audit(
    by: Professional,
    trajectory: Trajectory,
    via: str,
    instrument: Instrument,
    items: list[InstrumentItem],
) -> None:
    for category in _categories(instrument, items):
        audit.record_write(user=by, trajectory=trajectory, via=via, category=category)


@transaction.atomic
def measurement_record(
    *,
    trajectory: Trajectory,
    instrument: Instrument,
    measured_on: date | None,
    values: Mapping[str, int | None],
    by: Professional,
) -> Measurement:
    """Record a measurement as a draft."""
    if not instrument.is_active:
        raise ValidationError(
            {"instrument": _("This instrument is no longer used for new measurements.")}
        )
    measured_on = _validate_date(trajectory, measured_on)
    scored = _validate_values(instrument, values)
    _require_readable(by, trajectory, instrument, [item for item, _v in scored])
    measurement = Measurement.objects.create(
        trajectory=trajectory,
        instrument=instrument,
        measured_on=measured_on,
        professional=by,
    )
    MeasurementValue.objects.bulk_create(
        MeasurementValue(measurement=measurement, item=item, value=value)
        for item, value in scored
    )
    _audit(by, trajectory, "measurement_record", instrument, [i for i, _v in scored])
    return measurement


def _lock(measurement: Measurement) -> Measurement:
    """The measurement as it is in the database now, locked for this transaction."""
    return Measurement.objects.select_for_update().get(pk=measurement.pk)


def _scored_items(measurement: Measurement) -> list[InstrumentItem]:
    return [
        v.item
        for v in measurement.values.select_related("item").order_by("item__order")
    ]


@transaction.atomic
def measurement_confirm(*, measurement: Measurement, by: Professional) -> Measurement:
    """Confirm a draft: from now on it never changes."""
    current = _lock(measurement)
    _require(by, "measurement.record", current.trajectory)
    if current.status != Measurement.Status.DRAFT:
        raise MeasurementLockedError()
    current.status = Measurement.Status.CONFIRMED
    current.confirmed_at = timezone.now()
    current.save(update_fields=["status", "confirmed_at"])
    measurement.status, measurement.confirmed_at = current.status, current.confirmed_at
    trajectory = current.trajectory
    _audit(
        by,
        trajectory,
        "measurement_confirm",
        current.instrument,
        _scored_items(current),
    )
    ladder_progress_refresh(trajectory)
    return current


@transaction.atomic
def measurement_update(
    *,
    measurement: Measurement,
    values: Mapping[str, int | None],
    by: Professional,
    measured_on: date | None = None,
) -> Measurement:
    """Change a draft's scores (and date). A confirmed measurement is refused."""
    current = _lock(measurement)
    if current.status != Measurement.Status.DRAFT:
        raise MeasurementLockedError()
    trajectory = current.trajectory
    _require(by, "measurement.record", trajectory)
    current.measured_on = _validate_date(trajectory, measured_on or current.measured_on)
    scored = _validate_values(current.instrument, values)
    current.save(update_fields=["measured_on"])
    current.values.all().delete()
    MeasurementValue.objects.bulk_create(
        MeasurementValue(measurement=current, item=item, value=value)
        for item, value in scored
    )
    _audit(
        by,
        trajectory,
        "measurement_update",
        current.instrument,
        [i for i, _v in scored],
    )
    return current


@transaction.atomic
def measurement_correct(
    *,
    measurement: Measurement,
    values: Mapping[str, int | None],
    reason: str,
    by: Professional,
    measured_on: date | None = None,
) -> Measurement:
    """Correct a confirmed measurement: a new confirmed version supersedes it."""
    _require(by, "measurement.record", measurement.trajectory)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the measurement is corrected.")})
    current = _lock(measurement)
    if current.status == Measurement.Status.SUPERSEDED:
        raise ValidationError(
            _(
                "This measurement was already corrected; correct the latest version "
                "instead."
            ),
            code="superseded",
        )
    if current.status != Measurement.Status.CONFIRMED:
        raise ValidationError(
            _("A draft is changed, not corrected: confirm it first."), code="draft"
        )
    trajectory = current.trajectory
    new_date = _validate_date(trajectory, measured_on or current.measured_on)
    scored = _validate_values(current.instrument, values)
    # Only what changes must be readable: domains hidden from the user carry over.
    previous = {v.item_id: v.value for v in current.values.all()}
    changed = [item for item, value in scored if previous.get(item.pk) != value]
    kept = {item.pk for item, _v in scored}
    changed += [i for i in _scored_items(current) if i.pk not in kept]
    _require_readable(by, trajectory, current.instrument, changed)
    current.status = Measurement.Status.SUPERSEDED
    current.save(update_fields=["status"])
    measurement.status = current.status
    correction = Measurement.objects.create(
        trajectory=trajectory,
        instrument=current.instrument,
        measured_on=new_date,
        professional=by,
        status=Measurement.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        supersedes=current,
        correction_reason=reason.strip(),
    )
    MeasurementValue.objects.bulk_create(
        MeasurementValue(measurement=correction, item=item, value=value)
        for item, value in scored
    )
    items = {i.pk: i for i in _scored_items(current)}
    items.update({i.pk: i for i, _v in scored})
    _audit(
        by, trajectory, "measurement_correct", current.instrument, list(items.values())
    )
    ladder_progress_refresh(trajectory)
    return correction


def ladder_progress_refresh(trajectory: Trajectory) -> LadderProgress | None:
    """Recompute baseline, latest and six-month rung from the confirmed current
    ladder measurements (any version of the ladder); remove it when there are none."""
    rows = list(
        MeasurementValue.objects.filter(
            measurement__trajectory_id=trajectory.pk,
            measurement__instrument__code=LADDER_CODE,
            measurement__status=Measurement.Status.CONFIRMED,
            item__code__in=[RUNG, GROWTH],
        )
        .order_by("measurement__measured_on", "measurement_id")
        .values_list(
            "measurement_id", "measurement__measured_on", "item__code", "value"
        )
    )
    by_measurement: dict[int, dict[str, object]] = {}
    for mid, on, code, value in rows:
        by_measurement.setdefault(mid, {"on": on})[code] = value
    points = [
        (m["on"], m[RUNG], m.get(GROWTH)) for m in by_measurement.values() if RUNG in m
    ]
    values = compute_ladder_progress(points, trajectory.started_on)  # type: ignore[arg-type]
    if values is None:
        LadderProgress.objects.filter(trajectory_id=trajectory.pk).delete()
        return None
    progress, _created = LadderProgress.objects.update_or_create(
        trajectory_id=trajectory.pk, defaults=values
    )
    return progress


def compute_ladder_progress(
    points: list[tuple[date, int, int | None]],
    started_on: date,
    min_days: int | None = None,
) -> dict[str, object] | None:
    """Baseline = first confirmed measurement; latest = last; six-month = the last one
    dated at least ``MEEDOEN_FOLLOW_UP_MIN_DAYS`` after the baseline and no later than
    six calendar months after the start (``meedoen.measurements.window``). ``points``
    are (measured on, rung, growth potential) in date order. Pure, for the demo seed
    and the bulk refresh too."""
    if not points:
        return None
    baseline, latest = points[0], points[-1]
    follow_ups = [
        p
        for p in points[1:]
        if window.is_six_month_follow_up(
            p[0], started_on=started_on, baseline_on=baseline[0], min_days=min_days
        )
    ]
    six = follow_ups[-1] if follow_ups else None
    return {
        "baseline_on": baseline[0],
        "baseline_rung": baseline[1],
        "latest_on": latest[0],
        "latest_rung": latest[1],
        "growth_potential": latest[2],
        "six_month_on": six[0] if six else None,
        "six_month_rung": six[1] if six else None,
    }


def ladder_progress_refresh_all(
    *,
    progress_model: Any = LadderProgress,
    value_model: Any = MeasurementValue,
    batch_size: int = 2000,
) -> int:
    """Recompute the six-month follow-up of every stored ``LadderProgress`` with the
    current window rule and ``MEEDOEN_FOLLOW_UP_MIN_DAYS``; the number of rows that
    changed. Two queries per batch of trajectories. The models are parameters so the
    data migration can pass its historical ones."""
    changed = 0
    last_pk = 0
    fields = ["six_month_on", "six_month_rung"]
    while True:
        batch = list(
            progress_model.objects.filter(pk__gt=last_pk)
            .select_related("trajectory")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return changed
        last_pk = batch[-1].pk
        rows = (
            value_model.objects.filter(
                measurement__trajectory_id__in=[p.trajectory_id for p in batch],
                measurement__instrument__code=LADDER_CODE,
                measurement__status=Measurement.Status.CONFIRMED,
                item__code__in=[RUNG, GROWTH],
            )
            .order_by(
                "measurement__trajectory_id",
                "measurement__measured_on",
                "measurement_id",
            )
            .values_list(
                "measurement__trajectory_id",
                "measurement_id",
                "measurement__measured_on",
                "item__code",
                "value",
            )
        )
        measured: dict[int, dict[int, dict[str, Any]]] = {}
        for trajectory_id, mid, on, code, value in rows:
            measured.setdefault(trajectory_id, {}).setdefault(mid, {"on": on})[code] = (
                value
            )
        updates = []
        for progress in batch:
            points = [
                (m["on"], m[RUNG], m.get(GROWTH))
                for m in measured.get(progress.trajectory_id, {}).values()
                if RUNG in m
            ]
            values = compute_ladder_progress(points, progress.trajectory.started_on)
            if values is None:
                continue  # left to the next refresh of this trajectory
            if any(getattr(progress, f) != values[f] for f in fields):
                for f in fields:
                    setattr(progress, f, values[f])
                updates.append(progress)
        progress_model.objects.bulk_update(updates, fields)
        changed += len(updates)


# -- work and education -----------------------------------------------------------


@transaction.atomic
def work_record_add(
    *,
    trajectory: Trajectory,
    kind: str,
    started_on: date | None,
    by: Professional,
    hours_per_week: Decimal | float | int | None = None,
    supported: bool = False,
    education_kind: str = "",
    organisation: str = "",
) -> WorkRecord:
    """Record paid work (hours a week, supported or not), education (its kind) or
    volunteering, as it starts."""
    _require(by, "work_record.record", trajectory)
    if kind not in WorkRecord.Kind.values:
        raise ValidationError(
            {"kind": _("Choose paid work, education or volunteering.")}
        )
    if started_on is None:
        raise ValidationError({"started_on": _("Give the first day.")})
    if started_on > timezone.localdate() + timedelta(days=90):
        raise ValidationError(
            {"started_on": _("The first day lies too far in the future.")}
        )
    hours: Decimal | None = None
    if kind == WorkRecord.Kind.PAID_WORK:
        if hours_per_week is None or hours_per_week == "":
            raise ValidationError(
                {"hours_per_week": _("Give the contract hours per week.")}
            )
        hours = Decimal(str(hours_per_week))
        if not Decimal(1) <= hours <= MAX_HOURS:
            raise ValidationError(
                {"hours_per_week": _("Give between 1 and 60 hours per week.")}
            )
    elif hours_per_week not in (None, ""):
        hours = Decimal(str(hours_per_week))
        if not Decimal(0) < hours <= MAX_HOURS:
            raise ValidationError(
                {"hours_per_week": _("Give between 1 and 60 hours per week.")}
            )
    if kind == WorkRecord.Kind.EDUCATION:
        if education_kind not in WorkRecord.EducationKind.values:
            raise ValidationError(
                {"education_kind": _("Choose the kind of education.")}
            )
    else:
        education_kind = ""
    record = WorkRecord.objects.create(
        trajectory=trajectory,
        kind=kind,
        started_on=started_on,
        hours_per_week=hours,
        supported=bool(supported) and kind == WorkRecord.Kind.PAID_WORK,
        education_kind=education_kind,
        organisation=organisation.strip(),
        recorded_by=by,
    )
    audit.record_write(
        user=by, trajectory=trajectory, via="work_record_add", category=Category.WORK
    )
    return record


@transaction.atomic
def work_record_end(
    *, record: WorkRecord, ended_on: date | None, by: Professional
) -> WorkRecord:
    """Record the last day of work, education or volunteering."""
    _require(by, "work_record.record", record.trajectory)
    if ended_on is None:
        raise ValidationError({"ended_on": _("Give the last day.")})
    if record.ended_on is not None:
        raise ValidationError({"ended_on": _("This has already ended.")})
    if ended_on < record.started_on:
        raise ValidationError(
            {"ended_on": _("The last day cannot lie before the first day.")}
        )
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("The last day cannot lie in the future.")})
    record.ended_on = ended_on
    record.save(update_fields=["ended_on"])
    audit.record_write(
        user=by,
        trajectory=record.trajectory,
        via="work_record_end",
        category=Category.WORK,
    )
    return record
