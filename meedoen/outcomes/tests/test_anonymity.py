"""The research export is k-anonymous: every combination of birth year, area and the
dates of a resident's trajectories, as the file shows them, is shared by at least k
residents; selections under k are refused. Checked on the file itself (what an
evaluator receives), on the Arnhem cohort and on random populations."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from meedoen.core.models import AccessEvent
from meedoen.organisations.models import Neighbourhood, Professional
from meedoen.organisations.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
)
from meedoen.outcomes import anonymity, services
from meedoen.outcomes.indicators import Population
from meedoen.outcomes.tests.builders import Spec, build
from meedoen.web.tests.helpers import login

# Columns of the file: pseudonym, birth year, area, journey, started, stage, closed.
PSEUDONYM, BIRTH, AREA, STARTED, CLOSED = 0, 1, 2, 4, 6


def smallest_group(rows: list[list[str]]) -> int:
    """The fewest residents sharing one combination, read from the file's rows."""
    people: dict[str, dict] = defaultdict(lambda: {"dates": []})
    for row in rows:
        person = people[row[PSEUDONYM]]
        person["birth"], person["area"] = row[BIRTH], row[AREA]
        person["dates"].append((row[STARTED], row[CLOSED]))
    groups = Counter(
        (p["birth"], p["area"], tuple(sorted(p["dates"]))) for p in people.values()
    )
    return min(groups.values())


# -- random populations --------------------------------------------------------------

record = st.builds(
    anonymity.Record,
    resident_id=st.integers(0, 400),
    birth_year=st.integers(1950, 2005),
    neighbourhood=st.sampled_from(["Klarendal-Noord", "Sint Marten", "Spoorhoek", ""]),
    district=st.just(""),
    started_on=st.dates(date(2023, 1, 1), date(2025, 12, 31)),
    closed_on=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2026, 6, 30))),
)
DISTRICT = {
    "Klarendal-Noord": "Klarendal",
    "Sint Marten": "Klarendal",
    "Spoorhoek": "Centrum",
    "": "",
}


def _with_district(records: list[anonymity.Record]) -> list[anonymity.Record]:
    """A resident keeps one birth year and area over their trajectories."""
    first: dict[int, anonymity.Record] = {}
    out = []
    for r in records:
        f = first.setdefault(r.resident_id, r)
        out.append(
            anonymity.Record(
                r.resident_id,
                f.birth_year,
                f.neighbourhood,
                DISTRICT[f.neighbourhood],
                r.started_on,
                r.closed_on,
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(records=st.lists(record, min_size=10, max_size=300), k=st.sampled_from([10, 15]))
def test_every_combination_is_shared_by_k_residents(records, k):
    records = _with_district(records)
    residents = len({r.resident_id for r in records})
    if residents < k:
        return  # refused before choose (tested below)
    choice = anonymity.choose(records, k)
    kept = [r for r in records if r.resident_id not in choice.withheld]
    by_resident = anonymity.signatures(kept, choice.level)
    if by_resident:
        assert min(Counter(by_resident.values()).values()) >= k
    top = anonymity.lattice()[-1]
    if choice.level != top:
        assert len(choice.withheld) <= anonymity.MAX_WITHHELD_SHARE * residents
    # Nothing coarser than needed: the level before it in the lattice would not do.
    nodes = anonymity.lattice()
    i = nodes.index(choice.level)
    for earlier in nodes[:i]:
        small = anonymity.small_groups(anonymity.signatures(records, earlier), k)
        assert len(small) > anonymity.MAX_WITHHELD_SHARE * residents


def test_unique_dates_are_generalised():
    """314 of 314 rows were unique on birth year, neighbourhood and start date."""
    records = [
        anonymity.Record(
            i,
            1960 + i % 40,
            f"Buurt {i % 12}",
            f"Wijk {i % 4}",
            date(2024, 1, 1) + timedelta(days=i),
            None,
        )
        for i in range(314)
    ]
    exact = anonymity.signatures(records, anonymity.Generalisation())
    assert len(set(exact.values())) == 314
    choice = anonymity.choose(records, 10)
    assert choice.level != anonymity.Generalisation()
    assert len(choice.withheld) <= 15
    assert dict(choice.level.describe())


def test_the_levels_read_as_documented():
    level = anonymity.Generalisation(birth=1, area=1, dates=2)
    r = anonymity.Record(1, 1977, "Sint Marten", "Klarendal", date(2025, 8, 31), None)
    assert level.birth_year(1977) == "1975-1979"
    assert anonymity.Generalisation(birth=2).birth_year(1977) == "1970-1979"
    assert level.area_name(r) == "Klarendal"
    assert level.period(date(2025, 8, 31)) == "2025-Q3"
    assert anonymity.Generalisation(dates=1).period(date(2025, 8, 31)) == "2025-08"
    assert anonymity.Generalisation(dates=3).period(date(2025, 8, 31)) == "2025"
    assert anonymity.Generalisation(dates=4).period(date(2025, 8, 31)) == "*"
    assert level.period(None) == ""


# -- the Arnhem cohort through the page ----------------------------------------------

START = date(2009, 1, 1)
END = date(2009, 12, 31)
DISTRICTS = {
    "Klarendal": ["Klarendal-Noord", "Sint Marten"],
    "Geitenkamp": ["Monnikenhuizen", "Geitenkamp-Zuid"],
    "Malburgen": ["Malburgen-Oost"],
}


@pytest.fixture
def adviser(arnhem):
    return ProfessionalFactory(
        username="adviser", municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )


@pytest.fixture
def cohort(arnhem):
    """The Arnhem participation coaches: 472 residents over 13 coaches (the last has
    7), five neighbourhoods in three districts, birth years 1950-1991 and starts over
    180 days: every resident unique on birth date, area and start."""
    areas = []
    for district, names in DISTRICTS.items():
        parent = NeighbourhoodFactory(
            municipality=arnhem, name=district, kind=Neighbourhood.Kind.DISTRICT
        )
        areas += [
            NeighbourhoodFactory(
                municipality=arnhem,
                name=name,
                kind=Neighbourhood.Kind.NEIGHBOURHOOD,
                parent=parent,
            )
            for name in names
        ]
    coaches = [
        ProfessionalFactory(
            municipality=arnhem, last_name=f"Coach {c:02d}", role="coordinator"
        )
        for c in range(13)
    ]
    sizes = [39] * 9 + [38] * 3 + [7]
    owner = [c for c, size in enumerate(sizes) for _ in range(size)]
    specs = [
        Spec(
            i,
            coaches[owner[i]],
            START + timedelta(days=(i * 7) % 180),
            areas[i % 5],
            baseline=1 + i % 3,
            six_month=None if i % 8 == 7 else 2,
            birth_date=date(1950 + (i * 13) % 42, 1 + i % 12, 1 + i % 28),
            closed_on=START + timedelta(days=200 + i % 90) if i % 6 == 0 else None,
            closure_reason="completed" if i % 6 == 0 else "",
        )
        for i in range(472)
    ]
    build(arnhem, specs)
    return {"coaches": coaches, "areas": areas}


def _export(client, key, fmt="csv", **filters):
    return client.post(
        reverse("research_export"),
        {
            "action": "export",
            "export-key": key.pk,
            "export-file_format": fmt,
            "date_from": START.isoformat(),
            "date_to": END.isoformat(),
            **filters,
        },
    )


def _zip_rows(response) -> tuple[list[list[str]], str]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    data = next(n for n in names if n.endswith(".csv"))
    readme = next(n for n in names if n.endswith(".txt"))
    text = archive.read(data).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text))), archive.read(readme).decode("utf-8-sig")


@pytest.mark.django_db
def test_the_arnhem_export_is_k_anonymous(client, adviser, arnhem, cohort):
    key = services.research_key_create(name="TNO", by=adviser)
    pop = Population(arnhem.pk, START, END)
    exact = anonymity.signatures(
        [t.quasi for t in services.research_trajectories(key, pop)],
        anonymity.Generalisation(),
    )
    assert len(set(exact.values())) == 472  # every resident unique as it was
    login(client, adviser)
    response = _export(client, key)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    rows, readme = _zip_rows(response)
    assert rows[0] == services.research_headers()
    data = rows[1:]
    assert smallest_group(data) >= 10
    exported = {row[PSEUDONYM] for row in data}
    assert len(exported) >= 472 * 0.95
    assert "Residents withheld" in readme and "k-anonymity" in readme
    assert "Birth year:" in readme
    # Recorded in the audit trail: exactly the residents in the file.
    assert AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).count() == len(
        exported
    )
    # The order of the rows gives no exact date away: sorted on what is shown.
    assert [r[1:] for r in data] == sorted(r[1:] for r in data)


@pytest.mark.django_db
def test_k_is_raised_by_the_setting(client, adviser, arnhem, cohort, settings):
    settings.MEEDOEN_RESEARCH_K = 40
    key = services.research_key_create(name="TNO", by=adviser)
    login(client, adviser)
    response = _export(client, key, fmt="xlsx")
    book = load_workbook(io.BytesIO(response.content))
    data, about = book.worksheets
    rows = [
        [str(v or "") for v in r] for r in data.iter_rows(min_row=2, values_only=True)
    ]
    assert smallest_group(rows) >= 40
    readme = dict(about.iter_rows(values_only=True))
    assert "at least 40 residents" in readme["k-anonymity"]
    assert {"Birth year", "Neighbourhood", "Start and closing dates"} <= set(readme)
    # Lower than 10 is never used.
    settings.MEEDOEN_RESEARCH_K = 3
    assert anonymity.research_k() == 10


def test_a_k_below_10_is_refused_at_start_up():
    env = {**os.environ, "MEEDOEN_RESEARCH_K": "5", "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import meedoen.conf.settings"],
        env=env,
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "MEEDOEN_RESEARCH_K" in result.stderr


@pytest.mark.django_db
def test_a_filter_below_k_is_refused_and_nothing_exported(
    client, adviser, arnhem, cohort
):
    """One coach with 7 residents: the outcome report says it is too small to show,
    the export gave its rows in full detail. Now: refused, nothing recorded."""
    key = services.research_key_create(name="TNO", by=adviser)
    small = cohort["coaches"][12]
    login(client, adviser)
    before = AccessEvent.objects.count()
    response = _export(client, key, coach=small.pk)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "This selection holds 7 residents" in html
    assert "Nothing was exported" in html
    assert AccessEvent.objects.count() == before
    # In Dutch as well.
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    html = _export(client, key, coach=small.pk).content.decode()
    assert "Deze selectie bevat 7 inwoners" in html
    # A coach of 39 is exported, generalised to k within that selection.
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    rows, _readme = _zip_rows(_export(client, key, coach=cohort["coaches"][0].pk))
    assert smallest_group(rows[1:]) >= 10
