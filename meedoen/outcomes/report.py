"""The outcome report as every output shows it: indicators with small-number
suppression applied, and bar-chart geometry for the server-rendered SVG charts.

Suppression: a count below the threshold (setting ``MEEDOEN_SUPPRESSION_THRESHOLD``,
default 10) is shown as "<10"; a share is suppressed when its numerator or its
denominator is; an average is suppressed when the number it averages over is. The raw
number of a suppressed cell never leaves this module: outputs get ``display`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from meedoen.outcomes import indicators
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


def _suppressed(limit: int) -> Cell:
    return Cell(None, True, f"<{limit}")


def count(value: int, limit: int) -> Cell:
    if value < limit:
        return _suppressed(limit)
    return Cell(value, False, str(value))


def share(numerator: int, denominator: int, limit: int) -> Cell:
    if numerator < limit or denominator < limit:
        return Cell(None, True, f"<{limit}", "percent")
    percent = 100 * numerator / denominator
    return Cell(percent, False, f"{percent:.1f}%", "percent")


def average(total: float, n: int, limit: int) -> Cell:
    if n < limit:
        return Cell(None, True, f"<{limit}", "average")
    value = total / n
    return Cell(value, False, f"{value:.1f}", "average")


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


def figures(label: str, row: dict[str, Any], limit: int) -> Figures:
    return Figures(
        label=label,
        reach=count(row["reach"], limit),
        measured=count(row["measured"], limit),
        stepped=count(row["stepped"], limit),
        step_share=share(row["stepped"], row["measured"], limit),
        paid_work=count(row["paid_work"], limit),
        paid_work_share=share(row["paid_work"], row["reach"], limit),
        education=count(row["education"], limit),
        education_share=share(row["education"], row["reach"], limit),
    )


@dataclass
class Bar:
    label: str
    cell: Cell
    y: int = 0
    width: float = 0.0
    text_x: float = 0.0


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
    charts: list[Chart] = field(default_factory=list)
    made_on: date | None = None

    @property
    def overall_rows(self) -> list[Figures]:
        return [self.overall]

    @property
    def suppression_notice(self) -> str:
        return _(
            "Small numbers are suppressed: every count below %(n)s, and every share "
            "or average resting on fewer than %(n)s residents, is shown as “<%(n)s” "
            "so that no resident can be recognised."
        ) % {"n": self.threshold}

    @property
    def suppression_applied(self) -> bool:
        cells = [
            c
            for f in (self.overall, *self.coaches, *self.neighbourhoods)
            for c in vars(f).values()
            if isinstance(c, Cell)
        ]
        cells += [c for s in self.stages for c in (s.stays, s.average_days)]
        cells += [c for s in self.stops for c in (s.dropped_out, s.withdrawn)]
        cells += [self.team_at_start, self.team_now]
        return any(c.suppressed for c in cells)


def build(pop: Population, today: date | None = None) -> OutcomeReport:
    limit = threshold()
    overall = figures(_("All residents"), indicators.headline(pop), limit)
    coaches = [figures(row["label"], row, limit) for row in indicators.by_coach(pop)]
    neighbourhoods = [
        figures(row["label"] or _("Neighbourhood unknown"), row, limit)
        for row in indicators.by_neighbourhood(pop)
    ]
    stages = [
        StageRow(
            row["stage"],
            count(row["stays"], limit),
            average(row["days"], row["stays"], limit),
        )
        for row in indicators.stage_durations(pop, today)
    ]
    stop_rows = [
        StopRow(
            row["stage__name"],
            count(row["dropped_out"], limit),
            count(row["withdrawn"], limit),
            count(row["total"], limit),
        )
        for row in indicators.stops(pop)
    ]
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
        made_on=today,
    )
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

FIGURE_COLUMNS = [
    ("reach", "Residents started"),
    ("measured", "With baseline and six-month follow-up"),
    ("stepped", "Step forward within six months"),
    ("step_share", "Share step forward"),
    ("paid_work", "Paid work 16+ hours"),
    ("paid_work_share", "Share paid work 16+ hours"),
    ("education", "Started education"),
    ("education_share", "Share started education"),
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
        [_("Intake cohort"), pop.start.isoformat(), pop.end.isoformat()],
        [],
        [_("Section"), _("Group"), *(_(title) for _key, title in FIGURE_COLUMNS)],
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
    return rows
