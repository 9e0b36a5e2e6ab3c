"""Pages of the journey: the caseload, moving and closing a trajectory, the case team,
hand-overs, contacts and the journey board. Views parse, call and render; the rules are
in services.py and who may see what is decided in meedoen.privacy.scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.journeys import selectors, services
from meedoen.journeys.forms import (
    CaseTeamAddForm,
    ContactForm,
    HandoverDeclineForm,
    HandoverOfferForm,
    TrajectoryCloseForm,
    TrajectoryMoveForm,
)
from meedoen.organisations.selectors import colleagues_for


def _submit(
    request: AuthenticatedRequest,
    form: Any,
    action: Callable[[dict[str, Any]], object],
    success: str,
) -> bool:
    """Validate a posted form and run the service; service errors land on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return False
    messages.success(request, success)
    return True


def _header(request: AuthenticatedRequest, trajectory: Any) -> Any:
    match = request.resolver_match
    via = (match.url_name if match else None) or "journeys"
    return selectors.trajectory_header(request.user, trajectory, via=via)


def _status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


def trajectory_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory = selectors.trajectory_for_change(request.user, pk, "trajectory.move")
    form = TrajectoryMoveForm(
        request.POST or None,
        stages=list(trajectory.template.stages.all()),
        current_id=trajectory.stage_id,
        prefix=f"move-{pk}",
    )
    moved = _submit(
        request,
        form,
        lambda d: services.trajectory_move(
            trajectory=trajectory,
            to_stage=d["to_stage"],
            reason=d["reason"],
            by=request.user,
        ),
        _("The trajectory moved to the next stage."),
    )
    if moved:
        return redirect("resident_file", trajectory.resident_id)
    context = {"trajectory": _header(request, trajectory), "form": form}
    return render(
        request, "journeys/trajectory_move.html", context, status=_status(form)
    )


def trajectory_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory = selectors.trajectory_for_change(request.user, pk, "trajectory.close")
    form = TrajectoryCloseForm(request.POST or None, prefix=f"close-{pk}")
    closed = _submit(
        request,
        form,
        lambda d: services.trajectory_close(
            trajectory=trajectory, reason=d["reason"], by=request.user
        ),
        _("The trajectory is closed."),
    )
    if closed:
        return redirect("resident_file", trajectory.resident_id)
    context = {"trajectory": _header(request, trajectory), "form": form}
    return render(
        request, "journeys/trajectory_close.html", context, status=_status(form)
    )


def contact_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory = selectors.trajectory_for_change(request.user, pk, "contact.record")
    form = ContactForm(request.POST or None)
    added = _submit(
        request,
        form,
        lambda d: services.contact_record(trajectory=trajectory, by=request.user, **d),
        _("The contact was recorded."),
    )
    if added:
        return redirect("resident_file", trajectory.resident_id)
    context = {"trajectory": _header(request, trajectory), "form": form}
    return render(request, "journeys/contact_add.html", context, status=_status(form))


def case_team_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory = selectors.trajectory_for_change(request.user, pk, "case_team.add")
    form = CaseTeamAddForm(
        request.POST or None, colleagues=colleagues_for(request.user)
    )
    added = _submit(
        request,
        form,
        lambda d: services.case_team_add(
            trajectory=trajectory, professional=d["professional"], by=request.user
        ),
        _("The professional joined the case team."),
    )
    if added:
        return redirect("resident_file", trajectory.resident_id)
    context = {"trajectory": _header(request, trajectory), "form": form}
    return render(request, "journeys/case_team_add.html", context, status=_status(form))


def handover_offer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory = selectors.trajectory_for_change(request.user, pk, "handover.offer")
    colleagues = colleagues_for(request.user).exclude(pk=request.user.pk or 0)
    form = HandoverOfferForm(request.POST or None, colleagues=colleagues)
    offered = _submit(
        request,
        form,
        lambda d: services.handover_offer(trajectory=trajectory, by=request.user, **d),
        _("The hand-over was offered. The coordination changes once it is accepted."),
    )
    if offered:
        return redirect("resident_file", trajectory.resident_id)
    context = {"trajectory": _header(request, trajectory), "form": form}
    return render(
        request, "journeys/handover_offer.html", context, status=_status(form)
    )


@require_POST
def handover_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    handover = selectors.handover_for(request.user, pk)
    try:
        services.handover_accept(handover=handover, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("caseload")
    messages.success(request, _("You are now the coordinator of this trajectory."))
    return redirect("resident_file", handover.trajectory.resident_id)


def handover_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    handover = selectors.handover_for(request.user, pk)
    form = HandoverDeclineForm(request.POST or None)
    declined = _submit(
        request,
        form,
        lambda d: services.handover_decline(
            handover=handover, by=request.user, reason=d["decline_reason"]
        ),
        _("You declined the hand-over. The coordinator has been told why."),
    )
    if declined:
        return redirect("caseload")
    (shown,) = selectors.handover_records(
        request.user, [handover], via="handover_decline"
    )
    context = {"handover": shown, "form": form}
    return render(
        request, "journeys/handover_decline.html", context, status=_status(form)
    )


def journey_board(request: AuthenticatedRequest) -> HttpResponse:
    template, columns = selectors.journey_board(request.user)
    return render(
        request,
        "journeys/journey_board.html",
        {"template": template, "columns": columns},
    )


@require_POST
def access_request_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The coordinator accepts or declines a request to join the case team."""
    access_request = selectors.access_request_for(request.user, pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.access_request_answer(
            request=access_request, by=request.user, accept=accept
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("They are on the case team now.")
            if accept
            else _("The request was declined."),
        )
    return redirect("caseload")
