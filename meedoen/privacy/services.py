"""Writes of the privacy door: consent, the basis of every share, break the glass."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, rules
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.tenancy import tenant_id
from meedoen.organisations.models import Organisation, Professional
from meedoen.privacy.door import resident_access
from meedoen.privacy.models import (
    MAX_BREAK_GLASS_HOURS,
    Consent,
    EmergencyAccess,
    PrivacyPolicy,
    ShareBasis,
)
from meedoen.privacy.scope import has_resident_scope, visible_residents
from meedoen.residents.models import Resident

MIN_REASON_LENGTH = 15


def consent_in_force(
    resident: Resident, organisation: Organisation, on: date
) -> Consent | None:
    return (
        Consent.objects.filter(
            resident=resident,
            recipients=organisation,
            withdrawn_on__isnull=True,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .order_by("-valid_until")
        .first()
    )


def sharing_basis(
    *, resident: Resident, organisation: Organisation, on: date
) -> tuple[str, Consent | None]:
    """The basis on which ``organisation`` may see ``resident``'s data: its own legal
    task, else the resident's consent in force. Without either, sharing is refused."""
    if organisation.legal_task:
        return ShareBasis.LEGAL_TASK, None
    consent = consent_in_force(resident, organisation, on)
    if consent is None:
        raise ValidationError(
            _(
                "%(organisation)s has no legal task of its own for this resident. Record "
                "the resident's consent to share with %(organisation)s first."
            )
            % {"organisation": organisation}
        )
    return ShareBasis.CONSENT, consent


@transaction.atomic
def consent_record(
    *,
    resident: Resident,
    purpose: str,
    organisations: Iterable[Organisation],
    valid_from: date,
    valid_until: date,
    by: Professional,
) -> Consent:
    rules.require(by, "consent.change", resident_access(by, resident.pk))
    organisations = list(organisations)
    errors: dict[str, str] = {}
    if not purpose.strip():
        errors["purpose"] = _("Describe the purpose, as explained to the resident.")
    if not organisations:
        errors["organisations"] = _(
            "Name the organisations the resident agrees to share with."
        )
    elif any(o.municipality_id != resident.municipality_id for o in organisations):
        errors["organisations"] = _(
            "Those organisations work for another municipality."
        )
    if valid_until < valid_from:
        errors["valid_until"] = _("The end date lies before the start date.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        municipality_id=resident.municipality_id,
        resident=resident,
        purpose=purpose.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=by,
    )
    consent.recipients.set(organisations)
    audit.record(
        user=by, residents=[resident], action=AccessEvent.Action.WRITE,
        via="consent_record", basis=f"consent #{consent.pk} recorded",
        categories=[Category.IDENTITY],
    )  # fmt: skip
    return consent


@transaction.atomic
def consent_withdraw(
    *, consent: Consent, by: Professional, on: date | None = None
) -> Consent:
    """Withdraw consent: access resting on it ends at once (scope checks it on every
    read), and the memberships that rested on it are ended for the record."""
    rules.require(by, "consent.change", resident_access(by, consent.resident_id))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    on = on or timezone.localdate()
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    consent.memberships.filter(ended_on__isnull=True).update(ended_on=on)
    audit.record(
        user=by, residents=[consent.resident], action=AccessEvent.Action.WRITE,
        via="consent_withdraw", basis=f"consent #{consent.pk} withdrawn",
        categories=[Category.IDENTITY],
    )  # fmt: skip
    return consent


def policy_for(municipality_id: int) -> PrivacyPolicy:
    policy, _created = PrivacyPolicy.objects.get_or_create(
        municipality_id=municipality_id
    )
    return policy


def emergency_reason_clean(reason: str) -> str:
    """The stated reason for break the glass, or a ValidationError on ``reason``.
    Checked before any resident is looked up, so that the answer to a short reason
    says nothing about whether the BSN is known."""
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("Explain in at least %(n)d characters why you need access.")
                % {"n": MIN_REASON_LENGTH}
            }
        )
    return reason


@transaction.atomic
def emergency_access_grant(
    *, user: Professional, resident_id: int, reason: str
) -> EmergencyAccess:
    """Break the glass: temporary access outside need-to-know, after stating a reason.
    Logged, flagged for the privacy officer, and off where the municipality says so."""
    if not has_resident_scope(user):
        raise PermissionDenied
    policy = policy_for(tenant_id(user))
    if not policy.break_glass_enabled:
        raise ValidationError(
            _("Emergency access is switched off in your municipality.")
        )
    reason = emergency_reason_clean(reason)
    try:
        resident = Resident.objects.get(pk=resident_id, municipality_id=tenant_id(user))
    except Resident.DoesNotExist:
        raise ValidationError(_("No resident found.")) from None
    if visible_residents(user).filter(pk=resident.pk).exists():
        raise ValidationError(_("You already have access to this resident."))
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        professional=user,
        resident=resident,
        reason=reason.strip(),
        granted_at=now,
        # Clamped here too: a policy row written past the admin's validation (an old
        # row, a forged write) still gives at most a day.
        expires_at=now
        + timedelta(hours=min(max(policy.break_glass_hours, 1), MAX_BREAK_GLASS_HOURS)),
    )
    audit.record(
        user=user, residents=[resident], action=AccessEvent.Action.READ,
        via="break_the_glass", basis=f"break_the_glass #{access.pk}: {access.reason}",
        categories=[Category.IDENTITY],
    )  # fmt: skip
    return access


@transaction.atomic
def emergency_access_review(
    *, access: EmergencyAccess, by: Professional
) -> EmergencyAccess:
    if (
        by.role != Professional.Role.PRIVACY_OFFICER
        or by.municipality_id != access.resident.municipality_id
    ):
        raise PermissionDenied
    access.reviewed_at = timezone.now()
    access.reviewed_by = by
    access.save(update_fields=["reviewed_at", "reviewed_by"])
    return access
