"""Intake: registering a resident starts their trajectory with one coordinator.

Registration lives here, above residents and journeys, because it ties the two: a
resident nobody works with would be visible to nobody (need-to-know rests on the case
team), so registering always starts a trajectory.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import crypto
from meedoen.core.categories import Category
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import JourneyTemplate, Trajectory
from meedoen.journeys.services import trajectory_start
from meedoen.organisations.models import Neighbourhood, Professional
from meedoen.plans.services import plan_create
from meedoen.residents.models import Household, Resident
from meedoen.residents.services import bsn_clean, postcode_clean


@transaction.atomic
def trajectory_open(
    *,
    resident: Resident,
    coordinator: Professional,
    by: Professional,
    template: JourneyTemplate | None = None,
    household: Household | None = None,
    started_on: date | None = None,
    reason: str = "",
    reason_category: str = Category.NOTES,
) -> Trajectory:
    """Start a trajectory with its coordinator on the case team and an empty plan:
    every way in (registration, a walk-in, a home visit, a return) passes here."""
    trajectory = trajectory_start(
        resident=resident,
        coordinator=coordinator,
        by=by,
        template=template,
        household=household,
        started_on=started_on,
        reason=reason,
        reason_category=reason_category,
    )
    plan_create(trajectory=trajectory)
    return trajectory


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
    reason_category: str = Category.NOTES,
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
    return trajectory_open(
        resident=resident,
        coordinator=by,
        by=by,
        reason=reason,
        reason_category=reason_category,
        started_on=started_on,
    )
