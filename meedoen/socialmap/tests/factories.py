"""Offers for tests."""

from __future__ import annotations

from typing import Any

from meedoen.socialmap.models import Offer


def offer(municipality: Any, title: str, **kwargs: Any) -> Offer:
    defaults: dict[str, Any] = {
        "kind": Offer.Kind.DAY_ACTIVITY,
        "provider_name": "Buurtcentrum",
        "languages": "nl",
        "is_free": True,
    }
    defaults.update(kwargs)
    return Offer.objects.create(municipality=municipality, title=title, **defaults)
