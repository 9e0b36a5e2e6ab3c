"""Business rules of the one plan.

Optimistic locking: every change names the plan version the editor saw
(``expected_version``). The version is raised in the same UPDATE that checks it, so of
two people who opened version 4, the first save makes it 5 and the second is refused
with ``PlanChangedError`` instead of silently overwriting.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit
from meedoen.core.categories import LifeDomain
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Organisation, Professional
from meedoen.plans.models import Action, Goal, Plan


class PlanChangedError(ValidationError):
    """The plan changed since the editor opened it."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this plan after you opened it. Your change was not "
                "saved. Look at the current plan and make your change again."
            ),
            code="stale",
        )


def plan_create(*, trajectory: Trajectory) -> Plan:
    """The one plan of a new trajectory, empty at version 1."""
    return Plan.objects.create(trajectory=trajectory)


def _bump_version(
    plan: Plan, expected_version: int, by: Professional, via: str
) -> None:
    """Raise the version if it is still the one the editor saw, and record the change
    in the audit trail: every change to a plan passes here."""
    updated = Plan.objects.filter(pk=plan.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise PlanChangedError()
    plan.version = expected_version + 1
    audit.record_write(user=by, trajectory=plan.trajectory, via=via)


@transaction.atomic
def plan_goal_add(
    *,
    plan: Plan,
    expected_version: int,
    life_domain: str,
    description: str,
    by: Professional,
) -> Goal:
    if life_domain not in LifeDomain.values:
        raise ValidationError({"life_domain": _("Choose a life domain.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the goal.")})
    _bump_version(plan, expected_version, by, "plan_goal_add")
    return Goal.objects.create(
        plan=plan, life_domain=life_domain, description=description.strip()
    )


@transaction.atomic
def plan_goal_set_status(
    *, goal: Goal, expected_version: int, status: str, by: Professional
) -> Goal:
    if status not in Goal.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    _bump_version(goal.plan, expected_version, by, "plan_goal_set_status")
    goal.status = status
    goal.save(update_fields=["status"])
    return goal


def _validate_owner(
    plan: Plan,
    owner_kind: str,
    owner_professional: Professional | None,
    owner_organisation: Organisation | None,
) -> None:
    municipality_id = plan.trajectory.municipality_id
    if owner_kind == Action.OwnerKind.PROFESSIONAL:
        if owner_professional is None:
            raise ValidationError(
                {"owner_professional": _("Choose the professional who does this.")}
            )
        if owner_professional.municipality_id != municipality_id:
            raise ValidationError(
                {
                    "owner_professional": _(
                        "That professional works for another municipality."
                    )
                }
            )
    elif owner_kind == Action.OwnerKind.ORGANISATION:
        if owner_organisation is None:
            raise ValidationError(
                {"owner_organisation": _("Choose the organisation that does this.")}
            )
        if owner_organisation.municipality_id != municipality_id:
            raise ValidationError(
                {
                    "owner_organisation": _(
                        "That organisation works for another municipality."
                    )
                }
            )
    elif owner_kind != Action.OwnerKind.RESIDENT:
        raise ValidationError(
            {
                "owner_kind": _(
                    "Choose who does this: a professional, an organisation or the resident."
                )
            }
        )


@transaction.atomic
def plan_action_add(
    *,
    plan: Plan,
    expected_version: int,
    description: str,
    owner_kind: str,
    due_on: date | None,
    by: Professional,
    owner_professional: Professional | None = None,
    owner_organisation: Organisation | None = None,
    goal: Goal | None = None,
) -> Action:
    """Add an action: who does what by when."""
    if not description.strip():
        raise ValidationError({"description": _("Describe what will be done.")})
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date by which it is done.")})
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("That goal belongs to another plan.")})
    _validate_owner(plan, owner_kind, owner_professional, owner_organisation)
    _bump_version(plan, expected_version, by, "plan_action_add")
    return Action.objects.create(
        plan=plan,
        goal=goal,
        description=description.strip(),
        owner_kind=owner_kind,
        owner_professional=owner_professional
        if owner_kind == Action.OwnerKind.PROFESSIONAL
        else None,
        owner_organisation=owner_organisation
        if owner_kind == Action.OwnerKind.ORGANISATION
        else None,
        due_on=due_on,
    )


@transaction.atomic
def plan_action_set_status(
    *,
    action: Action,
    expected_version: int,
    status: str,
    by: Professional,
    on: date | None = None,
) -> Action:
    """Mark an action done, cancelled or open again."""
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    _bump_version(action.plan, expected_version, by, "plan_action_set_status")
    action.status = status
    action.done_on = (
        (on or timezone.localdate()) if status == Action.Status.DONE else None
    )
    action.save(update_fields=["status", "done_on"])
    return action


@transaction.atomic
def plan_agree(
    *,
    plan: Plan,
    expected_version: int,
    agreed_on: date,
    by: Professional,
    note: str = "",
) -> Plan:
    """Record that the resident agreed to the current version of the plan."""
    if agreed_on > timezone.localdate():
        raise ValidationError(
            {"agreed_on": _("The date of agreement cannot lie in the future.")}
        )
    if agreed_on < plan.trajectory.started_on:
        raise ValidationError(
            {
                "agreed_on": _(
                    "The date of agreement cannot lie before the trajectory started."
                )
            }
        )
    # Ask the database, not the caller's plan object: a reader's copy may be
    # restricted to the categories their role may see.
    if (
        not Goal.objects.filter(plan_id=plan.pk).exists()
        and not Action.objects.filter(plan_id=plan.pk).exists()
    ):
        raise ValidationError(
            _("An empty plan cannot be agreed; add goals and actions first.")
        )
    _bump_version(plan, expected_version, by, "plan_agree")
    plan.agreed_on = agreed_on
    plan.agreed_version = plan.version
    plan.agreement_note = note
    plan.save(update_fields=["agreed_on", "agreed_version", "agreement_note"])
    return plan
