"""Lockout after failed logins, in two limits (django-axes does the bookkeeping).

1. Per username *and* client address: ``AXES_FAILURE_LIMIT`` failures (5) lock that
   combination for ``AXES_COOLOFF_TIME`` (15 minutes). This is axes' own count on
   ``AccessAttempt``. Someone typing wrong passwords elsewhere locks only themselves.
2. Per username over all addresses: ``MEEDOEN_USERNAME_FAILURE_LIMIT`` failures (20)
   within ``MEEDOEN_USERNAME_FAILURE_WINDOW`` (24 hours) lock the username everywhere
   until the window has moved past them. This stops guessing spread over many
   addresses (password spraying, botnets). It is counted on axes' failure log, one row
   per failure, so the window slides exactly.

Attempts made while locked are refused before the password is checked and are not
counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``), so hammering a
locked account does not prolong the lock.

The client address: without a reverse proxy it is ``REMOTE_ADDR``. Behind
``TRUSTED_PROXY_COUNT`` proxies, each appends the address it received the request from
to ``X-Forwarded-For``, so the client is the entry the outermost proxy added: the
``TRUSTED_PROXY_COUNT``-th from the right. Entries further left were sent by the client
and can be forged; they are ignored.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str | None:
    """The client's address as the trusted proxies saw it (``AXES_CLIENT_IP_CALLABLE``)."""
    remote: str | None = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    chain = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(chain) < proxies:
        # Not through all our proxies (a direct connection): its own address counts.
        return remote
    candidate = chain[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def username_failures(username: str) -> int:
    """Failed logins for this username from any address within the window."""
    since = timezone.now() - settings.MEEDOEN_USERNAME_FAILURE_WINDOW
    return AccessFailureLog.objects.filter(
        username=username, attempt_time__gte=since
    ).count()


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the second, slower limit per username."""

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        failures: int = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if (
            username
            and username_failures(username) >= settings.MEEDOEN_USERNAME_FAILURE_LIMIT
        ):
            # Locked whatever the address: report the pair limit as reached.
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        """Unlocking a username (``axes_reset_username``, ``axes_reset``) lifts the
        username limit too, by clearing its failures in the window."""
        count: int = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        failures = AccessFailureLog.objects.filter(
            attempt_time__gte=timezone.now() - settings.MEEDOEN_USERNAME_FAILURE_WINDOW
        )
        if username:
            failures = failures.filter(username=username)
        elif ip_address:
            failures = failures.none()  # an address unlock leaves usernames alone
        failures.delete()
        return count
