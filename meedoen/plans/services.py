"""Business rules of the one plan.

Optimistic locking: every change names the plan version the editor saw
(``expected_version``). The version is raised in the same UPDATE that checks it, so of
two people who opened version 4, the first save makes it 5 and the second is refused
with ``PlanChangedError`` instead of silently overwriting.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, rules
from meedoen.core.categories import Category, LifeDomain, domain_category
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Organisation, Professional
from meedoen.plans.models import Action, Goal, Plan
from meedoen.privacy.door import Access, access_for


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


def _writer_access(plan: Plan, by: Professional) -> Access:
    """The writer's access to the plan's trajectory; PermissionDenied unless the write
    rule lets them change the plan (only members of the case team do)."""
    access = access_for(by, plan.trajectory)
    rules.require(by, "plan.change", access)
    return access


def _require_readable(access: Access, category: str) -> None:
    """A writer changes only what they can read: a goal or action in a category their
    role may not read is, for them, not there."""
    if category not in access.readable:
        raise PermissionDenied


def _bump_version(
    plan: Plan,
    expected_version: int,
    by: Professional,
    via: str,
    *,
    category: str = Category.PLAN,
    content: bool = True,
) -> None:
    """Raise the version if it is still the one the editor saw, and record the change
    in the audit trail: every change to a plan passes here. ``content`` is False for
    progress (an action done, a goal reached): the resident's agreement still holds."""
    changes: dict[str, Any] = {
        "version": F("version") + 1,
        "updated_at": timezone.now(),
    }
    if content:
        changes["content_version"] = F("version") + 1
    updated = Plan.objects.filter(pk=plan.pk, version=expected_version).update(
        **changes
    )
    if not updated:
        raise PlanChangedError()
    plan.version = expected_version + 1
    if content:
        plan.content_version = plan.version
    audit.record_write(user=by, trajectory=plan.trajectory, via=via, category=category)


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
    _writer_access(plan, by)
    if not description.strip():
        raise ValidationError({"description": _("Describe the goal.")})
    category = domain_category(life_domain)
    _bump_version(plan, expected_version, by, "plan_goal_add", category=category)
    return Goal.objects.create(
        plan=plan, life_domain=life_domain, description=description.strip()
    )


@transaction.atomic
def plan_goal_set_status(
    *, goal: Goal, expected_version: int, status: str, by: Professional
) -> Goal:
    access = _writer_access(goal.plan, by)
    category = domain_category(goal.life_domain)
    _require_readable(access, category)
    if status not in Goal.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    _bump_version(
        goal.plan,
        expected_version,
        by,
        "plan_goal_set_status",
        category=category,
        content=False,
    )
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
    life_domain: str = "",
) -> Action:
    """Add an action: who does what by when. An action serves a goal, or names its own
    life domain: that decides who may read it. The resident's own small steps may go
    without a due date; a professional's or organisation's action has one."""
    _writer_access(plan, by)
    errors: dict[str, Any] = {}
    if not description.strip():
        errors["description"] = _("Describe what will be done.")
    if due_on is None and owner_kind != Action.OwnerKind.RESIDENT:
        errors["due_on"] = _("Give the date by which it is done.")
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("That goal belongs to another plan.")
    if goal is not None:
        life_domain = ""
    elif life_domain not in LifeDomain.values:
        errors["life_domain"] = _(
            "Choose the goal this action serves, or the life domain it is about."
        )
    try:
        _validate_owner(plan, owner_kind, owner_professional, owner_organisation)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    # A writer may add in a category their role does not read (what is said at the
    # table is written down by whoever types); they then no longer see it, and the
    # plan page says that such goals and actions exist.
    category = domain_category(goal.life_domain if goal else life_domain)
    _bump_version(plan, expected_version, by, "plan_action_add", category=category)
    return Action.objects.create(
        plan=plan,
        goal=goal,
        life_domain=life_domain,
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
def plan_action_edit(
    *,
    action: Action,
    expected_version: int,
    description: str,
    owner_kind: str,
    due_on: date | None,
    by: Professional,
    owner_professional: Professional | None = None,
    owner_organisation: Organisation | None = None,
) -> Action:
    """Change what an action says, who does it and by when. The earlier text stays in
    the action's history; it is a change of content, so the resident agrees again.
    Its goal or life domain (who may read it) stays what it was."""
    plan = action.plan
    access = _writer_access(plan, by)
    category = domain_category(action.domain)
    _require_readable(access, category)
    errors: dict[str, Any] = {}
    if not description.strip():
        errors["description"] = _("Describe what will be done.")
    if due_on is None and owner_kind != Action.OwnerKind.RESIDENT:
        errors["due_on"] = _("Give the date by which it is done.")
    try:
        _validate_owner(plan, owner_kind, owner_professional, owner_organisation)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    _bump_version(plan, expected_version, by, "plan_action_edit", category=category)
    action.description = description.strip()
    action.owner_kind = owner_kind
    action.owner_professional = (
        owner_professional if owner_kind == Action.OwnerKind.PROFESSIONAL else None
    )
    action.owner_organisation = (
        owner_organisation if owner_kind == Action.OwnerKind.ORGANISATION else None
    )
    action.due_on = due_on
    action.save(
        update_fields=[
            "description",
            "owner_kind",
            "owner_professional",
            "owner_organisation",
            "due_on",
        ]
    )
    return action


@transaction.atomic
def plan_action_set_status(
    *,
    action: Action,
    expected_version: int,
    status: str,
    by: Professional,
    on: date | None = None,
) -> Action:
    """Mark an action done, cancelled or open again: progress, so the resident's
    agreement to the plan still holds."""
    access = _writer_access(action.plan, by)
    category = domain_category(action.domain)
    _require_readable(access, category)
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    _bump_version(
        action.plan,
        expected_version,
        by,
        "plan_action_set_status",
        category=category,
        content=False,
    )
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
    _writer_access(plan, by)
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
    _bump_version(plan, expected_version, by, "plan_agree", content=False)
    plan.agreed_on = agreed_on
    plan.agreed_version = plan.content_version
    plan.agreement_note = note
    plan.save(update_fields=["agreed_on", "agreed_version", "agreement_note"])
    return plan
