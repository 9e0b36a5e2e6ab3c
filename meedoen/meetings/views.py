"""Pages of the table: the list of meetings, scheduling one, and the meeting itself with
its agenda, presence, decisions that become plan actions, and minutes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.core.readmodel import Record
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
    on_agenda = [item.trajectory_id for item in detail.visible_items]
    trajectories = open_trajectories_for(
        request.user, exclude_ids=on_agenda, via="meeting_agenda_choices"
    )
    return AgendaItemAddForm(data, prefix="agenda", trajectories=trajectories)


def _resubmittable(form: Any, version: int) -> Any:
    """A refused form keeps what was typed; its version becomes the saved one, so a
    second press saves it over the newer text the page now shows next to it."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(version)
    form.data = data
    return form


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
    forms_by_prefix: dict[str, Any] = {}
    for view in detail.visible_items:
        item = view.item or Record()
        if "agenda_item.record" in view.can:
            view.record_form = AgendaItemRecordForm(
                initial={
                    "resident_present": PRESENCE[item.get("resident_present")],
                    "notes": item.get("notes", ""),
                    "version": item.version,
                },
                prefix=f"item-{view.pk}",
                meeting_started=detail.has_started,
            )
            forms_by_prefix[f"item-{view.pk}"] = view
        if "decision.add" in view.can:
            view.decision_form = DecisionAddForm(prefix=f"decide-{view.pk}")
            forms_by_prefix[f"decide-{view.pk}"] = view
        if "decision.to_action" in view.can:
            team = view.team
            for decision in view.decisions:
                if decision.in_plan:
                    continue
                action_form = DecisionToActionForm(
                    prefix=f"decision-{decision.pk}",
                    initial={"life_domain": decision.life_domain},
                )
                action_form.set_owner_choices(team, organisations)
                view.action_forms[decision.pk] = action_form
    minutes = None
    if detail.can_minutes:
        minutes = MinutesForm(
            initial={"minutes": detail.minutes, "version": detail.minutes_version},
            prefix="minutes",
        )
    agenda = _agenda_form(request, detail)
    if failed is not None:
        if failed.prefix == "minutes":
            minutes = _resubmittable(failed, detail.minutes_version)
        elif failed.prefix == "agenda":
            agenda = failed
        elif failed.prefix.startswith("item-") and failed.prefix in forms_by_prefix:
            view = forms_by_prefix[failed.prefix]
            view.record_form = _resubmittable(failed, (view.item or {})["version"])
        elif failed.prefix.startswith("decide-") and failed.prefix in forms_by_prefix:
            forms_by_prefix[failed.prefix].decision_form = failed
        elif failed.prefix.startswith("decision-"):
            pk = int(failed.prefix.split("-", 1)[1])
            for view in detail.visible_items:
                if pk in getattr(view, "action_forms", {}):
                    view.action_forms[pk] = failed
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
    anchor: str = "",
) -> HttpResponse:
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success)
            url = reverse("meeting_detail", args=[meeting_id])
            return redirect(f"{url}#{anchor}" if anchor else url)
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
        lambda d: services.meeting_save_minutes(
            meeting=meeting,
            by=request.user,
            minutes=d["minutes"],
            expected_version=d["version"],
        ),
        _("The minutes were saved."),
        "minutes-heading",
    )


@require_POST
def agenda_item_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.agenda_item_for(request.user, pk)
    form = AgendaItemRecordForm(
        request.POST,
        prefix=f"item-{pk}",
        meeting_started=timezone.localdate(item.meeting.starts_at)
        <= timezone.localdate(),
    )
    return _save(
        request,
        item.meeting_id,
        form,
        lambda d: services.agenda_item_record(
            item=item,
            by=request.user,
            resident_present=d["resident_present"],
            notes=d["notes"],
            expected_version=d["version"],
        ),
        _("Presence and notes were saved."),
        f"item-{item.pk}",
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
        f"item-{item.pk}",
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
        f"item-{decision.agenda_item_id}",
    )
