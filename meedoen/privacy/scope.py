"""Need-to-know as one WHERE clause.

Every selector that returns residents or their trajectories starts from these querysets,
so the rule lives in one place (the Primero idea): a professional sees a trajectory only
in their own municipality, and only while on its case team; a team lead sees the
trajectories that members of their teams are on. Anyone else (and anonymous users)
gets an empty queryset.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from meedoen.journeys.models import CaseTeamMember, Trajectory
from meedoen.organisations.models import Professional
from meedoen.residents.models import Resident

# A request's user: a Professional, or Django's AnonymousUser.
User = Any


def active_memberships(on: date | None = None) -> QuerySet[CaseTeamMember]:
    """Case team memberships in force on a date (today by default)."""
    on = on or timezone.localdate()
    return CaseTeamMember.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on), joined_on__lte=on
    )


def has_resident_scope(user: User) -> bool:
    """Whether the user's role can see residents at all (administrators cannot)."""
    return bool(
        user.is_authenticated
        and getattr(user, "municipality_id", None)
        and user.role
        not in (Professional.Role.ADMINISTRATOR, Professional.Role.PRIVACY_OFFICER)
    )


def tenant_id(user: User) -> int:
    """The municipality whose data the user works with; PermissionDenied if none."""
    municipality_id = getattr(user, "municipality_id", None)
    if not getattr(user, "is_authenticated", False) or municipality_id is None:
        raise PermissionDenied
    return int(municipality_id)


def visible_trajectory_ids(user: User) -> QuerySet[CaseTeamMember, Any]:
    """Subquery of the trajectory ids the user may see (need-to-know)."""
    if not has_resident_scope(user):
        return CaseTeamMember.objects.none().values("trajectory_id")
    memberships = active_memberships().filter(
        trajectory__municipality_id=user.municipality_id
    )
    if user.role == Professional.Role.TEAM_LEAD:
        team_ids = user.teams.values("pk")
        memberships = memberships.filter(professional__teams__in=team_ids)
    else:
        memberships = memberships.filter(professional=user)
    return memberships.values("trajectory_id")


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
    return (
        user.is_authenticated
        and active_memberships()
        .filter(trajectory=trajectory, professional=user)
        .exists()
    )


def basis_for(user: User) -> str:
    """The basis recorded in the audit trail for an access allowed by this module."""
    if getattr(user, "role", None) == Professional.Role.TEAM_LEAD:
        return "team_lead"
    return "case_team"
