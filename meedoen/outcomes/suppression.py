"""Which figures of the outcome report are suppressed: primary suppression of small
counts and complementary suppression, so that no suppressed count can be worked out
from the totals or from the other figures. Pure functions on integers; ``report.py``
applies the result to every output.

The figures table. One overall row and its breakdowns (per coach, per neighbourhood),
each row with five resident counts. What a reader knows of them:

- each breakdown adds up to the overall row, column by column. Per neighbourhood this
  is exact (a resident lives in one neighbourhood; residents without one have their own
  row, which is published or suppressed like any other: left out, it would be a hidden
  cell that the subtraction reveals). Per coach a resident with trajectories under two
  coaches counts in both rows, so the rows add up to at least the total; the rules below
  treat it as exact, which protects at least as well;
- within a row: stepped <= measured <= reach, paid work <= reach, education <= reach,
  and every row of a breakdown has at least one resident;
- a share is published only when its numerator and its denominator are (``report.py``),
  so shares add nothing about a suppressed count.

The rules, applied until none asks for more:

1. *Primary*: a count below the threshold is suppressed; so is an overall count that
   the report one filter wider suppresses (``forced``, see ``report.build``).
2. *Sums*: in a breakdown column whose total is published, the suppressed cells are
   none, or at least two whose sum is at least the threshold: "total minus the
   published rows" then neither gives one cell nor a small number. When the total is
   suppressed, at least one row of each breakdown is too, or the published rows would
   add up to it.
3. *Not derivable*: for every suppressed cell there is a second table that agrees with
   everything published (published cells, the sums, the orderings within rows) in which
   that cell is one higher or one lower: move one resident between two suppressed rows
   of its column, or add one to a suppressed total and to one suppressed row of each
   breakdown, in the cell's column alone or together with other suppressed cells of
   the same rows (a resident who moves takes some of their counts along). A cell for which no such move exists (for instance a
   suppressed "measured" between published "stepped" and "reach" that are equal) gets
   company: the smallest published cell that provides such a move.

Complements are the smallest published cells, so as little as possible is lost. Every
suppressed cell is shown the same way (not "<10" for small ones and something else for
complements): otherwise a reader would know which suppressed cells are small and could
narrow them down again.

What this does not cover: comparing *different* reports. Two reports of overlapping
populations (another team, another journey, a period one day longer) differ by a
group that can be small; only the filter on a neighbourhood or a coach, which are rows
of the wider report, is made consistent with it (``forced``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations

COUNTS = ("reach", "measured", "stepped", "paid_work", "education")
# Within a row each count is at most its parent's.
PARENT = {
    "measured": "reach",
    "stepped": "measured",
    "paid_work": "reach",
    "education": "reach",
}
OVERALL = 0
# (table, row, column): table 0 is the overall row (row 0), 1.. the breakdowns.
Key = tuple[int, int, str]


def _ancestors(column: str) -> list[str]:
    out = []
    while column in PARENT:
        column = PARENT[column]
        out.append(column)
    return out


def _descendants(column: str) -> list[str]:
    children = [c for c, p in PARENT.items() if p == column]
    return children + [d for c in children for d in _descendants(c)]


# Columns that move together in a witness move: the column alone or with any of the
# others in its row (a resident who moves takes some of their counts along).
COLUMN_SETS = {
    c: [
        (c, *extra)
        for n in range(len(COUNTS))
        for extra in combinations([o for o in COUNTS if o != c], n)
    ]
    for c in COUNTS
}


class FigureTable:
    """The counts of the overall row and its breakdowns."""

    def __init__(
        self,
        overall: Mapping[str, int],
        breakdowns: Sequence[Sequence[Mapping[str, int]]],
    ) -> None:
        self.tables: list[list[dict[str, int]]] = [
            [{c: int(overall[c]) for c in COUNTS}],
            *[
                [{c: int(row[c]) for c in COUNTS} for row in rows]
                for rows in breakdowns
            ],
        ]

    def value(self, key: Key) -> int:
        table, row, column = key
        return self.tables[table][row][column]

    def cells(self) -> Iterator[Key]:
        for t, rows in enumerate(self.tables):
            for r in range(len(rows)):
                for c in COUNTS:
                    yield (t, r, c)

    @property
    def breakdowns(self) -> range:
        return range(1, len(self.tables))

    def rows(self, table: int) -> range:
        return range(len(self.tables[table]))

    def row_fits(self, table: int, row: int, changed: Mapping[str, int]) -> bool:
        """Whether the row still obeys the orderings with ``changed`` added."""
        values = {c: v + changed.get(c, 0) for c, v in self.tables[table][row].items()}
        if min(values.values()) < 0:
            return False
        if table != OVERALL and values["reach"] < 1:
            return False
        return all(values[c] <= values[p] for c, p in PARENT.items())


def _can_move(
    table: FigureTable,
    hidden: set[Key],
    cell: tuple[int, int],
    columns: Sequence[str],
    delta: int,
) -> bool:
    t, r = cell
    if any((t, r, c) not in hidden for c in columns):
        return False
    return table.row_fits(t, r, dict.fromkeys(columns, delta))


def has_witness(table: FigureTable, hidden: set[Key], key: Key) -> bool:
    """Whether a second table, equal in everything published, differs in ``key``."""
    t, r, column = key
    total = (OVERALL, 0)
    for columns in COLUMN_SETS[column]:
        for delta in (1, -1):
            if t != OVERALL:
                if not _can_move(table, hidden, (t, r), columns, delta):
                    continue
                # Move one resident to or from another suppressed row...
                if any(
                    _can_move(table, hidden, (t, other), columns, -delta)
                    for other in table.rows(t)
                    if other != r
                ):
                    return True
            # ...or change the total together with one row of every breakdown.
            if _can_move(table, hidden, total, columns, delta) and all(
                (b == t and t != OVERALL)
                or any(
                    _can_move(table, hidden, (b, row), columns, delta)
                    for row in table.rows(b)
                )
                for b in table.breakdowns
            ):
                return True
    return False


def _sum_shortfall(
    table: FigureTable, hidden: set[Key], breakdown: int, column: str, limit: int
) -> bool:
    """Rule 2 for one breakdown column."""
    rows = [(breakdown, r, column) for r in table.rows(breakdown)]
    suppressed = [k for k in rows if k in hidden]
    if (OVERALL, 0, column) in hidden:
        return bool(rows) and not suppressed
    if not suppressed:
        return False
    return len(suppressed) < 2 or sum(table.value(k) for k in suppressed) < limit


def _cost(table: FigureTable, key: Key) -> tuple[int, int, int, int]:
    # The overall figures are the last to go.
    return (key[0] == OVERALL, table.value(key), key[0], key[1])


def _cheapest(table: FigureTable, candidates: Iterable[Key]) -> Key | None:
    return min(candidates, key=lambda k: _cost(table, k), default=None)


def _helpers(table: FigureTable, hidden: set[Key], key: Key) -> list[Key]:
    """Published cells that could give ``key`` a witness move, cheapest first: its
    column in every table, then its row, then anything in its column chain."""
    t, r, column = key
    chain = {column, *_ancestors(column), *_descendants(column)}
    groups = [
        [k for k in table.cells() if k[2] == column],
        [(t, r, c) for c in COUNTS],
        [k for k in table.cells() if k[2] in chain],
    ]
    ordered: list[Key] = []
    for group in groups:
        for k in sorted(group, key=lambda k: _cost(table, k)):
            if k not in hidden and k not in ordered:
                ordered.append(k)
    return ordered


def protect(table: FigureTable, limit: int, forced: Iterable[str] = ()) -> set[Key]:
    """The cells to suppress: rules 1-3 of the module docstring."""
    hidden = {k for k in table.cells() if table.value(k) < limit}
    hidden |= {(OVERALL, 0, c) for c in forced}
    if table.value((OVERALL, 0, "reach")) == 0:
        return set(table.cells())  # nobody: nothing to protect, nothing to show
    safe: set[Key] = set()  # witnesses stay valid when more is suppressed
    while True:
        add = _next(table, hidden, safe, limit)
        if add is None:
            return hidden
        hidden.add(add)


def _next(
    table: FigureTable, hidden: set[Key], safe: set[Key], limit: int
) -> Key | None:
    for breakdown in table.breakdowns:
        for column in COUNTS:
            if _sum_shortfall(table, hidden, breakdown, column, limit):
                choice = _cheapest(
                    table,
                    (
                        (breakdown, r, column)
                        for r in table.rows(breakdown)
                        if (breakdown, r, column) not in hidden
                    ),
                )
                if choice is not None:
                    return choice
    for key in sorted(hidden - safe):
        if has_witness(table, hidden, key):
            safe.add(key)
            continue
        helpers = _helpers(table, hidden, key)
        for helper in helpers:
            if has_witness(table, hidden | {helper}, key):
                return helper
        if helpers:
            return helpers[0]
    return None


def protect_parts(total: int, parts: Sequence[int], limit: int) -> list[bool]:
    """Suppression of a total and the parts that add up to it exactly (where residents
    stop: dropped out + withdrawn = total): [total, *parts] suppressed or not. A part
    under the threshold takes every part with it while the total is published, so the
    total minus the published parts gives nothing; a small total takes everything."""
    hidden = [total < limit, *(p < limit for p in parts)]
    if hidden[0] or any(hidden[1:]):
        hidden = [hidden[0], *[True] * len(parts)]
    return hidden
