"""The outcome report in a browser: figures, the SVG chart, filters and the three
downloads, with zero axe violations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from meedoen.web.tests.browser.conftest import assert_accessible, login, url


def test_outcome_report_page_chart_filters_and_downloads(
    page: Any, live_server: Any, world: Any
) -> None:
    from meedoen.organisations.models import Professional
    from meedoen.organisations.tests.factories import (
        NeighbourhoodFactory,
        ProfessionalFactory,
    )
    from meedoen.outcomes.tests.builders import Spec, Work, build

    arnhem = world.coordinator.municipality
    klarendal = NeighbourhoodFactory(municipality=arnhem, name="Klarendal")
    started = timezone.localdate() - timedelta(days=90)
    build(
        arnhem,
        [
            Spec(
                i,
                world.coordinator,
                started,
                klarendal,
                baseline=2,
                six_month=3 if i % 2 else 2,
                work=[Work("paid_work", started + timedelta(days=3), 24)]
                if i < 12
                else [],
            )
            for i in range(24)
        ],
    )
    ProfessionalFactory(
        username="adviser", municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )
    login(page, live_server, "adviser")
    page.get_by_role("link", name="Outcomes").click()
    page.wait_for_url(url(live_server, "outcome_report"))
    chart = page.get_by_role("img", name="Outcomes, share of residents")
    assert chart.count() == 1
    assert page.get_by_text("Suppression applied").first.is_visible()
    page.get_by_role("combobox", name="Neighbourhood").select_option(label="Klarendal")
    page.get_by_role("button", name="Show the figures").click()
    page.wait_for_url("**neighbourhood=**")
    assert page.get_by_role("img", name="Reach per neighbourhood").is_visible()
    assert_accessible(page, "outcome report")
    for link, suffix in (
        ("Download as CSV", ".csv"),
        ("Download as Excel", ".xlsx"),
        ("Download as PDF", ".pdf"),
    ):
        with page.expect_download() as info:
            page.get_by_role("link", name=link).click()
        assert info.value.suggested_filename.endswith(suffix)
