"""The privacy officer's pages: the audit trail, the review of emergency accesses,
and the resident's right of access (AVG art. 15). Only the privacy officer of the
municipality opens them (``selectors.require_privacy_officer``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.privacy import services as privacy_services
from meedoen.privacy_office import export, selectors
from meedoen.privacy_office.forms import (
    AccessRequestForm,
    AuditFilterForm,
    AuditPageForm,
)


def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    professionals = selectors.audit_professionals(request.user)  # 403 for others
    form = AuditFilterForm(request.GET or None, professionals=professionals)
    page_form = AuditPageForm(request.GET)
    page_valid = page_form.is_valid()
    before = page_form.cleaned_data["before"] if page_valid else None
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
    if form.errors or not page_valid:
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
        "evidence": selectors.audit_evidence(request.user),
        "nav": "privacy",
    }
    return render(request, "privacy_office/audit_log.html", context, status=status)


def emergency_review(request: AuthenticatedRequest) -> HttpResponse:
    accesses = selectors.emergency_to_review(request.user)
    context = {
        "accesses": accesses,
        "limit": selectors.REVIEW_LIMIT,
        "now": timezone.now(),
        "nav": "privacy",
    }
    return render(request, "privacy_office/emergency_review.html", context)


@require_POST
def emergency_access_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access = selectors.emergency_access_for_review(request.user, pk)
    privacy_services.emergency_access_review(access=access, by=request.user)
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
    return render(
        request, "privacy_office/access_request.html", {"form": form}, status=status
    )
