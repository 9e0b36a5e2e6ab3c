"""Pages of the case file: the caseload, search, registration and the resident's file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.casefile import caseload, selectors, services
from meedoen.casefile.forms import (
    CaseloadFilterForm,
    DuplicateChoiceForm,
    ResidentRegisterForm,
    ResidentSearchForm,
)
from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.journeys import selectors as journey_selectors
from meedoen.journeys.forms import TrajectoryCloseForm, TrajectoryMoveForm
from meedoen.journeys.selectors import journey_templates_for
from meedoen.organisations.selectors import neighbourhoods_for
from meedoen.privacy.scope import start_url_name


def resident_search(request: AuthenticatedRequest) -> HttpResponse:
    form = ResidentSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.resident_search(request.user, query) if query else []
    context = {"form": form, "query": query, "results": results, "nav": "residents"}
    return render(request, "casefile/resident_search.html", context)


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
            "signal": signal,
            "handovers": handovers,
            "access_requests": requests,
        },
    )
