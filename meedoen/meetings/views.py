"""Pages of the table: the list of meetings, scheduling one, and the meeting itself with
its agenda, presence, decisions that become plan actions, and minutes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.journeys.selectors import open_trajectories_for
from meedoen.meetings import selectors, services
from meedoen.meetings.forms import (
    AgendaItemAddForm,
    AgendaItemRecordForm,
    DecisionAddForm,
    DecisionToActionForm,
    MeetingCreateForm,
    MinutesForm,
)
from meedoen.organisations.selectors import colleagues_for, organisations_for

PRESENCE = {True: "yes", False: "no", None: ""}


def _agenda_form(
    request: AuthenticatedRequest, detail: Any, data: Any = None
) -> AgendaItemAddForm:
    on_agenda = [item.trajectory_id for item in detail.items]
    trajectories = open_trajectories_for(
        request.user, exclude_ids=on_agenda, via="meeting_agenda_choices"
    )
    return AgendaItemAddForm(data, prefix="agenda", trajectories=trajectories)


def _meeting_page(
    request: AuthenticatedRequest,
    meeting_id: int,
    *,
    failed: Any = None,
    status: int = 200,
) -> HttpResponse:
    """The meeting page with all its forms; a form that failed is shown as submitted."""
    detail = selectors.meeting_detail(request.user, meeting_id)
    organisations = list(organisations_for(request.user))
    for item in detail.items:
        item.record_form = AgendaItemRecordForm(  # type: ignore[attr-defined]
            initial={
                "resident_present": PRESENCE[item.resident_present],
                "notes": item.notes,
            },
            prefix=f"item-{item.pk}",
        )
        item.decision_form = DecisionAddForm(prefix=f"decide-{item.pk}")  # type: ignore[attr-defined]
        team = [m.professional for m in item.trajectory.active_team]  # type: ignore[attr-defined]
        for decision in item.decisions.all():
            action_form = DecisionToActionForm(prefix=f"decision-{decision.pk}")
            action_form.set_owner_choices(team, organisations)
            decision.action_form = action_form  # type: ignore[attr-defined]
    minutes = MinutesForm(initial={"minutes": detail.meeting.minutes}, prefix="minutes")
    agenda = _agenda_form(request, detail)
    if failed is not None:
        minutes = failed if failed.prefix == "minutes" else minutes
        agenda = failed if failed.prefix == "agenda" else agenda
        decisions = [d for item in detail.items for d in item.decisions.all()]
        for obj in [*detail.items, *decisions]:
            for attr in ("record_form", "decision_form", "action_form"):
                if getattr(getattr(obj, attr, None), "prefix", None) == failed.prefix:
                    setattr(obj, attr, failed)
    context = {
        "detail": detail,
        "meeting": detail.meeting,
        "minutes_form": minutes,
        "agenda_form": agenda,
        "nav": "meetings",
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


def _save(
    request: AuthenticatedRequest,
    meeting_id: int,
    form: Any,
    change: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("meeting_detail", meeting_id)
    return _meeting_page(request, meeting_id, failed=form, status=400)


def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    meetings = list(selectors.meetings_for(request.user).order_by("starts_at"))
    now = timezone.now()
    context = {
        "upcoming": [m for m in meetings if m.starts_at >= now],
        "past": [m for m in reversed(meetings) if m.starts_at < now],
        "nav": "meetings",
    }
    return render(request, "meetings/meeting_list.html", context)


def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    form = MeetingCreateForm(
        request.POST or None, colleagues=colleagues_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(chair=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The meeting is scheduled."))
            return redirect("meeting_detail", meeting.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "nav": "meetings"}
    return render(request, "meetings/meeting_create.html", context, status=status)


def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, pk)


@require_POST
def meeting_add_agenda_item(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    form = _agenda_form(
        request, selectors.meeting_detail(request.user, pk), request.POST
    )
    return _save(
        request,
        pk,
        form,
        lambda d: services.meeting_add_agenda_item(
            meeting=meeting, by=request.user, **d
        ),
        _("The resident is on the agenda."),
    )


@require_POST
def meeting_save_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    form = MinutesForm(request.POST, prefix="minutes")
    return _save(
        request,
        pk,
        form,
        lambda d: services.meeting_save_minutes(meeting=meeting, by=request.user, **d),
        _("The minutes were saved."),
    )


@require_POST
def agenda_item_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.agenda_item_for(request.user, pk)
    form = AgendaItemRecordForm(request.POST, prefix=f"item-{pk}")
    return _save(
        request,
        item.meeting_id,
        form,
        lambda d: services.agenda_item_record(item=item, by=request.user, **d),
        _("Presence and notes were saved."),
    )


@require_POST
def decision_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.agenda_item_for(request.user, pk)
    form = DecisionAddForm(request.POST, prefix=f"decide-{pk}")
    return _save(
        request,
        item.meeting_id,
        form,
        lambda d: services.decision_add(item=item, by=request.user, **d),
        _("The decision was recorded."),
    )


@require_POST
def decision_to_action(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, pk)
    trajectory = decision.agenda_item.trajectory
    form = DecisionToActionForm(request.POST, prefix=f"decision-{pk}")
    form.set_owner_choices(
        [m.professional for m in trajectory.active_team],  # type: ignore[attr-defined]
        list(organisations_for(request.user)),
    )
    return _save(
        request,
        decision.agenda_item.meeting_id,
        form,
        lambda d: services.decision_to_action(decision=decision, by=request.user, **d),
        _("The decision is now an action in the plan."),
    )
