"""The privacy door for one trajectory: what a professional may read of it, on which
basis, and whether they are on its case team.

``meedoen.privacy.scope`` decides *whether* a trajectory is visible (one WHERE clause).
For a visible trajectory, ``Access`` says *what* of it the user may read (the
categories of their role, plus the coordinator's), *why* (the basis the audit trail
records: case team with legal task or consent, team lead, break the glass), and
whether they personally are on the case team (the ground of every write, see
``meedoen.privacy.rules``).

Access is computed from rows a page has loaded anyway (the trajectory's active case
team, prefetched as ``active_team``) plus the user's role categories and running
break-the-glass accesses, each read once per request: no query per trajectory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from meedoen.core.categories import Category
from meedoen.core.readmodel import Reading, Subject
from meedoen.organisations.models import Professional
from meedoen.privacy import scope
from meedoen.privacy.models import EmergencyAccess, ShareBasis


@dataclass(frozen=True)
class Access:
    """A user's access to one visible trajectory."""

    trajectory_id: int
    resident_id: int
    municipality_id: int
    readable: frozenset[str]
    member: bool
    coordinator: bool
    team_lead: bool
    emergency: bool
    basis: str

    @property
    def subject(self) -> Subject:
        return Subject(self.municipality_id, self.resident_id)

    @property
    def hidden_categories(self) -> frozenset[str]:
        """The categories of this trajectory's data the reader does not see."""
        return frozenset(Category.values) - self.readable


def _member_basis(member: Any) -> str:
    if member.basis == ShareBasis.CONSENT:
        return f"case_team; consent #{member.consent_id}"
    return f"case_team; legal task: {member.organisation.legal_task}"


class Door:
    """Access for one user within one request: role categories and running
    break-the-glass accesses are read once, then every trajectory's access is computed
    from its loaded case team."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._role_categories: frozenset[str] | None = None
        self._emergency: dict[int, EmergencyAccess] | None = None

    @property
    def role_categories(self) -> frozenset[str]:
        if self._role_categories is None:
            self._role_categories = scope.role_categories(self.user.role)
        return self._role_categories

    @property
    def emergency(self) -> dict[int, EmergencyAccess]:
        """Running break-the-glass accesses of the user, by resident id."""
        if self._emergency is None:
            rows = EmergencyAccess.objects.filter(
                professional_id=self.user.pk,
                expires_at__gt=timezone.now(),
                resident__municipality_id=self.user.municipality_id,
            ).exclude(resident__municipality__privacy_policy__break_glass_enabled=False)
            self._emergency = {}
            for row in rows.order_by("granted_at"):
                self._emergency[row.resident_id] = row
        return self._emergency

    def access(self, trajectory: Any, team: Iterable[Any] | None = None) -> Access:
        """The user's access to a trajectory the scope let them see. ``team`` is its
        active case team (default: the prefetched ``active_team``, else a query)."""
        user = self.user
        if team is None:
            team = getattr(trajectory, "active_team", None)
        if team is None:
            team = list(
                scope.active_memberships()
                .filter(trajectory_id=trajectory.pk)
                .select_related("organisation")
            )
        mine = next((m for m in team if m.professional_id == user.pk), None)
        coordinator = trajectory.coordinator_id == user.pk and mine is not None
        team_lead = mine is None and user.role == Professional.Role.TEAM_LEAD
        glass = None if mine is not None else self.emergency.get(trajectory.resident_id)
        if mine is not None:
            basis = _member_basis(mine)
        elif glass is not None:
            basis = f"break_the_glass #{glass.pk}: {glass.reason}"
        elif team_lead:
            basis = "team_lead"
        else:
            basis = "none"
        readable = self.role_categories
        if coordinator:
            readable = readable | scope.COORDINATOR_CATEGORIES
        return Access(
            trajectory_id=trajectory.pk,
            resident_id=trajectory.resident_id,
            municipality_id=trajectory.municipality_id,
            readable=readable,
            member=mine is not None,
            coordinator=coordinator,
            team_lead=team_lead,
            emergency=glass is not None,
            basis=basis,
        )

    def reading(self, via: str, action: str | None = None) -> Reading:
        if action is None:
            return Reading(user=self.user, via=via)
        return Reading(user=self.user, via=via, action=action)


def access_for(user: Any, trajectory: Any) -> Access:
    """One trajectory's access, for services and single-object pages."""
    return Door(user).access(trajectory)


def basis_of(accesses: Iterable[Access]) -> dict[Subject, str]:
    """The audit basis per resident: the strongest ground the user has on any of the
    resident's trajectories (membership before break the glass before team lead)."""
    rank = {"case_team": 0, "break_the_glass": 1, "team_lead": 2, "none": 3}
    best: dict[Subject, str] = {}
    for a in accesses:
        current = best.get(a.subject)
        key = a.basis.split(" ", 1)[0].split(";", 1)[0]
        if current is None or rank.get(key, 9) < rank.get(
            current.split(" ", 1)[0].split(";", 1)[0], 9
        ):
            best[a.subject] = a.basis
    return best


_RANK = {"case_team": 0, "break_the_glass": 1, "team_lead": 2, "none": 3}


def _rank(access: Access) -> int:
    return _RANK.get(access.basis.split(" ", 1)[0].split(";", 1)[0], 9)


def resident_trajectories(user: Any, resident_id: int) -> list[Any]:
    """The resident's trajectories visible to the user, with their resident and active
    case team loaded (two queries), for ``combined_access``."""
    return list(
        scope.visible_trajectories(user)
        .filter(resident_id=resident_id)
        .select_related("resident")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=scope.active_memberships().select_related("organisation"),
                to_attr="active_team",
            )
        )
        .order_by("pk")
    )


def combined_access(user: Any, trajectories: Iterable[Any]) -> Access | None:
    """The user's access to a resident as a whole, for what belongs to the resident
    rather than to one trajectory (their consents): the categories of any of their
    visible trajectories, on the strongest basis (membership before break the glass
    before team lead), a member or coordinator when on any of their case teams. None
    without a visible trajectory."""
    door = Door(user)
    accesses = [door.access(t) for t in trajectories]
    if not accesses:
        return None
    best = min(accesses, key=_rank)
    return replace(
        best,
        readable=frozenset().union(*(a.readable for a in accesses)),
        member=any(a.member for a in accesses),
        coordinator=any(a.coordinator for a in accesses),
    )


def resident_access(user: Any, resident_id: int) -> Access | None:
    """``combined_access`` to one resident, for services."""
    return combined_access(user, resident_trajectories(user, resident_id))
