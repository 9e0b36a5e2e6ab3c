"""Reads of the privacy pages: consents on a resident, break-the-glass look-ups, the
audit trail for the privacy officer and "who accessed this file" for the coordinator.

Residents are found through ``meedoen.privacy.scope`` (need-to-know) except where the
page is about access *outside* need-to-know (break the glass, the privacy officer), and
then strictly within the user's own municipality. Every page runs a fixed number of
queries, and the audit trail is read in keyset pages over indexed orderings: it holds
tens of millions of rows, so nothing here counts or sorts the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, crypto, rules
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.readmodel import Reading, Record
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import CaseTeamMember
from meedoen.organisations.models import Professional
from meedoen.privacy import scope
from meedoen.privacy.door import (
    Access,
    Door,
    combined_access,
    resident_trajectories,
)
from meedoen.privacy.models import Consent, EmergencyAccess
from meedoen.privacy.services import policy_for
from meedoen.residents.models import Resident
from meedoen.residents.services import bsn_clean

FILE_ACCESS_LIMIT = 20
CONSENT_FIELDS = ("purpose", "valid_from", "valid_until", "withdrawn_on")


# The resident and the consents


def resident_for(user: Professional, resident_id: int) -> Resident:
    """A resident the user may see; 404 otherwise, so that existence does not leak."""
    try:
        return scope.visible_residents(user).get(pk=resident_id)
    except Resident.DoesNotExist:
        raise Http404 from None


def on_resident_team(user: Professional, resident: Resident) -> bool:
    """Whether the user personally is on one of the resident's case teams today."""
    return (
        scope.active_memberships()
        .filter(
            trajectory__resident=resident,
            trajectory__municipality_id=tenant_id(user),
            professional_id=user.pk,
        )
        .exists()
    )


def _access(user: Professional, resident_id: int) -> tuple[Resident, Access]:
    """A resident the user may see and their access to the resident as a whole (see
    ``door.combined_access``); 404 otherwise, so that existence does not leak."""
    trajectories = resident_trajectories(user, resident_id)
    access = combined_access(user, trajectories)
    if access is None:
        raise Http404
    return trajectories[0].resident, access


def resident_for_change(
    user: Professional, resident_id: int, *, via: str = "consent_add"
) -> tuple[Resident, Record]:
    """As ``resident_for``, for a change: only members of one of the resident's case
    teams record or withdraw consent (403 for a team lead or break-the-glass; the
    service checks ``consent.change`` again). The resident for the service, and the
    name as the page shows it (audited on the user's basis)."""
    resident, access = _access(user, resident_id)
    rules.require(user, "consent.change", access)
    reading = Door(user).reading(via)
    record = reading.record(
        resident, about=access.subject, readable=access.readable, fields=("full_name",)
    )
    reading.finish(access.basis)
    return resident, record or Record({"pk": resident.pk})


def consent_status(consent: Consent, on: date | None = None) -> str:
    """``withdrawn``, ``expired``, ``future`` or ``in_force`` on a date (today)."""
    on = on or timezone.localdate()
    if consent.withdrawn_on is not None:
        return "withdrawn"
    if consent.valid_until < on:
        return "expired"
    if consent.valid_from > on:
        return "future"
    return "in_force"


def _consents(resident: Resident) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(
            resident=resident, municipality_id=resident.municipality_id
        )
        .prefetch_related(
            "recipients",
            Prefetch(
                "memberships",
                queryset=CaseTeamMember.objects.select_related(
                    "professional", "organisation"
                ).order_by("joined_on", "pk"),
            ),
        )
        .order_by("-valid_from", "-pk")
    )


def _consent_record(
    reading: Reading, access: Access, consent: Consent, today: date
) -> Record | None:
    """A consent as the reader may see it: purpose, period and status, the
    organisations and the case-team members resting on it (all of the plan's
    category: a reader without it sees none of it)."""
    if Category.PLAN not in access.readable:
        return None
    about, readable = access.subject, access.readable
    members = [
        reading.record(
            m,
            about=about,
            readable=readable,
            fields=("professional", "organisation", "ended_on"),
        )
        for m in consent.memberships.all()
    ]
    recipients = [str(o) for o in consent.recipients.all()]
    if recipients:
        reading.note(about, {Category.PLAN})
    return reading.record(
        consent,
        about=about,
        readable=readable,
        fields=CONSENT_FIELDS,
        extra={
            "status": consent_status(consent, today),
            "recipients": recipients,
            "members": [m for m in members if m is not None],
        },
    )


@dataclass
class ResidentConsents:
    resident_id: int
    resident: Record
    access: Access
    can: frozenset[str]
    consents: list[Record] = field(default_factory=list)

    @property
    def can_change(self) -> bool:
        return "consent.change" in self.can


def consents_for(
    user: Professional, resident_id: int, *, via: str = "consent_list"
) -> ResidentConsents:
    """The consents of a resident the user may see, as read models with their
    ``status``, audited with exactly the categories shown on the user's basis."""
    resident, access = _access(user, resident_id)
    door = Door(user)
    reading = door.reading(via)
    today = timezone.localdate()
    name = reading.record(
        resident, about=access.subject, readable=access.readable, fields=("full_name",)
    )
    records = [_consent_record(reading, access, c, today) for c in _consents(resident)]
    data = ResidentConsents(
        resident_id=resident.pk,
        resident=name or Record({"pk": resident.pk}),
        access=access,
        can=rules.permitted(user, access, ["consent.change"]),
        consents=[r for r in records if r is not None],
    )
    reading.finish(access.basis)
    return data


def consent_for_change(user: Professional, consent_id: int) -> Consent:
    """A consent of a resident the user may change; 404 when the user may not see the
    resident, 403 when they see it but the write rule ``consent.change`` does not let
    them (not on its case team)."""
    try:
        consent = Consent.objects.select_related("resident").get(
            pk=consent_id,
            municipality_id=tenant_id(user),
            resident__in=scope.visible_residents(user),
        )
    except Consent.DoesNotExist:
        raise Http404 from None
    rules.require(user, "consent.change", _access(user, consent.resident_id)[1])
    return consent


@dataclass
class ConsentView:
    resident: Record
    consent: Record


def consent_detail(
    user: Professional, consent: Consent, *, via: str = "consent_withdraw"
) -> ConsentView:
    """The consent with its organisations and the memberships resting on it, as read
    models, audited on the user's basis."""
    resident, access = _access(user, consent.resident_id)
    reading = Door(user).reading(via)
    loaded = _consents(resident).get(pk=consent.pk)
    name = reading.record(
        resident,
        about=access.subject,
        readable=access.readable,
        fields=("full_name",),
    )
    record = _consent_record(reading, access, loaded, timezone.localdate())
    reading.finish(access.basis)
    if record is None:  # a reader without the plan's category changes no consent
        raise PermissionDenied
    return ConsentView(
        resident=name or Record({"pk": consent.resident_id}), consent=record
    )


# Break the glass


def bsn_or_number(query: str) -> tuple[str, str]:
    """Parse what the user typed: ("bsn", compact BSN) or ("number", digits)."""
    compact = query.replace(" ", "").replace(".", "")
    # isdecimal also holds for other scripts' digits; ASCII only, and no number longer
    # than the database's integers (a 20-digit number is nobody's, not an error).
    if not (compact.isascii() and compact.isdigit()) or len(compact) > 18:
        raise ValidationError({"resident": _("Enter a BSN or a resident number.")})
    if len(compact) in (8, 9):
        try:
            return "bsn", bsn_clean(compact)
        except ValidationError:
            pass
    return "number", compact


def residents_matching(user: Professional, query: str) -> QuerySet[Resident]:
    """Residents of the user's municipality with this exact BSN (by its keyed hash) or
    resident number, whether or not the user may see them. Only for break the glass and
    the privacy officer: callers show no personal data from it without a decision."""
    kind, value = bsn_or_number(query)
    residents = Resident.objects.filter(municipality_id=tenant_id(user))
    if kind == "bsn":
        return residents.filter(bsn_hash=crypto.blind_index(value))
    return residents.filter(pk=int(value))


# The resident number the audit trail records for a look-up that found nobody.
NOBODY = 0


def emergency_candidate(user: Professional, query: str, reason: str) -> int | None:
    """The resident number for a break-the-glass request, or None. A BSN of another
    municipality gives None, exactly as an unknown BSN does. Every look-up, found or
    not, is recorded in the audit trail with the stated reason (a look-up that found
    nobody under resident number 0), so that searching for who is known is seen."""
    if not scope.has_resident_scope(user):
        raise PermissionDenied
    found = residents_matching(user, query).values_list("pk", flat=True).first()
    audit.append(
        [
            {
                "professional_id": user.pk,
                "municipality_id": tenant_id(user),
                "resident_id": found if found is not None else NOBODY,
                "action": AccessEvent.Action.LIST,
                "category": Category.IDENTITY,
                "basis": f"break_the_glass lookup: {reason}"[:300],
                "via": "emergency_access:lookup",
            }
        ]
    )
    return found


def break_glass_enabled(user: Professional) -> bool:
    """Whether the municipality allows break the glass; 403 for users who never see
    residents (administrators, privacy officers)."""
    if not scope.has_resident_scope(user):
        raise PermissionDenied
    return policy_for(tenant_id(user)).break_glass_enabled


def my_emergency_accesses(user: Professional) -> list[EmergencyAccess]:
    """The user's own break-the-glass accesses that are still running."""
    if not scope.has_resident_scope(user):
        return []
    rows = list(
        EmergencyAccess.objects.filter(
            professional_id=user.pk,
            expires_at__gt=timezone.now(),
            resident__municipality_id=tenant_id(user),
        )
        .select_related("resident")
        .order_by("-granted_at")[:20]
    )
    audit.record(
        user=user,
        residents=[a.resident for a in rows],
        action=AccessEvent.Action.LIST,
        via="emergency_access",
        basis="break_the_glass",
        categories=[Category.IDENTITY],
    )
    return rows


# Who accessed this file


def file_access_log(
    user: Professional, resident: Resident, trajectories: Any = None
) -> list[AccessEvent] | None:
    """The latest access events of a resident, for the coordinator of one of the
    resident's trajectories; None for everyone else. ``trajectories`` may be the
    already loaded (scoped) trajectories of the file, to save a query.

    One query on the (resident_id, at) index, limited to the latest
    ``FILE_ACCESS_LIMIT`` events, with the professional and organisation joined.
    """
    if not scope.has_resident_scope(user):
        return None
    if trajectories is not None:
        is_coordinator = any(
            t.coordinator_id == user.pk and t.resident_id == resident.pk
            for t in trajectories
        )
    else:
        is_coordinator = (
            scope.visible_trajectories(user)
            .filter(resident_id=resident.pk, coordinator_id=user.pk)
            .exists()
        )
    if not is_coordinator:
        return None
    return list(
        AccessEvent.objects.filter(
            resident_id=resident.pk, municipality_id=resident.municipality_id
        )
        .select_related("professional__organisation")
        .order_by("-at", "-seq")[:FILE_ACCESS_LIMIT]
    )
