"""The privacy pages in a real browser, with axe-core on every page: a resident's
consents, break the glass, the privacy officer's audit log, review and access request,
and the language switch in the footer. The enrolment of the second factor is in
test_accounts.py."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from meedoen.web.tests.browser.conftest import (
    World,
    assert_accessible,
    login,
    url,
)

pytestmark = pytest.mark.browser

PURPOSE = "Schuldhulp: gegevens delen met de budgetcoach"
REASON = "Crisismelding van de politie, de coordinator is niet bereikbaar."


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def main_nav(page: Any) -> Any:
    return page.get_by_role("navigation", name="Main navigation")


@pytest.fixture
def privacy_officer(world: World) -> Any:
    from meedoen.organisations.models import Professional
    from meedoen.organisations.tests.factories import ProfessionalFactory

    return ProfessionalFactory(
        username="privacy",
        first_name="Ilse",
        last_name="Bakker",
        municipality=world.coordinator.municipality,
        role=Professional.Role.PRIVACY_OFFICER,
    )


# -- the steps, shared by the tests ---------------------------------------------------


def record_and_withdraw_consent(
    page: Any, live_server: Any, world: World, axe: dict[str, int]
) -> None:
    name = world.resident.full_name
    organisation = world.income_consultant.organisation.name
    login(page, live_server, "coordinator")
    page.goto(url(live_server, "resident_file", world.resident.pk))
    page.get_by_role("link", name="Consents", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Consents of {name}")
    expect(page.get_by_text("No consents recorded.")).to_be_visible()
    assert_accessible(page, "consent list (empty)", axe)

    page.get_by_role("link", name="Record a consent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a consent")
    assert_accessible(page, "consent add", axe)

    # Until before from: refused, with the message at the field.
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_label(organisation).check()
    page.get_by_label("Valid from").fill(in_days(0))
    page.get_by_label("Valid until").fill(in_days(-1))
    page.get_by_role("button", name="Record the consent").click()
    expect(page.get_by_role("alert")).to_contain_text("The consent was not recorded.")
    expect(page.get_by_text("The end date lies before the start date.")).to_be_visible()
    # What was typed is kept.
    expect(page.get_by_label("Purpose")).to_have_value(PURPOSE)
    expect(page.get_by_label(organisation)).to_be_checked()
    assert_accessible(page, "consent add with an error", axe)

    page.get_by_label("Valid until").fill(in_days(90))
    page.get_by_role("button", name="Record the consent").click()
    expect(page).to_have_url(url(live_server, "consent_list", world.resident.pk))
    expect(page.get_by_text("The consent was recorded.")).to_be_visible()
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=PURPOSE)
    )
    expect(row).to_contain_text(organisation)
    expect(row).to_contain_text("in force")
    assert_accessible(page, "consent list", axe)

    row.get_by_role("link", name=re.compile("^Withdraw")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw a consent")
    expect(page.get_by_text(PURPOSE)).to_be_visible()
    assert_accessible(page, "consent withdraw", axe)
    page.get_by_role("button", name="Withdraw the consent").click()
    expect(page).to_have_url(url(live_server, "consent_list", world.resident.pk))
    expect(page.get_by_text("The consent was withdrawn.")).to_be_visible()
    expect(row).to_contain_text("withdrawn")
    expect(row).not_to_contain_text("in force")
    expect(row.get_by_role("link", name=re.compile("^Withdraw"))).to_have_count(0)
    assert_accessible(page, "consent list after withdrawing", axe)


def break_the_glass(
    page: Any, live_server: Any, world: World, axe: dict[str, int]
) -> None:
    name = world.resident.full_name
    main_nav(page).get_by_role("link", name="Emergency access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency access")
    assert_accessible(page, "emergency access", axe)

    page.get_by_label("BSN or resident number").fill(str(world.resident.pk))
    page.get_by_label("Reason").fill("crisis")
    page.get_by_role("button", name="Open the file (logged)").click()
    expect(page.get_by_role("alert")).to_contain_text("No access was given.")
    expect(page.get_by_text("Explain in at least 15 characters")).to_be_visible()
    expect(page.get_by_label("BSN or resident number")).to_have_value(
        str(world.resident.pk)
    )
    assert_accessible(page, "emergency access with an error", axe)

    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name="Open the file (logged)").click()
    expect(page).to_have_url(url(live_server, "resident_file", world.resident.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_text(re.compile(r"^Emergency access until"))).to_be_visible()
    assert_accessible(page, "resident file on emergency access", axe)


# -- the tests ------------------------------------------------------------------------


def test_a_consent_is_recorded_and_withdrawn(page, live_server, world):
    axe: dict[str, int] = {}
    record_and_withdraw_consent(page, live_server, world, axe)
    print("axe violations per page:", axe)


def test_break_the_glass_needs_a_reason_and_opens_the_file(page, live_server, world):
    axe: dict[str, int] = {}
    # Outside the case team the file is not found.
    login(page, live_server, "outsider")
    response = page.goto(url(live_server, "resident_file", world.resident.pk))
    assert response is not None and response.status == 404
    break_the_glass(page, live_server, world, axe)
    # The running access is listed on the emergency page.
    main_nav(page).get_by_role("link", name="Emergency access").click()
    running = page.get_by_role("heading", name="Your running emergency accesses")
    expect(running).to_be_visible()
    expect(page.get_by_role("link", name=world.resident.full_name)).to_be_visible()
    print("axe violations per page:", axe)


def test_the_privacy_officer_sees_the_trail_reviews_and_exports(
    new_context, live_server, world, privacy_officer
):
    axe: dict[str, int] = {}
    resident = str(world.resident.pk)
    record_and_withdraw_consent(new_context().new_page(), live_server, world, {})
    outsider = new_context().new_page()
    login(outsider, live_server, "outsider")
    break_the_glass(outsider, live_server, world, {})

    page = new_context().new_page()
    login(page, live_server, "privacy")
    main_nav(page).get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    assert_accessible(page, "audit log", axe)

    page.get_by_label("Resident number or BSN").fill(resident)
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(rf"resident={resident}"))
    table = page.get_by_role("table", name="Access events, newest first")
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible()
    # Columns: when | who, resident number, action, category, basis, via.
    events = [
        [cell.strip() for cell in row.split("\t")] for row in rows.all_inner_texts()
    ]
    assert {event[2] for event in events} == {resident}
    changes = {event[-1]: event for event in events if event[3] == "changed"}
    for via, basis in (
        ("recording a consent", "recorded"),
        ("withdrawing a consent", "withdrawn"),
    ):
        assert changes[via][1] == world.coordinator.label
        assert re.fullmatch(rf"consent \d+ {basis}", changes[via][5])
    (glass,) = [
        event for event in events if event[-1] == "opening a file in an emergency"
    ]
    assert glass[1] == world.outsider.label
    assert REASON in glass[5]
    # What the outsider then read is logged on the emergency access as its basis.
    assert any(
        e[-1] == "the resident's file"
        and e[1] == world.outsider.label
        and REASON in e[5]
        for e in events
    )
    assert_accessible(page, "audit log filtered", axe)

    # The emergency access waits for review; "Reviewed" takes it off the list.
    main_nav(page).get_by_role("link", name="Emergency accesses to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Emergency accesses to review"
    )
    row = page.get_by_role("row").filter(has_text=REASON)
    expect(row).to_contain_text(world.outsider.label)
    expect(row.get_by_role("link", name=resident)).to_be_visible()
    assert_accessible(page, "emergency review", axe)
    row.get_by_role("button", name=re.compile("^Reviewed")).click()
    expect(
        page.get_by_text("The emergency access is marked as reviewed.")
    ).to_be_visible()
    expect(page.get_by_text(REASON)).to_have_count(0)
    expect(page.get_by_text("Nothing to review.")).to_be_visible()
    assert_accessible(page, "emergency review, all reviewed", axe)

    # The access request: the form downloads the export.
    main_nav(page).get_by_role("link", name="Access request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access request")
    assert_accessible(page, "access request", axe)
    page.get_by_label("Resident number").fill(resident)
    for label, extension in (
        ("machine-readable (JSON)", ".json"),
        ("readable document (PDF)", ".pdf"),
    ):
        page.get_by_label("Format").select_option(label=label)
        with page.expect_download() as info:
            page.get_by_role("button", name="Download the export").click()
        download = info.value
        assert download.suggested_filename.startswith("inzage-")
        assert download.suggested_filename.endswith(extension)
        assert download.failure() is None
    # The export itself is in the trail.
    page.goto(url(live_server, "audit_log") + f"?resident={resident}")
    exports = [
        [cell.strip() for cell in row.split("\t")]
        for row in page.get_by_role("table").locator("tbody tr").all_inner_texts()
    ]
    exports = [
        e
        for e in exports
        if e[3] == "exported" and e[-1] == "the access request (AVG art. 15)"
    ]
    assert exports and {e[1] for e in exports} == {privacy_officer.label}
    print("axe violations per page:", axe)


def test_the_footer_switches_the_language(page, live_server, world):
    login(page, live_server, "coordinator")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    assert page.get_attribute("html", "lang") == "en"
    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Language").select_option(label="Nederlands")
    footer.get_by_role("button", name="Switch language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")
    expect(page).to_have_url(url(live_server, "caseload"))
    assert page.get_attribute("html", "lang") == "nl"
    expect(page.get_by_role("link", name=world.resident.full_name)).to_be_visible()
    assert_accessible(page, "caseload in Dutch")
    # The choice sticks.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")
