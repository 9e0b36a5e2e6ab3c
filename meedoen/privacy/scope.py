"""Need-to-know as one WHERE clause.

Every selector that returns residents or their trajectories starts from these
querysets, so the rule lives in one place (the Primero idea):

- a professional sees a trajectory only in their own municipality, and only while on
  its case team with a valid basis: the organisation's own legal task, or the
  resident's consent that is in force and not withdrawn;
- a team lead sees the trajectories that members of their teams are on;
- break the glass: temporary access to one resident, with a reason, while it lasts;
- administrators and privacy officers see no residents' files at all.

Which *categories* of a visible file a user may read is decided by ``categories_for``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.journeys.models import CaseTeamMember, Trajectory
from meedoen.organisations.models import Professional
from meedoen.privacy.models import CategoryAccess, EmergencyAccess, ShareBasis
from meedoen.residents.models import Resident

# A request's user: a Professional, or Django's AnonymousUser.
User = Any

# Roles that never open residents' files: they configure, supervise or evaluate, and
# see aggregate or pseudonymised figures only.
NO_RESIDENT_SCOPE = (
    Professional.Role.ADMINISTRATOR,
    Professional.Role.PRIVACY_OFFICER,
    Professional.Role.POLICY_ADVISER,
)


def active_memberships(on: date | None = None) -> QuerySet[CaseTeamMember]:
    """Case team memberships in force on a date (today by default) with a valid basis."""
    on = on or timezone.localdate()
    valid_basis = Q(basis=ShareBasis.LEGAL_TASK) | Q(
        basis=ShareBasis.CONSENT,
        consent__withdrawn_on__isnull=True,
        consent__valid_from__lte=on,
        consent__valid_until__gte=on,
    )
    return CaseTeamMember.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on), valid_basis, joined_on__lte=on
    )


def has_resident_scope(user: User) -> bool:
    """Whether the user's role can see residents at all (administrators cannot)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "municipality_id", None)
        and user.role not in NO_RESIDENT_SCOPE
    )


def emergency_resident_ids(user: User) -> QuerySet[EmergencyAccess, Any]:
    """Residents the user has break-the-glass access to right now."""
    # Switching break-the-glass off for a municipality ends running accesses too.
    return (
        EmergencyAccess.objects.filter(
            professional_id=user.pk,
            expires_at__gt=timezone.now(),
            resident__municipality_id=user.municipality_id,
        )
        .exclude(resident__municipality__privacy_policy__break_glass_enabled=False)
        .values("resident_id")
    )


def _membership_trajectory_ids(user: User) -> QuerySet[CaseTeamMember, Any]:
    memberships = active_memberships().filter(
        trajectory__municipality_id=user.municipality_id
    )
    if user.role == Professional.Role.TEAM_LEAD:
        return memberships.filter(
            professional__teams__in=user.teams.values("pk")
        ).values("trajectory_id")
    return memberships.filter(professional_id=user.pk).values("trajectory_id")


def _emergency_trajectory_ids(user: User) -> QuerySet[Trajectory, Any]:
    """The trajectories of the residents the user broke the glass for."""
    return Trajectory.objects.filter(
        municipality_id=user.municipality_id,
        resident_id__in=emergency_resident_ids(user),
    ).values("pk")


def visible_trajectory_ids(user: User) -> QuerySet[Any, Any]:
    """Subquery of the trajectory ids the user may see.

    It starts from the user's own rows: their case-team memberships (a team lead's:
    their teams' members') UNION the trajectories of the residents they broke the
    glass for. Each side is served by an index on the professional (a few hundred
    rows at most), so the outer query joins a short list of ids, whatever the size of
    the city. (An OR of the two conditions made PostgreSQL test every trajectory of
    the municipality against two hashed subplans: 200 ms and more at a million
    residents.)"""
    if not has_resident_scope(user):
        return Trajectory.objects.none().values("pk")
    return (
        _membership_trajectory_ids(user)
        .order_by()
        .union(_emergency_trajectory_ids(user).order_by())
    )


def visible_trajectories(user: User) -> QuerySet[Trajectory]:
    if not has_resident_scope(user):
        return Trajectory.objects.none()
    return Trajectory.objects.filter(
        municipality_id=user.municipality_id, pk__in=visible_trajectory_ids(user)
    )


def visible_residents(user: User) -> QuerySet[Resident]:
    if not has_resident_scope(user):
        return Resident.objects.none()
    trajectories = Trajectory.objects.filter(pk__in=visible_trajectory_ids(user))
    return Resident.objects.filter(
        municipality_id=user.municipality_id, pk__in=trajectories.values("resident_id")
    )


def is_on_case_team(user: User, trajectory: Trajectory) -> bool:
    """Whether the user personally is on the case team today (for writes)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and active_memberships()
        .filter(trajectory=trajectory, professional_id=user.pk)
        .exists()
    )


def basis_for(user: User) -> str:
    """The basis recorded in the audit trail for lists allowed by this module."""
    if getattr(user, "role", None) == Professional.Role.TEAM_LEAD:
        return "team_lead"
    return "case_team"


def basis_for_resident(user: User, resident: Resident) -> str:
    """The precise basis of the user's access to one resident, for the audit trail."""
    member = (
        active_memberships()
        .filter(trajectory__resident=resident, professional_id=user.pk)
        .select_related("organisation", "consent")
        .first()
    )
    if member is not None:
        if member.basis == ShareBasis.CONSENT:
            return f"case_team; consent #{member.consent_id}"
        return f"case_team; legal task: {member.organisation.legal_task}"
    if user.role == Professional.Role.TEAM_LEAD:
        return "team_lead"
    glass = (
        EmergencyAccess.objects.filter(
            professional_id=user.pk, resident=resident, expires_at__gt=timezone.now()
        )
        .order_by("-granted_at")
        .first()
    )
    if glass is not None:
        return f"break_the_glass #{glass.pk}: {glass.reason}"
    return "none"


# Extra categories for the trajectory's coordinator, whatever their role: the one who
# keeps the plan together needs income and work to do so (not health, which stays
# with roles that have a legal basis for it).
COORDINATOR_CATEGORIES = frozenset({Category.INCOME, Category.WORK, Category.NOTES})


def role_categories(role: str) -> frozenset[str]:
    """The categories a role may read, from the CategoryAccess configuration."""
    return frozenset(
        CategoryAccess.objects.filter(role=role).values_list("category", flat=True)
    )


def categories_for(
    user: User, trajectory: Trajectory, role_cats: frozenset[str] | None = None
) -> frozenset[str]:
    """The categories of this trajectory's data the user may read."""
    cats = role_categories(user.role) if role_cats is None else role_cats
    if trajectory.coordinator_id == user.pk:
        cats = cats | COORDINATOR_CATEGORIES
    return cats


def record_list(*, user: User, residents: Any, via: str) -> None:
    """Record that residents' names were shown to the user in a list (identity only),
    with the basis this module allowed them on."""
    audit.record_list(user=user, residents=residents, via=via, basis=basis_for(user))


# Where a role without residents' files starts (the caseload is "/" for everyone else).
ROLE_START = {
    "policy_adviser": "outcome_report",
    "privacy_officer": "audit_log",
    "administrator": "admin:index",
}


def start_url_name(user: Any) -> str | None:
    """The start page for roles that have no caseload; None for those that have one."""
    if has_resident_scope(user):
        return None
    return ROLE_START.get(getattr(user, "role", ""))
