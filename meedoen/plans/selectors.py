"""Reads of the one plan, for the plan page and the printable version. Scoped through
``meedoen.privacy.scope`` and recorded in the audit trail; a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from meedoen.core import audit
from meedoen.core.models import AccessEvent
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Organisation, Professional
from meedoen.plans.models import Action, Goal
from meedoen.privacy import scope
from meedoen.privacy.categories import restrict_trajectory


def plan_for(
    user: Professional, trajectory_id: int, *, via: str = "plan", record: bool = True
) -> Trajectory:
    """A trajectory with its plan, goals, actions and current case team; 404 when the
    user may not see it."""
    try:
        trajectory = (
            scope.visible_trajectories(user)
            .select_related("resident", "stage", "plan", "coordinator__organisation")
            .prefetch_related(
                Prefetch(
                    "plan__goals", queryset=Goal.objects.order_by("life_domain", "pk")
                ),
                Prefetch(
                    "plan__actions",
                    queryset=Action.objects.select_related(
                        "owner_professional__organisation", "owner_organisation", "goal"
                    ).order_by("due_on", "pk"),
                ),
                Prefetch(
                    "team",
                    queryset=scope.active_memberships()
                    .select_related("professional", "organisation", "consent")
                    .order_by("joined_on", "pk"),
                    to_attr="active_team",
                ),
            )
            .get(pk=trajectory_id)
        )
    except Trajectory.DoesNotExist:
        raise Http404 from None
    shown = restrict_trajectory(trajectory, scope.categories_for(user, trajectory))
    if record:
        audit.record(
            user=user,
            residents=[trajectory.resident],
            action=AccessEvent.Action.READ,
            via=via,
            basis=scope.basis_for(user),
            categories=sorted(shown),
        )
    return trajectory


def plan_for_change(user: Professional, trajectory_id: int) -> Trajectory:
    """As ``plan_for``, for a change: only members of the case team change the plan."""
    trajectory = plan_for(user, trajectory_id, record=False)
    if not scope.is_on_case_team(user, trajectory):
        raise PermissionDenied
    return trajectory


def plan_form_choices(user: Professional, trajectory: Trajectory) -> dict[str, Any]:
    """Choices for an action's owner and goal, from the loaded plan (see ``plan_for``):
    professionals of the current case team, organisations of the municipality, and the
    plan's own goals."""
    return {
        "team": [m.professional for m in getattr(trajectory, "active_team", [])],
        "organisations": list(
            Organisation.objects.filter(municipality_id=tenant_id(user))
        ),
        "goals": list(trajectory.plan.goals.all()),
    }
