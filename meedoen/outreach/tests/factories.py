"""Outreach scenes for tests: a campaign over two neighbourhoods of Arnhem with
residents at their addresses, and an activation team."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from meedoen.organisations.models import Neighbourhood
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.outreach import services
from meedoen.residents.tests.factories import ResidentFactory


def neighbourhoods(municipality: Any) -> tuple[Neighbourhood, Neighbourhood]:
    return (
        Neighbourhood.objects.get_or_create(
            municipality=municipality, name="Klarendal"
        )[0],
        Neighbourhood.objects.get_or_create(
            municipality=municipality, name="Presikhaaf"
        )[0],
    )


def residents_at(
    municipality: Any, neighbourhood: Neighbourhood, n: int, street: str
) -> list[Any]:
    return [
        ResidentFactory(
            municipality=municipality,
            neighbourhood=neighbourhood,
            street=street,
            house_number=str(i + 1),
            postcode="6822 AB",
        )
        for i in range(n)
    ]


def campaign(coordinator: Any, *areas: Neighbourhood, **kwargs: Any) -> Any:
    today = timezone.localdate()
    return services.campaign_create(
        by=coordinator,
        name=kwargs.pop("name", "Huisbezoeken Klarendal"),
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=60),
        neighbourhoods=list(areas),
        goal="De professionals terug naar één",
        **kwargs,
    )


def worker(municipality: Any, **kwargs: Any) -> Any:
    return ProfessionalFactory(municipality=municipality, **kwargs)
