"""Registering residents and households."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as bsn_number

from meedoen.core.tenancy import tenant_id
from meedoen.organisations.models import Professional
from meedoen.residents.models import Household, HouseholdMember, Resident


def bsn_clean(value: str) -> str:
    """Validate a BSN with the eleven test; return it compact (nine digits)."""
    try:
        return str(bsn_number.validate(value))
    except StdnumError as exc:
        raise ValidationError(
            {
                "bsn": _(
                    "This is not a valid BSN: it must be nine digits and pass the eleven test."
                )
            }
        ) from exc


def postcode_clean(value: str) -> str:
    """A Dutch postcode as '1234 AB'."""
    compact = value.upper().replace(" ", "")
    if not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
        raise ValidationError({"postcode": _("Enter a postcode like 6822 AB.")})
    return f"{compact[:4]} {compact[4:]}"


@transaction.atomic
def household_create(
    *,
    by: Professional,
    name: str,
    members: list[tuple[Resident, str]],
    started_on: date | None = None,
) -> Household:
    """Create a household with its members. Its coordinator is not stored: it is
    the coordinator of the members' running trajectories (``casefile.households``).
    No write rule here: this floor knows no case teams; the interface goes through
    ``meedoen.casefile.households.household_start``, which checks the rule."""
    if not members:
        raise ValidationError(_("A household has at least one member."))
    if any(
        resident.municipality_id != by.municipality_id
        for resident, _relation in members
    ):
        raise ValidationError(_("All members must live in the same municipality."))
    if any(relation not in HouseholdMember.Relation.values for _r, relation in members):
        raise ValidationError({"members": _("Choose a valid relation for everyone.")})
    residents = [resident for resident, _relation in members]
    if (
        len({resident.pk for resident in residents}) != len(residents)
        or HouseholdMember.objects.filter(
            resident__in=residents, ended_on__isnull=True
        ).exists()
    ):
        raise ValidationError(
            {"members": _("A resident lives in one household; they already have one.")}
        )
    household = Household.objects.create(municipality_id=tenant_id(by), name=name)
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            household=household,
            resident=resident,
            relation=relation,
            started_on=started_on or timezone.localdate(),
        )
        for resident, relation in members
    )
    return household
