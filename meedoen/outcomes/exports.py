"""The outcome report and the research export as files: CSV, Excel (openpyxl) and
PDF (WeasyPrint from an HTML template). Every cell goes through
``meedoen.core.spreadsheet.safe_row`` so no text can run as a formula."""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from django.template.loader import render_to_string

from meedoen.core.spreadsheet import safe_row
from meedoen.outcomes.report import OutcomeReport, table_rows

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


def rows_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow(safe_row(row))
    # A byte order mark so that Excel reads UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def rows_xlsx(rows: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_csv(report: OutcomeReport) -> bytes:
    return rows_csv(table_rows(report))


def report_xlsx(report: OutcomeReport) -> bytes:
    return rows_xlsx(table_rows(report), "Uitkomsten")


def report_pdf(report: OutcomeReport, context: dict[str, Any]) -> bytes:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import: only when a PDF is made

    html = render_to_string("outcomes/report_pdf.html", {**context, "report": report})
    return bytes(HTML(string=html).write_pdf())
