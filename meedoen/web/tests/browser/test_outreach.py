"""A round of home visits on a phone at the door (375 x 667): the worker opens the
round from the outreach page, records three outcomes (not at home, no help needed,
help wanted) and the help wanted starts a trajectory with them as its coordinator.
Every page: zero axe violations, no console errors, nothing wider than the screen."""

from __future__ import annotations

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

WIDTH, HEIGHT = 375, 667


def _check(page: Any, label: str, errors: list[str]) -> None:
    assert_accessible(page, label)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= WIDTH, f"{label} is {wide} px wide on a {WIDTH} px screen"
    assert not errors, f"{label}: console errors {errors}"


@pytest.fixture
def visit_round(world):
    from meedoen.outreach import services
    from meedoen.outreach.tests import factories as f

    arnhem = world.coordinator.municipality
    klarendal, _presikhaaf = f.neighbourhoods(arnhem)
    f.residents_at(arnhem, klarendal, 4, "Klarendalseweg")
    campaign = f.campaign(world.coordinator, klarendal)
    (visit_round,) = services.campaign_assign(
        campaign=campaign,
        by=world.coordinator,
        workers=[world.coordinator],
        planned_on=timezone.localdate(),
    )
    return visit_round


def test_a_visit_round_on_the_phone(new_context, live_server, world, visit_round):
    page = new_context().new_page()
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, live_server, "coordinator")

    page.goto(url(live_server, "campaign_list"))
    _check(page, "outreach", errors)
    page.get_by_role("link", name="Huisbezoeken Klarendal · round 1").click()
    page.wait_for_load_state()
    _check(page, "visit round", errors)
    screenshot(page, "visit-round-phone")

    visits = list(visit_round.visits.order_by("address__house_number", "pk"))

    def record(visit: Any, outcome: str, **more: Any) -> None:
        card = page.locator(f"#visit-{visit.pk}")
        card.get_by_label(outcome, exact=True).check()
        if more.get("domains"):
            card.get_by_text("If help is wanted: life domains and coordinator").click()
        for domain in more.get("domains", []):
            card.get_by_label(domain, exact=True).check()
        if "note" in more:
            card.get_by_label("Short note of the conversation").fill(more["note"])
        card.get_by_role("button", name="Record this visit").click()
        page.wait_for_load_state()

    record(visits[0], "not at home")
    assert page.get_by_text("Recorded.", exact=True).is_visible()
    record(visits[1], "no help needed", note="Redt zich goed")
    record(
        visits[2],
        "help wanted",
        domains=["finances", "work and education"],
        note="Schulden, zoekt werk",
    )
    assert page.get_by_text(
        "A trajectory was started with one coordinator"
    ).is_visible()
    card = page.locator(f"#visit-{visits[2].pk}")
    assert card.get_by_text("A trajectory was started.").is_visible()
    _check(page, "visit round after recording", errors)
    screenshot(page, "visit-round-recorded-phone")

    # Help wanted without its life domains: the card says what is missing.
    card = page.locator(f"#visit-{visits[3].pk}")
    card.get_by_label("help wanted", exact=True).check()
    card.get_by_role("button", name="Record this visit").click()
    page.wait_for_load_state()
    card = page.locator(f"#visit-{visits[3].pk}")
    assert card.get_by_text("Choose the life domains help is wanted with.").is_visible()
    _check(page, "visit round with an error", errors=[])

    for v in visits:
        v.refresh_from_db()
    assert [v.outcome for v in visits] == [
        "not_home",
        "no_help",
        "help_wanted",
        "planned",
    ]
    trajectory = visits[2].trajectory
    assert trajectory.coordinator_id == world.coordinator.pk
    assert trajectory.resident_id == visits[2].address.resident_id


def test_the_campaign_and_an_activation_team_on_the_phone(
    new_context, live_server, world, visit_round
):
    from meedoen.outreach import services

    coordinator = world.coordinator
    team = services.team_create(
        by=coordinator, name="Activeringsteam Klarendal",
        neighbourhood=visit_round.campaign.neighbourhoods.get(),
    )  # fmt: skip
    member = services.member_add(
        team=team, by=coordinator, resident_id=world.resident.pk,
        joined_on=timezone.localdate(),
    )  # fmt: skip
    theme = services.theme_create(team=team, by=coordinator, name="Groen")
    services.wish_record(team=team, by=coordinator, text="Een moestuin",
                         neighbourhood=team.neighbourhood, theme=theme,
                         recorded_by=member)  # fmt: skip
    activity = services.activity_plan(team=team, by=coordinator,
                                      held_on=timezone.localdate(), place="Plein",
                                      description="Moestuin aanleggen", theme=theme)  # fmt: skip
    page = new_context().new_page()
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, live_server, "coordinator")

    page.goto(url(live_server, "campaign_detail", visit_round.campaign_id))
    _check(page, "campaign", errors)
    assert page.get_by_role("heading", name="Progress per neighbourhood").is_visible()
    screenshot(page, "campaign-phone")

    page.goto(url(live_server, "team_detail", team.pk))
    _check(page, "activation team", errors)
    assert page.get_by_text("Een moestuin · Klarendal").is_visible()
    screenshot(page, "activation-team-phone")

    page.goto(url(live_server, "activity_detail", team.pk, activity.pk))
    _check(page, "activity", errors)
    page.get_by_label("Fatima El Amrani").check()
    page.get_by_label("Number of neighbours who took part").fill("12")
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Confirm that Fatima El Amrani took part").click()
    page.wait_for_load_state()
    assert page.get_by_text("Confirmed. It counts as unpaid work").is_visible()
    assert (
        page.locator(".meedoen-cards").get_by_text("counts as unpaid work").is_visible()
    )
    _check(page, "activity confirmed", errors)
    screenshot(page, "activity-phone")
