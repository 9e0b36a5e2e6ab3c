"""The outcome report (page, CSV, Excel, PDF) and the research export. Figures are
aggregates with small numbers suppressed; only policy advisers and team leads (their
own teams' population) of the municipality see them. The research export is for
policy advisers only, and every resident in it is recorded in the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.core.replica import replica_reads
from meedoen.organisations.models import Professional
from meedoen.outcomes import anonymity, exports, indicators, report, services
from meedoen.outcomes.forms import (
    OutcomeFilterForm,
    ResearchExportForm,
    ResearchKeyForm,
)
from meedoen.outcomes.models import ResearchExportKey


def _report(
    request: AuthenticatedRequest,
) -> tuple[OutcomeFilterForm, report.OutcomeReport | None]:
    indicators.require_reader(request.user)  # 403 before any choice is shown
    form = OutcomeFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return form, None
    # Aggregates only, and seconds of lag do not matter: from the replica if any.
    with replica_reads():
        return form, report.build(form.population(), timezone.localdate())


def _filename(kind: str) -> str:
    return f"uitkomsten-{timezone.localdate().isoformat()}.{kind}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _context(
    request: AuthenticatedRequest,
    form: OutcomeFilterForm,
    result: report.OutcomeReport | None,
) -> dict[str, object]:
    pop = result.population if result else None
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return {
        "form": form,
        "report": result,
        "population": pop,
        "filters": {k: v for k, v in filters.items() if v},
        "query": request.GET.urlencode(),
        "municipality": request.user.municipality,
        "team_lead": request.user.role == Professional.Role.TEAM_LEAD,
        "nav": "outcomes",
    }


def outcome_report(request: AuthenticatedRequest) -> HttpResponse:
    form, result = _report(request)
    status = 400 if result is None else 200
    return render(
        request,
        "outcomes/report.html",
        _context(request, form, result),
        status=status,
    )


def _file(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    form, result = _report(request)
    if result is None:
        return render(
            request, "outcomes/report.html", _context(request, form, None), status=400
        )
    if kind == "csv":
        return _download(exports.report_csv(result), exports.CSV_TYPE, _filename(kind))
    if kind == "xlsx":
        return _download(
            exports.report_xlsx(result), exports.XLSX_TYPE, _filename(kind)
        )
    pdf = exports.report_pdf(result, _context(request, form, result))
    return _download(pdf, exports.PDF_TYPE, _filename(kind))


def outcome_report_csv(request: AuthenticatedRequest) -> HttpResponse:
    return _file(request, "csv")


def outcome_report_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    return _file(request, "xlsx")


def outcome_report_pdf(request: AuthenticatedRequest) -> HttpResponse:
    return _file(request, "pdf")


def research_export(request: AuthenticatedRequest) -> HttpResponse:
    """GET: the keys and the export form; POST ``action=key``: create a key; POST
    ``action=export``: download the pseudonymised export (recorded in the audit
    trail)."""
    user = request.user
    services.require_policy_adviser(user)
    filter_form = OutcomeFilterForm(request.GET or None, user=user)
    key_form = ResearchKeyForm(prefix="key")
    export_form = ResearchExportForm(user=user, prefix="export")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "key":
            key_form = ResearchKeyForm(request.POST, prefix="key")
            if key_form.is_valid():
                try:
                    key = services.research_key_create(
                        name=key_form.cleaned_data["name"], by=user
                    )
                except ValidationError as exc:
                    apply_validation_error(key_form, exc)
                else:
                    messages.success(
                        request,
                        _("The export key “%(name)s” was created.") % {"name": key},
                    )
                    return redirect("research_export")
            status = 400
        elif action == "export":
            filter_form = OutcomeFilterForm(request.POST, user=user, prefix=None)
            export_form = ResearchExportForm(request.POST, user=user, prefix="export")
            if export_form.is_valid() and filter_form.is_valid():
                try:
                    export = services.research_export(
                        key=export_form.cleaned_data["key"],
                        pop=filter_form.population(),
                        by=user,
                    )
                except ValidationError as exc:
                    apply_validation_error(export_form, exc)
                else:
                    name = _("research")
                    stem = f"{name}-{timezone.localdate().isoformat()}"
                    if export_form.cleaned_data["file_format"] == "xlsx":
                        return _download(
                            exports.research_xlsx(export),
                            exports.XLSX_TYPE,
                            f"{stem}.xlsx",
                        )
                    return _download(
                        exports.research_zip(export, stem),
                        exports.ZIP_TYPE,
                        f"{stem}.zip",
                    )
            status = 400
        else:
            status = 400
    context = {
        "filter_form": filter_form,
        "key_form": key_form,
        "export_form": export_form,
        "keys": ResearchExportKey.objects.filter(
            municipality_id=int(user.municipality_id or 0)
        ).select_related("created_by"),
        "columns": services.research_headers(),
        "k": anonymity.research_k(),
        "nav": "research",
    }
    return render(request, "outcomes/research_export.html", context, status=status)
