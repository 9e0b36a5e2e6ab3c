"""Lockout after failed logins (django-axes with meedoen.accounts.lockout): keyed on
the username together with the client's address, so a stranger elsewhere cannot lock a
professional out; and a slower limit per username over all addresses against
spraying and distributed guessing. Behind a reverse proxy the client's address comes
from X-Forwarded-For, counted from the right by the number of trusted proxies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

PASSWORD = "correct-horse-battery"  # the factories' password
STEP = "login_view-current_step"
PAIR_LIMIT = settings.AXES_FAILURE_LIMIT
USERNAME_LIMIT = settings.MEEDOEN_USERNAME_FAILURE_LIMIT


def attempt(client, password=PASSWORD, username="coordinator", **meta):
    """One password attempt; meta sets REMOTE_ADDR or HTTP_X_FORWARDED_FOR."""
    return client.post(
        reverse("login"),
        {STEP: "auth", "auth-username": username, "auth-password": password},
        **meta,
    )


def fail(client, times, **meta):
    for _ in range(times):
        response = attempt(client, "wrong", **meta)
        assert response.status_code in (200, 429)


def logged_in_or_asked_for_code(response) -> bool:
    """The password was accepted: the token step or, without a device, the redirect."""
    return response.status_code == 302 or (
        response.status_code == 200 and "token-otp_token" in response.content.decode()
    )


@pytest.fixture
def here():
    return {"REMOTE_ADDR": "192.0.2.10"}


@pytest.fixture
def elsewhere():
    return {"REMOTE_ADDR": "198.51.100.20"}


def test_the_settings_are_the_documented_ones():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert PAIR_LIMIT == 5
    assert USERNAME_LIMIT == 20
    assert settings.AXES_COOLOFF_TIME == 0.25
    assert timedelta(hours=24) == settings.MEEDOEN_USERNAME_FAILURE_WINDOW


def test_five_failures_lock_the_username_at_that_address(client, coordinator, here):
    fail(client, PAIR_LIMIT, **here)
    response = attempt(client, **here)  # the right password, too late
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, coordinator, here):
    fail(client, PAIR_LIMIT - 1, **here)
    assert logged_in_or_asked_for_code(attempt(client, **here))


def test_a_stranger_elsewhere_does_not_lock_the_professional_out(
    client, coordinator, here, elsewhere
):
    fail(client, PAIR_LIMIT + 3, **elsewhere)  # the stranger, locked at their address
    assert attempt(client, **elsewhere).status_code == 429
    client.cookies.clear()
    assert logged_in_or_asked_for_code(attempt(client, **here))


def test_the_lock_lifts_after_the_cool_off(client, coordinator, here):
    fail(client, PAIR_LIMIT, **here)
    assert attempt(client, **here).status_code == 429
    with freeze_time(timezone.now() + timedelta(minutes=16)):
        assert logged_in_or_asked_for_code(attempt(client, **here))


def test_attempts_during_a_lock_do_not_extend_it(client, coordinator, here):
    fail(client, PAIR_LIMIT, **here)
    with freeze_time(timezone.now() + timedelta(minutes=10)):
        fail(client, 3, **here)
    with freeze_time(timezone.now() + timedelta(minutes=16)):
        assert logged_in_or_asked_for_code(attempt(client, **here))


def spray(client, failures: int) -> None:
    """Failures for one username from many addresses, each below the pair limit."""
    per_address = PAIR_LIMIT - 1
    for n in range(failures):
        fail(client, 1, REMOTE_ADDR=f"203.0.113.{n // per_address + 1}")


def test_twenty_failures_over_many_addresses_lock_the_username(
    client, coordinator, here
):
    spray(client, USERNAME_LIMIT)
    assert AccessFailureLog.objects.filter(username="coordinator").count() == 20
    response = attempt(client, **here)  # a fresh address, the right password
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_nineteen_failures_over_many_addresses_do_not(client, coordinator, here):
    spray(client, USERNAME_LIMIT - 1)
    assert logged_in_or_asked_for_code(attempt(client, **here))


def test_the_username_lock_is_longer_and_then_lifts(client, coordinator, here):
    spray(client, USERNAME_LIMIT)
    with freeze_time(timezone.now() + timedelta(hours=2)):
        assert attempt(client, **here).status_code == 429
    with freeze_time(timezone.now() + timedelta(hours=25)):
        assert logged_in_or_asked_for_code(attempt(client, **here))


def test_the_username_lock_is_for_that_username_only(client, coordinator, outsider):
    spray(client, USERNAME_LIMIT)
    assert logged_in_or_asked_for_code(
        attempt(client, username="outsider", REMOTE_ADDR="203.0.113.1")
    )


def test_unlocking_a_username_clears_both_limits(client, coordinator, here):
    spray(client, USERNAME_LIMIT)
    fail(client, PAIR_LIMIT, **here)
    call_command("axes_reset_username", "coordinator", verbosity=0)
    assert not AccessAttempt.objects.filter(username="coordinator").exists()
    assert logged_in_or_asked_for_code(attempt(client, **here))


# Behind a reverse proxy


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_clients_are_told_apart_by_forwarded_for(client, coordinator):
    proxy = "10.0.0.1"
    stranger = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    professional = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.10"}
    fail(client, PAIR_LIMIT, **stranger)
    assert attempt(client, **stranger).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.20"
    client.cookies.clear()
    assert logged_in_or_asked_for_code(attempt(client, **professional))


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forged_forwarded_for_entry_does_not_escape_the_lock(client, coordinator):
    """What the client sends in X-Forwarded-For comes before what the proxy appends;
    only the proxy's entry counts."""
    for n in range(PAIR_LIMIT):
        forged = {
            "REMOTE_ADDR": "10.0.0.1",
            "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}, 198.51.100.20",
        }
        fail(client, 1, **forged)
    assert attempt(client, **forged).status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_proxies(client, coordinator):
    chain = {
        "REMOTE_ADDR": "10.0.0.2",
        "HTTP_X_FORWARDED_FOR": "1.1.1.1, 198.51.100.20, 10.0.0.1",
    }
    fail(client, 1, **chain)
    assert AccessAttempt.objects.get().ip_address == "198.51.100.20"


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, coordinator):
    assert settings.TRUSTED_PROXY_COUNT == 0
    fail(client, 1, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert AccessAttempt.objects.get().ip_address == "192.0.2.10"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_request_that_bypassed_the_proxy_counts_on_its_own_address(
    client, coordinator
):
    fail(client, 1, REMOTE_ADDR="192.0.2.10")
    assert AccessAttempt.objects.get().ip_address == "192.0.2.10"
