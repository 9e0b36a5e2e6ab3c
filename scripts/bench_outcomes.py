"""Outcome report benchmark: 100,000 trajectories with LadderProgress and WorkRecords,
the report indicators timed, and side by side one hand-written SQL query computing the
same shares; both printed and checked equal.

    make bench                                   # SQLite file in var/bench/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/meedoen_bench make bench

The data are made once (bulk_create in batches) in a municipality "Benchstad" and
reused by later runs.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meedoen.conf.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from meedoen.journeys.models import Trajectory  # noqa: E402
from meedoen.organisations.models import (  # noqa: E402
    Municipality,
    Neighbourhood,
    Organisation,
    Professional,
)
from meedoen.outcomes import indicators  # noqa: E402
from meedoen.outcomes.indicators import Population  # noqa: E402
from meedoen.outcomes.tests.builders import Spec, Work, build  # noqa: E402

N = int(os.environ.get("BENCH_TRAJECTORIES", "100000"))
BATCH = 5000
START = date(2022, 1, 1)
END = date(2024, 12, 31)


def seed() -> Municipality:
    muni, _ = Municipality.objects.get_or_create(name="Benchstad", code="9999")
    have = Trajectory.objects.filter(municipality=muni).count()
    if have >= N:
        return muni
    org, _ = Organisation.objects.get_or_create(
        municipality=muni, name="Wijkteam Benchstad"
    )
    areas = [
        Neighbourhood.objects.get_or_create(municipality=muni, name=f"Wijk {k}")[0]
        for k in range(5)
    ]
    coaches = []
    for c in range(50):
        coach, _ = Professional.objects.get_or_create(
            username=f"bench-coach-{c}",
            defaults={"municipality": muni, "organisation": org, "last_name": f"{c}"},
        )
        coaches.append(coach)
    started = time.perf_counter()
    for offset in range(have, N, BATCH):
        specs = []
        for i in range(offset, min(offset + BATCH, N)):
            begin = START + timedelta(days=i % 1000)
            baseline = 1 + i % 5
            specs.append(
                Spec(
                    resident=i,
                    coach=coaches[i % 50],
                    started_on=begin,
                    neighbourhood=areas[i % 5],
                    baseline=baseline,
                    six_month=None if i % 7 == 0 else baseline + (i % 3) - 1,
                    work={
                        0: [Work("paid_work", begin + timedelta(days=40), 24)],
                        1: [Work("education", begin + timedelta(days=20))],
                        2: [Work("paid_work", begin + timedelta(days=10), 8)],
                    }.get(i % 6, []),
                )
            )
        build(muni, specs)
    print(f"seeded {N - have} trajectories in {time.perf_counter() - started:.1f} s")
    return muni


SQL = """
SELECT
  COUNT(DISTINCT t.resident_id),
  COUNT(DISTINCT CASE WHEN l.six_month_rung IS NOT NULL THEN t.resident_id END),
  COUNT(DISTINCT CASE WHEN l.six_month_rung > l.baseline_rung THEN t.resident_id END),
  COUNT(DISTINCT CASE WHEN EXISTS (
      SELECT 1 FROM measurements_workrecord w
      WHERE w.trajectory_id = t.id AND w.kind = 'paid_work'
        AND w.hours_per_week >= 16
        AND w.started_on >= t.started_on AND w.started_on <= %s
  ) THEN t.resident_id END),
  COUNT(DISTINCT CASE WHEN EXISTS (
      SELECT 1 FROM measurements_workrecord w
      WHERE w.trajectory_id = t.id AND w.kind = 'education'
        AND w.started_on >= t.started_on AND w.started_on <= %s
  ) THEN t.resident_id END)
FROM journeys_trajectory t
LEFT JOIN measurements_ladderprogress l ON l.trajectory_id = t.id
WHERE t.municipality_id = %s AND t.started_on >= %s AND t.started_on <= %s
"""


def timed(fn):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(3):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000, result


def main() -> None:
    call_command("migrate", verbosity=0)
    muni = seed()
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE"
        )  # fresh statistics after the bulk load, as in production
    pop = Population(muni.pk, START, END)
    ms, figures = timed(lambda: indicators.headline(pop))

    def hand() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(SQL, [END, END, muni.pk, START, END])
            row = cursor.fetchone()
        keys = ("reach", "measured", "stepped", "paid_work", "education")
        return dict(zip(keys, row, strict=True))

    sql_ms, by_hand = timed(hand)
    coach_ms, _ = timed(lambda: indicators.by_coach(pop))
    area_ms, _ = timed(lambda: indicators.by_neighbourhood(pop))
    stage_ms, _ = timed(lambda: indicators.stage_durations(pop))
    team_ms, _ = timed(lambda: indicators.case_team_size(pop))
    print(f"outcome report over {N:,} trajectories ({connection.vendor})")
    print(f"{'':24}{'ORM indicators':>18}{'hand-written SQL':>18}")
    for key in figures:
        print(f"{key:24}{figures[key]:>18}{by_hand[key]:>18}")
    for label, num, den in (
        ("share step forward", "stepped", "measured"),
        ("share paid work 16+", "paid_work", "reach"),
        ("share education", "education", "reach"),
    ):
        a = 100 * figures[num] / figures[den]
        b = 100 * by_hand[num] / by_hand[den]
        print(f"{label:24}{a:>17.2f}%{b:>17.2f}%")
    print(f"{'time (best of 3)':24}{ms:>15.1f} ms{sql_ms:>15.1f} ms")
    print(
        f"per coach {coach_ms:.1f} ms, per neighbourhood {area_ms:.1f} ms, "
        f"stage durations {stage_ms:.1f} ms, case team {team_ms:.1f} ms"
    )
    assert figures == by_hand, (figures, by_hand)
    print("equal: yes")


if __name__ == "__main__":
    main()
