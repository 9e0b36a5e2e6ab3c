"""The outcome report and the research export as files: CSV, Excel (openpyxl) and
PDF (WeasyPrint from an HTML template). Every cell goes through
``meedoen.core.spreadsheet.safe_row`` so no text can run as a formula.

CSV is written for the spreadsheet of the interface's language: in Dutch (a language
whose decimal separator is a comma) the separator is ``;``, numbers have a decimal
comma and dates read 29-11-2025, as Dutch Excel expects; in English ``,``, a decimal
point and ISO dates. Always UTF-8 with a byte order mark, so Excel reads the accents.
Excel files hold real numbers and dates, which Excel shows in the reader's own format.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from meedoen.core.spreadsheet import safe_row
from meedoen.outcomes.report import OutcomeReport, table_rows
from meedoen.outcomes.services import ResearchExport

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
ZIP_TYPE = "application/zip"


def csv_conventions() -> tuple[str, str]:
    """(field separator, decimal separator) for the active language."""
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    return (";" if decimal == "," else ","), decimal


def csv_value(value: Any, decimal: str) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float | Decimal):
        return str(value).replace(".", decimal)
    if isinstance(value, date):
        if decimal == ",":
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return value.isoformat()
    return value


def rows_csv(rows: list[list[Any]]) -> bytes:
    separator, decimal = csv_conventions()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator)
    for row in rows:
        writer.writerow([csv_value(v, decimal) for v in safe_row(row)])
    # A byte order mark so that Excel reads UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet(book: Any, title: str, rows: list[list[Any]], first: bool = False) -> None:
    sheet = book.active if first else book.create_sheet()
    assert sheet is not None
    sheet.title = title[:31]
    for row in rows:
        sheet.append([str(v) if isinstance(v, Promise) else v for v in safe_row(row)])


def _book_bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_xlsx(rows: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _sheet(book, title, rows, first=True)
    return _book_bytes(book)


def research_xlsx(export: ResearchExport) -> bytes:
    """The rows on the first sheet, the readme (generalisation applied, k, residents
    withheld) on the second."""
    from openpyxl import Workbook

    book = Workbook()
    _sheet(book, _("Research"), [export.header, *export.rows], first=True)
    _sheet(book, _("About this file"), [list(line) for line in export.readme])
    return _book_bytes(book)


def research_zip(export: ResearchExport, stem: str) -> bytes:
    """A CSV file has no second sheet: the rows and a readme text side by side in a
    zip file."""
    readme = "\n".join(f"{label}: {value}" for label, value in export.readme)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.csv", rows_csv([export.header, *export.rows]))
        readme_name = _("readme")
        archive.writestr(f"{readme_name}.txt", "\ufeff" + readme + "\n")
    return out.getvalue()


def report_csv(report: OutcomeReport) -> bytes:
    return rows_csv(table_rows(report))


def report_xlsx(report: OutcomeReport) -> bytes:
    return rows_xlsx(table_rows(report), _("Outcomes"))


def report_pdf(report: OutcomeReport, context: dict[str, Any]) -> bytes:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import: only when a PDF is made

    html = render_to_string("outcomes/report_pdf.html", {**context, "report": report})
    return bytes(HTML(string=html).write_pdf())
