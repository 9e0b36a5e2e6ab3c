"""The six-month follow-up window of the participation ladder, in calendar months.

A confirmed ladder measurement after the baseline is a *six-month follow-up* when it is
dated

- no later than six calendar months after the start of the trajectory: the same day
  of the month six months on, or the last day of that month when it is shorter
  (31 August + 6 months = 28 February, or 29 February in a leap year; 31 March + 6
  months = 30 September; 29 February + 6 months = 29 August), and
- at least ``MEEDOEN_FOLLOW_UP_MIN_DAYS`` days (default 90) after the baseline. A
  measurement a few days after the baseline repeats the placement; it does not measure
  progress. 90 days is half the window: the follow-up lies in its second half, in line
  with the ladder's advice to measure at least twice a year.

Of the measurements that qualify, the last one counts. Start + 183 days, the rule
before this one, left out a measurement exactly six calendar months on for about 119
start days a year and let the day after six months count for others.

``LadderProgress`` stores the result; after changing the setting run
``manage.py ladder_progress_refresh``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings

WINDOW_MONTHS = 6
DEFAULT_FOLLOW_UP_MIN_DAYS = 90
# The shortest six calendar months have 181 days: a larger minimum leaves no window.
MAX_FOLLOW_UP_MIN_DAYS = 180


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later, or the last day of that month when
    it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_end(started_on: date) -> date:
    """The last day a six-month follow-up may be dated (inclusive)."""
    return add_months(started_on, WINDOW_MONTHS)


def follow_up_min_days() -> int:
    return int(
        getattr(settings, "MEEDOEN_FOLLOW_UP_MIN_DAYS", DEFAULT_FOLLOW_UP_MIN_DAYS)
    )


def earliest_follow_up(baseline_on: date, min_days: int | None = None) -> date:
    """The first day a measurement counts as a follow-up of this baseline."""
    days = follow_up_min_days() if min_days is None else min_days
    return baseline_on + timedelta(days=days)


def is_six_month_follow_up(
    measured_on: date,
    *,
    started_on: date,
    baseline_on: date,
    min_days: int | None = None,
) -> bool:
    return (
        earliest_follow_up(baseline_on, min_days)
        <= measured_on
        <= window_end(started_on)
    )
