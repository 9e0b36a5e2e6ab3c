"""Pages of the case file: the caseload, search, registration and the resident's file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.casefile import caseload, front_door, selectors, services
from meedoen.casefile.forms import (
    CaseloadFilterForm,
    DuplicateChoiceForm,
    MergeForm,
    QuestionAnswerForm,
    QuestionForm,
    QuestionReferForm,
    ResidentRegisterForm,
    ResidentSearchForm,
)
from meedoen.core import trajectory_signals
from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.journeys import selectors as journey_selectors
from meedoen.journeys.forms import TrajectoryCloseForm, TrajectoryMoveForm
from meedoen.journeys.selectors import journey_templates_for
from meedoen.organisations.selectors import neighbourhoods_for, organisations_for
from meedoen.privacy.scope import start_url_name


def resident_search(request: AuthenticatedRequest) -> HttpResponse:
    form = ResidentSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.resident_search(request.user, query) if query else []
    context = {"form": form, "query": query, "results": results, "nav": "residents"}
    return render(request, "casefile/resident_search.html", context)


def _link_question(request: AuthenticatedRequest, form: Any, trajectory: Any) -> None:
    """A question from the front door that led to this trajectory is closed by it."""
    question_id = form.cleaned_data.get("question")
    if question_id:
        front_door.question_link_trajectory(
            question_id=question_id, trajectory=trajectory, by=request.user
        )


def _register_form(request: AuthenticatedRequest) -> ResidentRegisterForm:
    return ResidentRegisterForm(
        request.POST or None,
        neighbourhoods=neighbourhoods_for(request.user),
        templates=journey_templates_for(request.user),
    )


def resident_register(request: AuthenticatedRequest) -> HttpResponse:
    """Register someone new; when they may already be known, show who (recorded) and
    offer a return, a request to join, or (not for the same BSN) a new resident."""
    form = _register_form(request)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = services.resident_register(
                by=request.user, **form.cleaned_data
            )
        except services.PossibleDuplicate as exc:
            duplicates = selectors.duplicate_candidates(
                request.user, exc.candidates, same_bsn=exc.same_bsn
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            _link_question(request, form, trajectory)
            messages.success(
                request, _("The resident is registered and the trajectory has started.")
            )
            return redirect("resident_file", trajectory.resident_id)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "duplicates": duplicates, "nav": "residents"}
    return render(request, "casefile/resident_register.html", context, status=status)


@require_POST
def resident_return(request: AuthenticatedRequest) -> HttpResponse:
    """A known resident whose trajectories all closed starts again, with the
    registrar as coordinator (the registration data proves who is at the desk)."""
    form = _register_form(request)
    choice = DuplicateChoiceForm(request.POST)
    if not (form.is_valid() and choice.is_valid()):
        return resident_register(request)
    try:
        trajectory = services.trajectory_return(
            by=request.user,
            resident_id=choice.cleaned_data["resident"],
            evidence=form.evidence(),
            template=form.cleaned_data["template"],
            reason=form.cleaned_data["reason"],
            reason_category=form.cleaned_data["reason_category"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("resident_register")
    _link_question(request, form, trajectory)
    messages.success(request, _("A new trajectory started: the resident returns."))
    return redirect("resident_file", trajectory.resident_id)


@require_POST
def access_request_create(request: AuthenticatedRequest) -> HttpResponse:
    """Ask the coordinator of a known resident's running trajectory to be added."""
    form = _register_form(request)
    choice = DuplicateChoiceForm(request.POST)
    if not (form.is_valid() and choice.is_valid()):
        return resident_register(request)
    try:
        services.access_request_for_duplicate(
            by=request.user,
            resident_id=choice.cleaned_data["resident"],
            evidence=form.evidence(),
            reason=choice.cleaned_data["reason"]
            or _("Found at registration: %(reason)s")
            % {"reason": form.cleaned_data["reason"] or "–"},
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("resident_register")
    messages.success(
        request,
        _(
            "Your request went to the coordinator. You see the file once they add "
            "you to the case team."
        ),
    )
    return redirect("caseload")


def resident_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    file = selectors.resident_file(request.user, pk)
    for t in file.trajectories:
        # Forms for the file's own actions, built from loaded data (no queries).
        t.forms["move"] = TrajectoryMoveForm(
            stages=t.stage_objects, current_id=t.stage_id, prefix=f"move-{t.pk}"
        )
        t.forms["close"] = TrajectoryCloseForm(prefix=f"close-{t.pk}")
    context = {"file": file, "resident": file.resident, "nav": "residents"}
    return render(request, "casefile/resident_file.html", context)


def caseload_view(request: AuthenticatedRequest) -> HttpResponse:
    start = start_url_name(request.user)
    if start is not None:  # roles without residents' files start elsewhere
        return redirect(start)
    form = CaseloadFilterForm(request.GET)
    signal = form.cleaned_data["signaal"] if form.is_valid() else ""
    rows, counts = caseload.caseload_page(request.user, signal=signal)
    handovers = journey_selectors.handovers_offered_to(request.user)
    requests = journey_selectors.access_requests_for(request.user)
    return render(
        request,
        "casefile/caseload.html",
        {
            "rows": rows,
            "counts": counts,
            "extra_signals": [
                (s.name, s.label, counts.get(s.name, 0))
                for s in trajectory_signals.registered()
            ],
            "signal": signal,
            "handovers": handovers,
            "access_requests": requests,
        },
    )


# The front door: questions and signals before a trajectory


def question_list(request: AuthenticatedRequest) -> HttpResponse:
    outcome = request.GET.get("uitkomst", "open")
    questions = selectors.questions_for(request.user, outcome=outcome)
    context = {"questions": questions, "outcome": outcome, "nav": "questions"}
    return render(request, "casefile/question_list.html", context)


def question_create(request: AuthenticatedRequest) -> HttpResponse:
    form = QuestionForm(request.POST or None, teams=request.user.teams.all())
    if request.method == "POST" and form.is_valid():
        try:
            question = front_door.question_record(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The question was recorded."))
            return redirect("question_detail", question.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "nav": "questions"}
    return render(request, "casefile/question_create.html", context, status=status)


def _question_page(
    request: AuthenticatedRequest, question: Any, *, failed: Any = None
) -> HttpResponse:
    organisations = organisations_for(request.user)
    forms = {
        "answer": QuestionAnswerForm(prefix="answer"),
        "refer": QuestionReferForm(prefix="refer", organisations=organisations),
    }
    if failed is not None:
        forms[failed.prefix] = failed
    context = {
        "question": selectors.question_view(request.user, question),
        "answer_form": forms["answer"],
        "refer_form": forms["refer"],
        "intake_form": _register_form_for(
            request, front_door.question_evidence(question)
        ),
        "nav": "questions",
    }
    status = 400 if failed is not None else 200
    return render(request, "casefile/question_detail.html", context, status=status)


def question_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _question_page(request, selectors.question_for(request.user, pk))


def _triage(
    request: AuthenticatedRequest, question: Any, form: Any, handle: Any
) -> HttpResponse:
    if form.is_valid():
        try:
            handle(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The question was handled."))
            return redirect("question_list")
    return _question_page(request, question, failed=form)


@require_POST
def question_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, pk)
    form = QuestionAnswerForm(request.POST, prefix="answer")
    return _triage(
        request,
        question,
        form,
        lambda d: front_door.question_answer(question=question, by=request.user, **d),
    )


@require_POST
def question_refer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, pk)
    form = QuestionReferForm(
        request.POST, prefix="refer", organisations=organisations_for(request.user)
    )
    return _triage(
        request,
        question,
        form,
        lambda d: front_door.question_refer(question=question, by=request.user, **d),
    )


def _register_form_for(
    request: AuthenticatedRequest, initial: dict[str, Any]
) -> ResidentRegisterForm:
    return ResidentRegisterForm(
        initial=initial,
        neighbourhoods=neighbourhoods_for(request.user),
        templates=journey_templates_for(request.user),
    )


def resident_merge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Merge another file of the same person into this one."""
    keep = selectors.resident_for_merge(request.user, pk)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            other = selectors.resident_for_merge(
                request.user, form.cleaned_data["other"]
            )
            front_door.resident_merge(
                keep=keep,
                remove=other,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The files were merged into this one."))
            return redirect("resident_file", keep.pk)
    status = 400 if form.is_bound else 200
    context = {
        "form": form,
        "resident": selectors.resident_header(request.user, keep, via="resident_merge"),
        "nav": "residents",
    }
    return render(request, "casefile/resident_merge.html", context, status=status)
