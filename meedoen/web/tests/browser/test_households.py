"""Households in a real browser (issue 9), at a desk and on a phone: a household is
recorded from a file with three members, its plan shows each member's goals together,
and after the coordination is handed over the household names the new coordinator,
the same as the trajectories. Every page: zero axe violations, no console errors,
nothing wider than the screen."""

from __future__ import annotations

import pytest

from meedoen.web.tests.browser.conftest import login, screenshot, url
from meedoen.web.tests.browser.test_daily_work import VIEWPORTS, _check, _watch

pytestmark = pytest.mark.browser


@pytest.fixture
def family(world):
    """Two more residents in Sanne's caseload: Fatima's partner and her son, each with
    a trajectory and a goal in their plan."""
    from meedoen.journeys.services import case_team_add
    from meedoen.journeys.tests.factories import TrajectoryFactory
    from meedoen.plans.services import plan_goal_add
    from meedoen.residents.tests.factories import ResidentFactory

    arnhem = world.coordinator.municipality
    people = []
    for first, last, goal in (
        ("Youssef", "El Amrani", "Een baan van twintig uur in de zorg"),
        ("Adam", "El Amrani", "Zijn opleiding afmaken"),
    ):
        resident = ResidentFactory(
            municipality=arnhem, first_name=first, last_name=last
        )
        trajectory = TrajectoryFactory(resident=resident, coordinator=world.coordinator)
        case_team_add(
            trajectory=trajectory,
            professional=world.income_consultant,
            by=world.coordinator,
        )
        plan = trajectory.plan
        plan_goal_add(
            plan=plan,
            expected_version=plan.version,
            life_domain="work_education",
            description=goal,
            by=world.coordinator,
        )
        people.append(trajectory)
    return people


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_household_with_three_members_and_one_coordinator(
    new_context, live_server, world, family, viewport
):
    width, height = VIEWPORTS[viewport]
    page = new_context().new_page()
    page.set_viewport_size({"width": width, "height": height})
    errors = _watch(page)
    login(page, live_server, "coordinator")

    # From Fatima's file: record the household.
    page.goto(url(live_server, "resident_file", world.trajectory.resident_id))
    page.get_by_role("link", name="Record a household").click()
    page.wait_for_load_state()
    _check(page, f"household start ({viewport})", width, errors)
    page.get_by_label("Name of the household").fill("Gezin El Amrani")
    page.get_by_label("This resident is").select_option("head")
    page.get_by_role("button", name="Record the household").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name="Gezin El Amrani").is_visible()

    # Her partner and her son join.
    for trajectory, relation in zip(family, ("partner", "child"), strict=True):
        page.get_by_role("link", name="Add a member").click()
        page.wait_for_load_state()
        _check(page, f"household member add ({viewport})", width, errors)
        page.get_by_label("Resident").select_option(str(trajectory.resident_id))
        page.get_by_label("Relation").select_option(relation)
        page.get_by_role("button", name="Add to the household").click()
        page.wait_for_load_state()
    members = page.locator("#members-heading + ul > li")
    assert members.count() == 3
    assert page.locator("#household-coordinator").inner_text().startswith("Sanne")
    _check(page, f"household ({viewport})", width, errors)
    screenshot(page, f"household-{viewport}")

    # The household plan: each member's goals together.
    page.get_by_role("link", name="Household plan").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Een baan van twintig uur in de zorg").is_visible()
    assert page.get_by_text("Zijn opleiding afmaken").is_visible()
    _check(page, f"household plan ({viewport})", width, errors)

    # Sanne hands the coordination of the three trajectories to Mehmet: the
    # household names him, as the trajectories do (one source of truth).
    from meedoen.journeys.models import Trajectory
    from meedoen.journeys.services import handover_accept, handover_offer

    for trajectory in [world.trajectory, *family]:
        handover = handover_offer(
            trajectory=trajectory,
            to_professional=world.income_consultant,
            by=world.coordinator,
        )
        handover_accept(handover=handover, by=world.income_consultant)
    page.go_back()
    page.reload()
    page.wait_for_load_state()
    coordinator = page.locator("#household-coordinator").inner_text()
    assert coordinator.startswith("Mehmet Yilmaz"), coordinator
    assert {
        t.coordinator_id
        for t in Trajectory.objects.filter(
            pk__in=[world.trajectory.pk, *[t.pk for t in family]]
        )
    } == {world.income_consultant.pk}
    _check(page, f"household after hand-over ({viewport})", width, errors)
