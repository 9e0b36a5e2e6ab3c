"""Raw outreach counts for the outcome report (``meedoen.outcomes.outreach`` applies
the suppression of small numbers): reach per campaign and neighbourhood, and the
activation teams' activities and participants. Aggregates only; a fixed number of
queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum

from meedoen.outreach.models import ActivationTeam, Campaign
from meedoen.outreach.selectors import PROGRESS, progress


def campaign_reach(
    municipality_id: int, start: date, end: date, neighbourhood_id: int | None = None
) -> list[dict[str, Any]]:
    """Campaigns running in the period, each with its rows per neighbourhood."""
    campaigns = list(
        Campaign.objects.filter(
            municipality_id=municipality_id, starts_on__lte=end, ends_on__gte=start
        ).order_by("starts_on", "pk")
    )
    rows = progress(c.pk for c in campaigns)
    if neighbourhood_id is not None:
        rows = [r for r in rows if r["neighbourhood_id"] == neighbourhood_id]
    result = []
    for c in campaigns:
        mine = [r for r in rows if r["campaign_id"] == c.pk]
        if not mine:
            continue
        result.append(
            {
                "name": c.name,
                "total": {k: sum(r[k] for r in mine) for k in PROGRESS},
                "neighbourhoods": [
                    {"name": r["neighbourhood__name"], **{k: r[k] for k in PROGRESS}}
                    for r in mine
                ],
            }
        )
    return result


def team_activity(
    municipality_id: int, start: date, end: date, neighbourhood_id: int | None = None
) -> list[dict[str, Any]]:
    """Per activation team: activities held in the period, members who took part
    (distinct), and the neighbours who took part (the counts recorded)."""
    in_period = Q(activities__held_on__gte=start, activities__held_on__lte=end)
    teams = ActivationTeam.objects.filter(municipality_id=municipality_id)
    if neighbourhood_id is not None:
        teams = teams.filter(neighbourhood_id=neighbourhood_id)
    rows = (
        teams.annotate(
            activity_count=Count("activities", filter=in_period, distinct=True),
            participants=Count(
                "activities__participations__member",
                filter=in_period,
                distinct=True,
            ),
        )
        .order_by("name", "pk")
        .values("pk", "name", "activity_count", "participants")
    )
    neighbours = dict(
        teams.annotate(n=Sum("activities__neighbours", filter=in_period)).values_list(
            "pk", "n"
        )
    )
    return [
        {
            "name": r["name"],
            "activities": r["activity_count"],
            "participants": r["participants"],
            "neighbours": int(neighbours.get(r["pk"]) or 0),
        }
        for r in rows
        if r["activity_count"]
    ]
