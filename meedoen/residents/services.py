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

from meedoen.journeys.models import Trajectory
from meedoen.journeys.services import trajectory_start
from meedoen.organisations.models import Neighbourhood, Professional
from meedoen.privacy import crypto
from meedoen.privacy.scope import tenant_id
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
def resident_register(
    *,
    by: Professional,
    first_name: str,
    last_name: str,
    birth_date: date,
    bsn: str = "",
    name_prefix: str = "",
    phone: str = "",
    email: str = "",
    street: str = "",
    house_number: str = "",
    postcode: str = "",
    city: str = "",
    neighbourhood: Neighbourhood | None = None,
    reason: str = "",
    started_on: date | None = None,
) -> Trajectory:
    """Register a resident and start their trajectory with ``by`` as coordinator.

    Registering without a trajectory is not offered: need-to-know rests on the case
    team, so a resident nobody works with would be visible to nobody.
    """
    errors: dict[str, str] = {}
    if birth_date > timezone.localdate():
        errors["birth_date"] = _("The date of birth cannot lie in the future.")
    if (
        neighbourhood is not None
        and neighbourhood.municipality_id != by.municipality_id
    ):
        errors["neighbourhood"] = _("That neighbourhood lies in another municipality.")
    if postcode:
        try:
            postcode_clean(postcode)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    compact = ""
    if bsn:
        try:
            compact = bsn_clean(bsn)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        else:
            if Resident.objects.filter(
                municipality_id=tenant_id(by), bsn_hash=crypto.blind_index(compact)
            ).exists():
                errors["bsn"] = _(
                    "A resident with this BSN is already registered. Ask their coordinator "
                    "to add you to the case team."
                )
    if errors:
        raise ValidationError(errors)
    resident = Resident(
        municipality_id=tenant_id(by),
        first_name=first_name.strip(),
        name_prefix=name_prefix.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        phone=phone,
        email=email,
        street=street,
        house_number=house_number,
        postcode=postcode_clean(postcode) if postcode else "",
        city=city,
        neighbourhood=neighbourhood,
    )
    resident.set_bsn(compact)
    resident.full_clean(exclude=["municipality", "bsn_encrypted", "bsn_hash"])
    resident.save()
    return trajectory_start(
        resident=resident, coordinator=by, by=by, reason=reason, started_on=started_on
    )


@transaction.atomic
def household_create(
    *,
    by: Professional,
    name: str,
    members: list[tuple[Resident, str]],
    coordinator: Professional | None = None,
) -> Household:
    """Create a household with its members and one coordinator."""
    if not members:
        raise ValidationError(_("A household has at least one member."))
    if any(
        resident.municipality_id != by.municipality_id
        for resident, _relation in members
    ):
        raise ValidationError(_("All members must live in the same municipality."))
    if coordinator is not None and coordinator.municipality_id != by.municipality_id:
        raise ValidationError(
            {"coordinator": _("The coordinator must work for the same municipality.")}
        )
    if any(relation not in HouseholdMember.Relation.values for _r, relation in members):
        raise ValidationError({"members": _("Choose a valid relation for everyone.")})
    residents = [resident for resident, _relation in members]
    if (
        len({resident.pk for resident in residents}) != len(residents)
        or HouseholdMember.objects.filter(resident__in=residents).exists()
    ):
        raise ValidationError(
            {"members": _("A resident lives in one household; they already have one.")}
        )
    household = Household.objects.create(
        municipality_id=tenant_id(by), name=name, coordinator=coordinator or by
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(household=household, resident=resident, relation=relation)
        for resident, relation in members
    )
    return household
