"""Pages of the case file: the caseload, search, registration and the resident's file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meedoen.casefile import caseload, selectors, services
from meedoen.casefile.forms import (
    CaseloadFilterForm,
    ResidentRegisterForm,
    ResidentSearchForm,
)
from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.journeys import selectors as journey_selectors
from meedoen.journeys.forms import TrajectoryCloseForm, TrajectoryMoveForm
from meedoen.organisations.selectors import neighbourhoods_for
from meedoen.privacy.scope import start_url_name


def resident_search(request: AuthenticatedRequest) -> HttpResponse:
    form = ResidentSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.resident_search(request.user, query) if query else []
    context = {"form": form, "query": query, "results": results, "nav": "residents"}
    return render(request, "casefile/resident_search.html", context)


def resident_register(request: AuthenticatedRequest) -> HttpResponse:
    form = ResidentRegisterForm(
        request.POST or None, neighbourhoods=neighbourhoods_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = services.resident_register(
                by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("The resident is registered and the trajectory has started.")
            )
            return redirect("resident_file", trajectory.resident_id)
    status = 400 if form.is_bound else 200
    context = {"form": form, "nav": "residents"}
    return render(request, "casefile/resident_register.html", context, status=status)


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
    return render(
        request,
        "casefile/caseload.html",
        {"rows": rows, "counts": counts, "signal": signal, "handovers": handovers},
    )
