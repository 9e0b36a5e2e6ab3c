"""The outcome report as every output shows it: the page, the PDF (the same template),
CSV and Excel (``table_rows``) and the charts all take their figures from here, so
suppression and number formats are the same everywhere.

Suppression (``MEEDOEN_SUPPRESSION_THRESHOLD``, default 10):

- *primary*: a count below the threshold is suppressed; an average is suppressed when
  it rests on fewer residents or stays than the threshold;
- *complementary*: the figures per coach and per neighbourhood add up to the overall
  figures, so a single suppressed cell would be "total minus the rest". In every
  breakdown column the suppressed cells are therefore none, or at least two that
  together make at least the threshold, and no suppressed cell can be pinned down by
  the orderings within its row (stepped <= measured <= reach). The exact rules and the
  reasoning are in ``meedoen.outcomes.suppression``. Where residents stop, dropped out
  and withdrawn add up to the total per stage: a suppressed part takes the other with
  it;
- *shares* are published only when their numerator and denominator are: a share next
  to a published denominator gives the numerator back;
- *filters*: a report filtered on a neighbourhood or a coach suppresses the overall
  figures that the unfiltered report suppresses in that neighbourhood's or coach's row,
  so a filter does not undo a complementary suppression.

Every suppressed cell, small or complementary, shows the same text; its number never
leaves this module (outputs get ``display`` and ``number`` only).

Numbers are formatted for the active language (28,6% in Dutch, 28.6% in English); the
coordinates of the SVG charts are always written with a decimal point (``svg_number``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.measurements import window
from meedoen.outcomes import indicators, suppression
from meedoen.outcomes.indicators import Population


def threshold() -> int:
    return int(getattr(settings, "MEEDOEN_SUPPRESSION_THRESHOLD", 10))


@dataclass(frozen=True)
class Cell:
    """A figure as published: a number, or suppressed."""

    value: float | None
    suppressed: bool
    display: str
    kind: str = "count"  # count, percent or average

    @property
    def number(self) -> float | int | str:
        """For spreadsheets: the number, or the suppression text."""
        if self.suppressed or self.value is None:
            return self.display
        return round(self.value, 1) if self.kind != "count" else int(self.value)


def format_number(value: float, decimals: int) -> str:
    """A number for people, in the active language: 28,6 in Dutch, 28.6 in English.
    Rounded here: Django's ``number_format`` cuts off the decimals it does not show."""
    rounded = Decimal(f"{value:.{decimals}f}")
    return formats.number_format(rounded, decimal_pos=decimals, use_l10n=True)


def svg_number(value: float) -> str:
    """A number for SVG geometry: always a decimal point, whatever the language."""
    return f"{value:.1f}"


def suppressed(kind: str = "count") -> Cell:
    return Cell(None, True, _("suppressed"), kind)


def count(value: int, limit: int, hidden: bool = False) -> Cell:
    if hidden or value < limit:
        return suppressed()
    return Cell(value, False, str(value))


def share(numerator: int, denominator: int, limit: int, hidden: bool = False) -> Cell:
    """A percentage; ``hidden`` when its numerator or denominator is suppressed."""
    if hidden or numerator < limit or denominator < limit:
        return suppressed("percent")
    percent = 100 * numerator / denominator
    return Cell(percent, False, f"{format_number(percent, 1)}%", "percent")


def average(total: float, n: int, limit: int) -> Cell:
    if n < limit:
        return suppressed("average")
    value = total / n
    return Cell(value, False, format_number(value, 1), "average")


@dataclass
class Figures:
    """The resident counts of one population or breakdown row, suppressed."""

    label: str
    reach: Cell
    measured: Cell
    stepped: Cell
    step_share: Cell
    paid_work: Cell
    paid_work_share: Cell
    education: Cell
    education_share: Cell


def figures(
    label: str, row: dict[str, Any], limit: int, hidden: set[str] | None = None
) -> Figures:
    """One row; ``hidden``: the counts that suppression chose, shares follow them."""
    hidden = hidden or set()

    def cell(key: str) -> Cell:
        return count(row[key], limit, key in hidden)

    def ratio(numerator: str, denominator: str) -> Cell:
        return share(
            row[numerator],
            row[denominator],
            limit,
            bool({numerator, denominator} & hidden),
        )

    return Figures(
        label=label,
        reach=cell("reach"),
        measured=cell("measured"),
        stepped=cell("stepped"),
        step_share=ratio("stepped", "measured"),
        paid_work=cell("paid_work"),
        paid_work_share=ratio("paid_work", "reach"),
        education=cell("education"),
        education_share=ratio("education", "reach"),
    )


COACHES, NEIGHBOURHOODS = 1, 2  # the breakdowns' table numbers in suppression


@dataclass
class FigureRows:
    """The counts of a population before they are published: the overall row, per
    coach and per neighbourhood, and the cells suppression chose."""

    overall: dict[str, Any]
    coaches: list[dict[str, Any]]
    neighbourhoods: list[dict[str, Any]]
    hidden: set[suppression.Key]

    @classmethod
    def protect(
        cls,
        overall: dict[str, Any],
        coaches: list[dict[str, Any]],
        neighbourhoods: list[dict[str, Any]],
        limit: int,
        forced: set[str] | None = None,
    ) -> FigureRows:
        table = suppression.FigureTable(overall, [coaches, neighbourhoods])
        hidden = suppression.protect(table, limit, forced or ())
        return cls(overall, coaches, neighbourhoods, hidden)

    def hidden_columns(self, table: int, row: int) -> set[str]:
        return {c for t, r, c in self.hidden if (t, r) == (table, row)}

    def hidden_in_row(self, table: int, key: str, pk: int) -> set[str]:
        rows = self.coaches if table == COACHES else self.neighbourhoods
        for i, row in enumerate(rows):
            if row[key] == pk:
                return self.hidden_columns(table, i)
        return set()  # nobody there: the filtered report is empty too

    def publish(self, limit: int) -> tuple[Figures, list[Figures], list[Figures]]:
        """The overall figures, per coach and per neighbourhood, as published."""
        overall = figures(
            _("All residents"), self.overall, limit, self.hidden_columns(0, 0)
        )
        coaches = [
            figures(row["label"], row, limit, self.hidden_columns(COACHES, i))
            for i, row in enumerate(self.coaches)
        ]
        neighbourhoods = [
            figures(
                row["label"] or _("Neighbourhood unknown"),
                row,
                limit,
                self.hidden_columns(NEIGHBOURHOODS, i),
            )
            for i, row in enumerate(self.neighbourhoods)
        ]
        return overall, coaches, neighbourhoods


def protected_figures(pop: Population, limit: int) -> FigureRows:
    """The figures of ``pop`` with the cells to suppress. A filter on a neighbourhood
    or a coach first asks the report without that filter which cells of that row it
    suppresses, and suppresses those overall (3 queries per wider report)."""
    forced: set[str] = set()
    if pop.neighbourhood_id is not None:
        wider = protected_figures(replace(pop, neighbourhood_id=None), limit)
        forced |= wider.hidden_in_row(
            NEIGHBOURHOODS, "resident__neighbourhood_id", pop.neighbourhood_id
        )
    if pop.coach_id is not None:
        wider = protected_figures(replace(pop, coach_id=None), limit)
        forced |= wider.hidden_in_row(COACHES, "coordinator_id", pop.coach_id)
    return FigureRows.protect(
        indicators.headline(pop),
        indicators.by_coach(pop),
        indicators.by_neighbourhood(pop),
        limit,
        forced,
    )


@dataclass
class Bar:
    label: str
    cell: Cell
    y: int = 0
    width: float = 0.0
    text_x: float = 0.0

    @property
    def svg_width(self) -> str:
        return svg_number(self.width)

    @property
    def svg_text_x(self) -> str:
        return svg_number(self.text_x)

    @property
    def text_y(self) -> int:
        return self.y + 17


@dataclass
class Chart:
    """A horizontal bar chart: geometry computed here, drawn by a template."""

    id: str
    title: str
    unit: str
    bars: list[Bar]
    label_width: int = 220
    bar_area: int = 380
    row_height: int = 34

    @property
    def height(self) -> int:
        return self.row_height * len(self.bars) + 10

    @property
    def width(self) -> int:
        return self.label_width + self.bar_area + 80

    @property
    def label_x(self) -> int:
        return self.label_width - 8


def chart(
    chart_id: str, title: str, unit: str, bars: list[Bar], maximum: float | None = None
) -> Chart:
    c = Chart(chart_id, title, unit, bars)
    top = maximum or max(
        (b.cell.value or 0 for b in bars if not b.cell.suppressed), default=0
    )
    for i, bar in enumerate(bars):
        bar.y = i * c.row_height + 5
        if not bar.cell.suppressed and bar.cell.value and top:
            bar.width = round(c.bar_area * bar.cell.value / top, 1)
        bar.text_x = c.label_width + bar.width + 6
    return c


@dataclass
class StageRow:
    stage: str
    stays: Cell
    average_days: Cell


@dataclass
class StopRow:
    stage: str
    dropped_out: Cell
    withdrawn: Cell
    total: Cell


@dataclass
class OutcomeReport:
    population: Population
    threshold: int
    overall: Figures
    coaches: list[Figures]
    neighbourhoods: list[Figures]
    stages: list[StageRow]
    stops: list[StopRow]
    team_at_start: Cell
    team_now: Cell
    trajectories: Cell
    open_trajectories: Cell
    returns: Cell | None = None
    # The front door's questions in the period, per outcome (whole municipality).
    front_door: dict[str, Cell] | None = None
    # Outreach: reach per home-visit campaign, activation teams (``outcomes.outreach``).
    outreach: Any = None
    # Referrals per offer of the social map (``outcomes.referrals``).
    referrals: Any = None
    charts: list[Chart] = field(default_factory=list)
    made_on: date | None = None

    @property
    def overall_rows(self) -> list[Figures]:
        return [self.overall]

    @property
    def suppression_notice(self) -> str:
        return _(
            "Small numbers are suppressed so that no resident can be recognised: "
            "every count below %(n)s, and every share or average resting on fewer "
            "than %(n)s, is shown as “%(mark)s”. Where the figures per coach or per "
            "neighbourhood add up to a total, one suppressed figure could be worked "
            "out as the total minus the others; then the next smallest figures are "
            "suppressed as well (complementary suppression), until the suppressed "
            "figures of a column together make at least %(n)s and none of them can "
            "be worked out from the totals or from the other figures. A share is "
            "shown only when both its numbers are."
        ) % {"n": self.threshold, "mark": _("suppressed")}

    @property
    def window_notice(self) -> str:
        return _(
            "Step forward within six months: the last confirmed ladder measurement "
            "dated at least %(days)s days after the baseline and no later than six "
            "calendar months after the start is higher than the baseline. Six "
            "calendar months end on the same day of the month, or on the last day "
            "of a shorter month: a trajectory that started on 31 August has its "
            "window until 28 February (29 February in a leap year)."
        ) % {"days": window.follow_up_min_days()}

    @property
    def suppression_applied(self) -> bool:
        cells = [
            c
            for f in (self.overall, *self.coaches, *self.neighbourhoods)
            for c in vars(f).values()
            if isinstance(c, Cell)
        ]
        cells += [c for s in self.stages for c in (s.stays, s.average_days)]
        cells += [c for s in self.stops for c in (s.dropped_out, s.withdrawn, s.total)]
        cells += [self.team_at_start, self.team_now]
        return any(c.suppressed for c in cells)


def _stop_row(row: dict[str, Any], limit: int) -> StopRow:
    total, dropped, withdrawn = suppression.protect_parts(
        row["total"], [row["dropped_out"], row["withdrawn"]], limit
    )
    return StopRow(
        row["stage__name"],
        count(row["dropped_out"], limit, dropped),
        count(row["withdrawn"], limit, withdrawn),
        count(row["total"], limit, total),
    )


def _front_door_cells(
    counts: dict[str, int] | None, limit: int
) -> dict[str, Cell] | None:
    """The front door's counts under the same suppression: the outcomes add up to
    the total (with the open ones), so a lone small outcome is hidden with the next
    smallest (the same complementary rule as the tables)."""
    if counts is None:
        return None
    parts = ("answered", "referred", "trajectory")
    cells = {k: count(v, limit) for k, v in counts.items()}
    hidden = [k for k in parts if cells[k].suppressed]
    if len(hidden) == 1:
        others = sorted((counts[k], k) for k in parts if k not in hidden)
        if others:
            cells[others[0][1]] = suppressed()
    return cells


def build(pop: Population, today: date | None = None) -> OutcomeReport:
    limit = threshold()
    overall, coaches, neighbourhoods = protected_figures(pop, limit).publish(limit)
    stages = [
        StageRow(
            row["stage"],
            count(row["stays"], limit),
            average(row["days"], row["stays"], limit),
        )
        for row in indicators.stage_durations(pop, today)
    ]
    stop_rows = [_stop_row(row, limit) for row in indicators.stops(pop)]
    team = indicators.case_team_size(pop, today)
    report = OutcomeReport(
        population=pop,
        threshold=limit,
        overall=overall,
        coaches=coaches,
        neighbourhoods=neighbourhoods,
        stages=stages,
        stops=stop_rows,
        team_at_start=average(team["members_at_start"], team["trajectories"], limit),
        team_now=average(team["members_now"], team["open"], limit),
        trajectories=count(team["trajectories"], limit),
        open_trajectories=count(team["open"], limit),
        returns=count(team["returns"], limit),
        front_door=_front_door_cells(indicators.front_door(pop), limit),
        made_on=today,
    )
    from meedoen.outcomes import outreach

    report.outreach = outreach.build(pop, limit)
    from meedoen.outcomes import referrals

    report.referrals = referrals.build(pop, limit)
    report.charts = [
        chart(
            "chart-outcomes",
            _("Outcomes, share of residents"),
            "%",
            [
                Bar(
                    _("Step forward on the ladder within six months"),
                    overall.step_share,
                ),
                Bar(_("Paid work of 16 hours or more"), overall.paid_work_share),
                Bar(_("Started education"), overall.education_share),
            ],
            maximum=100,
        ),
        chart(
            "chart-coaches",
            _("Step forward within six months, per coach"),
            "%",
            [Bar(f.label, f.step_share) for f in coaches],
            maximum=100,
        ),
        chart(
            "chart-neighbourhoods",
            _("Reach per neighbourhood"),
            _("residents"),
            [Bar(f.label, f.reach) for f in neighbourhoods],
        ),
        chart(
            "chart-stages",
            _("Average days per journey stage"),
            _("days"),
            [Bar(s.stage, s.average_days) for s in stages],
        ),
    ]
    return report


# Rows for the spreadsheet exports (CSV and Excel): section, label, then the cells.
# Dates stay dates and numbers numbers: ``exports`` writes them for the language.

FIGURE_COLUMNS = [
    ("reach", gettext_lazy("Residents started")),
    ("measured", gettext_lazy("With baseline and six-month follow-up")),
    ("stepped", gettext_lazy("Step forward within six months")),
    ("step_share", gettext_lazy("Share step forward (%)")),
    ("paid_work", gettext_lazy("Paid work 16+ hours")),
    ("paid_work_share", gettext_lazy("Share paid work 16+ hours (%)")),
    ("education", gettext_lazy("Started education")),
    ("education_share", gettext_lazy("Share started education (%)")),
]


def table_rows(report: OutcomeReport) -> list[list[Any]]:
    """The whole report as rows of cells, the suppression notice first."""
    pop = report.population
    rows: list[list[Any]] = [
        [_("Outcome report")],
        [report.suppression_notice],
        [
            _("Suppression applied")
            if report.suppression_applied
            else _("Suppression applied: no cell was small enough to suppress")
        ],
        [report.window_notice],
        [_("Intake cohort"), pop.start, pop.end],
        [],
        [_("Section"), _("Group"), *(str(title) for _key, title in FIGURE_COLUMNS)],
    ]
    for section, group in (
        (_("Overall"), [report.overall]),
        (_("Per coach"), report.coaches),
        (_("Per neighbourhood"), report.neighbourhoods),
    ):
        for f in group:
            rows.append(
                [
                    section,
                    f.label,
                    *(getattr(f, key).number for key, _t in FIGURE_COLUMNS),
                ]
            )
    rows.append([])
    rows.append([_("Journey stage"), _("Stays"), _("Average days")])
    rows += [[s.stage, s.stays.number, s.average_days.number] for s in report.stages]
    rows.append([])
    rows.append([_("Stopped in stage"), _("Dropped out"), _("Withdrawn"), _("Total")])
    rows += [
        [s.stage, s.dropped_out.number, s.withdrawn.number, s.total.number]
        for s in report.stops
    ]
    rows.append([])
    rows.append(
        [_("Professionals per household at the start"), report.team_at_start.number]
    )
    rows.append([_("Professionals per household now"), report.team_now.number])
    from meedoen.outcomes import outreach

    rows += outreach.table_rows(report.outreach)
    from meedoen.outcomes import referrals

    rows += referrals.table_rows(report.referrals)
    return rows
