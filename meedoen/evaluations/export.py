"""The evaluation as a PDF (WeasyPrint): the question, the stories and the four windows
side by side, in plain Dutch. Only stories whose consent is in force are included, and
the export is recorded in the audit trail as an EXPORT per resident (see selectors)."""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from meedoen.core.models import AccessEvent
from meedoen.evaluations import selectors

VIA = "evaluation_pdf"


def render_html(detail: selectors.EvaluationDetail) -> str:
    """The document WeasyPrint lays out, always in Dutch."""
    context = {"detail": detail, "evaluation": detail.evaluation, "now": timezone.now()}
    with translation.override("nl"):
        return render_to_string("evaluations/evaluation_pdf.html", context)


def evaluation_pdf(user: Any, pk: int) -> tuple[str, bytes]:
    """The file name and the PDF of one evaluation, for a reader of it."""
    detail = selectors.evaluation_detail(
        user, pk, via=VIA, action=AccessEvent.Action.EXPORT
    )
    # WeasyPrint reports every layout step at INFO; keep command output readable.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import: only when a PDF is made

    html = render_html(detail)
    stamp = timezone.localdate().isoformat()
    return f"evaluatie-{pk}-{stamp}.pdf", bytes(HTML(string=html).write_pdf())
