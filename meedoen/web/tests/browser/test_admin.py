"""The admin (/beheer/) in a real browser, as a functional administrator: axe-core
finds no violations on a handful of its pages, and under the real Content Security
Policy (not bypassed) the browser reports no refused style or script."""

from __future__ import annotations

from typing import Any

import pytest

from meedoen.web.tests.browser.conftest import (
    World,
    assert_accessible,
    login,
    url,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def administrator(world: World) -> Any:
    from meedoen.organisations.services import functional_admin_group_sync
    from meedoen.organisations.tests.factories import ProfessionalFactory

    admin = ProfessionalFactory(
        username="beheer",
        first_name="Bea",
        last_name="Heer",
        municipality=world.coordinator.municipality,
        administrator=True,
    )
    admin.groups.add(functional_admin_group_sync())
    return admin


def _pages(world: World) -> list[tuple[str, tuple[Any, ...]]]:
    from meedoen.journeys.models import JourneyTemplate
    from meedoen.privacy.services import policy_for

    municipality = world.coordinator.municipality
    template = JourneyTemplate.objects.get(municipality=municipality)
    return [
        ("admin:index", ()),
        ("admin:organisations_professional_changelist", ()),
        ("admin:organisations_professional_change", (world.coordinator.pk,)),
        ("admin:organisations_professional_add", ()),
        ("admin:organisations_team_add", ()),
        ("admin:organisations_neighbourhood_changelist", ()),
        ("admin:journeys_journeytemplate_change", (template.pk,)),
        ("admin:privacy_privacypolicy_change", (policy_for(municipality.pk).pk,)),
        ("admin:privacy_retentionrule_changelist", ()),
        ("admin:privacy_retentionrule_add", ()),
        ("admin:privacy_categoryaccess_changelist", ()),
        ("admin:accounts_enrolmentcode_add", ()),
    ]


def test_the_admin_pages_are_accessible(
    page: Any, live_server: Any, world: World, administrator: Any
) -> None:
    login(page, live_server, "beheer")
    for name, args in _pages(world):
        page.goto(url(live_server, name, *args))
        assert page.title(), name
        assert_accessible(page, name)


def test_the_admin_pages_keep_to_the_content_security_policy(
    browser: Any, live_server: Any, world: World, administrator: Any
) -> None:
    from django.conf import settings as django_settings

    context = browser.new_context(locale="en-GB", bypass_csp=False)
    context.add_cookies(
        [
            {
                "name": django_settings.LANGUAGE_COOKIE_NAME,
                "value": "en",
                "url": live_server.url,
            }
        ]
    )
    context.set_default_timeout(10_000)
    # Every refusal the browser makes is recorded on the page, from its first byte.
    context.add_init_script(
        "window.__refused = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    try:
        page = context.new_page()
        login(page, live_server, "beheer")
        for name, args in _pages(world):
            page.goto(url(live_server, name, *args))
            page.wait_for_load_state("networkidle")
            refused = page.evaluate("() => window.__refused")
            assert refused == [], f"{name}: {refused}"
        # The harness sees a refusal: an inline style attribute is refused.
        page.evaluate(
            "() => document.body.insertAdjacentHTML("
            "'beforeend', '<p style=\"color: red\">x</p>')"
        )
        page.wait_for_function("() => window.__refused.length > 0")
    finally:
        context.close()
