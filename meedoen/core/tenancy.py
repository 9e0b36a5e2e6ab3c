"""The tenant: every request works within one municipality, the professional's own.
Nothing crosses from one municipality to another."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def tenant_id(user: Any) -> int:
    """The municipality whose data the user works with; PermissionDenied if none."""
    municipality_id = getattr(user, "municipality_id", None)
    if not getattr(user, "is_authenticated", False) or municipality_id is None:
        raise PermissionDenied
    return int(municipality_id)
