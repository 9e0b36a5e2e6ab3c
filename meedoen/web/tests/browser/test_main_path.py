"""The main path through meedoen in a real browser, with axe-core on every page; the
stale-plan message in two browsers at once; and the 404 for a professional outside the
case team."""

from __future__ import annotations

import datetime
import re
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


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_main_path_from_caseload_to_the_next_stage(page, live_server, world):
    name = world.resident.full_name
    trajectory = world.trajectory
    axe: dict[str, int] = {}

    # Log in.
    page.goto(url(live_server, "login"))
    assert_accessible(page, "login", axe)
    login(page, live_server, "coordinator")

    # The caseload shows the resident with a signal.
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name))
    expect(row).to_be_visible()
    expect(row.get_by_text("longer than the stage norm")).to_be_visible()
    assert_accessible(page, "caseload", axe)
    screenshot(page, "caseload")

    # Keyboard: the first Tab reaches the skip link, Enter moves focus to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    assert page.evaluate("() => document.activeElement.id") == "main"

    # Open the resident's file.
    row.get_by_role("link", name=name).click()
    expect(page).to_have_url(url(live_server, "resident_file", world.resident.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert_accessible(page, "resident file", axe)
    screenshot(page, "file")

    # Plan editing: add an action for the resident, with a due date.
    page.get_by_role("link", name="Edit plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan of {name}")
    assert_accessible(page, "plan edit", axe)
    form = page.locator("form", has=page.get_by_role("button", name="Add action"))
    form.get_by_label("What will be done").fill("Inschrijven bij het taalcafé")
    form.get_by_label("Life domain (when the action serves no goal)").select_option(
        "time_use"
    )
    form.get_by_label("Who does it").select_option("resident")
    form.get_by_label("Done by").fill(in_days(14))
    form.get_by_role("button", name="Add action").click()
    actions = page.locator("#plan-content table")
    expect(
        actions.get_by_role("rowheader", name="Inschrijven bij het taalcafé")
    ).to_be_visible()
    expect(page.get_by_text("The action was added to the plan.")).to_be_visible()
    expect(actions.get_by_role("row", name=re.compile("Inschrijven"))).to_contain_text(
        "the resident"
    )
    assert_accessible(page, "plan edit after adding an action", axe)
    screenshot(page, "plan")

    # The printable plan.
    page.get_by_role("link", name="Print plan for the resident").click()
    expect(page.get_by_text("Inschrijven bij het taalcafé")).to_be_visible()
    assert_accessible(page, "plan print", axe)

    # Schedule a meeting.
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Meetings"
    ).click()
    page.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(page, "meeting create", axe)
    page.get_by_label("Title").fill("Werktafel Klarendal")
    # Today: presence is recorded on or after the day of the meeting.
    page.get_by_label("Date and time").fill(f"{in_days(0)}T08:00")
    page.get_by_label("Place").fill("Wijkhuis Klarendal")
    page.get_by_label(world.income_consultant.label).check()
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werktafel Klarendal")

    # Put the resident on the agenda.
    agenda = page.locator(
        "form", has=page.get_by_role("button", name="Add to the agenda")
    )
    agenda.get_by_label("Resident").select_option(str(trajectory.pk))
    agenda.get_by_label("Question for the table").fill("Hoe kan zij weer meedoen?")
    agenda.get_by_role("button", name="Add to the agenda").click()
    item = page.locator(
        "section", has=page.get_by_role("heading", level=3, name=re.compile(name))
    )
    expect(item).to_be_visible()
    expect(page.get_by_text("The resident is on the agenda.")).to_be_visible()

    # Record presence.
    item.get_by_label("Was the resident at the table?").select_option("yes")
    item.get_by_label("Notes").fill("Fatima vertelde zelf over haar wensen.")
    item.get_by_role("button", name="Save presence and notes").click()
    expect(page.get_by_text("Presence and notes were saved.")).to_be_visible()
    expect(item.get_by_label("Was the resident at the table?")).to_have_value("yes")

    # A decision, then turned into an action in the plan.
    item.get_by_label("Decision", exact=True).fill("Budgetcoach inschakelen")
    item.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("The decision was recorded.")).to_be_visible()
    item.get_by_text("Make it an action in the plan").click()
    to_action = item.locator(
        "form", has=page.get_by_role("button", name="Add to the plan")
    )
    to_action.get_by_label("Life domain of the action").select_option("finances")
    to_action.get_by_label("Who does it").select_option("professional")
    to_action.get_by_label("Professional (when a professional does it)").select_option(
        str(world.income_consultant.pk)
    )
    to_action.get_by_label("Done by").fill(in_days(21))
    to_action.get_by_role("button", name="Add to the plan").click()
    expect(
        page.get_by_text("The decision is now an action in the plan.")
    ).to_be_visible()
    expect(item.get_by_text(re.compile(r"^in the plan: "))).to_be_visible()
    assert_accessible(page, "meeting detail", axe)
    screenshot(page, "meeting")

    # The action is in the plan.
    page.goto(url(live_server, "plan_edit", trajectory.pk))
    actions = page.locator("#plan-content table")
    expect(
        actions.get_by_role("rowheader", name="Budgetcoach inschakelen")
    ).to_be_visible()
    expect(
        actions.get_by_role("rowheader", name="Inschrijven bij het taalcafé")
    ).to_be_visible()

    # Move the trajectory to the next stage from the file.
    page.get_by_role("link", name="Back to the file").click()
    current = page.locator("li[aria-current='step']")
    expect(current).to_contain_text("Signaal of aanvraag")
    page.get_by_text("Move to another stage").click()
    move = page.locator("form", has=page.get_by_role("button", name="Move", exact=True))
    expect(move.get_by_label("Move to stage")).to_have_value(
        str(trajectory.template.stages.get(order=2).pk)
    )
    move.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("The trajectory moved to the next stage.")).to_be_visible()
    expect(current).to_contain_text("Eerste gesprek")
    expect(current).to_contain_text("current stage")
    assert_accessible(page, "resident file after the move", axe)

    # The journey board and the resident search.
    page.get_by_role("link", name="Journey board").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(name)).to_be_visible()
    assert_accessible(page, "journey board", axe)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Residents"
    ).click()
    page.get_by_role("search").get_by_role("textbox").fill(world.resident.last_name)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page, "resident search", axe)

    print("axe violations per page:", axe)


def test_a_stale_plan_shows_that_someone_else_changed_it(
    new_context, live_server, world
):
    first = new_context().new_page()
    second = new_context().new_page()
    login(first, live_server, "coordinator")
    login(second, live_server, "income")
    plan = url(live_server, "plan_edit", world.trajectory.pk)
    first.goto(plan)
    second.goto(plan)

    def add_action(page: Any, description: str) -> None:
        form = page.locator("form", has=page.get_by_role("button", name="Add action"))
        form.get_by_label("What will be done").fill(description)
        form.get_by_label("Life domain (when the action serves no goal)").select_option(
            "time_use"
        )
        form.get_by_label("Who does it").select_option("resident")
        form.get_by_label("Done by").fill(in_days(10))
        form.get_by_role("button", name="Add action").click()

    add_action(first, "Eerste actie")
    expect(first.get_by_text("The action was added to the plan.")).to_be_visible()

    add_action(second, "Tweede actie")
    alert = second.get_by_role("alert")
    expect(alert).to_contain_text("Someone else changed this plan after you opened it.")
    actions = second.locator("#plan-content table")
    expect(actions.get_by_role("rowheader", name="Eerste actie")).to_be_visible()
    expect(actions.get_by_role("rowheader", name="Tweede actie")).to_have_count(0)
    # What the second editor typed is kept, ready to be saved again.
    expect(second.get_by_label("What will be done")).to_have_value("Tweede actie")
    assert_accessible(second, "plan edit with the conflict message")

    first.reload()
    expect(first.locator("#plan-content table").get_by_role("row")).to_have_count(2)


def test_a_professional_outside_the_team_gets_not_found(page, live_server, world):
    login(page, live_server, "outsider")
    expect(page.get_by_text(world.resident.full_name)).to_have_count(0)
    response = page.goto(url(live_server, "resident_file", world.resident.pk))
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(world.resident.last_name)).to_have_count(0)
    assert_accessible(page, "404")
