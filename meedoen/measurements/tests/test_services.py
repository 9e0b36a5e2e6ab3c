"""Business rules of measurements: validation, immutability, corrections that keep
history, ladder progress, work records, and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.measurements import services
from meedoen.measurements.models import LadderProgress, Measurement, WorkRecord
from meedoen.measurements.tests.factories import (
    ladder,
    ladder_measurement,
    matrix_measurement,
    zrm,
)

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_instruments_are_installed_as_data():
    ladder_items = list(ladder().items.values_list("code", "max_value", "required"))
    assert ladder_items == [("rung", 6, True), ("growth_potential", 6, True)]
    assert ladder().items.get(code="rung").scale_labels["6"] == (
        "Betaald werk zonder ondersteuning"
    )
    items = list(zrm().items.all())
    assert len(items) == 13
    assert {i.max_value for i in items} == {5}
    assert not any(i.required or i.criteria for i in items)
    assert items[5].label == "Geestelijke gezondheid"
    assert items[5].life_domain == "mental_health"
    assert items[0].scale_labels["1"] == "acute problematiek"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"rung": 3}, "growth_potential"),
        ({"rung": 7, "growth_potential": 3}, "rung"),
        ({"rung": 0, "growth_potential": 3}, "rung"),
        ({"rung": 2, "growth_potential": 3, "shoe_size": 4}, "shoe_size"),
    ],
)
def test_a_ladder_measurement_is_validated(trajectory, coordinator, values, field):
    with pytest.raises(ValidationError) as exc:
        services.measurement_record(
            trajectory=trajectory,
            instrument=ladder(),
            measured_on=trajectory.started_on,
            values=values,
            by=coordinator,
        )
    assert field in _errors(exc)
    assert not Measurement.objects.exists()


def test_the_date_lies_between_the_start_and_today(trajectory, coordinator):
    for day in (
        timezone.localdate() + timedelta(days=1),
        trajectory.started_on - timedelta(days=1),
        None,
    ):
        with pytest.raises(ValidationError) as exc:
            services.measurement_record(
                trajectory=trajectory,
                instrument=ladder(),
                measured_on=day,
                values={"rung": 2, "growth_potential": 3},
                by=coordinator,
            )
        assert "measured_on" in _errors(exc)


def test_a_matrix_stores_only_the_relevant_domains(trajectory, coordinator):
    m = matrix_measurement(
        trajectory, {"financien": 2, "huisvesting": 3, "justitie": None}, by=coordinator
    )
    assert sorted(m.values.values_list("item__code", "value")) == [
        ("financien", 2),
        ("huisvesting", 3),
    ]


def test_a_matrix_needs_at_least_one_domain_within_the_scale(trajectory, coordinator):
    with pytest.raises(ValidationError, match="at least one domain"):
        matrix_measurement(trajectory, {}, by=coordinator)
    with pytest.raises(ValidationError) as exc:
        matrix_measurement(trajectory, {"financien": 6}, by=coordinator)
    assert "financien" in _errors(exc)


def test_a_confirmed_measurement_is_immutable(trajectory, coordinator):
    m = ladder_measurement(trajectory, by=coordinator)
    assert m.status == Measurement.Status.CONFIRMED and m.confirmed_at
    with pytest.raises(services.MeasurementLockedError):
        services.measurement_confirm(measurement=m, by=coordinator)
    with pytest.raises(services.MeasurementLockedError):
        services.measurement_update(
            measurement=m, values={"rung": 5, "growth_potential": 5}, by=coordinator
        )
    assert sorted(m.values.values_list("value", flat=True)) == [2, 4]


def test_a_draft_can_change_until_it_is_confirmed(trajectory, coordinator):
    m = ladder_measurement(trajectory, by=coordinator, confirm=False)
    services.measurement_update(
        measurement=m, values={"rung": 3, "growth_potential": 4}, by=coordinator
    )
    assert not LadderProgress.objects.filter(trajectory=trajectory).exists()
    services.measurement_confirm(measurement=m, by=coordinator)
    assert trajectory.ladder.baseline_rung == 3


def test_a_correction_supersedes_and_keeps_the_history(trajectory, coordinator):
    m = ladder_measurement(trajectory, by=coordinator, rung=2)
    with pytest.raises(ValidationError) as exc:
        services.measurement_correct(
            measurement=m,
            values={"rung": 3, "growth_potential": 4},
            reason=" ",
            by=coordinator,
        )
    assert "reason" in _errors(exc)
    fixed = services.measurement_correct(
        measurement=m,
        values={"rung": 3, "growth_potential": 4},
        reason="Vrijwilligerswerk over het hoofd gezien",
        by=coordinator,
    )
    m.refresh_from_db()
    assert m.status == Measurement.Status.SUPERSEDED
    assert fixed.status == Measurement.Status.CONFIRMED
    assert fixed.supersedes == m
    assert sorted(m.values.values_list("value", flat=True)) == [2, 4]  # unchanged
    assert LadderProgress.objects.get(trajectory=trajectory).baseline_rung == 3
    with pytest.raises(ValidationError, match="already corrected"):
        services.measurement_correct(
            measurement=m,
            values={"rung": 4, "growth_potential": 4},
            reason="nog eens",
            by=coordinator,
        )


def test_ladder_progress_baseline_latest_and_six_months(coordinator):
    from meedoen.journeys.tests.factories import TrajectoryFactory

    start = timezone.localdate() - timedelta(days=400)
    t = TrajectoryFactory(coordinator=coordinator, started_on=start)
    for days, rung in [(10, 2), (90, 3), (180, 4), (200, 5), (390, 4)]:
        ladder_measurement(
            t, by=coordinator, rung=rung, growth=5, on=start + timedelta(days=days)
        )
    progress = LadderProgress.objects.get(trajectory=t)
    assert (progress.baseline_on, progress.baseline_rung) == (
        start + timedelta(days=10),
        2,
    )
    assert (progress.latest_on, progress.latest_rung) == (
        start + timedelta(days=390),
        4,
    )
    # Within six calendar months of the start and 90 days or more after the
    # baseline: the measurement of day 180, not 200 (nor 90, the last but one).
    assert (progress.six_month_on, progress.six_month_rung) == (
        start + timedelta(days=180),
        4,
    )
    assert progress.growth_potential == 5


def test_six_months_is_empty_without_a_follow_up_in_the_window():
    assert services.compute_ladder_progress(
        [(date(2025, 1, 10), 2, 3), (date(2025, 9, 1), 3, 3)], date(2025, 1, 1)
    ) == {
        "baseline_on": date(2025, 1, 10),
        "baseline_rung": 2,
        "latest_on": date(2025, 9, 1),
        "latest_rung": 3,
        "growth_potential": 3,
        "six_month_on": None,
        "six_month_rung": None,
    }
    assert services.compute_ladder_progress([], date(2025, 1, 1)) is None


def test_writes_are_audited_by_category(trajectory, coordinator, neighbourhood_worker):
    matrix_measurement(
        trajectory,
        {"financien": 2, "geestelijke_gezondheid": 3},
        by=neighbourhood_worker,
    )
    ladder_measurement(trajectory, by=coordinator)
    events = AccessEvent.objects.filter(
        action=AccessEvent.Action.WRITE, via__startswith="measurement_"
    )
    assert set(events.values_list("via", "category")) == {
        ("measurement_record", "income"),
        ("measurement_record", "health"),
        ("measurement_confirm", "income"),
        ("measurement_confirm", "health"),
        ("measurement_record", "work"),
        ("measurement_confirm", "work"),
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "paid_work"}, "hours_per_week"),
        ({"kind": "paid_work", "hours_per_week": 0}, "hours_per_week"),
        ({"kind": "paid_work", "hours_per_week": 61}, "hours_per_week"),
        ({"kind": "education"}, "education_kind"),
        ({"kind": "holiday"}, "kind"),
    ],
)
def test_work_records_are_validated(trajectory, coordinator, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        services.work_record_add(
            trajectory=trajectory,
            started_on=trajectory.started_on,
            by=coordinator,
            **kwargs,
        )
    assert field in _errors(exc)


def test_work_records_are_added_and_ended(trajectory, coordinator):
    record = services.work_record_add(
        trajectory=trajectory,
        kind=WorkRecord.Kind.PAID_WORK,
        started_on=trajectory.started_on,
        hours_per_week=24,
        supported=True,
        by=coordinator,
    )
    assert record.supported and record.hours_per_week == 24
    course = services.work_record_add(
        trajectory=trajectory,
        kind=WorkRecord.Kind.EDUCATION,
        started_on=trajectory.started_on,
        education_kind="language",
        supported=True,
        by=coordinator,
    )
    assert not course.supported
    with pytest.raises(ValidationError):
        services.work_record_end(
            record=record,
            ended_on=trajectory.started_on - timedelta(days=1),
            by=coordinator,
        )
    services.work_record_end(
        record=record, ended_on=timezone.localdate(), by=coordinator
    )
    assert record.ended_on == timezone.localdate()
    assert AccessEvent.objects.filter(
        via="work_record_end", category="work", action="write"
    ).exists()
