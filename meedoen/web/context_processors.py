"""What the navigation may offer: derived from the same rule as the privacy door."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from meedoen.privacy.scope import has_resident_scope


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"has_resident_scope": has_resident_scope(request.user)}
