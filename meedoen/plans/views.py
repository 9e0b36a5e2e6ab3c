"""Pages of the one plan: editing it together, and the printable version for the
resident. Every change names the plan version it was based on (optimistic locking)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.journeys.models import Trajectory
from meedoen.plans import selectors, services
from meedoen.plans.forms import (
    ActionAddForm,
    ActionEditForm,
    ActionStatusForm,
    GoalAddForm,
    GoalStatusForm,
    PlanAgreeForm,
)
from meedoen.plans.models import Plan


def _plan_page(
    request: AuthenticatedRequest,
    trajectory_id: int,
    *,
    failed: Any = None,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The plan page with all its forms; a form that failed is shown as submitted."""
    view = selectors.plan_view(request.user, trajectory_id)
    initial = {"expected_version": view.plan.version}
    forms: dict[str, Any] = {}
    status_forms: dict[tuple[str, int], Any] = {}
    if "plan.change" in view.can:
        choices = selectors.plan_form_choices(
            request.user, selectors.plan_for_change(request.user, trajectory_id)
        )
        action_add = ActionAddForm(
            initial=initial, prefix="action", goals=choices["goals"]
        )
        action_add.set_owner_choices(choices["team"], choices["organisations"])
        forms = {
            "goal": GoalAddForm(initial=initial, prefix="goal"),
            "action": action_add,
            "agree": PlanAgreeForm(initial=initial, prefix="agree"),
        }
        for goal in view.goals:
            forms[f"goal-{goal.pk}"] = GoalStatusForm(
                initial={**initial, "status": goal.status}, prefix=f"goal-{goal.pk}"
            )
        for action in view.actions:
            forms[f"action-{action.pk}"] = ActionStatusForm(
                initial={**initial, "status": action.status},
                prefix=f"action-{action.pk}",
            )
        if failed is not None and failed.prefix in forms:
            if conflict:
                # Keep what the editor typed, based on the current version this time.
                data = failed.data.copy()
                data[failed.add_prefix("expected_version")] = str(view.plan.version)
                failed.data = data
            if failed.prefix == "action":
                failed.set_owner_choices(choices["team"], choices["organisations"])
            forms[failed.prefix] = failed
        status_forms = {
            **{("goal", g.pk): forms[f"goal-{g.pk}"] for g in view.goals},
            **{("action", a.pk): forms[f"action-{a.pk}"] for a in view.actions},
        }
    context = {
        "view": view,
        "trajectory": view,
        "plan": view.plan,
        "forms": forms,
        "goal_rows": [(g, status_forms.get(("goal", g.pk))) for g in view.goals],
        "action_rows": [(a, status_forms.get(("action", a.pk))) for a in view.actions],
        "conflict": conflict,
        "failed": failed.prefix if failed is not None else "",
        "nav": "residents",
    }
    return render(request, "plans/plan_edit.html", context, status=status)


def _save(
    request: AuthenticatedRequest,
    trajectory: Trajectory,
    form: Any,
    change: Callable[[dict[str, Any]], object],
    success: str,
    anchor: str,
) -> HttpResponse:
    """Run a plan change: back to the changed block on success; show the form again on
    an error, and the current plan with a clear message (409) when someone else
    changed it first."""
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except services.PlanChangedError:
            return _plan_page(
                request, trajectory.pk, failed=form, conflict=True, status=409
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(f"{reverse('plan_edit', args=[trajectory.pk])}#{anchor}")
    return _plan_page(request, trajectory.pk, failed=form, status=400)


def _find(objects: Any, pk: int) -> Any:
    """One goal or action of the plan, from the already loaded list; 404 otherwise."""
    for obj in objects:
        if obj.pk == pk:
            return obj
    raise Http404


def plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _plan_page(request, pk)


@require_POST
def plan_goal_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory = selectors.plan_for_change(request.user, pk)
    form = GoalAddForm(request.POST, prefix="goal")
    return _save(
        request,
        trajectory,
        form,
        lambda d: services.plan_goal_add(plan=trajectory.plan, by=request.user, **d),
        _("The goal was added to the plan."),
        "goals-heading",
    )


@require_POST
def plan_goal_status(
    request: AuthenticatedRequest, pk: int, goal_id: int
) -> HttpResponse:
    trajectory = selectors.plan_for_change(request.user, pk)
    goal = _find(trajectory.plan.goals.all(), goal_id)
    goal.plan = trajectory.plan
    form = GoalStatusForm(request.POST, prefix=f"goal-{goal_id}")
    return _save(
        request,
        trajectory,
        form,
        lambda d: services.plan_goal_set_status(goal=goal, by=request.user, **d),
        _("The status of the goal was changed."),
        f"goal-{goal_id}",
    )


@require_POST
def plan_action_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory = selectors.plan_for_change(request.user, pk)
    choices = selectors.plan_form_choices(request.user, trajectory)
    form = ActionAddForm(request.POST, prefix="action", goals=choices["goals"])
    form.set_owner_choices(choices["team"], choices["organisations"])
    return _save(
        request,
        trajectory,
        form,
        lambda d: services.plan_action_add(plan=trajectory.plan, by=request.user, **d),
        _("The action was added to the plan."),
        "actions-heading",
    )


@require_POST
def plan_action_status(
    request: AuthenticatedRequest, pk: int, action_id: int
) -> HttpResponse:
    trajectory = selectors.plan_for_change(request.user, pk)
    action = _find(trajectory.plan.actions.all(), action_id)
    action.plan = trajectory.plan
    form = ActionStatusForm(request.POST, prefix=f"action-{action_id}")
    return _save(
        request,
        trajectory,
        form,
        lambda d: services.plan_action_set_status(action=action, by=request.user, **d),
        _("The status of the action was changed."),
        f"action-{action_id}",
    )


def plan_action_edit(
    request: AuthenticatedRequest, pk: int, action_id: int
) -> HttpResponse:
    """Change an action's text, owner or date; its earlier versions are listed."""
    trajectory = selectors.plan_for_change(request.user, pk)  # 403 for readers only
    choices = selectors.plan_form_choices(request.user, trajectory)
    form = ActionEditForm(request.POST or None, prefix="edit")
    form.set_owner_choices(choices["team"], choices["organisations"])
    status = 200
    if request.method == "POST":
        status = 400
        edit = selectors.action_edit_view(request.user, pk, action_id)
        if form.is_valid():
            action = _find(trajectory.plan.actions.all(), action_id)
            action.plan = trajectory.plan
            try:
                services.plan_action_edit(
                    action=action, by=request.user, **form.cleaned_data
                )
            except services.PlanChangedError:
                status = 409
                data = request.POST.copy()
                data[form.add_prefix("expected_version")] = str(
                    Plan.objects.get(pk=trajectory.plan.pk).version
                )
                form.data = data
                form.add_error(
                    None,
                    _(
                        "Someone else changed the plan since you opened this page. "
                        "Your text is kept: check the plan and save again."
                    ),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The action was changed."))
                return redirect(f"{reverse('plan_edit', args=[pk])}#action-{action_id}")
    else:
        edit = selectors.action_edit_view(request.user, pk, action_id)
        a = edit.action
        form = ActionEditForm(
            initial={
                "expected_version": trajectory.plan.version,
                "description": a.description,
                "owner_kind": a.owner_kind,
                "owner_professional": (
                    trajectory.plan.actions.get(pk=action_id).owner_professional_id
                ),
                "owner_organisation": (
                    trajectory.plan.actions.get(pk=action_id).owner_organisation_id
                ),
                "due_on": a.due_on,
            },
            prefix="edit",
        )
        form.set_owner_choices(choices["team"], choices["organisations"])
    context = {"edit": edit, "form": form, "nav": "residents"}
    return render(request, "plans/action_edit.html", context, status=status)


@require_POST
def plan_agree(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory = selectors.plan_for_change(request.user, pk)
    form = PlanAgreeForm(request.POST, prefix="agree")
    return _save(
        request,
        trajectory,
        form,
        lambda d: services.plan_agree(plan=trajectory.plan, by=request.user, **d),
        _("The resident's agreement was recorded."),
        "agree-heading",
    )


def plan_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    view = selectors.plan_view(request.user, pk, via="plan_print")
    context = {"view": view, "trajectory": view, "plan": view.plan}
    return render(request, "plans/plan_print.html", context)
