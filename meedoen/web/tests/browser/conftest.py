"""End-to-end tests in a real browser: Playwright drives Debian's Chromium against
pytest-django's ``live_server``.

One browser per test session (per xdist worker), a fresh context per test. The data
are made through the services and factories, as in meedoen/conftest.py, but on
``transactional_db``: the live server runs in another thread, so the data must be
committed, and the tables are flushed after every test.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

# Playwright's sync API runs an asyncio loop in the main thread; Django would then
# refuse database access from fixtures and from later tests in the same worker.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "correct-horse-battery"  # the factories' password
AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
# Screenshots for a human to look at, in the agreed place.
SCREENS = Path(os.environ.get("MEEDOEN_SCREENS", "/tmp/meedoen-screens"))  # noqa: S108
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# -- the browser ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("MEEDOEN_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.skip(f"no Chromium at {executable} (set MEEDOEN_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Any, live_server: Any) -> Iterator[Any]:
    """Make browser contexts (separate cookies, so separate sessions); all are closed
    after the test. The user has chosen English (the language cookie the footer's
    switch sets) so tests do not depend on the Dutch catalogue; CSP is bypassed only
    so that axe can be injected."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(
            locale="en-GB",
            viewport={"width": 1280, "height": 900},
            bypass_csp=True,
        )
        context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": "en",
                    "url": live_server.url,
                }
            ]
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Any) -> Any:
    return new_context().new_page()


# -- helpers -------------------------------------------------------------------------


def url(live_server: Any, name: str, *args: Any) -> str:
    return live_server.url + reverse(name, args=args)


def login(page: Any, live_server: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page and wait for the start page: the caseload, or the
    own start page of a role without residents' files. The one place to change when the
    login flow changes (two-factor: the tests run with ``MEEDOEN_DEMO_LOGIN_WITHOUT_2FA``,
    see the ``demo_login`` fixture)."""
    page.goto(url(live_server, "login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    login_url = url(live_server, "login")
    page.wait_for_url(lambda current: not current.startswith(login_url))
    page.wait_for_load_state()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A and AA) on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    assert result["passes"], "axe ran no checks: is the page empty?"
    return result["violations"]


def assert_accessible(page: Any, label: str, results: dict[str, int] | None = None):
    violations = axe_violations(page)
    if results is not None:
        results[label] = len(violations)
    report = "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"])
        for v in violations
    )
    assert violations == [], f"axe on {label} ({page.url}):\n{report}"


def screenshot(page: Any, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# -- data ----------------------------------------------------------------------------


@pytest.fixture
def demo_login(settings: Any) -> None:
    """Log in with username and password only, also once two-factor login exists."""
    settings.MEEDOEN_DEMO_LOGIN_WITHOUT_2FA = True


@dataclass
class World:
    coordinator: Any
    income_consultant: Any
    outsider: Any
    trajectory: Any

    @property
    def resident(self) -> Any:
        return self.trajectory.resident


@pytest.fixture
def world(transactional_db: Any, demo_login: None) -> World:
    """Arnhem with a social team: the coordinator and an income consultant on the case
    team of a resident whose trajectory started 60 days ago (so the caseload shows the
    signal "longer than the stage norm"), and a professional outside the team."""
    from meedoen.journeys.services import (
        case_team_add,
        journey_template_create_default,
    )
    from meedoen.journeys.tests.factories import TrajectoryFactory
    from meedoen.organisations.models import Organisation, Professional
    from meedoen.organisations.tests.factories import (
        MunicipalityFactory,
        OrganisationFactory,
        ProfessionalFactory,
        TeamFactory,
    )
    from meedoen.privacy.defaults import install_current
    from meedoen.residents.tests.factories import ResidentFactory

    install_current()  # the flush between tests removed the default policy rows
    arnhem = MunicipalityFactory(name="Arnhem", code="0202")
    journey_template_create_default(municipality=arnhem)
    team = TeamFactory(municipality=arnhem, name="Sociaal team Klarendal")
    coordinator = ProfessionalFactory(
        username="coordinator",
        first_name="Sanne",
        last_name="de Vries",
        municipality=arnhem,
        organisation=OrganisationFactory(
            municipality=arnhem,
            name="Wijkteam Klarendal",
            kind=Organisation.Kind.NEIGHBOURHOOD_TEAM,
        ),
        role=Professional.Role.COORDINATOR,
        teams=[team],
    )
    income = ProfessionalFactory(
        username="income",
        first_name="Mehmet",
        last_name="Yilmaz",
        municipality=arnhem,
        organisation=OrganisationFactory(
            municipality=arnhem,
            name="Werk en Inkomen Arnhem",
            kind=Organisation.Kind.INCOME,
        ),
        role=Professional.Role.INCOME_CONSULTANT,
    )
    outsider = ProfessionalFactory(username="outsider", municipality=arnhem)
    resident = ResidentFactory(
        municipality=arnhem, first_name="Fatima", last_name="El Amrani"
    )
    trajectory = TrajectoryFactory(
        resident=resident,
        coordinator=coordinator,
        started_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    case_team_add(trajectory=trajectory, professional=income, by=coordinator)
    return World(coordinator, income, outsider, trajectory)
