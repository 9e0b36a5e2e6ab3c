"""k-anonymity for the research export: generalise birth year, area and dates until
every combination of them occurs for at least k residents.

Quasi-identifiers are what someone who knows a resident could look up in the file:
the birth year, the neighbourhood and the dates of the trajectory (start and close).
Because a resident's rows share one pseudonym, the combination is taken per resident:
birth year, area and the dates of *all* their trajectories. Everything else in a row
(journey, stage, rungs, work, education) is what the evaluation is about and is left
as it is.

Generalisation is global (one level per quasi-identifier for the whole file, so every
row reads the same way) along these ladders:

- birth year: the year, a 5-year band, a 10-year band, suppressed;
- area: the neighbourhood (buurt), its district (wijk), suppressed;
- dates: the day, the month, the quarter, the year, suppressed.

The levels are tried from the least generalised combination up (fewest steps first;
with equal steps dates are coarsened before birth years, birth years before areas,
because evaluators need the area most). The first combination under which at most
``MAX_WITHHELD_SHARE`` of the residents fall in a group smaller than k is chosen, and
those residents are withheld from the file. If no combination manages that, everything
is suppressed and the remaining small groups are withheld. k is ``MEEDOEN_RESEARCH_K``
(default 10, never lower). A selection of fewer than k residents is refused outright.

k-anonymity stops singling a resident out by what is known about them; it does not stop
learning something about a whole group whose members all share an outcome, and it does
not cover two exports of overlapping selections made with the same key (their rows can
be joined by pseudonym). Make one export per key and selection.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import product

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_K = 10
MAX_WITHHELD_SHARE = 0.05
SUPPRESSED = "*"
BIRTH_LEVELS = 4  # year, 5 years, 10 years, suppressed
AREA_LEVELS = 3  # neighbourhood, district, suppressed
DATE_LEVELS = 5  # day, month, quarter, year, suppressed


def research_k() -> int:
    """k from the settings; never below the default (settings refuse it at start-up,
    this guards a setting changed later)."""
    return max(DEFAULT_K, int(getattr(settings, "MEEDOEN_RESEARCH_K", DEFAULT_K)))


@dataclass(frozen=True)
class Record:
    """The quasi-identifiers of one trajectory."""

    resident_id: int
    birth_year: int | None
    neighbourhood: str  # "" when unknown
    district: str  # the neighbourhood's district, or the neighbourhood itself
    started_on: date
    closed_on: date | None


@dataclass(frozen=True)
class Generalisation:
    birth: int = 0
    area: int = 0
    dates: int = 0

    @property
    def steps(self) -> int:
        return self.birth + self.area + self.dates

    def birth_year(self, year: int | None) -> str:
        if year is None:
            return ""
        if self.birth >= 3:
            return SUPPRESSED
        if self.birth == 0:
            return str(year)
        width = 5 if self.birth == 1 else 10
        low = year - year % width
        return f"{low}-{low + width - 1}"

    def area_name(self, record: Record) -> str:
        if self.area >= 2:
            return SUPPRESSED
        return record.district if self.area == 1 else record.neighbourhood

    def period(self, day: date | None) -> str:
        if day is None:
            return ""
        if self.dates >= 4:
            return SUPPRESSED
        if self.dates == 0:
            return day.isoformat()
        if self.dates == 1:
            return f"{day.year}-{day.month:02d}"
        if self.dates == 2:
            return _("%(year)s-Q%(quarter)s") % {
                "year": day.year,
                "quarter": (day.month - 1) // 3 + 1,
            }
        return str(day.year)

    def describe(self) -> list[tuple[str, str]]:
        """For the readme: what each quasi-identifier shows."""
        birth = [
            _("the year"),
            _("5-year bands"),
            _("10-year bands"),
            _("suppressed"),
        ][self.birth]
        area = [
            _("the neighbourhood (buurt)"),
            _("the district (wijk)"),
            _("suppressed"),
        ][self.area]
        dates = [
            _("the day"),
            _("the month"),
            _("the quarter"),
            _("the year"),
            _("suppressed"),
        ][self.dates]
        return [
            (_("Birth year"), birth),
            (_("Neighbourhood"), area),
            (_("Start and closing dates"), dates),
        ]


def lattice() -> list[Generalisation]:
    """Every combination of levels, least generalised first."""
    nodes = [
        Generalisation(birth, area, dates)
        for birth, area, dates in product(
            range(BIRTH_LEVELS), range(AREA_LEVELS), range(DATE_LEVELS)
        )
    ]
    return sorted(nodes, key=lambda g: (g.steps, g.area, g.birth))


Signature = tuple[str, str, tuple[tuple[str, str], ...]]


def signatures(
    records: Iterable[Record], level: Generalisation
) -> dict[int, Signature]:
    """Per resident: birth year, area and the dates of all their trajectories, as
    they read under ``level``."""
    firsts: dict[int, Record] = {}
    dates: dict[int, list[tuple[str, str]]] = {}
    for record in records:
        firsts.setdefault(record.resident_id, record)
        dates.setdefault(record.resident_id, []).append(
            (level.period(record.started_on), level.period(record.closed_on))
        )
    return {
        rid: (
            level.birth_year(first.birth_year),
            level.area_name(first),
            tuple(sorted(dates[rid])),
        )
        for rid, first in firsts.items()
    }


def small_groups(by_resident: dict[int, Signature], k: int) -> set[int]:
    """The residents whose combination fewer than k residents share."""
    sizes = Counter(by_resident.values())
    return {rid for rid, sig in by_resident.items() if sizes[sig] < k}


@dataclass(frozen=True)
class Choice:
    level: Generalisation
    withheld: frozenset[int]
    residents: int


def choose(records: Sequence[Record], k: int) -> Choice:
    """The least generalised level with at most ``MAX_WITHHELD_SHARE`` of the
    residents withheld; the residents to withhold."""
    residents = len({r.resident_id for r in records})
    allowed = int(MAX_WITHHELD_SHARE * residents)
    nodes = lattice()
    for level in nodes:
        withheld = small_groups(signatures(records, level), k)
        if len(withheld) <= allowed:
            return Choice(level, frozenset(withheld), residents)
    top = nodes[-1]
    return Choice(top, frozenset(small_groups(signatures(records, top), k)), residents)
