"""The four-windows evaluation in a real browser: a policy adviser opens the
evaluation, sees the four windows side by side (without the resident's name) and
downloads the PDF; the coordinator's story form; axe-core on every page."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from meedoen.web.tests.browser.conftest import (
    World,
    assert_accessible,
    login,
    screenshot,
    url,
)

pytestmark = pytest.mark.browser

PURPOSE = "Gebruik van mijn verhaal in de evaluatie van Maat Werkt"
FINDINGS = {
    "resident": "Hoefde haar verhaal maar één keer te vertellen.",
    "professional": "Werkcoach en wijkcoach maakten samen één plan.",
    "organisation": "Privacy-afspraken maakten delen lastig.",
    "policy": "Geldstromen Participatiewet en Wmo lopen gescheiden.",
}


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def evaluation(world: World) -> Any:
    from meedoen.evaluations import services
    from meedoen.organisations.models import Professional
    from meedoen.organisations.tests.factories import ProfessionalFactory
    from meedoen.privacy.services import consent_record

    adviser = ProfessionalFactory(
        username="beleid",
        first_name="Fenna",
        last_name="Hoekstra",
        municipality=world.coordinator.municipality,
        role=Professional.Role.POLICY_ADVISER,
    )
    evaluation = services.evaluation_create(
        by=adviser, title="Maat Werkt Klarendal", question="Wat werkt voor wie?"
    )
    today = timezone.localdate()
    consent = consent_record(
        resident=world.resident,
        purpose=PURPOSE,
        organisations=[world.coordinator.organisation],
        valid_from=today - datetime.timedelta(days=5),
        valid_until=today + datetime.timedelta(days=365),
        by=world.coordinator,
    )
    story = services.story_add(
        evaluation=evaluation,
        trajectory=world.trajectory,
        consent=consent,
        title="Eén plan in plaats van vijf loketten",
        narrative="Vroeger zat ze bij vijf instanties aan tafel.",
        written_with_resident=True,
        written_on=today,
        by=world.coordinator,
    )
    for window, text in FINDINGS.items():
        services.finding_add(story=story, window=window, text=text, by=adviser)
    return evaluation


def test_a_policy_adviser_reads_the_four_windows_and_downloads_the_pdf(
    page, live_server, world, evaluation, tmp_path: Path
):
    login(page, live_server, "beleid")
    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Evaluations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluations")
    assert_accessible(page, "evaluation list")

    page.get_by_role("link", name="Maat Werkt Klarendal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maat Werkt Klarendal")
    windows = page.locator(".meedoen-windows > section")
    expect(windows).to_have_count(4)
    for text in FINDINGS.values():
        expect(page.locator(".meedoen-windows").get_by_text(text)).to_be_visible()
    # Side by side: the four columns start on the same line, left to right.
    boxes = [windows.nth(i).bounding_box() for i in range(4)]
    assert len({round(b["y"]) for b in boxes}) == 1
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)
    assert world.resident.last_name not in page.content()
    assert_accessible(page, "evaluation detail")
    screenshot(page, "evaluation-detail")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download as PDF").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("evaluatie-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_the_story_form_is_accessible(page, live_server, world, evaluation):
    login(page, live_server, "coordinator")
    page.goto(url(live_server, "evaluation_story_add", evaluation.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a story")
    assert_accessible(page, "story form, step 1")
    page.get_by_label("Trajectory").select_option(index=1)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("The resident's consent")).to_be_visible()
    assert_accessible(page, "story form, step 2")
    page.get_by_role("button", name="Add the story").click()
    expect(page.get_by_text("Give the story a title.")).to_be_visible()
    assert_accessible(page, "story form with errors")
