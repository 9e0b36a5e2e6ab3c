"""The Arnhem participation coaches evaluation as a test: 472 residents over 13 coaches
and five neighbourhoods, with known ladder measurements and work records.

Resident ``i`` (0..471) is constructed as follows, so every figure is known:

- coach: coaches 0-8 have 39 residents each, 9-11 have 38, coach 12 has 7 (a small
  cell); neighbourhood ``i % 5``; start 1 January 2009 plus ``i % 180`` days;
- baseline rung ``1 + i % 3``; no six-month follow-up when ``i % 8 == 7``; otherwise
  one rung up when ``i % 3 == 0``, the same when ``i % 3 == 1``, one down otherwise;
- ``i % 8 == 0``: paid work of 20 hours, two months after the start (counts);
  ``i % 8 == 4``: education two months after the start (counts);
  ``i % 8 == 2``: paid work of 12 hours (too few hours); ``i % 8 == 6``: paid work of
  32 hours that began before the trajectory (not an outcome); ``i % 8 == 1``: paid work
  of 24 hours after the period; ``i % 8 == 5``: volunteering.

Overall: reach 472; 413 with both measurements; 138 stepped forward (33.4%);
59 in paid work of 16+ hours (12.5%) and 59 started education (12.5%): together a
quarter, as the TNO evaluation found.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Neighbourhood, Professional
from meedoen.organisations.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
)
from meedoen.outcomes import indicators, report
from meedoen.outcomes.indicators import Population
from meedoen.outcomes.tests.builders import Spec, Work, build

N = 472
NEIGHBOURHOODS = [
    "Klarendal",
    "Geitenkamp",
    "Malburgen",
    "Presikhaaf",
    "Het Arnhemse Broek",
]
COACH_SIZES = [39] * 9 + [38] * 3 + [7]
START = date(2009, 1, 1)
END = date(2009, 12, 31)


def coach_of(i: int) -> int:
    bound = 0
    for coach, size in enumerate(COACH_SIZES):
        bound += size
        if i < bound:
            return coach
    raise AssertionError(i)


def expected(i: int) -> dict[str, bool]:
    measured = i % 8 != 7
    return {
        "reach": True,
        "measured": measured,
        "stepped": measured and i % 3 == 0,
        "paid_work": i % 8 == 0,
        "education": i % 8 == 4,
    }


def spec(i: int, coaches: list[Professional], areas: list[Neighbourhood]) -> Spec:
    started = START + timedelta(days=i % 180)
    baseline = 1 + i % 3
    six = None if i % 8 == 7 else baseline + (1, 0, -1)[i % 3]
    later = started + timedelta(days=60)
    work = {
        0: [Work("paid_work", later, 20)],
        4: [Work("education", later)],
        2: [Work("paid_work", later, 12)],
        6: [Work("paid_work", started - timedelta(days=30), 32)],
        1: [Work("paid_work", date(2010, 3, 1), 24)],
        5: [Work("volunteering", later)],
    }.get(i % 8, [])
    return Spec(
        resident=i,
        coach=coaches[coach_of(i)],
        started_on=started,
        neighbourhood=areas[i % 5],
        baseline=baseline,
        six_month=six,
        work=work,
    )


@pytest.fixture
def cohort(arnhem, nijmegen):
    areas = [NeighbourhoodFactory(municipality=arnhem, name=n) for n in NEIGHBOURHOODS]
    coaches = [
        ProfessionalFactory(
            username=f"coach{c:02d}",
            first_name="Coach",
            last_name=f"{c:02d}",
            municipality=arnhem,
            role=Professional.Role.COORDINATOR,
        )
        for c in range(13)
    ]
    trajectories = build(arnhem, [spec(i, coaches, areas) for i in range(N)])
    # Outside the cohort: a later start in Arnhem, and Nijmegen's residents.
    build(
        arnhem,
        [Spec("later", coaches[0], date(2011, 1, 1), areas[0], 1, 3, work=[])],
    )
    other = ProfessionalFactory(municipality=nijmegen)
    build(
        nijmegen,
        [
            Spec(f"n{j}", other, START, None, 1, 2, work=[Work("paid_work", START, 38)])
            for j in range(25)
        ],
    )
    return {"coaches": coaches, "areas": areas, "trajectories": trajectories}


def _sum(indices: range | list[int]) -> dict[str, int]:
    totals = dict.fromkeys(
        ("reach", "measured", "stepped", "paid_work", "education"), 0
    )
    for i in indices:
        for key, value in expected(i).items():
            totals[key] += value
    return totals


def test_overall_figures_are_exact(arnhem, cohort):
    pop = Population(arnhem.pk, START, END)
    assert indicators.headline(pop) == {
        "reach": 472,
        "measured": 413,
        "stepped": 138,
        "paid_work": 59,
        "education": 59,
    }
    result = report.build(pop, date(2010, 6, 30))
    assert result.overall.step_share.display == "33.4%"
    assert result.overall.paid_work_share.display == "12.5%"
    assert result.overall.education_share.display == "12.5%"
    # Together a quarter found work of 16+ hours or started education.
    assert (59 + 59) / 472 == 0.25
    # One professional per household at the start and now (the coach).
    assert result.team_at_start.display == "1.0"
    assert result.team_now.display == "1.0"


def test_per_coach_figures_are_exact_and_the_small_coach_is_suppressed(arnhem, cohort):
    pop = Population(arnhem.pk, START, END)
    rows = {row["label"]: row for row in indicators.by_coach(pop)}
    assert len(rows) == 13
    start = 0
    for c, size in enumerate(COACH_SIZES):
        want = _sum(range(start, start + size))
        got = rows[f"Coach {c:02d}"]
        assert {k: got[k] for k in want} == want, c
        start += size
    # Coach 00: residents 0-38.
    assert {k: rows["Coach 00"][k] for k in ("reach", "measured", "stepped")} == {
        "reach": 39,
        "measured": 35,
        "stepped": 12,
    }
    result = report.build(pop, date(2010, 6, 30))
    by_label = {f.label: f for f in result.coaches}
    assert by_label["Coach 00"].step_share.display == "34.3%"  # 12 of 35
    # Five in paid work: below the threshold, suppressed.
    assert rows["Coach 00"]["paid_work"] == 5
    assert by_label["Coach 00"].paid_work.display == "suppressed"
    assert by_label["Coach 00"].paid_work_share.display == "suppressed"
    small = by_label["Coach 12"]
    assert small.reach.display == "suppressed"
    assert small.step_share.display == "suppressed"
    assert all(c.suppressed for c in vars(small).values() if isinstance(c, report.Cell))
    assert result.suppression_applied


def test_per_neighbourhood_figures_are_exact(arnhem, cohort):
    pop = Population(arnhem.pk, START, END)
    rows = {row["label"]: row for row in indicators.by_neighbourhood(pop)}
    assert sorted(rows) == sorted(NEIGHBOURHOODS)
    for n, name in enumerate(NEIGHBOURHOODS):
        want = _sum([i for i in range(N) if i % 5 == n])
        assert {k: rows[name][k] for k in want} == want, name
    klarendal = rows["Klarendal"]
    assert (klarendal["reach"], klarendal["measured"], klarendal["stepped"]) == (
        95,
        83,
        28,
    )
    assert (klarendal["paid_work"], klarendal["education"]) == (12, 12)
    result = report.build(pop, date(2010, 6, 30))
    figures = {f.label: f for f in result.neighbourhoods}
    assert figures["Klarendal"].step_share.display == "33.7%"  # 28 of 83
    assert figures["Klarendal"].paid_work_share.display == "12.6%"  # 12 of 95


def test_filters_narrow_the_population(arnhem, cohort):
    klarendal = cohort["areas"][0]
    coach = cohort["coaches"][0]
    pop = Population(arnhem.pk, START, END, neighbourhood_id=klarendal.pk)
    assert indicators.headline(pop)["reach"] == 95
    pop = Population(arnhem.pk, START, END, coach_id=coach.pk)
    assert indicators.headline(pop)["reach"] == 39
    # The later start is outside the 2009 cohort, inside a wider one.
    assert (
        indicators.headline(Population(arnhem.pk, START, date(2011, 12, 31)))["reach"]
        == 473
    )
    assert Trajectory.objects.count() == 472 + 1 + 25


def test_another_municipality_is_never_included(arnhem, nijmegen, cohort):
    assert indicators.headline(Population(nijmegen.pk, START, END))["reach"] == 25
    assert indicators.headline(Population(arnhem.pk, START, END))["paid_work"] == 59
