"""Matching a resident to offers: hard needs filter, the rest ranks.

What the resident needs (a free offer, a language, wheelchair access, close by) is a
filter: an offer that does not meet it is not shown, and when none does the answer is
honestly empty. What the plan says (the goals' life domains, the current rung and the
rung the resident can grow to) ranks the offers that remain, and every point of the
score comes with its reason in words ("free", "in your neighbourhood", "speaks
Arabic", "fits rung 2 → 3")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from math import asin, cos, radians, sin, sqrt
from typing import Any

from django.utils.translation import gettext as _

from meedoen.core.categories import LifeDomain
from meedoen.socialmap.models import LANGUAGES, Offer

# The life domains an offer kind serves.
KIND_DOMAINS: dict[str, set[str]] = {
    Offer.Kind.VOLUNTEER: {
        LifeDomain.PARTICIPATION,
        LifeDomain.TIME_USE,
        LifeDomain.SOCIAL_NETWORK,
        LifeDomain.WORK_EDUCATION,
    },
    Offer.Kind.DAY_ACTIVITY: {
        LifeDomain.TIME_USE,
        LifeDomain.SOCIAL_NETWORK,
        LifeDomain.MENTAL_HEALTH,
    },
    Offer.Kind.COURSE: {LifeDomain.WORK_EDUCATION, LifeDomain.FINANCES},
    Offer.Kind.BUDDY: {LifeDomain.SOCIAL_NETWORK, LifeDomain.MENTAL_HEALTH},
    Offer.Kind.SPORT: {
        LifeDomain.PHYSICAL_HEALTH,
        LifeDomain.SOCIAL_NETWORK,
        LifeDomain.TIME_USE,
    },
    Offer.Kind.LANGUAGE: {LifeDomain.WORK_EDUCATION, LifeDomain.PARTICIPATION},
    Offer.Kind.WORK_EXPERIENCE: {LifeDomain.WORK_EDUCATION, LifeDomain.PARTICIPATION},
    Offer.Kind.JOB: {LifeDomain.WORK_EDUCATION, LifeDomain.FINANCES},
    Offer.Kind.SERVICE: {LifeDomain.FINANCES, LifeDomain.HOUSING},
}
# The life domain a plan action for an offer of this kind gets.
KIND_DOMAIN: dict[str, str] = {
    Offer.Kind.VOLUNTEER: LifeDomain.PARTICIPATION,
    Offer.Kind.DAY_ACTIVITY: LifeDomain.TIME_USE,
    Offer.Kind.COURSE: LifeDomain.WORK_EDUCATION,
    Offer.Kind.BUDDY: LifeDomain.SOCIAL_NETWORK,
    Offer.Kind.SPORT: LifeDomain.PHYSICAL_HEALTH,
    Offer.Kind.LANGUAGE: LifeDomain.WORK_EDUCATION,
    Offer.Kind.WORK_EXPERIENCE: LifeDomain.WORK_EDUCATION,
    Offer.Kind.JOB: LifeDomain.WORK_EDUCATION,
    Offer.Kind.SERVICE: LifeDomain.PARTICIPATION,
}
# "Nearby" without coordinates: the same neighbourhood or the same four-digit postcode
# area; with coordinates: within this many kilometres.
NEARBY_KM = 3.0


@dataclass(frozen=True)
class Needs:
    """What the resident needs of an offer (filters)."""

    free_only: bool = False
    language: str = ""
    wheelchair: bool = False
    nearby_only: bool = False
    kind: str = ""


@dataclass(frozen=True)
class Profile:
    """What the plan says about the resident, as far as the reader may see it."""

    life_domains: frozenset[str] = frozenset()
    rung: int | None = None
    target_rung: int | None = None
    neighbourhood_id: int | None = None
    postcode: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class Match:
    offer: Offer
    score: float
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def life_domain(self) -> str:
        """The life domain of a plan action for this offer."""
        return KIND_DOMAIN.get(self.offer.kind, LifeDomain.PARTICIPATION)


def distance_km(a: tuple[Any, Any], b: tuple[Any, Any]) -> float:
    """Great-circle distance (haversine) between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = (radians(float(v)) for v in (*a, *b))
    h = (
        sin((lat2 - lat1) / 2) ** 2
        + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * asin(sqrt(h))


def _pc4(postcode: str) -> str:
    digits = "".join(c for c in postcode if c.isdigit())
    return digits[:4] if len(digits) >= 4 else ""


def language_name(code: str) -> str:
    return str(dict(LANGUAGES).get(code, code))


def _nearness(offer: Offer, profile: Profile) -> tuple[str | None, float | None]:
    """ "neighbourhood", "postcode", "close" or None, and the distance if known."""
    km = None
    if None not in (
        offer.latitude,
        offer.longitude,
        profile.latitude,
        profile.longitude,
    ):
        km = distance_km(
            (offer.latitude, offer.longitude), (profile.latitude, profile.longitude)
        )
    if profile.neighbourhood_id and offer.neighbourhood_id == profile.neighbourhood_id:
        return "neighbourhood", km
    if _pc4(profile.postcode) and _pc4(offer.postcode) == _pc4(profile.postcode):
        return "postcode", km
    if km is not None and km <= NEARBY_KM:
        return "close", km
    return None, km


def passes(offer: Offer, needs: Needs, profile: Profile) -> bool:
    if not offer.is_active:
        return False
    if needs.kind and offer.kind != needs.kind:
        return False
    if needs.free_only and not (offer.is_free or offer.covered_by_scheme):
        return False
    if needs.language and needs.language not in offer.language_codes:
        return False
    if needs.wheelchair and not offer.wheelchair_accessible:
        return False
    return not (needs.nearby_only and _nearness(offer, profile)[0] is None)


def score(offer: Offer, needs: Needs, profile: Profile) -> Match:
    match = Match(offer=offer, score=0.0)
    reasons = match.reasons
    domains = KIND_DOMAINS.get(offer.kind, set()) & profile.life_domains
    if domains:
        match.score += 2 + len(domains) * 0.5
        names = ", ".join(sorted(str(LifeDomain(d).label) for d in domains))
        reasons.append(_("fits the goal about %(domains)s") % {"domains": names})
    if profile.rung is not None and offer.rung is not None:
        target = max(profile.target_rung or profile.rung + 1, profile.rung)
        if profile.rung < offer.rung <= target or (
            offer.rung == profile.rung + 1 and target <= profile.rung
        ):
            match.score += 3
            reasons.append(
                _("fits rung %(current)s → %(target)s")
                % {"current": profile.rung, "target": offer.rung}
            )
        elif offer.rung == profile.rung:
            match.score += 1.5
            reasons.append(_("fits rung %(rung)s") % {"rung": offer.rung})
        else:
            match.score -= abs(offer.rung - profile.rung) * 0.75
    near, km = _nearness(offer, profile)
    match.distance_km = round(km, 1) if km is not None else None
    if near == "neighbourhood":
        match.score += 2
        reasons.append(_("in your neighbourhood"))
    elif near in ("postcode", "close"):
        match.score += 1.5
        reasons.append(_("close by"))
    if offer.is_free:
        match.score += 1
        reasons.append(_("free"))
    elif offer.covered_by_scheme:
        match.score += 0.75
        reasons.append(_("costs covered by the meedoen scheme"))
    if needs.language and needs.language in offer.language_codes:
        match.score += 1
        reasons.append(
            _("speaks %(language)s") % {"language": language_name(needs.language)}
        )
    if needs.wheelchair and offer.wheelchair_accessible:
        reasons.append(_("wheelchair accessible"))
    if offer.near_public_transport:
        match.score += 0.25
        reasons.append(_("near public transport"))
    return match


def rank(
    offers: Iterable[Offer], needs: Needs, profile: Profile, limit: int = 20
) -> list[Match]:
    """The offers that meet the needs, best first (ties by title)."""
    matches = [score(o, needs, profile) for o in offers if passes(o, needs, profile)]
    matches.sort(key=lambda m: (-m.score, m.offer.title, m.offer.pk))
    return matches[:limit]
