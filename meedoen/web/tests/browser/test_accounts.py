"""Enrolling the second factor in a real browser, with axe-core on every page: the
password alone leads to the enrolment-code page and nowhere else; a wrong code is
refused; the administrator's code opens the set-up of the authenticator app; after it
the professional is offered recovery codes."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from meedoen.web.tests.browser.conftest import (
    PASSWORD,
    assert_accessible,
    screenshot,
    url,
)

pytestmark = pytest.mark.browser


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def enrolment_code(world: Any, settings: Any) -> str:
    """The real two-factor login, and a code the administrator gave the coordinator."""
    from meedoen.accounts.services import enrolment_code_issue

    settings.MEEDOEN_DEMO_LOGIN_WITHOUT_2FA = False
    return enrolment_code_issue(professional=world.coordinator, by=None).code


def password_login_without_second_factor(page: Any, live_server: Any) -> None:
    """Log in with the password, as a professional without a device: the caseload
    stays closed and the enrolment-code page opens instead."""
    code_page = url(live_server, "enrolment_code")
    page.goto(url(live_server, "login"))
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(code_page)
    page.goto(url(live_server, "caseload"))
    expect(page).to_have_url(code_page)
    page.goto(url(live_server, "two_factor:setup"))
    expect(page).to_have_url(code_page)


def enter_code(page: Any, code: str) -> None:
    page.get_by_label("Enrolment code").fill(code)
    page.get_by_role("button", name="Next").click()


def fill_the_secret_code(page: Any) -> None:
    from django_otp.oath import totp

    secret = page.locator("a[href^='otpauth://']").inner_text().strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Token").fill(f"{totp(key):06d}")


def test_the_professional_enrols_with_the_code_and_makes_recovery_codes(
    page, live_server, world, enrolment_code
):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    axe: dict[str, int] = {}
    password_login_without_second_factor(page, live_server)
    # Our layout, not the package's placeholder.
    expect(page.get_by_role("link", name="Skip to main content")).to_have_count(1)
    assert_accessible(page, "enrolment code", axe)

    enter_code(page, "ABCD-EFGH-JKLM")
    expect(page.get_by_text("This code is not valid.")).to_be_visible()
    assert_accessible(page, "enrolment code: wrong code", axe)
    screenshot(page, "enrolment-code-wrong")

    enter_code(page, enrolment_code.lower())
    expect(page).to_have_url(url(live_server, "two_factor:setup"))
    assert_accessible(page, "two-factor setup: welcome", axe)
    page.get_by_role("button", name="Next").click()
    # One method (the token generator): the method step is skipped.
    expect(page.get_by_role("img", name="QR Code")).to_be_visible()
    assert_accessible(page, "two-factor setup: QR code", axe)

    page.get_by_label("Token").fill("000000")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Entered token is not valid.")).to_be_visible()
    assert_accessible(page, "two-factor setup: wrong token", axe)
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()

    fill_the_secret_code(page)
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(url(live_server, "two_factor:setup_complete"))
    assert TOTPDevice.objects.filter(user=world.coordinator, confirmed=True).exists()
    assert_accessible(page, "two-factor setup: complete", axe)

    page.get_by_role("button", name="Make my backup codes").click()
    expect(page).to_have_url(url(live_server, "two_factor:backup_tokens"))
    codes = StaticToken.objects.filter(device__user=world.coordinator)
    assert codes.count() == 10
    for code in codes:
        expect(page.get_by_text(code.token, exact=True)).to_be_visible()
    assert_accessible(page, "backup codes", axe)
    screenshot(page, "backup-codes")

    page.get_by_role("link", name="Go to meedoen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    print("axe violations per page:", axe)
