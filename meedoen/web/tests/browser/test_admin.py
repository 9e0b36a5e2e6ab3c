"""The admin (/beheer/) in a real browser, as a functional administrator: axe-core
finds no violations on a handful of its pages, and under the real Content Security
Policy (not bypassed) the browser reports no refused style or script. Run this file on
its own (it opens every admin page twice)."""

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


def _every_page() -> list[str]:
    """Every admin page: the index, each app's index, and each model's list, add,
    change and history page (the pages the signed-in user cannot open are skipped)."""
    from django.contrib import admin
    from django.urls import reverse

    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        if (obj := model._default_manager.first()) is not None:
            pages += [
                reverse(f"{prefix}_change", args=[obj.pk]),
                reverse(f"{prefix}_history", args=[obj.pk]),
            ]
    apps = {model._meta.app_label for model in admin.site._registry}
    pages += [reverse("admin:app_list", args=[app]) for app in sorted(apps)]
    return pages


@pytest.mark.parametrize("superuser", [False, True])
def test_every_admin_page_is_accessible(
    page: Any, live_server: Any, world: World, administrator: Any, superuser: bool
) -> None:
    """The tester's axe run found missing labels on 45 admin pages."""
    if superuser:
        administrator.is_superuser = True
        administrator.save(update_fields=["is_superuser"])
    login(page, live_server, "beheer")
    checked = 0
    for path in _every_page():
        response = page.goto(live_server.url + path)
        if response is None or response.status != 200:
            continue
        assert page.title(), path
        assert_accessible(page, path)
        checked += 1
    assert checked >= (60 if superuser else 30), checked


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
