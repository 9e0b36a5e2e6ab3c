"""The report page, its downloads and the research export: who may, what is in them."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meedoen.core.models import AccessEvent
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
)
from meedoen.outcomes import services
from meedoen.outcomes.models import ResearchExportKey
from meedoen.outcomes.tests.builders import Spec, Work, build
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def adviser(arnhem):
    return ProfessionalFactory(
        username="adviser", municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )


@pytest.fixture
def data(arnhem, nijmegen, coordinator):
    """30 Arnhem residents of one coach whose name starts with '=' (a formula), 5 of
    another coach (a small cell), and Nijmegen's residents."""
    klarendal = NeighbourhoodFactory(municipality=arnhem, name="Klarendal")
    coordinator.first_name = ""
    coordinator.last_name = "=HYPERLINK(1)"
    coordinator.save()
    small = ProfessionalFactory(municipality=arnhem, last_name="Klein")
    started = TODAY - timedelta(days=100)
    specs = [
        Spec(
            i,
            coordinator,
            started,
            klarendal,
            baseline=2,
            six_month=3 if i < 12 else 2,
            work=[Work("paid_work", started + timedelta(days=5), 20)] if i < 11 else [],
            birth_date=date(1975, 3, 14),
        )
        for i in range(30)
    ] + [Spec(f"s{i}", small, started, klarendal, 2, 3) for i in range(5)]
    trajectories = build(arnhem, specs)
    other = ProfessionalFactory(municipality=nijmegen)
    build(nijmegen, [Spec(f"n{i}", other, started, None, 1, 4) for i in range(40)])
    return trajectories


def test_the_page_shows_figures_charts_and_suppression(client, adviser, data):
    login(client, adviser)
    response = client.get(reverse("outcome_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "<title" in html and "<svg" in html
    assert " style=" not in html.split("<main", 1)[-1]
    assert "Suppression applied." in html
    assert "35" in html  # reach
    assert "48.6%" in html  # 12 + 5 of 35 stepped forward
    assert "suppressed" in html  # the small coach
    assert data[0].resident.last_name not in html


def test_filters_narrow_and_bad_dates_are_refused(client, adviser, data):
    login(client, adviser)
    response = client.get(
        reverse("outcome_report"),
        {"date_from": "2030-01-01", "date_to": "2020-01-01"},
    )
    assert response.status_code == 400


def test_csv_download(client, adviser, data):
    login(client, adviser)
    response = client.get(reverse("outcome_report_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Suppression applied" in text and "suppressed" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=","))
    labels = [row[1] for row in rows if len(row) > 1]
    assert not any(label.startswith("=") for label in labels)
    assert any(label.startswith("'=") for label in labels)


def test_excel_download(client, adviser, data):
    login(client, adviser)
    response = client.get(reverse("outcome_report_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("Suppression applied" in str(v) for v in values)
    assert "suppressed" in values
    assert not any(str(v).startswith("=") for v in values)


def test_pdf_download(client, adviser, data):
    login(client, adviser)
    response = client.get(reverse("outcome_report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from meedoen.outcomes import exports, report
    from meedoen.outcomes.forms import OutcomeFilterForm

    result = report.build(OutcomeFilterForm(user=adviser).population(), TODAY)
    html = exports.render_to_string("outcomes/report_pdf.html", {"report": result})
    assert "Suppression applied." in html


def test_a_team_lead_sees_only_their_teams(client, team_lead, coordinator, data):
    login(client, team_lead)
    html = client.get(reverse("outcome_report")).content.decode()
    assert "Klein" not in html  # the small coach is not in the lead's team
    assert "30" in html


@pytest.mark.parametrize("actor", ["coordinator", "outsider", "foreigner"])
def test_other_roles_are_refused(client, request, actor, data):
    login(client, request.getfixturevalue(actor))
    for name in ("outcome_report", "outcome_report_csv", "research_export"):
        assert client.get(reverse(name)).status_code == 403


def test_a_team_lead_may_not_make_a_research_export(client, team_lead):
    login(client, team_lead)
    assert client.get(reverse("research_export")).status_code == 403


def test_research_export(client, adviser, data, arnhem):
    login(client, adviser)
    response = client.post(
        reverse("research_export"), {"action": "key", "key-name": "TNO evaluatie"}
    )
    assert response.status_code == 302
    key = ResearchExportKey.objects.get(municipality=arnhem)
    before = AccessEvent.objects.count()
    response = client.post(
        reverse("research_export"),
        {"action": "export", "export-key": key.pk, "export-file_format": "csv"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    name = next(n for n in archive.namelist() if n.endswith(".csv"))
    text = archive.read(name).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == services.research_headers()
    assert len(rows) == 36  # 35 Arnhem trajectories, none of Nijmegen
    resident = data[0].resident
    for secret in (resident.first_name, resident.last_name, "1975-03-14", "HYPERLINK"):
        assert secret not in text
    first = next(r for r in rows if r[0] == services.pseudonym(key, resident.pk))
    # 30 residents born in 1975 and 5 in 1980, all in Klarendal and started on one
    # day: the 5 are too few (k = 10) in every birth-year band, so the birth year is
    # suppressed; the rest needs no generalisation.
    assert first[1] == "*" and first[2] == "Klarendal"
    assert first[4] == data[0].started_on.isoformat()
    # Every resident recorded as exported.
    events = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT)
    assert AccessEvent.objects.count() - before == 35
    assert set(events.values_list("basis", flat=True)) == {
        "research export key TNO evaluatie"
    }
    # The same key gives the same pseudonyms; another key others.
    again = client.post(
        reverse("research_export"),
        {"action": "export", "export-key": key.pk, "export-file_format": "xlsx"},
    )
    sheet = load_workbook(io.BytesIO(again.content)).active
    pseudonyms = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert pseudonyms == {r[0] for r in rows[1:]}
    other = services.research_key_create(name="Ander", by=adviser)
    assert services.pseudonym(other, resident.pk) != first[0]


def test_a_key_of_another_municipality_cannot_be_used(client, adviser, nijmegen):
    foreign = ProfessionalFactory(
        municipality=nijmegen, role=Professional.Role.POLICY_ADVISER
    )
    key = services.research_key_create(name="Nijmegen", by=foreign)
    login(client, adviser)
    response = client.post(
        reverse("research_export"),
        {"action": "export", "export-key": key.pk, "export-file_format": "csv"},
    )
    assert response.status_code == 400
