"""Recording access to personal data. Every read and write of a resident goes through
``record``; one INSERT per page however many residents it shows (``bulk_create``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from meedoen.privacy.models import AccessEvent, Category


def record(
    *,
    user: Any,
    residents: Iterable[Any],
    action: str,
    via: str,
    basis: str,
    categories: Iterable[str] = (Category.IDENTITY,),
) -> None:
    """Record that ``user`` did ``action`` on the given residents' data."""
    professional = user if getattr(user, "is_authenticated", False) else None
    categories = list(categories)
    events = [
        AccessEvent(
            professional=professional,
            municipality_id=resident.municipality_id,
            resident_id=resident.pk,
            action=action,
            category=category,
            basis=basis,
            via=via[:200],
        )
        for resident in residents
        for category in categories
    ]
    if events:
        AccessEvent.objects.bulk_create(events)
