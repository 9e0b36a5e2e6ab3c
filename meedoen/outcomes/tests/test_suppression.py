"""Suppression that holds: no suppressed figure of the outcome report can be worked out
from the totals or from the other figures.

The criterion, checked from the *published* report only (``consistent`` below knows
nothing of the suppression code): a suppressed count is safe when a second table exists
that agrees with everything a reader sees (every published count and share, the sums
of each breakdown, stepped <= measured <= reach, paid work and education <= reach,
at least one resident per row) and differs in that count. Then the reader cannot
tell which of (at least) two values is true. The second table is searched among
one-resident moves: between two rows of a breakdown, or a total together with one row
of each breakdown, over any set of columns. That is a sufficient condition, so the
test is sound: it passes only if every suppressed count has two consistent values.
Besides, "total minus the published rows" must never give a small number: each
breakdown column hides no cell, or at least two that together make the threshold.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meedoen.organisations.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
)
from meedoen.outcomes import exports, report, suppression
from meedoen.outcomes.indicators import Population
from meedoen.outcomes.tests.builders import Spec, Work, build

COUNTS = suppression.COUNTS
SHARES = {
    "step_share": ("stepped", "measured"),
    "paid_work_share": ("paid_work", "reach"),
    "education_share": ("education", "reach"),
}
ORDER = [
    ("stepped", "measured"),
    ("measured", "reach"),
    ("paid_work", "reach"),
    ("education", "reach"),
]
LIMIT = 10


# -- a reader of the published report ----------------------------------------------


@dataclass
class Published:
    """What a reader sees: per table (overall, coaches, neighbourhoods) and row, the
    counts and shares as numbers, None where suppressed."""

    tables: list[list[dict[str, float | None]]]

    @classmethod
    def of(cls, overall, coaches, neighbourhoods) -> Published:
        def row(f: report.Figures) -> dict[str, float | None]:
            return {
                key: None if cell.suppressed else cell.value
                for key, cell in vars(f).items()
                if isinstance(cell, report.Cell)
            }

        return cls(
            [
                [row(overall)],
                [row(f) for f in coaches],
                [row(f) for f in neighbourhoods],
            ]
        )


Table = list[list[dict[str, int]]]


def consistent(published: Published, candidate: Table, truth: Table) -> bool:
    """Whether ``candidate`` could be the truth for a reader of ``published``. The
    coach rows may count a resident twice, so their sum is held at the true excess
    over the total: more than a reader knows, so a stricter test."""
    for pub_rows, rows in zip(published.tables, candidate, strict=True):
        for pub, row in zip(pub_rows, rows, strict=True):
            for key in COUNTS:
                if pub[key] is not None and pub[key] != row[key]:
                    return False
            for key, (num, den) in SHARES.items():
                if pub[key] is not None:
                    if row[den] == 0:
                        return False
                    if round(100 * row[num] / row[den], 1) != round(pub[key], 1):
                        return False
            if min(row.values()) < 0 or any(row[a] > row[b] for a, b in ORDER):
                return False
    for rows in candidate[1:]:
        if any(row["reach"] < 1 for row in rows):
            return False
    for key in COUNTS:
        coach_excess = sum(r[key] for r in truth[1]) - truth[0][0][key]
        if sum(r[key] for r in candidate[1]) - candidate[0][0][key] != coach_excess:
            return False
        if sum(r[key] for r in candidate[2]) != candidate[0][0][key]:
            return False
    return True


def _moved(truth: Table, changes: list[tuple[int, int, int]], columns) -> Table:
    table = [[dict(row) for row in rows] for rows in truth]
    for t, r, delta in changes:
        for c in columns:
            table[t][r][c] += delta
    return table


def second_table(published: Published, truth: Table, cell) -> Table | None:
    """A table consistent with ``published`` that differs in ``cell``, or None."""
    t, r, column = cell
    others = [c for c in COUNTS if c != column]
    subsets = [
        (column, *extra)
        for n in range(len(others) + 1)
        for extra in itertools.combinations(others, n)
    ]
    for columns, delta in itertools.product(subsets, (1, -1)):
        moves: list[list[tuple[int, int, int]]] = []
        if t != 0:
            moves += [
                [(t, r, delta), (t, other, -delta)]
                for other in range(len(truth[t]))
                if other != r
            ]
        choices = [[r] if b == t else range(len(truth[b])) for b in (1, 2)]
        moves += [
            [(0, 0, delta), (1, a, delta), (2, b, delta)]
            for a, b in itertools.product(*choices)
        ]
        for changes in moves:
            # A move that touches a published count cannot be consistent: skip early.
            if any(
                published.tables[ct][cr][c] is not None
                for ct, cr, _d in changes
                for c in columns
            ):
                continue
            candidate = _moved(truth, changes, columns)
            if consistent(published, candidate, truth):
                return candidate
    return None


def assert_protected(rows: report.FigureRows, limit: int = LIMIT) -> Published:
    overall, coaches, neighbourhoods = rows.publish(limit)
    published = Published.of(overall, coaches, neighbourhoods)
    truth: Table = [
        [{c: rows.overall[c] for c in COUNTS}],
        [{c: row[c] for c in COUNTS} for row in rows.coaches],
        [{c: row[c] for c in COUNTS} for row in rows.neighbourhoods],
    ]
    assert consistent(published, truth, truth)
    for t, table in enumerate(truth):
        for r, row in enumerate(table):
            pub = published.tables[t][r]
            for key in COUNTS:
                if row[key] < limit:  # primary suppression
                    assert pub[key] is None, (t, r, key)
            for key, (num, den) in SHARES.items():
                if pub[num] is None or pub[den] is None:
                    assert pub[key] is None, (t, r, key)
            for key in COUNTS:
                if pub[key] is None and truth[0][0]["reach"] > 0:
                    assert second_table(published, truth, (t, r, key)) is not None, (
                        f"suppressed {key} of row {r} in table {t} can be worked out",
                        truth,
                        published.tables,
                    )
    # Total minus the published rows: nothing, or at least the threshold.
    for t in (1, 2):
        for key in COUNTS:
            total = published.tables[0][0][key]
            hidden = [
                r for r, pub in enumerate(published.tables[t]) if pub[key] is None
            ]
            if total is None or not hidden:
                continue
            assert len(hidden) >= 2, (t, key)
            assert sum(truth[t][r][key] for r in hidden) >= limit, (t, key)
            if t == 2:  # exact per neighbourhood: what the subtraction gives
                shown = sum(pub[key] or 0 for pub in published.tables[t])
                assert total - shown >= limit, (t, key)
    return published


# -- random populations --------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    coaches: tuple[int, ...]
    area: int | None
    measured: bool
    stepped: bool
    paid: bool
    education: bool


person = st.builds(
    Person,
    coaches=st.one_of(
        st.tuples(st.integers(0, 4)),
        st.tuples(st.integers(0, 4), st.integers(0, 4)).filter(lambda t: t[0] != t[1]),
    ),
    area=st.one_of(st.none(), st.integers(0, 4)),
    measured=st.booleans(),
    stepped=st.booleans(),
    paid=st.booleans(),
    education=st.booleans(),
)


def _counts(people: list[Person]) -> dict[str, int]:
    return {
        "reach": len(people),
        "measured": sum(p.measured for p in people),
        "stepped": sum(p.measured and p.stepped for p in people),
        "paid_work": sum(p.paid for p in people),
        "education": sum(p.education for p in people),
    }


def figure_rows(people: list[Person], limit: int = LIMIT) -> report.FigureRows:
    coaches = sorted({c for p in people for c in p.coaches})
    areas = sorted({p.area for p in people}, key=lambda a: (a is None, a or 0))
    return report.FigureRows.protect(
        _counts(people),
        [
            {
                "label": f"Coach {c}",
                "coordinator_id": c,
                **_counts([p for p in people if c in p.coaches]),
            }
            for c in coaches
        ],
        [
            {
                "label": "" if a is None else f"Wijk {a}",
                "resident__neighbourhood_id": a,
                **_counts([p for p in people if p.area == a]),
            }
            for a in areas
        ],
        limit,
    )


@settings(max_examples=300, deadline=None)
@given(people=st.lists(person, min_size=1, max_size=90))
def test_no_suppressed_figure_can_be_worked_out(people):
    assert_protected(figure_rows(people))


@settings(max_examples=100, deadline=None)
@given(people=st.lists(person, min_size=1, max_size=40), limit=st.sampled_from([3, 5]))
def test_no_suppressed_figure_can_be_worked_out_under_other_thresholds(people, limit):
    assert_protected(figure_rows(people, limit), limit)


def test_nothing_is_suppressed_when_every_cell_is_large():
    people = [Person((i % 2,), i % 2, True, True, True, True) for i in range(40)]
    rows = figure_rows(people)
    assert rows.hidden == set()


def test_the_published_rows_in_a_pinned_row_do_not_give_a_complement_away():
    """A suppressed "measured" between a published "stepped" and "reach" that are equal
    is pinned: the complement must not be such a cell."""
    everyone = [Person((0,), 0, True, True, True, True) for _ in range(12)]
    few = [Person((1,), 1, True, False, True, True) for _ in range(3)]
    rest = [Person((1,), 2, True, False, True, True) for _ in range(30)]
    assert_protected(figure_rows(everyone + few + rest))


@given(
    dropped=st.integers(0, 40), withdrawn=st.integers(0, 40), limit=st.integers(1, 15)
)
def test_where_residents_stop_a_part_is_never_total_minus_the_other(
    dropped, withdrawn, limit
):
    total = dropped + withdrawn
    if total == 0:
        return
    hidden_total, hidden_dropped, hidden_withdrawn = suppression.protect_parts(
        total, [dropped, withdrawn], limit
    )
    assert hidden_total == (total < limit)
    assert hidden_dropped or dropped >= limit
    assert hidden_withdrawn or withdrawn >= limit
    # With the total published, the parts are both published or both suppressed.
    if not hidden_total:
        assert hidden_dropped == hidden_withdrawn


# -- the Klarendal case through every output ---------------------------------------

START = date(2025, 1, 1)
END = date(2025, 12, 31)
TODAY = date(2026, 3, 1)
SIZES = {"Klarendal": 1, "Geitenkamp": 60, "Malburgen": 70, "Presikhaaf": 88}


@pytest.fixture
def klarendal(arnhem):
    """219 residents, one of them in Klarendal: 219 - 218 gave that one away."""
    coach = ProfessionalFactory(municipality=arnhem, last_name="Coach")
    specs = []
    areas = {}
    for name, size in SIZES.items():
        areas[name] = NeighbourhoodFactory(municipality=arnhem, name=name)
        for i in range(size):
            specs.append(
                Spec(
                    f"{name}{i}",
                    coach,
                    START + timedelta(days=i % 200),
                    areas[name],
                    baseline=2,
                    six_month=3 if i % 3 == 0 else 2,
                    work=[Work("paid_work", START + timedelta(days=250), 24)]
                    if i % 4 == 0
                    else [],
                )
            )
    build(arnhem, specs)
    return areas


def _reach_by_area(rows: list[list]) -> tuple[object, dict[str, object]]:
    by_section: dict[str, dict[str, object]] = {}
    for row in rows:
        if len(row) > 2:
            by_section.setdefault(str(row[0]), {})[str(row[1])] = row[2]
    return by_section["Overall"]["All residents"], by_section["Per neighbourhood"]


@pytest.mark.django_db
def test_klarendal_cannot_be_worked_out_by_subtraction(arnhem, klarendal):
    pop = Population(arnhem.pk, START, END)
    result = report.build(pop, TODAY)
    reach = {f.label: f.reach for f in result.neighbourhoods}
    assert result.overall.reach.value == 219
    assert reach["Klarendal"].suppressed
    published = sum(c.value or 0 for c in reach.values() if not c.suppressed)
    # 219 minus the published neighbourhoods is no longer one resident of Klarendal.
    assert 219 - published >= 10
    assert sum(c.suppressed for c in reach.values()) >= 2
    # The complement is the smallest of the others: Geitenkamp.
    assert reach["Geitenkamp"].suppressed and not reach["Presikhaaf"].suppressed
    assert_protected(report.protected_figures(pop, 10))

    # The same in the CSV and Excel rows, the page and the PDF (one template).
    total, areas = _reach_by_area(report.table_rows(result))
    assert total == 219
    shown = [v for v in areas.values() if isinstance(v, int)]
    assert total - sum(shown) >= 10 and len(shown) == len(areas) - 2
    text = exports.report_csv(result).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=","))
    csv_total, csv_areas = _reach_by_area(lines)
    assert int(str(csv_total)) == 219
    assert sorted(a for a, v in csv_areas.items() if v == "suppressed") == [
        "Geitenkamp",
        "Klarendal",
    ]
    html = exports.render_to_string("outcomes/_body.html", {"report": result})
    assert "Klarendal: suppressed; Malburgen: 70" in html.replace(
        "Geitenkamp: suppressed; ", ""
    )


@pytest.mark.django_db
def test_a_filter_on_the_complement_does_not_undo_it(arnhem, klarendal):
    """Filtering on Geitenkamp (the complement) would show its 60 and give Klarendal
    away again: the filtered report suppresses what the wider one suppresses there."""
    wide = report.build(Population(arnhem.pk, START, END), TODAY)
    hidden = {f.label for f in wide.neighbourhoods if f.reach.suppressed}
    assert hidden == {"Klarendal", "Geitenkamp"}
    narrow = report.build(
        Population(arnhem.pk, START, END, neighbourhood_id=klarendal["Geitenkamp"].pk),
        TODAY,
    )
    assert narrow.overall.reach.suppressed
    assert all(f.reach.suppressed for f in narrow.neighbourhoods)
    assert all(f.reach.suppressed for f in narrow.coaches)
    # A neighbourhood published in the wide report stays published when filtered.
    presikhaaf = report.build(
        Population(arnhem.pk, START, END, neighbourhood_id=klarendal["Presikhaaf"].pk),
        TODAY,
    )
    assert presikhaaf.overall.reach.display == "88"
