"""Indicator arithmetic: property-based (hypothesis) over small random populations,
and the stage and case-team indicators on hand-made trajectories."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.outcomes import indicators, report
from meedoen.outcomes.indicators import Population
from meedoen.outcomes.tests.builders import Spec, Work, build, transitions

pytestmark = pytest.mark.django_db

START = date(2024, 1, 1)
END = date(2024, 12, 31)

trajectory = st.fixed_dictionaries(
    {
        "resident": st.integers(0, 7),
        "day": st.integers(-30, 400),
        "baseline": st.one_of(st.none(), st.integers(1, 6)),
        "six": st.one_of(st.none(), st.integers(1, 6)),
        "work": st.lists(
            st.tuples(
                st.sampled_from(["paid_work", "education", "volunteering"]),
                st.integers(-60, 420),
                st.sampled_from([8, 15.5, 16, 24, 36]),
            ),
            max_size=2,
        ),
    }
)


def reference(rows: list[dict]) -> dict[str, int]:
    """The same figures by hand, per resident."""
    sets: dict[str, set[int]] = {
        k: set() for k in ("reach", "measured", "stepped", "paid_work", "education")
    }
    for row in rows:
        started = START + timedelta(days=row["day"])
        if not START <= started <= END:
            continue
        r = row["resident"]
        sets["reach"].add(r)
        if row["baseline"] is not None and row["six"] is not None:
            sets["measured"].add(r)
            if row["six"] > row["baseline"]:
                sets["stepped"].add(r)
        for kind, offset, hours in row["work"]:
            on = START + timedelta(days=offset)
            if started <= on <= END:
                if kind == "paid_work" and hours >= 16:
                    sets["paid_work"].add(r)
                if kind == "education":
                    sets["education"].add(r)
    return {k: len(v) for k, v in sets.items()}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(trajectory, max_size=12))
def test_indicator_arithmetic(arnhem, rows):
    with transaction.atomic():
        coach = ProfessionalFactory(municipality=arnhem)
        specs = [
            Spec(
                resident=row["resident"],
                coach=coach,
                started_on=START + timedelta(days=row["day"]),
                baseline=row["baseline"],
                six_month=row["six"] if row["baseline"] is not None else None,
                work=[
                    Work(kind, START + timedelta(days=off), hours)
                    for kind, off, hours in row["work"]
                ],
            )
            for row in rows
        ]
        for row in rows:
            if row["baseline"] is None:
                row["six"] = None
        build(arnhem, specs)
        got = indicators.headline(Population(arnhem.pk, START, END))
        want = reference(rows)
        assert got == want
        # Shares never exceed 100%; the step's denominator is those measured twice;
        # a resident with two trajectories counts once in reach.
        assert got["stepped"] <= got["measured"] <= got["reach"]
        assert got["paid_work"] <= got["reach"]
        assert got["education"] <= got["reach"]
        assert got["reach"] <= len({row["resident"] for row in rows})
        for limit in (1, 10):
            cell = report.share(got["stepped"], got["measured"], limit)
            assert cell.suppressed or 0 <= (cell.value or 0) <= 100
        transaction.set_rollback(True)


@given(
    numerator=st.integers(0, 500), extra=st.integers(0, 500), limit=st.integers(1, 20)
)
def test_suppression_of_shares(numerator, extra, limit):
    denominator = numerator + extra
    cell = report.share(numerator, denominator, limit)
    if numerator < limit or denominator < limit:
        assert cell.suppressed and cell.display == "suppressed"
    else:
        assert not cell.suppressed and 0 <= (cell.value or 0) <= 100


def test_stage_durations_stops_and_case_team(arnhem, settings):
    settings.MEEDOEN_SUPPRESSION_THRESHOLD = 1
    coach = ProfessionalFactory(municipality=arnhem)
    other = ProfessionalFactory(municipality=arnhem)
    closed = date(2024, 3, 1)
    a, b, c = build(
        arnhem,
        [
            Spec(1, coach, START, baseline=2, six_month=3, stage_order=1),
            Spec(
                2,
                coach,
                START,
                stage_order=0,
                closed_on=closed,
                closure_reason="dropped_out",
            ),
            Spec(
                3,
                coach,
                START,
                stage_order=1,
                closed_on=closed,
                closure_reason="withdrawn",
            ),
        ],
    )
    # a: 10 days in stage 0, then in stage 1 until "today" (20 days later).
    transitions(a, [(0, START), (1, START + timedelta(days=10))])
    # b: in stage 0 until it closed (60 days).
    transitions(b, [(0, START)])
    # c: 30 days in stage 0, then stage 1 until it closed (30 days).
    transitions(c, [(0, START), (1, START + timedelta(days=30))])
    today = START + timedelta(days=30)
    pop = Population(arnhem.pk, START, END)
    stages = indicators.stage_durations(pop, today)
    assert [(s["order"], s["stays"], s["days"]) for s in stages] == [
        (1, 3, 10 + 60 + 30),  # stage orders start at 1
        (2, 2, 20 + 30),
    ]
    stops = {s["stage__order"]: s for s in indicators.stops(pop)}
    assert (stops[1]["dropped_out"], stops[1]["withdrawn"]) == (1, 0)
    assert (stops[2]["dropped_out"], stops[2]["withdrawn"]) == (0, 1)
    # A second professional joined a's team later: 1 at the start, 2 now.
    a.team.create(professional=other, organisation=other.organisation, joined_on=today)
    team = indicators.case_team_size(pop, today)
    assert team == {
        "trajectories": 3,
        "members_at_start": 3,
        "open": 1,
        "members_now": 2,
        "returns": 0,
    }
    result = report.build(pop, today)
    assert [s.average_days.display for s in result.stages] == ["33.3", "25.0"]
    assert result.team_at_start.display == "1.0"
    assert result.team_now.display == "2.0"
