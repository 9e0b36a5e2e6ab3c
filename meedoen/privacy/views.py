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
from django.views.decorators.http import require_POST

from meedoen.organisations.selectors import organisations_for
from meedoen.privacy import export, selectors, services
from meedoen.privacy.forms import (
    AccessRequestForm,
    AuditFilterForm,
    AuditPageForm,
    ConsentForm,
    EmergencyAccessForm,
)
from meedoen.web.forms import apply_validation_error
from meedoen.web.http import AuthenticatedRequest

# Consents


def consent_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    data = selectors.consents_for(request.user, pk)
    context = {"data": data, "resident": data.resident, "nav": "residents"}
    return render(request, "privacy/consent_list.html", context)


def consent_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resident = selectors.resident_for_change(request.user, pk)
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
    context = {"form": form, "resident": resident, "nav": "residents"}
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
    context = {
        "consent": selectors.consent_detail(request.user, consent),
        "resident": consent.resident,
        "nav": "residents",
    }
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
                resident_id = selectors.emergency_candidate(
                    request.user, form.cleaned_data["resident"]
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
                            reason=form.cleaned_data["reason"],
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


# The privacy officer


def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    professionals = selectors.audit_professionals(request.user)  # 403 for others
    form = AuditFilterForm(request.GET or None, professionals=professionals)
    page_form = AuditPageForm(request.GET)
    before = page_form.cleaned_data["before"] if page_form.is_valid() else None
    page = None
    status = 200
    if not form.is_bound or form.is_valid():
        filters = selectors.AuditFilter(
            **(form.cleaned_data if form.is_bound else {}), before=before
        )
        try:
            page = selectors.audit_log_page(request.user, filters)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    if form.errors:
        status, page = 400, None
    next_query = first_query = ""
    if page is not None:
        query = request.GET.copy()
        query.pop("before", None)
        first_query = query.urlencode()
        if page.next_before is not None:
            query["before"] = str(page.next_before)
            next_query = query.urlencode()
    context = {
        "form": form,
        "page": page,
        "before": before,
        "next_query": next_query,
        "first_query": first_query,
        "nav": "privacy",
    }
    return render(request, "privacy/audit_log.html", context, status=status)


def emergency_review(request: AuthenticatedRequest) -> HttpResponse:
    accesses = selectors.emergency_to_review(request.user)
    context = {
        "accesses": accesses,
        "limit": selectors.REVIEW_LIMIT,
        "now": timezone.now(),
        "nav": "privacy",
    }
    return render(request, "privacy/emergency_review.html", context)


@require_POST
def emergency_access_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access = selectors.emergency_access_for_review(request.user, pk)
    services.emergency_access_review(access=access, by=request.user)
    messages.success(request, _("The emergency access is marked as reviewed."))
    return redirect("emergency_review")


def access_request(request: AuthenticatedRequest) -> HttpResponse:
    """The resident's right of access: everything held on them, as PDF or JSON. The
    export is recorded in the audit trail; only the privacy officer produces it."""
    selectors.require_privacy_officer(request.user)  # 403 for others
    form = AccessRequestForm(request.GET or None)
    if form.is_valid():
        export_file = export.access_request_file(
            request.user, form.cleaned_data["resident"], form.cleaned_data["format"]
        )
        response = HttpResponse(
            export_file.content, content_type=export_file.content_type
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{export_file.filename}"'
        )
        return response
    status = 400 if form.is_bound else 200
    return render(request, "privacy/access_request.html", {"form": form}, status=status)
