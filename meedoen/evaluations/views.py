"""Pages of the four-windows evaluation: the list, a new evaluation, the evaluation with
its stories and the four windows side by side, adding a story (two steps: whose
journey, then the resident's consent and the story), coding a finding, and the PDF.

Views parse, call and render: who may read is decided in selectors.py (policy adviser,
team lead, coordinator of the municipality; stories only with the resident's consent
in force, without the resident's name), the rules are in services.py, and every read
is recorded in the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.evaluations import export, selectors, services
from meedoen.evaluations.forms import (
    EvaluationForm,
    FindingForm,
    StoryForm,
    TrajectoryChoiceForm,
)
from meedoen.privacy import scope

NAV = "evaluations"


def evaluation_list(request: AuthenticatedRequest) -> HttpResponse:
    evaluations = list(selectors.evaluations_for(request.user))
    context = {"evaluations": evaluations, "nav": NAV}
    return render(request, "evaluations/evaluation_list.html", context)


def evaluation_create(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_reader(request.user)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_create(
                by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The evaluation was started."))
            return redirect("evaluation_detail", evaluation.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "nav": NAV}
    return render(request, "evaluations/evaluation_create.html", context, status=status)


def evaluation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    detail = selectors.evaluation_detail(request.user, pk)
    context = {
        "detail": detail,
        "evaluation": detail.evaluation,
        "can_write_stories": scope.has_resident_scope(request.user),
        "nav": NAV,
    }
    return render(request, "evaluations/evaluation_detail.html", context)


def evaluation_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    filename, content = export.evaluation_pdf(request.user, pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def story_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Step 1 (GET without a trajectory): choose whose journey, from the trajectories
    whose case team the user is on. Step 2: the resident's consent and the story."""
    evaluation = selectors.evaluation_for(request.user, pk)
    if not scope.has_resident_scope(request.user):
        raise PermissionDenied  # a policy adviser is on no case team
    trajectories = selectors.story_trajectories(request.user)
    data = request.POST if request.method == "POST" else request.GET
    choose = TrajectoryChoiceForm(
        data if "trajectory" in data else None, trajectories=trajectories
    )
    context = {"evaluation": evaluation, "choose": choose, "nav": NAV}
    if not choose.is_valid():
        status = 400 if choose.is_bound else 200
        return render(request, "evaluations/story_add.html", context, status=status)
    trajectory = choose.cleaned_data["trajectory"]
    consents = selectors.story_consents(trajectory, evaluation)
    form = StoryForm(
        request.POST if request.method == "POST" else None,
        consents=consents,
        initial={"trajectory": trajectory.pk},
    )
    if request.method == "POST" and form.is_valid():
        cleaned = {k: v for k, v in form.cleaned_data.items() if k != "trajectory"}
        try:
            story = services.story_add(
                evaluation=evaluation, trajectory=trajectory, by=request.user, **cleaned
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The story was added."))
            url = reverse("evaluation_detail", args=[evaluation.pk])
            return redirect(f"{url}#story-{story.pk}")
    context.update(trajectory=trajectory, form=form, consents=consents)
    status = 400 if form.is_bound else 200
    return render(request, "evaluations/story_form.html", context, status=status)


def finding_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    story, shown = selectors.story_for(request.user, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_add(story=story, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The finding was added."))
            url = reverse("evaluation_detail", args=[story.evaluation_id])
            return redirect(f"{url}#story-{story.pk}")
    status = 400 if form.is_bound else 200
    context = {"story": shown, "evaluation": story.evaluation, "form": form, "nav": NAV}
    return render(request, "evaluations/finding_add.html", context, status=status)
