"""Reads of the social map: offers (no personal data, the municipality's own only),
the match page of a trajectory and the referral lists (personal data, through the
privacy door: read models with only permitted fields, audited with what was shown).
Every page runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from meedoen.core import rules
from meedoen.core.categories import Category, LifeDomain
from meedoen.core.models import AccessEvent
from meedoen.core.readmodel import Reading, Record, subject_of
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Trajectory
from meedoen.measurements.models import LadderProgress
from meedoen.organisations.models import Neighbourhood
from meedoen.plans.models import Goal
from meedoen.privacy import scope
from meedoen.privacy.door import Access, Door
from meedoen.socialmap.matching import Match, Needs, Profile, rank
from meedoen.socialmap.models import Offer, Referral, Route, RouteStep

PAGE_SIZE = 50
# Referrals sent without an answer for this many days are late (a signal on the
# referrals overview). Configurable per installation with the setting of this name.
RESPONSE_DAYS_DEFAULT = 10
# How many offers the matcher weighs at most (after the filters in the database).
MATCH_CANDIDATES = 1000


def response_days() -> int:
    return int(
        getattr(settings, "MEEDOEN_REFERRAL_RESPONSE_DAYS", RESPONSE_DAYS_DEFAULT)
    )


def late_referrals(trajectory_ids: list[int], today: date) -> set[int]:
    """The trajectories among these with a referral sent and not answered within
    the response time: a signal on the caseload (one query)."""
    if not trajectory_ids:
        return set()
    cutoff = timezone.now() - timedelta(days=response_days())
    return set(
        Referral.objects.filter(
            trajectory_id__in=trajectory_ids,
            state=Referral.State.SENT,
            sent_at__lt=cutoff,
        ).values_list("trajectory_id", flat=True)
    )


def is_administrator(user: Any) -> bool:
    """Whether the user keeps the social map (import, routes, any offer): the shared
    write rule ``socialmap.manage``."""
    return rules.allowed(user, "socialmap.manage")


def _is_late(ref: Referral, cutoff: Any) -> bool:
    """Sent and not answered before the cutoff (now minus the response time)."""
    return bool(
        ref.state == Referral.State.SENT and ref.sent_at and ref.sent_at < cutoff
    )


def offers_of(user: Any) -> QuerySet[Offer]:
    """The offers of the user's municipality (PermissionDenied without one)."""
    return Offer.objects.filter(municipality_id=tenant_id(user)).select_related(
        "organisation", "neighbourhood"
    )


def language_filter(code: str) -> Q:
    return (
        Q(languages=code)
        | Q(languages__startswith=f"{code},")
        | Q(languages__endswith=f",{code}")
        | Q(languages__contains=f",{code},")
    )


@dataclass
class OfferFilters:
    q: str = ""
    kind: str = ""
    neighbourhood: int | None = None
    free: bool = False
    language: str = ""
    rung: int | None = None
    inactive: bool = False


def offer_list(user: Any, f: OfferFilters, page: int = 1) -> tuple[list[Offer], int]:
    """One page of the municipality's offers matching the filters, and the count:
    two queries."""
    qs = offers_of(user)
    if not f.inactive:
        qs = qs.filter(is_active=True)
    if f.q:
        qs = qs.filter(
            Q(title__icontains=f.q)
            | Q(description__icontains=f.q)
            | Q(provider_name__icontains=f.q)
            | Q(organisation__name__icontains=f.q)
        )
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.neighbourhood:
        qs = qs.filter(neighbourhood_id=f.neighbourhood)
    if f.free:
        qs = qs.filter(Q(is_free=True) | Q(covered_by_scheme=True))
    if f.language:
        qs = qs.filter(language_filter(f.language))
    if f.rung:
        qs = qs.filter(rung=f.rung)
    total = qs.count()
    start = (max(page, 1) - 1) * PAGE_SIZE
    return list(qs.order_by("title", "pk")[start : start + PAGE_SIZE]), total


def offer_for(user: Any, pk: int) -> Offer:
    try:
        return offers_of(user).get(pk=pk)
    except Offer.DoesNotExist:
        raise Http404 from None


def offer_for_change(user: Any, pk: int) -> Offer:
    offer = offer_for(user, pk)
    if not rules.allowed(user, "offer.change", offer):
        raise PermissionDenied
    return offer


def neighbourhoods_of(user: Any) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(municipality_id=tenant_id(user))


def can_add_offers(user: Any) -> bool:
    return is_administrator(user) or bool(getattr(user, "organisation_id", None))


# --- matching -----------------------------------------------------------------------


def _load(user: Any, trajectory_id: int) -> Trajectory:
    try:
        return (
            scope.visible_trajectories(user)
            .select_related("resident", "plan", "ladder")
            .prefetch_related(
                Prefetch("plan__goals", queryset=Goal.objects.order_by("pk")),
                Prefetch(
                    "team",
                    queryset=scope.active_memberships().select_related("organisation"),
                    to_attr="active_team",
                ),
                Prefetch(
                    "referrals",
                    queryset=Referral.objects.select_related(
                        "offer", "organisation"
                    ).order_by("-proposed_at", "-pk"),
                ),
            )
            .get(pk=trajectory_id)
        )
    except Trajectory.DoesNotExist:
        raise Http404 from None


REFERRAL_FIELDS = (
    "target",
    "state",
    "result",
    "proposed_at",
    "sent_at",
    "shared_fields",
)


@dataclass
class MatchView:
    trajectory_id: int
    resident_id: int
    resident: Record
    profile: Profile
    domains: list[str]
    domain_labels: list[str]
    needs: Needs
    matches: list[Match]
    referrals: list[Record]
    access: Access
    can: frozenset[str]
    late_ids: set[int] = field(default_factory=set)


def _ladder(t: Trajectory) -> LadderProgress | None:
    try:
        return t.ladder
    except LadderProgress.DoesNotExist:
        return None


def match_view(user: Any, trajectory_id: int, needs: Needs) -> MatchView:
    """Offers for a trajectory's resident, ranked on what the reader may see of the
    plan (goals' life domains, the ladder, the neighbourhood), audited."""
    t = _load(user, trajectory_id)
    door = Door(user)
    access = door.access(t)
    reading = door.reading("socialmap_match")
    about, readable = access.subject, access.readable
    resident = (
        reading.record(
            t.resident,
            about=about,
            readable=readable,
            fields=("full_name", "postcode", "neighbourhood"),
        )
        or Record()
    )
    goals = [
        r
        for r in (
            reading.record(g, about=about, readable=readable, fields=("life_domain",))
            for g in t.plan.goals.all()
        )
        if r is not None
    ]
    ladder = _ladder(t)
    rung = target = None
    if ladder is not None:
        lr = reading.record(
            ladder,
            about=about,
            readable=readable,
            fields=("latest_rung", "growth_potential"),
        )
        if lr is not None and "latest_rung" in lr:
            rung = lr["latest_rung"]
            target = lr.get("growth_potential") or None
    domains = sorted({g["life_domain"] for g in goals if "life_domain" in g})
    profile = Profile(
        life_domains=frozenset(domains),
        rung=rung,
        target_rung=target,
        neighbourhood_id=t.resident.neighbourhood_id
        if "neighbourhood" in resident
        else None,
        postcode=resident.get("postcode", "") or "",
    )
    candidates = offers_of(user).filter(is_active=True)
    if needs.free_only:
        candidates = candidates.filter(Q(is_free=True) | Q(covered_by_scheme=True))
    if needs.language:
        candidates = candidates.filter(language_filter(needs.language))
    if needs.wheelchair:
        candidates = candidates.filter(wheelchair_accessible=True)
    if needs.kind:
        candidates = candidates.filter(kind=needs.kind)
    matches = rank(candidates.order_by("pk")[:MATCH_CANDIDATES], needs, profile)
    referrals = [
        r
        for r in (
            reading.record(ref, about=about, readable=readable, fields=REFERRAL_FIELDS)
            for ref in t.referrals.all()
        )
        if r is not None
    ]
    cutoff = timezone.now() - timedelta(days=response_days())
    late = {ref.pk for ref in t.referrals.all() if _is_late(ref, cutoff)}
    reading.finish(access.basis)
    return MatchView(
        trajectory_id=t.pk,
        resident_id=t.resident_id,
        resident=resident,
        profile=profile,
        domains=domains,
        domain_labels=[str(LifeDomain(d).label) for d in domains],
        needs=needs,
        matches=matches,
        referrals=referrals,
        access=access,
        can=rules.permitted(user, access, ["plan.change", "referral.propose"]),
        late_ids=late,
    )


def trajectory_for_write(user: Any, trajectory_id: int, rule: str) -> Trajectory:
    """A trajectory for a change: 404 outside scope, 403 without the write rule."""
    t = _load(user, trajectory_id)
    if not rules.allowed(user, rule, Door(user).access(t)):
        raise PermissionDenied
    return t


# --- referrals ----------------------------------------------------------------------


def _share_basis(referral: Referral) -> str:
    if referral.basis == "consent":
        return f"referral #{referral.pk}; consent #{referral.consent_id}"
    if referral.basis == "legal_task" and referral.organisation_id:
        return (
            f"referral #{referral.pk}; legal task: {referral.organisation.legal_task}"  # type: ignore[union-attr]
        )
    return f"referral #{referral.pk}"


PROVIDER_FIELDS = (
    "target",
    "state",
    "result",
    "sent_at",
    "answered_at",
    "started_at",
    "ended_at",
    "decline_reason",
)


def provider_inbox(user: Any) -> list[Record]:
    """The referrals sent to the user's organisation, showing of the resident only
    what the referral shares (name, contact, the note), on the referral's basis."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id:
        return []
    referrals = list(
        Referral.objects.filter(
            municipality_id=tenant_id(user), organisation_id=organisation_id
        )
        .exclude(state=Referral.State.PROPOSED)
        .select_related("trajectory__resident", "offer", "organisation")
        .order_by("-sent_at", "-pk")[:200]
    )
    reading = Reading(user=user, via="referral_inbox", action=AccessEvent.Action.LIST)
    rows = []
    bases = {}
    for ref in referrals:
        resident = ref.trajectory.resident
        about = subject_of(resident)
        fields: list[str] = []
        if Referral.Shared.NAME in ref.shared:
            fields.append("full_name")
        if Referral.Shared.CONTACT in ref.shared:
            fields += ["phone", "email"]
        who = (
            reading.record(
                resident, about=about, readable={Category.IDENTITY}, fields=fields
            )
            if fields
            else None
        )
        readable = {Category.PLAN}
        ref_fields = list(PROVIDER_FIELDS)
        if Referral.Shared.NOTE in ref.shared:
            readable.add(Category.NOTES)
            ref_fields.append("note")
        rows.append(
            reading.record(
                ref,
                about=about,
                readable=readable | {Category.NOTES}
                if ref.decline_reason
                else readable,
                fields=ref_fields,
                extra={
                    "who": who,
                    "can": rules.permitted(user, ref, ["referral.answer"]),
                },
            )
        )
        bases[about] = _share_basis(ref)
    reading.finish(lambda s: bases[s])
    return [r for r in rows if r is not None]


def referral_for_answer(user: Any, pk: int) -> Referral:
    """A referral to the user's organisation: 404 for anyone else (its existence is
    personal data)."""
    try:
        ref = Referral.objects.select_related("trajectory", "organisation").get(
            pk=pk, municipality_id=tenant_id(user)
        )
    except Referral.DoesNotExist:
        raise Http404 from None
    if not rules.allowed(user, "referral.answer", ref):
        raise Http404
    return ref


def referral_for_send(user: Any, pk: int) -> Referral:
    """A referral of a trajectory the user may see: 404 otherwise, 403 for a reader
    who may not send it."""
    try:
        ref = Referral.objects.select_related("trajectory", "organisation").get(
            pk=pk, trajectory__in=scope.visible_trajectories(user)
        )
    except Referral.DoesNotExist:
        raise Http404 from None
    if not rules.allowed(user, "referral.propose", Door(user).access(ref.trajectory)):
        raise PermissionDenied
    return ref


def referral_overview(user: Any) -> list[Record]:
    """The referrals of the trajectories the user works on (on their case team), late
    ones first: sent without an answer for ``response_days()`` days."""
    mine = scope.active_memberships().filter(professional_id=user.pk)
    referrals = list(
        Referral.objects.filter(
            trajectory__in=scope.visible_trajectories(user).filter(
                pk__in=mine.values("trajectory_id")
            ),
            state__in=[
                Referral.State.PROPOSED,
                Referral.State.SENT,
                Referral.State.ACCEPTED,
                Referral.State.STARTED,
            ],
        )
        .select_related("trajectory__resident", "offer", "organisation")
        .order_by("sent_at", "pk")[:500]
    )
    cutoff = timezone.now() - timedelta(days=response_days())
    reading = Reading(
        user=user, via="referral_overview", action=AccessEvent.Action.LIST
    )
    readable = {Category.IDENTITY, Category.PLAN}
    rows = []
    for ref in referrals:
        about = subject_of(ref.trajectory.resident)
        resident = reading.record(
            ref.trajectory.resident,
            about=about,
            readable=readable,
            fields=("full_name",),
        )
        late = _is_late(ref, cutoff)
        row = reading.record(
            ref,
            about=about,
            readable=readable,
            fields=REFERRAL_FIELDS,
            extra={
                "resident": resident,
                "resident_id": ref.trajectory.resident_id,
                "trajectory_id": ref.trajectory_id,
                "late": late,
            },
        )
        if row is not None:
            rows.append(row)
    rows.sort(key=lambda r: not r["late"])
    reading.finish(scope.basis_for(user))
    return rows


# --- routes -------------------------------------------------------------------------


def threshold() -> int:
    """The outcome report's small-number threshold (``outcomes.report.threshold``)."""
    return int(getattr(settings, "MEEDOEN_SUPPRESSION_THRESHOLD", 10))


@dataclass
class StepFigures:
    step: RouteStep
    at_step: int | None  # None: suppressed
    completed: int | None


def routes_of(user: Any) -> QuerySet[Route]:
    return Route.objects.filter(municipality_id=tenant_id(user)).annotate(
        step_count=Count("steps")
    )


def route_view(user: Any, pk: int) -> tuple[Route, list[StepFigures], int]:
    """A route with, per step, how many residents are at it (a started referral to an
    offer of the step) and how many completed it; counts under the threshold are
    suppressed like the outcome report's. One query per route, not per step."""
    try:
        route = Route.objects.get(pk=pk, municipality_id=tenant_id(user))
    except Route.DoesNotExist:
        raise Http404 from None
    steps = list(route.steps.select_related("offer").order_by("order", "pk"))
    limit = threshold()
    conditions = {}
    for s in steps:
        target = Q(offer_id=s.offer_id) if s.offer_id else Q(offer__kind=s.kind)
        conditions[s.pk] = target
    aggregates: dict[str, Any] = {}
    for s in steps:
        aggregates[f"at_{s.pk}"] = Count(
            "trajectory__resident",
            distinct=True,
            filter=conditions[s.pk] & Q(state=Referral.State.STARTED),
        )
        aggregates[f"done_{s.pk}"] = Count(
            "trajectory__resident",
            distinct=True,
            filter=conditions[s.pk]
            & Q(state=Referral.State.ENDED, result=Referral.Result.COMPLETED),
        )
    counts = (
        Referral.objects.filter(municipality_id=route.municipality_id).aggregate(
            **aggregates
        )
        if aggregates
        else {}
    )

    def shown(n: int) -> int | None:
        return n if n >= limit else None

    figures = [
        StepFigures(s, shown(counts[f"at_{s.pk}"]), shown(counts[f"done_{s.pk}"]))
        for s in steps
    ]
    return route, figures, limit
