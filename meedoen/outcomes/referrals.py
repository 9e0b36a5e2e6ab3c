"""Referrals in the outcome report: per offer of the social map, how many referrals
were sent, accepted, started, completed and dropped out, with the median days from
sending to the answer and from the answer to the start, under the report's
suppression of small numbers: a count below the threshold is suppressed, and where the
rows add up to the total a lone small row takes the others of its column with it
(``protect_parts``); a median over fewer referrals than the threshold is suppressed."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import Any

from django.utils.translation import gettext as _

from meedoen.outcomes.indicators import Population
from meedoen.outcomes.report import Cell, count, format_number, suppressed
from meedoen.outcomes.suppression import protect_parts
from meedoen.socialmap.models import Referral

ACCEPTED = (Referral.State.ACCEPTED, Referral.State.STARTED, Referral.State.ENDED)
COLUMNS = ("sent", "accepted", "started", "completed", "dropped_out")


@dataclass
class OfferRow:
    label: str
    cells: dict[str, Cell]
    days_to_answer: Cell
    days_to_start: Cell


@dataclass
class ReferralFigures:
    rows: list[OfferRow] = field(default_factory=list)
    total: OfferRow | None = None

    @property
    def empty(self) -> bool:
        return not self.rows


def _median_days(pairs: list[tuple[Any, Any]], limit: int) -> Cell:
    days = [(b - a).days for a, b in pairs if a is not None and b is not None]
    if len(days) < limit:
        return suppressed("average")
    value = float(median(days))
    return Cell(value, False, format_number(value, 1), "average")


def _counts(referrals: list[Any]) -> dict[str, int]:
    return {
        "sent": sum(1 for r in referrals if r.sent_at is not None),
        "accepted": sum(1 for r in referrals if r.state in ACCEPTED),
        "started": sum(1 for r in referrals if r.started_at is not None),
        "completed": sum(1 for r in referrals if r.result == Referral.Result.COMPLETED),
        "dropped_out": sum(
            1 for r in referrals if r.result == Referral.Result.DROPPED_OUT
        ),
    }


def build(pop: Population, limit: int) -> ReferralFigures | None:
    """None when the report is filtered on something referrals do not carry here (a
    team, a coach, a journey) or read by a team lead."""
    if pop.team_id or pop.coach_id or pop.template_id or pop.within_team_ids:
        return None
    rows = Referral.objects.filter(
        municipality_id=pop.municipality_id,
        offer__isnull=False,
        sent_at__date__gte=pop.start,
        sent_at__date__lte=pop.end,
    )
    if pop.neighbourhood_id:
        rows = rows.filter(trajectory__resident__neighbourhood_id=pop.neighbourhood_id)
    referrals = list(
        rows.select_related("offer").only(
            "offer__title", "state", "result", "sent_at", "answered_at", "started_at"
        )
    )
    by_offer: dict[int | None, list[Any]] = {}
    for r in referrals:
        by_offer.setdefault(r.offer_id, []).append(r)
    if not by_offer:
        return ReferralFigures()
    offers = sorted(by_offer.values(), key=lambda rs: rs[0].offer.title)
    parts = [_counts(rs) for rs in offers]
    total = _counts(referrals)
    hidden = {c: protect_parts(total[c], [p[c] for p in parts], limit) for c in COLUMNS}

    def row(label: str, counts: dict[str, int], rs: list[Any], i: int) -> OfferRow:
        return OfferRow(
            label=label,
            cells={c: count(counts[c], limit, hidden[c][i]) for c in COLUMNS},
            days_to_answer=_median_days(
                [(r.sent_at, r.answered_at) for r in rs], limit
            ),
            days_to_start=_median_days(
                [(r.answered_at, r.started_at) for r in rs], limit
            ),
        )

    return ReferralFigures(
        rows=[
            row(rs[0].offer.title, counts, rs, i + 1)
            for i, (rs, counts) in enumerate(zip(offers, parts, strict=True))
        ],
        total=row(_("Total"), total, referrals, 0),
    )


def table_rows(figures: ReferralFigures | None) -> list[list[Any]]:
    """The referral figures as rows for the spreadsheet exports."""
    if figures is None or figures.empty or figures.total is None:
        return []
    rows: list[list[Any]] = [
        [],
        [
            _("Offer"),
            _("Sent"),
            _("Accepted"),
            _("Started"),
            _("Completed"),
            _("Dropped out"),
            _("Median days to an answer"),
            _("Median days from answer to start"),
        ],
    ]
    for r in [*figures.rows, figures.total]:
        rows.append(
            [
                r.label,
                *(r.cells[c].number for c in COLUMNS),
                r.days_to_answer.number,
                r.days_to_start.number,
            ]
        )
    return rows
