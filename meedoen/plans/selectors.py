"""Reads of the one plan, for the plan page and the printable version, through the
privacy door: read models with only the goals and actions in categories the reader may
see, audited with exactly those categories and the reader's basis. A fixed number of
queries, whatever the size of the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from meedoen.core import rules
from meedoen.core.personal_data import registry
from meedoen.core.readmodel import Record
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Organisation, Professional
from meedoen.plans.models import Action, Goal
from meedoen.privacy import scope
from meedoen.privacy.door import Access, Door

PLAN_FIELDS = (
    "version",
    "agreed_on",
    "agreed_version",
    "agreement_note",
    "updated_at",
    "is_agreed",
)
GOAL_FIELDS = ("life_domain", "description", "status")
ACTION_FIELDS = (
    "description",
    "life_domain",
    "domain",
    "domain_label",
    "goal",
    "owner_kind",
    "owner_label",
    "due_on",
    "status",
    "done_on",
)
MEMBER_FIELDS = ("professional", "organisation")


@dataclass
class PlanView:
    """The plan as one reader may see it."""

    trajectory_id: int
    resident_id: int
    resident: Record
    plan: Record
    goals: list[Record]
    actions: list[Record]
    team: list[Record]
    coordinator: Record | None
    access: Access
    can: frozenset[str]
    hidden_categories: frozenset[str]


def _load(user: Professional, trajectory_id: int) -> Trajectory:
    try:
        return (
            scope.visible_trajectories(user)
            .select_related(
                "resident", "stage", "plan", "coordinator__organisation", "template"
            )
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


def plan_view(user: Professional, trajectory_id: int, *, via: str = "plan") -> PlanView:
    """The plan of a trajectory the user may see, as read models; 404 otherwise."""
    t = _load(user, trajectory_id)
    door = Door(user)
    access = door.access(t)
    reading = door.reading(via)
    about, readable = access.subject, access.readable

    def many(objs: Any, fields: tuple[str, ...]) -> list[Record]:
        records = (
            reading.record(o, about=about, readable=readable, fields=fields)
            for o in objs
        )
        return [r for r in records if r is not None]

    resident = reading.record(
        t.resident, about=about, readable=readable, fields=("full_name",)
    )
    plan = reading.record(t.plan, about=about, readable=readable, fields=PLAN_FIELDS)
    team = many(t.active_team, MEMBER_FIELDS)  # type: ignore[attr-defined]
    coordinator = next(
        (
            Record(
                {
                    "name": str(m.professional),
                    "organisation": str(m.organisation),
                    "email": m.professional.email,
                    "phone": getattr(m.professional, "phone", ""),
                }
            )
            for m in t.active_team  # type: ignore[attr-defined]
            if m.professional_id == t.coordinator_id
        ),
        None,
    )
    view = PlanView(
        trajectory_id=t.pk,
        resident_id=t.resident_id,
        resident=resident or Record(),
        plan=plan or Record(),
        goals=many(t.plan.goals.all(), GOAL_FIELDS),
        actions=many(t.plan.actions.all(), ACTION_FIELDS),
        team=team,
        coordinator=coordinator,
        access=access,
        can=rules.permitted(user, access),
        hidden_categories=access.hidden_categories,
    )
    reading.finish(access.basis)
    return view


def plan_for_change(user: Professional, trajectory_id: int) -> Trajectory:
    """The trajectory with its plan, for a change: 404 when the user may not see it,
    403 when the write rule does not let them change the plan (a team lead, break the
    glass). The service checks the same rule again."""
    t = _load(user, trajectory_id)
    if not rules.allowed(user, "plan.change", Door(user).access(t)):
        raise PermissionDenied
    return t


def plan_form_choices(user: Professional, t: Trajectory) -> dict[str, Any]:
    """Choices for an action's owner and goal, from the loaded plan: professionals of
    the current case team, organisations of the municipality, and the plan's goals the
    user may read (an action is attached only to a goal its writer can see)."""
    readable = Door(user).access(t).readable
    return {
        "team": [m.professional for m in getattr(t, "active_team", [])],
        "organisations": list(
            Organisation.objects.filter(municipality_id=tenant_id(user))
        ),
        "goals": [
            g
            for g in t.plan.goals.all()
            if registry.of(Goal).row_category(g) in readable
        ],
    }


@dataclass
class ActionEditView:
    """One action as its editor may see it, with its earlier versions."""

    trajectory_id: int
    resident: Record
    action: Record
    history: list[Record]


def action_edit_view(
    user: Professional, trajectory_id: int, action_id: int
) -> ActionEditView:
    """An action of the plan for its edit page, through the door: 404 when the action
    is not there for this reader (another plan, or a category they may not read)."""
    t = _load(user, trajectory_id)
    door = Door(user)
    access = door.access(t)
    reading = door.reading("plan_action_edit")
    about, readable = access.subject, access.readable
    action = next((a for a in t.plan.actions.all() if a.pk == action_id), None)
    if action is None:
        raise Http404
    record = reading.record(
        action, about=about, readable=readable, fields=ACTION_FIELDS
    )
    if record is None:
        raise Http404
    resident = reading.record(
        t.resident, about=about, readable=readable, fields=("full_name",)
    )
    earlier = Action.history.filter(id=action_id).order_by("-history_date")[1:20]
    history = [
        r
        for r in (
            reading.record(
                h,
                about=about,
                readable=readable,
                fields=("description", "due_on", "history_date"),
            )
            for h in earlier
        )
        if r is not None
    ]
    reading.finish(access.basis)
    return ActionEditView(
        trajectory_id=t.pk,
        resident=resident or Record(),
        action=record,
        history=history,
    )
