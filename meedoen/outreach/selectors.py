"""What outreach pages read, through the door.

A campaign's figures are counts. A round's addresses are read by the worker assigned
to it and the campaign's coordinator only: an address linked to a resident is their
identity data, so it leaves as a ``Record`` and is audited (basis "outreach campaign
#n: visitor"). An activation team's members are read by its coach (basis "activation
team #n: coach"). Professionals per household are counts, never names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from meedoen.core import rules
from meedoen.core.categories import Category
from meedoen.core.readmodel import Reading, Record, Subject
from meedoen.core.tenancy import tenant_id
from meedoen.organisations.models import Professional
from meedoen.outreach.models import (
    ActivationTeam,
    Activity,
    Address,
    Campaign,
    Participation,
    TeamMember,
    Visit,
    VisitRound,
    Wish,
)
from meedoen.privacy import scope
from meedoen.residents.models import HouseholdMember

# What the visitor reads of a linked address's resident: the address (identity), the
# visit's outcome (plan) and their own note of the conversation.
VISITOR_CATEGORIES = frozenset({Category.IDENTITY, Category.PLAN, Category.NOTES})
# What a coach reads of the team's members: who they are and their taking part.
COACH_CATEGORIES = frozenset({Category.IDENTITY, Category.WORK, Category.NOTES})


# -- campaigns ------------------------------------------------------------------------


def visible_campaigns(user: Professional) -> QuerySet[Campaign]:
    """Campaigns the user runs or visits for; a team lead sees the municipality's."""
    if not scope.has_resident_scope(user):
        return Campaign.objects.none()
    mine = Q(coordinator_id=user.pk) | Q(
        Exists(VisitRound.objects.filter(campaign=OuterRef("pk"), worker_id=user.pk))
    )
    if user.role == Professional.Role.TEAM_LEAD:
        mine = Q()
    return Campaign.objects.filter(mine, municipality_id=tenant_id(user))


def campaign_for(user: Professional, pk: int) -> Campaign:
    try:
        return visible_campaigns(user).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class RoundAccess:
    """A user's access to one visit round: ``assigned`` (its worker) or ``runs``
    (the campaign's coordinator). The ground of ``visit.record``."""

    round_id: int
    campaign_id: int
    municipality_id: int
    assigned: bool
    runs: bool

    @property
    def basis(self) -> str:
        return f"outreach campaign #{self.campaign_id}: visitor"


@dataclass(frozen=True)
class CampaignAccess:
    """A user's access to a campaign as a whole: ``runs`` it or not."""

    campaign_id: int
    municipality_id: int
    runs: bool


def campaign_access(user: Professional, campaign: Campaign) -> CampaignAccess:
    return CampaignAccess(
        campaign.pk,
        campaign.municipality_id,
        runs=campaign.coordinator_id == user.pk and scope.has_resident_scope(user),
    )


def round_for(user: Professional, pk: int) -> tuple[VisitRound, RoundAccess]:
    """A round for its worker or the campaign's coordinator; 404 for anyone else."""
    if not scope.has_resident_scope(user):
        raise Http404
    visit_round = (
        VisitRound.objects.select_related("campaign", "worker")
        .filter(campaign__municipality_id=tenant_id(user))
        .filter(Q(worker_id=user.pk) | Q(campaign__coordinator_id=user.pk))
        .filter(pk=pk)
        .first()
    )
    if visit_round is None:
        raise Http404
    access = RoundAccess(
        visit_round.pk,
        visit_round.campaign_id,
        visit_round.campaign.municipality_id,
        assigned=visit_round.worker_id == user.pk,
        runs=visit_round.campaign.coordinator_id == user.pk,
    )
    return visit_round, access


def _visit_flags() -> dict[str, Any]:
    visits = Visit.objects.filter(address=OuterRef("pk"))
    return {
        "was_visited": Exists(visits.exclude(outcome=Visit.Outcome.PLANNED)),
        "was_reached": Exists(visits.filter(outcome__in=Visit.REACHED)),
        "wants_help": Exists(visits.filter(outcome=Visit.Outcome.HELP_WANTED)),
        "started": Exists(visits.filter(trajectory__isnull=False)),
        "planned": Exists(visits.filter(outcome=Visit.Outcome.PLANNED)),
    }


PROGRESS = ("addresses", "visited", "reached", "help_wanted", "started")


def progress(campaign_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Per campaign and neighbourhood: addresses, visited, reached, help wanted,
    trajectories started. One query, whatever the number of addresses."""
    rows = (
        Address.objects.filter(campaign_id__in=list(campaign_ids))
        .annotate(**_visit_flags())
        .values("campaign_id", "neighbourhood_id", "neighbourhood__name")
        .annotate(
            addresses=Count("pk"),
            visited=Count("pk", filter=Q(was_visited=True)),
            reached=Count("pk", filter=Q(was_reached=True)),
            help_wanted=Count("pk", filter=Q(wants_help=True)),
            started=Count("pk", filter=Q(started=True)),
            planned=Count("pk", filter=Q(planned=True)),
        )
        .order_by("campaign_id", "neighbourhood__name")
    )
    return [dict(r) for r in rows]


def household_professionals(resident_ids: Iterable[int]) -> dict[int, int]:
    """For residents who live in a household: the number of distinct professionals on
    the running case teams of the household's current members (and of its own
    trajectories), by resident. Three queries; counts only."""
    ids = set(resident_ids)
    if not ids:
        return {}
    household_of = dict(
        HouseholdMember.objects.filter(
            resident_id__in=ids, ended_on__isnull=True
        ).values_list("resident_id", "household_id")
    )
    if not household_of:
        return {}
    members: dict[int, set[int]] = defaultdict(set)
    for household_id, resident_id in HouseholdMember.objects.filter(
        household_id__in=set(household_of.values()), ended_on__isnull=True
    ).values_list("household_id", "resident_id"):
        members[household_id].add(resident_id)
    household_by_member = {r: h for h, rs in members.items() for r in rs}
    pros: dict[int, set[int]] = defaultdict(set)
    rows = (
        scope.active_memberships()
        .filter(trajectory__closed_on__isnull=True)
        .filter(
            Q(trajectory__resident_id__in=set(household_by_member))
            | Q(trajectory__household_id__in=set(members))
        )
        .values_list(
            "trajectory__resident_id", "trajectory__household_id", "professional_id"
        )
        .distinct()
    )
    for resident_id, household_id, professional_id in rows:
        household = household_id or household_by_member.get(resident_id)
        if household is not None:
            pros[household].add(professional_id)
    return {r: len(pros.get(h, set())) for r, h in household_of.items()}


def households_back_to_one(campaign: Campaign) -> dict[str, int]:
    """Of the visited households (a resident reached at the door who lives in a
    household): how many, and how many have more than one professional."""
    resident_ids = set(
        Visit.objects.filter(
            round__campaign=campaign,
            outcome__in=Visit.REACHED,
            address__resident__isnull=False,
        ).values_list("address__resident_id", flat=True)
    )
    counts = household_professionals(resident_ids)
    households = HouseholdMember.objects.filter(
        resident_id__in=set(counts), ended_on__isnull=True
    ).values_list("resident_id", "household_id")
    per_household = {h: counts[r] for r, h in households}
    more = sum(1 for n in per_household.values() if n > 1)
    return {"households": len(per_household), "more_than_one": more}


@dataclass
class CampaignPage:
    campaign: Campaign
    neighbourhoods: list[str]
    rows: list[dict[str, Any]]
    total: dict[str, int]
    rounds: list[dict[str, Any]]
    households: dict[str, int]
    can: frozenset[str]

    @property
    def back_to_one_share(self) -> float | None:
        n = self.households["households"]
        return 100 * self.households["more_than_one"] / n if n else None


def campaign_page(user: Professional, pk: int) -> CampaignPage:
    """A campaign's progress: counts only, a fixed number of queries."""
    campaign = campaign_for(user, pk)
    rows = progress([campaign.pk])
    total = {k: sum(r[k] for r in rows) for k in (*PROGRESS, "planned")}
    rounds = list(
        VisitRound.objects.filter(campaign=campaign)
        .select_related("worker")
        .annotate(
            stops=Count("visits"),
            done=Count("visits", filter=~Q(visits__outcome=Visit.Outcome.PLANNED)),
        )
        .order_by("number", "worker__last_name", "pk")
    )
    round_rows = [
        {
            "pk": r.pk,
            "number": r.number,
            "worker": r.worker.get_full_name() or r.worker.username,
            "planned_on": r.planned_on,
            "stops": r.stops,
            "done": r.done,
            "mine": r.worker_id == user.pk or campaign.coordinator_id == user.pk,
        }
        for r in rounds
    ]
    access = campaign_access(user, campaign)
    return CampaignPage(
        campaign=campaign,
        neighbourhoods=[str(n) for n in campaign.neighbourhoods.order_by("name")],
        rows=rows,
        total=total,
        rounds=round_rows,
        households=households_back_to_one(campaign),
        can=rules.permitted(user, access, ["campaign.assign"]),
    )


@dataclass
class RoundPage:
    round: VisitRound
    access: RoundAccess
    cards: list[dict[str, Any]]
    can: frozenset[str]


def round_page(user: Professional, pk: int, via: str = "visit_round") -> RoundPage:
    """A round's addresses as cards, for the phone. A linked address is read as a
    Record of its resident (audited); the others are not personal data."""
    visit_round, access = round_for(user, pk)
    visits = list(
        Visit.objects.filter(round=visit_round)
        .select_related("address__neighbourhood")
        .order_by("address__street", "address__house_number", "pk")
    )
    linked = [v.address.resident_id for v in visits if v.address.resident_id]
    professionals = household_professionals(linked)
    reading = Reading(user=user, via=via)
    cards = []
    for v in visits:
        address = v.address
        extra = {"neighbourhood": str(address.neighbourhood)}
        if address.resident_id:
            subject = Subject(access.municipality_id, address.resident_id)
            record = reading.record(
                address,
                about=subject,
                readable=VISITOR_CATEGORIES,
                fields=("street", "house_number", "postcode"),
                extra=extra,
            )
            visit = reading.record(
                v,
                about=subject,
                readable=VISITOR_CATEGORIES,
                fields=("outcome", "domains", "note", "visited_on"),
                extra={"version": v.version, "started": v.trajectory_id is not None},
            )
        else:
            record = Record(
                {
                    "pk": address.pk,
                    "street": address.street,
                    "house_number": address.house_number,
                    "postcode": address.postcode,
                    **extra,
                }
            )
            visit = Record(
                {
                    "pk": v.pk,
                    "outcome": v.outcome,
                    "outcome_display": v.get_outcome_display(),
                    "domains": v.domains,
                    "note": v.note,
                    "visited_on": v.visited_on,
                    "version": v.version,
                    "started": v.trajectory_id is not None,
                }
            )
        cards.append(
            {
                "address": record,
                "visit": visit,
                "known": bool(address.resident_id),
                "professionals": professionals.get(address.resident_id or 0),
            }
        )
    reading.finish(access.basis)
    return RoundPage(
        round=visit_round,
        access=access,
        cards=cards,
        can=rules.permitted(user, access, ["visit.record"]),
    )


# -- activation teams ---------------------------------------------------------------


def visible_teams(user: Professional) -> QuerySet[ActivationTeam]:
    """Teams the user coaches."""
    if not scope.has_resident_scope(user):
        return ActivationTeam.objects.none()
    return ActivationTeam.objects.filter(
        coach_id=user.pk, municipality_id=tenant_id(user)
    )


@dataclass(frozen=True)
class TeamAccess:
    team_id: int
    municipality_id: int
    coach: bool

    @property
    def basis(self) -> str:
        return f"activation team #{self.team_id}: coach"


def team_for(user: Professional, pk: int) -> tuple[ActivationTeam, TeamAccess]:
    team = (
        visible_teams(user).select_related("neighbourhood", "coach").filter(pk=pk)
    ).first()
    if team is None:
        raise Http404
    return team, TeamAccess(team.pk, team.municipality_id, coach=True)


def _member_records(
    reading: Reading, access: TeamAccess, members: Iterable[TeamMember]
) -> list[Record]:
    records = []
    for m in members:
        subject = Subject(access.municipality_id, m.resident_id)
        resident = reading.record(
            m.resident,
            about=subject,
            readable=COACH_CATEGORIES,
            fields=("full_name",),
        )
        record = reading.record(
            m,
            about=subject,
            readable=COACH_CATEGORIES,
            fields=("joined_on", "left_on"),
            extra={"name": resident.full_name if resident else ""},
        )
        if record is not None:
            records.append(record)
    return records


@dataclass
class TeamPage:
    team: ActivationTeam
    access: TeamAccess
    members: list[Record]
    themes: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    can: frozenset[str]
    wishes: int


def team_page(user: Professional, pk: int, via: str = "activation_team") -> TeamPage:
    """The team: members (names for the coach, audited), wishes grouped by theme
    (a contact, given only by a neighbour who wants to help, shown to the coach),
    activities with their participants."""
    team, access = team_for(user, pk)
    reading = Reading(user=user, via=via)
    members = list(
        TeamMember.objects.filter(team=team, left_on__isnull=True)
        .select_related("resident")
        .order_by("resident__sort_key", "pk")
    )
    member_records = _member_records(reading, access, members)
    wishes = list(
        Wish.objects.filter(team=team).select_related("neighbourhood", "theme")
    )
    themes_by_id: dict[int | None, dict[str, Any]] = {}
    for theme in team.themes.order_by("name"):
        themes_by_id[theme.pk] = {"pk": theme.pk, "name": theme.name, "wishes": []}
    themes_by_id[None] = {"pk": None, "name": None, "wishes": []}
    for w in wishes:
        themes_by_id.setdefault(w.theme_id, themes_by_id[None])["wishes"].append(
            {
                "pk": w.pk,
                "text": w.text,
                "contact": w.contact,
                "neighbourhood": str(w.neighbourhood),
                "recorded_on": w.recorded_on,
            }
        )
    activities = [
        {
            "pk": a.pk,
            "held_on": a.held_on,
            "place": a.place,
            "description": a.description,
            "theme": str(a.theme) if a.theme_id else "",
            "neighbours": a.neighbours,
            "participants": a.participants,
            "confirmed": a.confirmed,
        }
        for a in Activity.objects.filter(team=team)
        .select_related("theme")
        .annotate(
            participants=Count("participations"),
            confirmed=Count(
                "participations",
                filter=Q(participations__confirmed_on__isnull=False),
            ),
        )
    ]
    reading.finish(access.basis)
    return TeamPage(
        team=team,
        access=access,
        members=member_records,
        themes=[t for t in themes_by_id.values() if t["wishes"] or t["pk"]],
        activities=activities,
        can=rules.permitted(user, access, ["activation_team.change"]),
        wishes=len(wishes),
    )


@dataclass
class ActivityPage:
    team: ActivationTeam
    activity: Activity
    access: TeamAccess
    rows: list[dict[str, Any]]
    can: frozenset[str]


def activity_page(
    user: Professional, team_pk: int, pk: int, via: str = "activation_team"
) -> ActivityPage:
    team, access = team_for(user, team_pk)
    activity = Activity.objects.filter(team=team, pk=pk).select_related("theme").first()
    if activity is None:
        raise Http404
    reading = Reading(user=user, via=via)
    members = list(
        TeamMember.objects.filter(team=team)
        .select_related("resident")
        .order_by("resident__sort_key", "pk")
    )
    records = _member_records(reading, access, members)
    took_part = {
        p.member_id: p for p in Participation.objects.filter(activity=activity)
    }
    rows = [
        {
            "member": r,
            "participation": took_part.get(r.pk),
            "counted": bool(
                took_part.get(r.pk) and took_part[r.pk].work_record_id is not None
            ),
        }
        for r in records
    ]
    reading.finish(access.basis)
    return ActivityPage(
        team=team,
        activity=activity,
        access=access,
        rows=rows,
        can=rules.permitted(user, access, ["activation_team.change"]),
    )


def team_members_choice(user: Professional) -> QuerySet[Any]:
    """Residents a coach may add to a team: those whose file they may see."""
    return scope.visible_residents(user).order_by("sort_key", "pk")
