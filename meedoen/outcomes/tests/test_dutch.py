"""Dutch numbers and words in the outcome report and the research export: 48,6% on the
page, in the PDF and in the chart labels; SVG coordinates always with a decimal point;
CSV for Dutch Excel (``;``, decimal comma, UTF-8 with a byte order mark, Dutch
headers), read back as Dutch Excel would."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
)
from meedoen.outcomes import report, services
from meedoen.outcomes.tests.builders import Spec, Work, build
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
GEOMETRY = ("x", "y", "x1", "y1", "x2", "y2", "width", "height")


@pytest.fixture
def adviser(arnhem):
    return ProfessionalFactory(
        username="adviser", municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )


@pytest.fixture
def data(arnhem, coordinator):
    """35 residents: 17 stepped forward of 35 measured (48.6%), 11 in paid work
    (31.4%)."""
    klarendal = NeighbourhoodFactory(municipality=arnhem, name="Klarendal")
    started = TODAY - timedelta(days=100)
    build(
        arnhem,
        [
            Spec(
                i,
                coordinator,
                started,
                klarendal,
                baseline=2,
                six_month=3 if i < 17 else 2,
                work=[Work("paid_work", started + timedelta(days=5), 20)]
                if i < 11
                else [],
                birth_date=date(1975, 3, 14),
            )
            for i in range(35)
        ],
    )


def dutch(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    return client


def svg_numbers_are_valid(html: str) -> int:
    """Every geometry attribute and the viewBox of every SVG is a plain number."""
    checked = 0
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        view_box = re.search(r'viewBox="([^"]*)"', svg)
        assert view_box is not None
        assert all(NUMBER.match(n) for n in view_box.group(1).split()), view_box
        for name, value in re.findall(r'\s(\w+)="([^"]*)"', svg):
            if name in GEOMETRY and value != "100%":
                assert NUMBER.match(value), (name, value)
                checked += 1
    return checked


def test_the_dutch_page_and_pdf_write_dutch_numbers(client, adviser, data):
    dutch(login(client, adviser))
    html = client.get(reverse("outcome_report")).content.decode()
    assert 'lang="nl"' in html
    assert "48,6%" in html and "31,4%" in html
    assert "48.6%" not in html
    assert "onderdrukt" in html  # education: nobody
    assert "zes kalendermaanden" in html  # the window rule on the page
    # Chart labels in Dutch, coordinates with a decimal point.
    assert "Stap vooruit op de ladder binnen zes maanden: 48,6%" in html
    assert svg_numbers_are_valid(html) > 10
    # The PDF is made from this HTML.
    with translation.override("nl"):
        result = report.build(
            report.Population(
                adviser.municipality_id, TODAY - timedelta(days=365), TODAY
            ),
            TODAY,
        )
        pdf_html = render_to_string("outcomes/report_pdf.html", {"report": result})
    assert "48,6%" in pdf_html and "48.6%" not in pdf_html
    svg_numbers_are_valid(pdf_html)


def test_chart_coordinates_never_follow_the_language(settings):
    """With thousands separators switched on and bars wider than 999 units."""
    settings.USE_THOUSAND_SEPARATOR = True
    bars = [
        report.Bar(f"Buurt {i}", report.Cell(1234.5 + i, False, "1.234,5", "average"))
        for i in range(40)
    ]
    chart = report.chart("chart-test", "Test", "dagen", bars)
    with translation.override("nl"):
        html = render_to_string("outcomes/_chart.html", {"chart": chart})
    assert chart.height > 1000
    assert svg_numbers_are_valid(html) == 40 * 8 + 4  # text, bar, text; the axis


def test_the_dutch_csv_opens_in_dutch_excel(client, adviser, data):
    dutch(login(client, adviser))
    response = client.get(reverse("outcome_report_csv"))
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = next(r for r in rows if r and r[0] == "Sectie")
    assert header == [
        "Sectie",
        "Groep",
        "Gestarte inwoners",
        "Met nulmeting en vervolgmeting na zes maanden",
        "Stap vooruit binnen zes maanden",
        "Aandeel stap vooruit (%)",
        "Betaald werk 16+ uur",
        "Aandeel betaald werk 16+ uur (%)",
        "Gestart met een opleiding",
        "Aandeel gestart met een opleiding (%)",
    ]
    overall = next(r for r in rows if r[:1] == ["Totaal"])
    assert len(overall) == len(header)

    def number(text: str) -> float:
        return float(text.replace(",", "."))  # what Dutch Excel does

    values = dict(zip(header[2:], overall[2:], strict=True))
    assert number(values["Gestarte inwoners"]) == 35
    assert number(values["Aandeel stap vooruit (%)"]) == 48.6
    assert number(values["Aandeel betaald werk 16+ uur (%)"]) == 31.4
    assert values["Gestart met een opleiding"] == "onderdrukt"
    cohort = next(r for r in rows if r[:1] == ["Instroomcohort"])
    start = TODAY - timedelta(days=365)
    assert cohort[1] == f"{start.day}-{start.month}-{start.year}"


def test_the_english_csv_opens_in_english_excel(client, adviser, data):
    login(client, adviser)
    text = client.get(reverse("outcome_report_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=","))
    header = next(r for r in rows if r and r[0] == "Section")
    overall = next(r for r in rows if r[:1] == ["Overall"])
    values = dict(zip(header, overall, strict=True))
    assert values["Share step forward (%)"] == "48.6"


def test_excel_and_research_headers_in_dutch(client, adviser, data, arnhem):
    dutch(login(client, adviser))
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("outcome_report_xlsx")).content)
    ).active
    values = [v for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert "Aandeel stap vooruit (%)" in values
    assert "Share step forward (%)" not in values
    assert 48.6 in values  # a number, not text
    key = services.research_key_create(name="Evaluatie", by=adviser)
    response = client.post(
        reverse("research_export"),
        {"action": "export", "export-key": key.pk, "export-file_format": "csv"},
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    data_name = next(n for n in names if n.endswith(".csv"))
    text = archive.read(data_name).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:3] == ["Pseudoniem", "Geboortejaar", "Buurt of wijk"]
    assert "leesmij.txt" in names
    readme = archive.read("leesmij.txt").decode("utf-8-sig")
    assert "k-anonimiteit" in readme
