"""The daily work of issue 9 in a real browser, at a desk (1280 px) and on a phone at
the door (375 x 667): a walk-in recorded at the front door without a BSN, found as a
returning resident by the intake's duplicate check, back in a new trajectory on a
journey chosen at the start with the stage's responsible role shown. Every page: zero
axe violations, no console errors, nothing wider than the screen."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from meedoen.web.tests.browser.conftest import (
    assert_accessible,
    login,
    screenshot,
    url,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"desk": (1280, 900), "phone": (375, 667)}


def _watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _check(page: Any, label: str, width: int, errors: list[str]) -> None:
    assert_accessible(page, label)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= width, f"{label} is {wide} px wide on a {width} px screen"
    assert not errors, f"{label}: console errors {errors}"


@pytest.fixture
def returning(world):
    """Kees Bos: known, his trajectory closed; a second journey to choose from."""
    from meedoen.journeys.models import JourneyTemplate, Stage
    from meedoen.journeys.services import trajectory_close
    from meedoen.journeys.tests.factories import TrajectoryFactory
    from meedoen.organisations.models import Professional
    from meedoen.residents.tests.factories import ResidentFactory

    municipality = world.coordinator.municipality
    kees = ResidentFactory(
        municipality=municipality,
        first_name="Kees",
        last_name="Bos",
        birth_date=datetime.date(1966, 4, 12),
    )
    t = TrajectoryFactory(
        resident=kees,
        coordinator=world.coordinator,
        started_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    trajectory_close(trajectory=t, by=world.coordinator, reason="dropped_out")
    debt = JourneyTemplate.objects.create(
        municipality=municipality, name="Schuldhulptraject"
    )
    Stage.objects.create(
        template=debt,
        order=1,
        name="Intake schulden",
        responsible_role=Professional.Role.DEBT_COUNSELLOR,
        norm_days=14,
    )
    return kees


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_walk_in_returns_on_a_chosen_journey(
    new_context, live_server, world, returning, viewport
):
    width, height = VIEWPORTS[viewport]
    page = new_context().new_page()
    page.set_viewport_size({"width": width, "height": height})
    errors = _watch(page)
    login(page, live_server, "income")
    _check(page, f"caseload ({viewport})", width, errors)

    # A walk-in question, no BSN.
    page.goto(url(live_server, "question_create"))
    _check(page, f"question form ({viewport})", width, errors)
    page.get_by_label("How did it come in?").select_option("walk_in")
    page.get_by_label("Question or signal").fill("Vraagt naar werk met begeleiding")
    page.get_by_label("First name").fill("Kees")
    page.get_by_label("Last name").fill("Bos")
    page.get_by_label("Date of birth").fill("1966-04-12")
    page.get_by_role("button", name="Record").click()
    page.wait_for_load_state()
    _check(page, f"question ({viewport})", width, errors)

    # Start a trajectory: the intake finds him, a returning resident.
    page.get_by_label("Journey").select_option(label="Schuldhulptraject")
    page.get_by_role("button", name="Register and start the trajectory").click()
    page.wait_for_load_state()
    assert page.get_by_text("This person may already be registered").is_visible()
    _check(page, f"duplicates ({viewport})", width, errors)
    screenshot(page, f"duplicates-{viewport}")
    page.get_by_role(
        "button", name="This is them: start a new trajectory (return)"
    ).click()
    page.wait_for_load_state()

    # His file: the new trajectory on the chosen journey, the stage's role shown, and
    # the signal that nobody with that role is on the team yet.
    assert page.get_by_role("heading", name="Kees Bos").is_visible()
    assert page.get_by_text("Schuldhulptraject, started").is_visible()
    assert page.get_by_text("debt counsellor").first.is_visible()
    assert page.get_by_text("role missing").is_visible()
    _check(page, f"file ({viewport})", width, errors)
    screenshot(page, f"returned-file-{viewport}")

    from meedoen.casefile.models import Question
    from meedoen.journeys.models import Trajectory

    new = Trajectory.objects.get(resident=returning, closed_on__isnull=True)
    assert new.is_return and new.template.name == "Schuldhulptraject"
    assert Question.objects.get().trajectory == new
