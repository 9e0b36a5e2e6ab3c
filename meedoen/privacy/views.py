"""Pages of the privacy door: a resident's consents, break the glass, and the privacy
officer's audit trail and review of emergency accesses. Views parse, call and render;
who may see what is decided in meedoen.privacy.scope and selectors.py, the rules are in
services.py, and every read of a resident's data is recorded in the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.organisations.selectors import organisations_for
from meedoen.privacy import selectors, services
from meedoen.privacy.forms import (
    ConsentForm,
    EmergencyAccessForm,
)

# Consents


def consent_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = selectors.consents_for(request.user, pk)
    context = {"data": data, "resident": data.resident, "nav": "residents"}
    return render(request, "privacy/consent_list.html", context)


def consent_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resident, name = selectors.resident_for_change(request.user, pk)
    form = ConsentForm(
        request.POST or None, organisations=organisations_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                resident=resident, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("consent_list", resident.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "resident": name, "nav": "residents"}
    return render(request, "privacy/consent_add.html", context, status=status)


def consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (and says what ends with it); POST withdraws."""
    consent = selectors.consent_for_change(request.user, pk)
    if request.method == "POST":
        try:
            services.consent_withdraw(consent=consent, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "The consent was withdrawn. Access that rested on it has ended "
                    "as of now."
                ),
            )
        return redirect("consent_list", consent.resident_id)
    view = selectors.consent_detail(request.user, consent)
    context = {"consent": view.consent, "resident": view.resident, "nav": "residents"}
    return render(request, "privacy/consent_withdraw.html", context)


# Break the glass


def emergency_access(request: AuthenticatedRequest) -> HttpResponse:
    enabled = selectors.break_glass_enabled(request.user)
    running = selectors.my_emergency_accesses(request.user)
    form = EmergencyAccessForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not enabled:
            status = 403
        elif form.is_valid():
            try:
                # The reason first: its answer must not depend on the BSN.
                reason = services.emergency_reason_clean(form.cleaned_data["reason"])
                resident_id = selectors.emergency_candidate(
                    request.user, form.cleaned_data["resident"], reason
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if resident_id is None:
                    # The same answer for an unknown BSN and one of another
                    # municipality: nothing leaks about who lives where.
                    form.add_error(
                        "resident",
                        _("No resident found with this BSN or number."),
                    )
                    status = 404
                else:
                    try:
                        access = services.emergency_access_grant(
                            user=request.user,
                            resident_id=resident_id,
                            reason=reason,
                        )
                    except ValidationError as exc:
                        apply_validation_error(form, exc)
                    else:
                        until = formats.time_format(
                            timezone.localtime(access.expires_at), "H:i"
                        )
                        messages.warning(
                            request,
                            _(
                                "Emergency access until %(until)s. Your access and "
                                "your reason are logged and reviewed by the privacy "
                                "officer."
                            )
                            % {"until": until},
                        )
                        return redirect("resident_file", resident_id)
    context = {"form": form, "enabled": enabled, "running": running}
    return render(request, "privacy/emergency_access.html", context, status=status)
