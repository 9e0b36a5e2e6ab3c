"""Hostile input gets a clear error and saves nothing: every form of every page (found
by reading the pages as the roles that use them) is submitted with hostile values, and
every page's query parameters are tried with them. No response is a server error, and
no row of the domain is added or changed by a refused submission."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from meedoen.privacy.tests import scenario as sc
from meedoen.privacy.tests.test_authorization_matrix import (
    GENERAL,
    OFFICER,
    OUTCOMES,
    RESEARCH,
    RESIDENT,
    urls,
)
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

HOSTILE = [
    "x" * 100_000,
    "9999-12-31",
    "0001-01-01",
    "99999999999999999999",
    "-1",
    "Jan\u202enesnaJ",
    "null\x00byte",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "1e309",
    "NaN",
    "",
]
# Values no field of meedoen may take: a form that receives them in every field must
# refuse and save nothing. (The others, "9999-12-31" or "' OR 1=1 --", are fine as
# the text of a note: for them the rule is only that nothing answers with an error.)
REFUSED = {HOSTILE[0], HOSTILE[5], HOSTILE[6]}
# Tables whose rows a refused submission must not touch (the audit trail and the
# sessions grow with every request by design).
SKIP_TABLES = {"core.accessevent", "core.auditchainhead", "axes.accessattempt",
               "axes.accessfailurelog", "sessions.session", "admin.logentry"}  # fmt: skip


class Forms(HTMLParser):
    """The forms of a page: action, method and the names of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._current = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": [],
            }
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea") and self._current is not None:
            name = a.get("name")
            if name and name != "csrfmiddlewaretoken" and a.get("type") != "submit":
                self._current["fields"].append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _forms(html: str) -> list[dict[str, Any]]:
    parser = Forms()
    parser.feed(html)
    return [f for f in parser.forms if f["fields"] and f["action"].startswith("/")]


def _counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.label_lower not in SKIP_TABLES and m._meta.managed
    }


@pytest.fixture
def world(
    arnhem, trajectory, coordinator, income_consultant, team_lead, outsider, foreigner
):
    world = sc.build(
        arnhem=arnhem,
        trajectory=trajectory,
        coordinator=coordinator,
        income_consultant=income_consultant,
        team_lead=team_lead,
        outsider=outsider,
        foreigner=foreigner,
    )
    from meedoen.measurements.tests.factories import ladder_measurement, work_record
    from meedoen.organisations.models import Professional
    from meedoen.organisations.tests.factories import ProfessionalFactory

    world.measurement = ladder_measurement(trajectory, by=coordinator)  # type: ignore[attr-defined]
    world.work_record = work_record(trajectory, by=coordinator)  # type: ignore[attr-defined]
    world.adviser = ProfessionalFactory(  # type: ignore[attr-defined]
        username="beleid", municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )
    return world


def _pages(world: Any) -> list[tuple[Any, str]]:
    """(user, url) for every page a role uses: the coordinator's own pages, the
    privacy officer's, the policy adviser's."""
    pages = [
        (world.coordinator, url)
        for _n, route, url in urls(world, GENERAL, RESIDENT)
        if not route.post_only
    ]
    pages += [
        (world.privacy_officer, url)
        for _n, route, url in urls(world, OFFICER)
        if not route.post_only
    ]
    pages += [(world.adviser, url) for _n, _r, url in urls(world, OUTCOMES, RESEARCH)]
    return pages


def test_every_form_refuses_hostile_values_and_saves_nothing(client, world):
    failures: list[str] = []
    for user, page_url in _pages(world):
        login(client, user)
        page = client.get(page_url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        for form in _forms(page.content.decode()):
            for value in HOSTILE:
                data = {name: value for name in form["fields"]}
                before = _counts()
                if form["method"] == "post":
                    response = client.post(form["action"], data)
                else:
                    response = client.get(form["action"], data)
                label = f"{form['method'].upper()} {form['action']} ({value[:20]!r})"
                if response.status_code >= 500:
                    failures.append(f"{label}: {response.status_code}")
                refused = form["method"] == "post" and value in REFUSED
                if refused and _counts() != before:
                    changed = {
                        k: (before[k], v)
                        for k, v in _counts().items()
                        if before[k] != v
                    }
                    failures.append(f"{label}: rows changed {changed}")
    assert not failures, "\n".join(failures[:40])


def test_query_parameters_of_every_page_take_hostile_values(client, world):
    failures: list[str] = []
    names = ["q", "signaal", "uitkomst", "resident", "professional", "date_from",
             "date_to", "before", "format", "instrument", "start", "end", "coach",
             "neighbourhood", "team", "template", "page"]  # fmt: skip
    for user, page_url in _pages(world):
        login(client, user)
        for value in HOSTILE:
            response = client.get(page_url, {name: value for name in names})
            if response.status_code >= 500:
                failures.append(f"GET {page_url} ({value[:20]!r}): 500")
    assert not failures, "\n".join(failures[:40])


def test_the_privacy_officers_log_answers_hostile_filters_with_an_error(client, world):
    login(client, world.privacy_officer)
    for query in (
        {"date_to": "9999-12-31"},
        {"resident": "99999999999999999999"},
        {"before": "99999999999999999999"},
        {"date_from": "0001-01-01"},
    ):
        response = client.get(reverse("audit_log"), query)
        assert response.status_code == 400, query


def test_names_with_direction_overrides_are_refused(client, world):
    login(client, world.coordinator)
    before = _counts()
    response = client.post(
        reverse("resident_register"),
        {
            "first_name": "Jan\u202enesnaJ",
            "last_name": "Jansen",
            "birth_date": "1980-01-01",
            "reason_category": "notes",
        },
    )
    assert response.status_code == 400
    assert "control or direction characters" in response.content.decode()
    assert _counts() == before


def test_a_bsn_typed_with_spaces_is_cleaned_before_its_length_is_checked(client, world):
    login(client, world.coordinator)
    response = client.post(
        reverse("resident_register"),
        {
            "first_name": "Piet",
            "last_name": "Puk",
            "birth_date": "1980-01-01",
            "bsn": " 111 222 333 ",
            "reason_category": "notes",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_nul_character_is_refused_at_the_edge(client, world):
    """PostgreSQL text cannot hold NUL: refused before any view filters with it."""
    login(client, world.coordinator)
    before = _counts()
    for url in (reverse("caseload"), reverse("resident_search")):
        response = client.get(url, {"q": "null\x00byte"})
        assert response.status_code == 400
        assert "not allowed" in response.content.decode()
    response = client.post(
        reverse("resident_register"),
        {"first_name": "Jan\x00", "last_name": "Jansen", "birth_date": "1980-01-01"},
    )
    assert response.status_code == 400
    assert _counts() == before
