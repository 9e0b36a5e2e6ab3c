"""Intake: registering a resident starts their trajectory with one coordinator.

Registration lives here, above residents and journeys, because it ties the two: a
resident nobody works with would be visible to nobody (need-to-know rests on the case
team), so registering always starts a trajectory.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import crypto
from meedoen.core.categories import Category
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import AccessRequest, JourneyTemplate, Trajectory
from meedoen.journeys.services import access_request_make, trajectory_start
from meedoen.organisations.models import Neighbourhood, Professional
from meedoen.plans.services import plan_create
from meedoen.residents import names
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
    is_return: bool | None = None,
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
        is_return=is_return,
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
    template: JourneyTemplate | None = None,
    confirmed_new: bool = False,
    question: int | None = None,
) -> Trajectory:
    """Register a resident and start their trajectory with ``by`` as coordinator.

    Registering without a trajectory is not offered: need-to-know rests on the case
    team, so a resident nobody works with would be visible to nobody.

    Before a new resident is made, residents who may be the same person are looked
    for (``duplicates_for``): the same BSN, or the same name or address with the same
    birth date. Then ``PossibleDuplicate`` is raised, and the registrar chooses:
    a return for a resident whose trajectories all closed, a request to join the
    running trajectory's case team, or (not for the same BSN) ``confirmed_new``.
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
    if errors:
        raise ValidationError(errors)
    candidates, same_bsn = duplicates_for(
        by=by,
        first_name=first_name,
        name_prefix=name_prefix,
        last_name=last_name,
        birth_date=birth_date,
        bsn=compact,
        postcode=postcode,
        house_number=house_number,
    )
    if candidates and (same_bsn or not confirmed_new):
        raise PossibleDuplicate(candidates, same_bsn)
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
        template=template,
        reason=reason,
        reason_category=reason_category,
        started_on=started_on,
    )


class PossibleDuplicate(ValidationError):
    """The person being registered may already be known: nothing was saved."""

    def __init__(self, candidates: list[Resident], same_bsn: bool) -> None:
        message = (
            _("A resident with this BSN is already registered.")
            if same_bsn
            else _(
                "This person may already be registered. Check the residents below "
                "before you register someone new."
            )
        )
        super().__init__({"bsn" if same_bsn else NON_FIELD_ERRORS: [message]})
        self.candidates = candidates
        self.same_bsn = same_bsn


def duplicates_for(
    *,
    by: Professional,
    first_name: str,
    last_name: str,
    birth_date: date,
    name_prefix: str = "",
    bsn: str = "",
    postcode: str = "",
    house_number: str = "",
) -> tuple[list[Resident], bool]:
    """Residents of the municipality who may be this person: the same BSN; or the same
    birth date with the same name (accents, case and prefix aside) or the same
    surname, or at the same address. Returns them and whether the BSN matched. The
    caller shows them only through ``casefile.selectors.duplicate_candidates``, which
    records that they were seen and why."""
    same_person = Q(
        birth_date=birth_date,
        search_key=names.search_key(first_name, name_prefix, last_name),
    ) | Q(birth_date=birth_date, sort_key__startswith=f"{names.normalise(last_name)} ")
    if postcode and house_number:
        try:
            clean = postcode_clean(postcode)
        except ValidationError:
            clean = ""
        if clean:
            same_person |= Q(
                birth_date=birth_date,
                postcode=clean,
                house_number__iexact=house_number.strip(),
            )
    hashed = crypto.blind_index(bsn) if bsn else None
    if hashed:
        same_person |= Q(bsn_hash=hashed)
    candidates = list(
        Resident.objects.filter(same_person, municipality_id=tenant_id(by))
        .exclude(first_name="geanonimiseerd", bsn_hash="")
        .order_by("sort_key", "pk")[:10]
    )
    same_bsn = bool(hashed) and any(c.bsn_hash == hashed for c in candidates)
    return candidates, same_bsn


def _candidate(
    by: Professional, resident_id: int, evidence: dict[str, Any]
) -> Resident:
    """The resident, if it is one of the duplicates for what the registrar typed: a
    return or a request is only possible for the person actually at the desk."""
    candidates, _same = duplicates_for(by=by, **evidence)
    for resident in candidates:
        if resident.pk == resident_id:
            return resident
    raise PermissionDenied


@transaction.atomic
def trajectory_return(
    *,
    by: Professional,
    resident_id: int,
    evidence: dict[str, Any],
    template: JourneyTemplate | None = None,
    reason: str = "",
    reason_category: str = Category.NOTES,
) -> Trajectory:
    """A resident whose earlier trajectories all closed comes back: a new trajectory
    with ``by`` as coordinator, marked as a return (counted apart in reports). The
    earlier trajectories stay visible only to those who were on their teams."""
    resident = _candidate(by, resident_id, evidence)
    if Trajectory.objects.filter(resident=resident, closed_on__isnull=True).exists():
        raise ValidationError(
            _(
                "This resident has a running trajectory. Ask its coordinator to add "
                "you to the case team."
            )
        )
    return trajectory_open(
        resident=resident,
        coordinator=by,
        by=by,
        template=template,
        reason=reason,
        reason_category=reason_category,
        is_return=True,
    )


@transaction.atomic
def access_request_for_duplicate(
    *, by: Professional, resident_id: int, evidence: dict[str, Any], reason: str
) -> AccessRequest:
    """Ask the coordinator of the resident's running trajectory to be added to its
    case team (the registrar found the resident already registered)."""
    resident = _candidate(by, resident_id, evidence)
    trajectory = (
        Trajectory.objects.filter(resident=resident, closed_on__isnull=True)
        .order_by("-started_on", "-pk")
        .first()
    )
    if trajectory is None:
        raise ValidationError(
            _("This resident has no running trajectory: start a new one instead.")
        )
    return access_request_make(trajectory=trajectory, by=by, reason=reason)
