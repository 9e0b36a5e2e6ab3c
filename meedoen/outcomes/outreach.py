"""Outreach in the outcome report: reach per home-visit campaign and neighbourhood,
and the activation teams' activities and participants, under the report's
suppression of small numbers (``meedoen.outcomes.suppression``): a count below the
threshold is suppressed, and where the rows add up to a total a lone small row takes
the others of its column with it (``protect_parts``), so no suppressed count can be
worked out from the total."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from meedoen.outcomes.indicators import Population
from meedoen.outcomes.report import Cell, count
from meedoen.outcomes.suppression import protect_parts
from meedoen.outreach import figures

# Columns about residents (suppressed); the number of addresses and of activities is
# the municipality's own work and is published as it is.
REACH_COLUMNS = ("visited", "reached", "help_wanted", "started")


@dataclass
class ReachRow:
    label: str
    addresses: int
    cells: dict[str, Cell]


@dataclass
class CampaignReach:
    name: str
    total: ReachRow
    neighbourhoods: list[ReachRow]


@dataclass
class TeamRow:
    label: str
    activities: int
    participants: Cell
    neighbours: Cell


@dataclass
class OutreachFigures:
    campaigns: list[CampaignReach] = field(default_factory=list)
    teams: list[TeamRow] = field(default_factory=list)
    teams_total: TeamRow | None = None

    @property
    def empty(self) -> bool:
        return not self.campaigns and not self.teams


def _columns(
    total: dict[str, Any],
    parts: list[dict[str, Any]],
    columns: tuple[str, ...],
    limit: int,
) -> tuple[dict[str, Cell], list[dict[str, Cell]]]:
    total_cells: dict[str, Cell] = {}
    part_cells: list[dict[str, Cell]] = [{} for _ in parts]
    for column in columns:
        hidden = protect_parts(total[column], [p[column] for p in parts], limit)
        total_cells[column] = count(total[column], limit, hidden[0])
        for i, p in enumerate(parts):
            part_cells[i][column] = count(p[column], limit, hidden[i + 1])
    return total_cells, part_cells


def build(pop: Population, limit: int) -> OutreachFigures | None:
    """None when the report is filtered on something outreach does not know (a
    team, a coach, a journey) or read by a team lead (their own teams only)."""
    if (
        pop.team_id
        or pop.coach_id
        or pop.template_id
        or pop.within_team_ids is not None
    ):
        return None
    result = OutreachFigures()
    for c in figures.campaign_reach(
        pop.municipality_id, pop.start, pop.end, pop.neighbourhood_id
    ):
        total, parts = _columns(c["total"], c["neighbourhoods"], REACH_COLUMNS, limit)
        result.campaigns.append(
            CampaignReach(
                name=c["name"],
                total=ReachRow(c["name"], c["total"]["addresses"], total),
                neighbourhoods=[
                    ReachRow(n["name"], n["addresses"], cells)
                    for n, cells in zip(c["neighbourhoods"], parts, strict=True)
                ],
            )
        )
    teams = figures.team_activity(
        pop.municipality_id, pop.start, pop.end, pop.neighbourhood_id
    )
    if teams:
        # A member of two teams counts in both: the rows add up to at least the
        # total, treated as exact (which protects at least as well).
        sums = {
            "participants": sum(t["participants"] for t in teams),
            "neighbours": sum(t["neighbours"] for t in teams),
        }
        total, parts = _columns(sums, teams, ("participants", "neighbours"), limit)
        result.teams = [
            TeamRow(
                t["name"], t["activities"], cells["participants"], cells["neighbours"]
            )
            for t, cells in zip(teams, parts, strict=True)
        ]
        result.teams_total = TeamRow(
            "", sum(t["activities"] for t in teams), total["participants"],
            total["neighbours"],
        )  # fmt: skip
    return result


def table_rows(figures: OutreachFigures | None) -> list[list[Any]]:
    """The outreach figures as rows for the spreadsheet exports."""
    if figures is None or figures.empty:
        return []
    rows: list[list[Any]] = []
    if figures.campaigns:
        rows += [
            [],
            [
                _("Home-visit campaign"),
                _("Neighbourhood"),
                _("Addresses"),
                _("Visited"),
                _("Reached"),
                _("Help wanted"),
                _("Trajectories started"),
            ],
        ]
        for c in figures.campaigns:
            for row in [*c.neighbourhoods, c.total]:
                label = _("Total") if row is c.total else row.label
                rows.append(
                    [
                        c.name,
                        label,
                        row.addresses,
                        *(row.cells[k].number for k in REACH_COLUMNS),
                    ]
                )
    if figures.teams and figures.teams_total is not None:
        rows += [
            [],
            [
                _("Activation team"),
                _("Activities"),
                _("Members who took part"),
                _("Neighbours who took part"),
            ],
        ]
        for t in [*figures.teams, figures.teams_total]:
            rows.append(
                [
                    t.label or _("Total"),
                    t.activities,
                    t.participants.number,
                    t.neighbours.number,
                ]
            )
    return rows
