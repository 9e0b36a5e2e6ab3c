"""Pages for measuring progress: record a measurement (draft), confirm it, correct it
with a reason, the history per trajectory, and work and education records. Reads go
through ``meedoen.measurements.selectors`` (scoped, category-restricted, audited);
changes only by members of the case team."""

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
from meedoen.measurements import selectors, services
from meedoen.measurements.forms import (
    MeasurementCorrectForm,
    MeasurementForm,
    WorkRecordEndForm,
    WorkRecordForm,
)


def _submit(
    request: AuthenticatedRequest,
    form: Any,
    action: Callable[[dict[str, Any]], object],
    success: str,
) -> object | None:
    """Validate a posted form and run the service; service errors land on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    messages.success(request, success)
    return result


def _status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


def measurement_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    progress = selectors.progress_for(request.user, pk)
    context = {
        "progress": progress,
        "trajectory": progress.trajectory,
        "instruments": selectors.active_instruments(),
        "can": progress.trajectory.can,
        "nav": "residents",
    }
    return render(request, "measurements/measurement_list.html", context)


def measurement_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory, header = selectors.trajectory_for_write(
        request.user, pk, "measurement.record", via="measurement_add"
    )
    code = request.GET.get("instrument") or selectors.LADDER
    instrument = selectors.instrument_for(code)
    items = selectors.scorable_items(header, instrument)
    form = MeasurementForm(request.POST or None, instrument=instrument, items=items)
    measurement = _submit(
        request,
        form,
        lambda d: services.measurement_record(
            trajectory=trajectory,
            instrument=instrument,
            measured_on=d["measured_on"],
            values=form.item_values(),
            by=request.user,
        ),
        _("The measurement was saved as a draft. Check it and confirm it."),
    )
    if measurement is not None:
        return redirect("measurement_detail", measurement.pk)  # type: ignore[attr-defined]
    context = {
        "trajectory": header,
        "instrument": instrument,
        "form": form,
        "hidden_items": len(items) < len(instrument.items.all()),
        "nav": "residents",
    }
    return render(
        request, "measurements/measurement_add.html", context, status=_status(form)
    )


def measurement_detail(
    request: AuthenticatedRequest, measurement_id: int
) -> HttpResponse:
    view = selectors.measurement_for(request.user, measurement_id)
    context = {
        "view": view,
        "measurement": view.measurement,
        "trajectory": view.trajectory,
        "can": view.can,
        "nav": "residents",
    }
    return render(request, "measurements/measurement_detail.html", context)


@require_POST
def measurement_confirm(
    request: AuthenticatedRequest, measurement_id: int
) -> HttpResponse:
    measurement = selectors.measurement_for_change(
        request.user, measurement_id, via="measurement_confirm"
    )[0]
    try:
        services.measurement_confirm(measurement=measurement, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The measurement is confirmed."))
    return redirect("measurement_detail", measurement.pk)


def measurement_correct(
    request: AuthenticatedRequest, measurement_id: int
) -> HttpResponse:
    measurement, view = selectors.measurement_for_change(
        request.user, measurement_id, via="measurement_correct"
    )
    instrument = measurement.instrument
    shown = measurement.shown_values  # type: ignore[attr-defined]
    hidden = measurement.hidden_values  # type: ignore[attr-defined]
    items = selectors.readable_items(
        instrument,
        measurement.readable_categories,  # type: ignore[attr-defined]
    )
    initial: dict[str, Any] = {"measured_on": measurement.measured_on}
    initial.update({v.item.code: str(v.value) for v in shown})
    form = MeasurementCorrectForm(
        request.POST or None, instrument=instrument, items=items, initial=initial
    )

    def correct(d: dict[str, Any]) -> object:
        # Domains the user may not read are carried over unchanged.
        values = {v.item.code: v.value for v in hidden}
        values.update(form.item_values())
        return services.measurement_correct(
            measurement=measurement,
            values=values,
            reason=d["reason"],
            measured_on=d["measured_on"],
            by=request.user,
        )

    correction = _submit(
        request, form, correct, _("The correction was saved as a new version.")
    )
    if correction is not None:
        return redirect("measurement_detail", correction.pk)  # type: ignore[attr-defined]
    context = {
        "view": view,
        "measurement": view.measurement,
        "trajectory": view.trajectory,
        "form": form,
        "nav": "residents",
    }
    return render(
        request, "measurements/measurement_correct.html", context, status=_status(form)
    )


def work_record_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    trajectory, header = selectors.trajectory_for_write(
        request.user, pk, "work_record.record", via="work_record_add"
    )
    form = WorkRecordForm(request.POST or None)
    record = _submit(
        request,
        form,
        lambda d: services.work_record_add(trajectory=trajectory, by=request.user, **d),
        _("The work or education was recorded."),
    )
    if record is not None:
        return redirect("measurement_list", trajectory.pk)
    context = {"trajectory": header, "form": form, "nav": "residents"}
    return render(
        request, "measurements/work_record_add.html", context, status=_status(form)
    )


@require_POST
def work_record_end(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    record = selectors.work_record_for_change(request.user, record_id)
    form = WorkRecordEndForm(request.POST, prefix=f"end-{record.pk}")
    if form.is_valid():
        try:
            services.work_record_end(
                record=record, ended_on=form.cleaned_data["ended_on"], by=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The end date was recorded."))
    return redirect("measurement_list", record.trajectory_id)
