"""The resident's right of access (AVG art. 15): everything held on one resident.

The privacy office knows no domain model. Each domain app registers a handler
(``meedoen.core.personal_data.Handler``, in the app's ``personal_data.py``) whose
``export(resident)`` returns sections of items; every item is sorted into the section
of its category by the registry (a goal in its life domain's category, a free text in
the category its writer chose). A future app that registers a handler is in the
export without a change here. Only this resident's data is included: of other
household members only name and relation, of meetings only this resident's agenda
items and decisions (never the minutes or other residents' items).

``access_request_json`` and ``access_request_pdf`` turn the collection into a
machine-readable file (UTF-8 JSON, ISO dates; format in docs/privacy-office.md) and a
readable Dutch PDF (WeasyPrint). The export is recorded in the audit trail as an
EXPORT of every category.

For the web: ``access_request_file(user, resident_id, fmt)`` checks that the user is a
privacy officer of the resident's municipality and returns a ready file.
"""

from __future__ import annotations

import calendar
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.personal_data import ordered_handlers
from meedoen.privacy_office.selectors import require_privacy_officer
from meedoen.residents.models import Resident

# 2: sections per category from the apps' handlers (was: fixed keys per category);
# ladder and matrix scores, work records, case stories and agenda-item history added.
FORMAT_VERSION = 2
VIA = "access_request"
VIA_COMMAND = "command:access_request"
BASIS = "access_request (AVG art. 15)"

# Plain Dutch: the document is for the resident, whatever language is active.
CATEGORY_TITLES: dict[str, str] = {
    Category.IDENTITY: "Wie u bent en hoe wij u bereiken",
    Category.PLAN: "Uw traject en plan",
    Category.INCOME: "Inkomen en schulden",
    Category.WORK: "Werk, opleiding en dagbesteding",
    Category.HEALTH: "Gezondheid en zorg",
    Category.JUSTICE: "Justitie",
    Category.NOTES: "Gespreksverslagen en overleggen",
}
ACTION_LABELS: dict[str, str] = {
    AccessEvent.Action.LIST: "gezien in een lijst",
    AccessEvent.Action.READ: "ingezien",
    AccessEvent.Action.WRITE: "gewijzigd",
    AccessEvent.Action.EXPORT: "geëxporteerd",
}
SYSTEM = "systeem (geautomatiseerde opdracht)"


def _name(user: Any) -> str:
    return str(user) if user is not None else SYSTEM


def _organisation(user: Any) -> str:
    org = getattr(user, "organisation", None)
    return str(org) if org is not None else ""


def one_month_after(day: date) -> date:
    """The same day a month later (the last day of the month where it has fewer)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _collect(resident: Resident) -> dict[str, Any]:
    categories: dict[str, dict[str, Any]] = {
        code: {"code": code, "title": CATEGORY_TITLES[code], "sections": []}
        for code in CATEGORY_TITLES
    }
    # The resident's own data first, then what builds on it (the reverse of the
    # order in which retention removes it).
    with translation.override("nl"):
        for handler in reversed(ordered_handlers()):
            if handler.export is None:
                continue
            for section in handler.export(resident):
                categories[section.category]["sections"].append(
                    {
                        "key": section.key,
                        "title": section.title,
                        "source": handler.name,
                        "labels": section.labels,
                        "items": section.items,
                    }
                )
    events = [
        {
            "at": e.at,
            "professional": _name(e.professional),
            "organisation": _organisation(e.professional),
            "action": ACTION_LABELS.get(e.action, e.action),
            "action_code": e.action,
            "category": CATEGORY_TITLES.get(e.category, e.category),
            "category_code": e.category,
            "basis": e.basis,
            "via": e.via,
        }
        for e in AccessEvent.objects.filter(resident_id=resident.pk)
        .select_related("professional__organisation")
        .order_by("seq")
    ]
    return {"categories": categories, "access": {"events": events}}


def access_request(
    resident: Resident,
    *,
    requested_by: Any = None,
    received_on: date | None = None,
    via: str = VIA,
) -> dict[str, Any]:
    """Everything held on ``resident``, grouped by category, with the audit trail.

    ``received_on`` is the day the request came in (today by default): the answer is
    due within one month of it (AVG art. 12 lid 3). The export is recorded as an
    EXPORT of every category; with ``requested_by`` None it counts as a system action.
    """
    now = timezone.now()
    received_on = received_on or timezone.localdate()
    with transaction.atomic():
        collected = _collect(resident)
        audit.record(
            user=requested_by,
            residents=[resident],
            action=AccessEvent.Action.EXPORT,
            via=via,
            basis=BASIS,
            categories=Category.values,
        )
    return {
        "meta": {
            "format_version": FORMAT_VERSION,
            "resident_id": resident.pk,
            "municipality": str(resident.municipality),
            "produced_at": now,
            "request_received_on": received_on,
            "answer_due_on": one_month_after(received_on),
            "legal_basis": "AVG art. 15 (recht op inzage)",
            "category_codes": list(CATEGORY_TITLES),
        },
        **collected,
    }


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def access_request_json(data: dict[str, Any]) -> bytes:
    """Machine-readable: UTF-8 JSON, dates and times in ISO 8601."""
    return json.dumps(data, default=_default, ensure_ascii=False, indent=2).encode(
        "utf-8"
    )


# --- the readable document ------------------------------------------------------------


def _text(value: Any) -> str:
    """A value as the document shows it, in Dutch."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return dateformat.format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return dateformat.format(value, "j F Y")
    if isinstance(value, Decimal):
        return f"{value:n}".replace(".", ",")
    return str(value)


def _rows(item: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    """One item as label/value rows; a list of items (a history) as a small table."""
    rows = []
    for key, value in item.items():
        row: dict[str, Any] = {"label": labels.get(key, key)}
        if isinstance(value, list):
            keys = list(dict.fromkeys(k for entry in value for k in entry))
            row["columns"] = [labels.get(k, k) for k in keys]
            row["table"] = [[_text(entry.get(k)) for k in keys] for entry in value]
        else:
            row["text"] = _text(value)
        rows.append(row)
    return rows


def _document(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "title": category["title"],
            "sections": [
                {
                    "title": section["title"],
                    "items": [
                        _rows(item, section["labels"]) for item in section["items"]
                    ],
                }
                for section in category["sections"]
            ],
        }
        for category in data["categories"].values()
    ]


def access_request_pdf(data: dict[str, Any]) -> bytes:
    """A readable Dutch document, one heading per category."""
    # WeasyPrint reports every layout step at INFO; keep command output readable.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import: only when a PDF is made

    with translation.override("nl"):
        context = {
            "meta": data["meta"],
            "categories": _document(data),
            "events": [{**e, "at": _text(e["at"])} for e in data["access"]["events"]],
        }
        html = render_to_string("privacy_office/access_request_pdf.html", context)
    return bytes(HTML(string=html).write_pdf())


@dataclass
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def access_request_file(user: Any, resident_id: int, fmt: str = "pdf") -> ExportFile:
    """For the web: a privacy officer produces the access export of a resident of
    their own municipality. 404 for residents of other municipalities (existence must
    not leak), PermissionDenied for any other role."""
    if fmt not in ("json", "pdf"):
        raise Http404
    municipality_id = require_privacy_officer(user)
    try:
        resident = Resident.objects.select_related("municipality", "neighbourhood").get(
            pk=resident_id, municipality_id=municipality_id
        )
    except Resident.DoesNotExist:
        raise Http404 from None
    data = access_request(resident, requested_by=user, via=VIA)
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        return ExportFile(
            f"inzage-{resident.pk}-{stamp}.json",
            "application/json; charset=utf-8",
            access_request_json(data),
        )
    return ExportFile(
        f"inzage-{resident.pk}-{stamp}.pdf", "application/pdf", access_request_pdf(data)
    )
