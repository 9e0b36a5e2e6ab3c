"""What the navigation may offer: derived from the same rule as the privacy door."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from meedoen.privacy.scope import has_resident_scope


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"has_resident_scope": has_resident_scope(request.user)}


# Where a role without residents' files starts (the caseload is "/" for everyone else).
ROLE_START = {
    "policy_adviser": "outcome_report",
    "privacy_officer": "audit_log",
    "administrator": "admin:index",
}


def start_url_name(user: Any) -> str | None:
    """The start page for roles that have no caseload; None for those that have one."""
    if has_resident_scope(user):
        return None
    return ROLE_START.get(getattr(user, "role", ""))
