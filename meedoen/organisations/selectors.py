"""Reads of the municipality's own set-up, for choices on forms: neighbourhoods,
organisations and colleagues. None of it is personal data of residents; everything is
limited to the user's municipality (the tenant)."""

from __future__ import annotations

from django.db.models import QuerySet

from meedoen.core.tenancy import tenant_id
from meedoen.organisations.models import Neighbourhood, Organisation, Professional


def neighbourhoods_for(user: Professional) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(municipality_id=tenant_id(user))


def organisations_for(user: Professional) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality_id=tenant_id(user))


def colleagues_for(user: Professional) -> QuerySet[Professional]:
    """Active professionals of the user's municipality who work for an organisation:
    the people who can join a case team, take over coordination or sit at the table."""
    return (
        Professional.objects.filter(
            municipality_id=tenant_id(user),
            is_active=True,
            organisation__isnull=False,
        )
        .select_related("organisation")
        .order_by("first_name", "last_name")
    )
