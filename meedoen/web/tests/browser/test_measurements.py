"""Measuring progress in a real browser: record a ladder measurement, confirm it, and
see the step line chart and its table on the resident's file; axe-core on every new
page."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from meedoen.web.tests.browser.conftest import (
    World,
    assert_accessible,
    login,
    screenshot,
    url,
)

pytestmark = pytest.mark.browser


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def instruments(world: World) -> None:
    """The flush between browser tests removed the instruments the data migration
    installed: install them again."""
    from django.apps import apps

    migration = importlib.import_module(
        "meedoen.measurements.migrations.0002_instruments"
    )
    migration.install(apps, None)


def test_record_confirm_and_see_progress(
    page: Any, live_server: Any, world: World, instruments: None
) -> None:
    login(page, live_server, "coordinator")
    page.goto(url(live_server, "resident_file", world.resident.pk))
    page.get_by_role("link", name="Record a participation ladder measurement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participatieladder")
    assert_accessible(page, "measurement_add (ladder)")
    page.get_by_label("Trede").select_option("2")
    page.get_by_label("Groeipotentieel").select_option("4")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("draft", exact=True)).to_be_visible()
    assert_accessible(page, "measurement_detail (draft)")
    page.get_by_role("button", name="Confirm measurement").click()
    expect(page.get_by_text("The measurement is confirmed.")).to_be_visible()
    assert_accessible(page, "measurement_detail (confirmed)")

    page.get_by_role("link", name="Back to the file").click()
    chart = page.get_by_role("img", name="Participatieladder: rung over time")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Participatieladder: confirmed measurements")
    expect(table).to_contain_text("2 – Sociale contacten buitenshuis")
    expect(table).to_contain_text("4 – Onbetaald werk")
    assert_accessible(page, "resident_file with progress")
    screenshot(page, "measurements-file-progress")

    page.get_by_role("link", name="All measurements").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress of")
    assert_accessible(page, "measurement_list")


def test_matrix_correction_and_work_pages_are_accessible(
    page: Any, live_server: Any, world: World, instruments: None
) -> None:
    login(page, live_server, "coordinator")
    page.goto(
        url(live_server, "measurement_add", world.trajectory.pk) + "?instrument=zrm"
    )
    assert_accessible(page, "measurement_add (matrix)")
    page.get_by_label("Financiën").select_option("2")
    page.get_by_label("Huisvesting").select_option("3")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("button", name="Confirm measurement").click()
    page.get_by_role("link", name="Correct this measurement").click()
    assert_accessible(page, "measurement_correct")
    page.get_by_label("Financiën").select_option("3")
    page.get_by_label("Reason for the correction").fill("Schuldregeling loopt al")
    page.get_by_role("button", name="Save correction").click()
    expect(
        page.get_by_text("The correction was saved as a new version.")
    ).to_be_visible()

    page.goto(url(live_server, "resident_file", world.resident.pk))
    expect(
        page.get_by_role("img", name="Zelfredzaamheid-Matrix: first and latest score")
    ).to_be_visible()
    assert_accessible(page, "resident_file with matrix")
    screenshot(page, "measurements-file-matrix")

    page.goto(url(live_server, "work_record_add", world.trajectory.pk))
    assert_accessible(page, "work_record_add")
    page.get_by_label("Kind", exact=True).select_option("paid_work")
    page.get_by_label("First day").fill(world.trajectory.started_on.isoformat())
    page.get_by_label("Hours per week").fill("24")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("The work or education was recorded.")).to_be_visible()
    assert_accessible(page, "measurement_list with work")
