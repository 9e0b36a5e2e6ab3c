"""The six-month follow-up window in calendar months, and the minimum time between
baseline and follow-up, tested on every start day of 2023-2025 against an independent
formulation (``dateutil.relativedelta``, which clamps to the end of a shorter month)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from meedoen.measurements import services

ALL_STARTS = [
    date(2023, 1, 1) + timedelta(days=n)
    for n in range((date(2025, 12, 31) - date(2023, 1, 1)).days + 1)
]


def _six_month(points, started_on):
    values = services.compute_ladder_progress(points, started_on)
    assert values is not None
    return values["six_month_on"]


def test_every_start_day_of_2023_to_2025_has_the_calendar_window():
    from meedoen.measurements.window import add_months, window_end

    assert len(ALL_STARTS) == 365 + 366 + 365  # 2024 is a leap year
    for start in ALL_STARTS:
        assert window_end(start) == start + relativedelta(months=6), start
        for months in (1, 3, 6, 12, 18):
            assert add_months(start, months) == start + relativedelta(months=months)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2023, 8, 31), date(2024, 2, 29)),  # into a leap February
        (date(2024, 8, 31), date(2025, 2, 28)),
        (date(2024, 8, 29), date(2025, 2, 28)),
        (date(2024, 2, 29), date(2024, 8, 29)),  # from the leap day
        (date(2025, 3, 31), date(2025, 9, 30)),
        (date(2025, 7, 31), date(2026, 1, 31)),
        (date(2025, 12, 31), date(2026, 6, 30)),
    ],
)
def test_month_ends_and_the_leap_day(start, end):
    from meedoen.measurements.window import window_end

    assert window_end(start) == end


def test_a_follow_up_exactly_six_calendar_months_after_the_start_counts():
    """Start + 183 days left out a measurement six calendar months on for the start
    days whose six months span 184 days (July to December, for instance)."""
    missed = []
    for start in ALL_STARTS:
        six = start + relativedelta(months=6)
        points = [(start, 2, 3), (six, 3, 3)]
        if _six_month(points, start) != six:
            missed.append(start)
        # The day after the six months is outside the window.
        late = [(start, 2, 3), (six + timedelta(days=1), 3, 3)]
        assert _six_month(late, start) is None, start
    assert missed == []


def test_a_follow_up_one_day_after_the_baseline_is_not_the_six_month_follow_up():
    start = date(2025, 1, 6)
    points = [(start, 2, 3), (start + timedelta(days=1), 4, 4)]
    values = services.compute_ladder_progress(points, start)
    assert values is not None
    assert values["six_month_on"] is None and values["six_month_rung"] is None
    # Still the latest measurement.
    assert values["latest_rung"] == 4


def test_the_minimum_is_counted_from_the_baseline(settings):
    settings.MEEDOEN_FOLLOW_UP_MIN_DAYS = 90
    start = date(2025, 1, 6)
    baseline = start + timedelta(days=20)
    early = baseline + timedelta(days=89)
    on_time = baseline + timedelta(days=90)
    points = [(baseline, 2, 3), (early, 3, 3)]
    assert _six_month(points, start) is None
    points = [(baseline, 2, 3), (early, 3, 3), (on_time, 4, 4)]
    assert _six_month(points, start) == on_time
    # Of several follow-ups in the window, the last one counts.
    last = start + relativedelta(months=6)
    points = [(baseline, 2, 3), (on_time, 4, 4), (last, 3, 3)]
    values = services.compute_ladder_progress(points, start)
    assert values is not None
    assert (values["six_month_on"], values["six_month_rung"]) == (last, 3)


def test_the_minimum_is_a_setting(settings):
    start = date(2025, 1, 6)
    points = [(start, 2, 3), (start + timedelta(days=30), 3, 3)]
    settings.MEEDOEN_FOLLOW_UP_MIN_DAYS = 30
    assert _six_month(points, start) == start + timedelta(days=30)
    settings.MEEDOEN_FOLLOW_UP_MIN_DAYS = 31
    assert _six_month(points, start) is None


@pytest.mark.django_db
def test_the_stored_follow_up_is_refreshed_after_a_change_of_the_setting(
    settings, coordinator
):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from meedoen.journeys.tests.factories import TrajectoryFactory
    from meedoen.measurements.models import LadderProgress
    from meedoen.measurements.tests.factories import ladder_measurement

    start = timezone.localdate() - timedelta(days=300)
    t = TrajectoryFactory(coordinator=coordinator, started_on=start)
    ladder_measurement(t, by=coordinator, rung=2, on=start)
    ladder_measurement(t, by=coordinator, rung=3, on=start + timedelta(days=60))
    progress = LadderProgress.objects.get(trajectory=t)
    assert progress.six_month_on is None  # 60 days < 90
    settings.MEEDOEN_FOLLOW_UP_MIN_DAYS = 60
    out = StringIO()
    call_command("ladder_progress_refresh", stdout=out)
    assert out.getvalue().startswith("1 trajectories changed")
    progress.refresh_from_db()
    assert (progress.six_month_on, progress.six_month_rung) == (
        start + timedelta(days=60),
        3,
    )
    call_command("ladder_progress_refresh", stdout=out)
    assert "0 trajectories changed" in out.getvalue()
