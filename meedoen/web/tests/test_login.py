"""Logging in: password plus a TOTP code, lockout after repeated failures, the demo
way in without a phone that cannot exist in production, idle sessions expiring."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.web.tests.helpers import assert_page_basics

PASSWORD = "correct-horse-battery"
STEP = "login_view-current_step"


def _password(client, username, password=PASSWORD):
    return client.post(
        reverse("login"),
        {STEP: "auth", "auth-username": username, "auth-password": password},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def device(coordinator):
    return TOTPDevice.objects.create(user=coordinator, name="default", confirmed=True)


def test_login_page_is_public_and_accessible(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert 'for="id_auth-username"' in html
    assert 'for="id_auth-password"' in html


@override_settings(MEEDOEN_DEMO_LOGIN_WITHOUT_2FA=False)
def test_password_then_code_leads_to_the_caseload(client, device):
    response = _password(client, "coordinator")
    assert response.status_code == 200
    assert "authenticator app" in response.content.decode()
    # Not logged in yet: the code is still needed.
    assert client.get(reverse("caseload")).status_code == 302
    response = client.post(
        reverse("login"), {STEP: "token", "token-otp_token": _code(device)}
    )
    assert response.status_code == 302
    assert client.get(reverse("caseload")).status_code == 200


@override_settings(MEEDOEN_DEMO_LOGIN_WITHOUT_2FA=False)
def test_a_wrong_code_is_refused(client, device):
    _password(client, "coordinator")
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(
        reverse("login"),
        {STEP: "token", "token-otp_token": wrong},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.get(reverse("caseload")).status_code == 302


@override_settings(MEEDOEN_DEMO_LOGIN_WITHOUT_2FA=False)
def test_without_a_device_the_professional_must_enrol_first(client, coordinator):
    response = _password(client, "coordinator")
    assert response.status_code == 302
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")
    # The set-up opens only with an enrolment code (meedoen/accounts/tests).
    response = client.get(reverse("two_factor:setup"))
    assert response["Location"] == reverse("enrolment_code")
    assert client.get(reverse("enrolment_code")).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, coordinator):
    response = _password(client, "coordinator", "wrong")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account(client, coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password(client, "coordinator", "wrong")
    response = _password(client, "coordinator")  # the right password, too late
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_demo_way_in_cannot_be_enabled_in_production(db):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meedoen.conf.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "BSN_ENCRYPTION_KEY": "k",
        "BSN_HASH_KEY": "h",
        "MEEDOEN_DEMO_LOGIN_WITHOUT_2FA": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "MEEDOEN_DEMO_LOGIN_WITHOUT_2FA is for the demo only" in result.stderr


def test_sessions_expire_after_inactivity(client, coordinator):
    client.force_login(coordinator)
    client.get(reverse("caseload"))
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert 0 < client.session.get_expiry_age() <= 30 * 60
