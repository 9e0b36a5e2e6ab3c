"""Server-rendered SVG charts of progress: geometry computed here, drawn by the
templates (no JavaScript). Every chart has a table with the same numbers next to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

LADDER_W, LADDER_H = 640, 250
LADDER_LEFT, LADDER_RIGHT, LADDER_TOP, LADDER_BOTTOM = 250, 24, 16, 44
MATRIX_W, ROW_H = 640, 30
MATRIX_LEFT, MATRIX_RIGHT, MATRIX_TOP = 230, 30, 34


@dataclass
class Tick:
    x: float
    y: float
    label: str
    line: float = 0.0  # where the grid line of this tick lies


@dataclass
class Dot:
    x: float
    y: float
    label: str


@dataclass
class LadderChart:
    width: int
    height: int
    path: str
    dots: list[Dot]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    growth_y: float | None = None


def ladder_chart(
    points: list[tuple[date, int]],
    rung_labels: dict[str, str],
    growth: int | None = None,
) -> LadderChart | None:
    """A step line of the rung over time: the rung holds until the next measurement."""
    if not points:
        return None
    first = points[0][0]
    last = max(points[-1][0], first + timedelta(days=30))
    span = (last - first).days or 1
    left, right = LADDER_LEFT, LADDER_W - LADDER_RIGHT
    top, bottom = LADDER_TOP, LADDER_H - LADDER_BOTTOM
    step = (bottom - top) / 5

    def x(on: date) -> float:
        return round(left + (on - first).days / span * (right - left), 1)

    def y(rung: int) -> float:
        return round(top + (6 - rung) * step, 1)

    path = f"M {x(points[0][0])} {y(points[0][1])}"
    for on, rung in points[1:]:
        path += f" H {x(on)} V {y(rung)}"
    path += f" H {right}"
    dots = [Dot(x(on), y(rung), f"{on:%d-%m-%Y}: {rung}") for on, rung in points]
    y_ticks = [
        Tick(left - 8, y(r) + 4, f"{r} {rung_labels.get(str(r), '')}".strip(), y(r))
        for r in range(1, 7)
    ]
    x_ticks = [Tick(x(first), bottom + 20, f"{first:%d-%m-%Y}")]
    if points[-1][0] != first:
        x_ticks.append(Tick(x(points[-1][0]), bottom + 36, f"{points[-1][0]:%d-%m-%Y}"))
    return LadderChart(
        width=LADDER_W,
        height=LADDER_H,
        path=path,
        dots=dots,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        growth_y=y(growth) if growth else None,
    )


@dataclass
class MatrixRow:
    label: str
    y: float
    baseline_x: float | None
    latest_x: float
    changed: bool


@dataclass
class MatrixChart:
    width: int
    height: int
    rows: list[MatrixRow]
    scale: list[Tick]
    plot_left: int
    plot_right: int
    grid: list[float] = field(default_factory=list)


def matrix_chart(series: list[Any], low: int = 1, high: int = 5) -> MatrixChart | None:
    """Per domain a dot at the baseline score (hollow) and the latest (filled)."""
    if not series:
        return None
    left, right = MATRIX_LEFT, MATRIX_W - MATRIX_RIGHT
    span = (high - low) or 1

    def x(score: int) -> float:
        return round(left + (score - low) / span * (right - left), 1)

    rows = []
    for i, s in enumerate(series):
        y = MATRIX_TOP + i * ROW_H + ROW_H / 2
        base, latest = s.baseline, s.latest
        rows.append(
            MatrixRow(
                label=s.label,
                y=y,
                baseline_x=x(base.value) if base is not latest else None,
                latest_x=x(latest.value),
                changed=base is not latest and base.value != latest.value,
            )
        )
    scale = [Tick(x(v), MATRIX_TOP - 12, str(v)) for v in range(low, high + 1)]
    return MatrixChart(
        width=MATRIX_W,
        height=MATRIX_TOP + len(series) * ROW_H + 8,
        rows=rows,
        scale=scale,
        plot_left=left,
        plot_right=right,
        grid=[t.x for t in scale],
    )
