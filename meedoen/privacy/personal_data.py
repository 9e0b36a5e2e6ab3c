"""Consents and break-the-glass accesses are about a resident; the role configuration,
the policy and the retention rules are configuration."""

from typing import Any

from meedoen.core.categories import Category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    Sections,
    register_handler,
    registry,
)
from meedoen.privacy.models import (
    CategoryAccess,
    Consent,
    EmergencyAccess,
    PrivacyPolicy,
    RetentionRule,
)

registry.register(
    Consent,
    fields={
        # What the resident agreed to share, for what: part of the plan's ground.
        "purpose": Category.PLAN,
        "recipients": Category.PLAN,
        "valid_from": Category.PLAN,
        "valid_until": Category.PLAN,
        "withdrawn_on": Category.PLAN,
        "resident": Category.IDENTITY,
    },
    not_personal=["municipality", "recorded_by", "recorded_at"],
    resident_path="resident",
)
registry.register(
    EmergencyAccess,
    fields={"resident": Category.IDENTITY, "reason": Category.NOTES},
    not_personal=[
        "professional",
        "granted_at",
        "expires_at",
        "reviewed_at",
        "reviewed_by",
    ],
    resident_path="resident",
)
registry.not_personal(
    CategoryAccess,
    PrivacyPolicy,
    RetentionRule,
    CategoryAccess.history.model,
    PrivacyPolicy.history.model,
    RetentionRule.history.model,
)


# --- the privacy office's handler: access export and retention -------------------

REMOVED = "[verwijderd]"


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    consents = (
        Consent.objects.filter(resident=resident)
        .select_related("recorded_by__organisation")
        .prefetch_related("recipients")
        .order_by("valid_from", "pk")
    )
    for consent in consents:
        sections.row(
            consent,
            key="consents",
            title="Uw toestemming om gegevens te delen",
            ref={"consent_id": ("Nummer", consent.pk)},
            fields={
                "purpose": "Waarvoor",
                "recipients": "Met wie",
                "valid_from": "Vanaf",
                "valid_until": "Tot en met",
                "withdrawn_on": "Ingetrokken op",
                "recorded_by": "Vastgelegd door",
                "recorded_at": "Vastgelegd op",
            },
            values={
                "recipients": ", ".join(str(o) for o in consent.recipients.all()),
                "recorded_by": consent.recorded_by.label,
            },
        )
    accesses = (
        EmergencyAccess.objects.filter(resident=resident)
        .select_related("professional__organisation", "reviewed_by")
        .order_by("granted_at", "pk")
    )
    for access in accesses:
        sections.row(
            access,
            key="emergency_accesses",
            title="Toegang tot uw dossier in een noodgeval",
            fields={
                "professional": "Wie",
                "reason": "Reden",
                "granted_at": "Vanaf",
                "expires_at": "Tot",
                "reviewed_at": "Gecontroleerd op",
                "reviewed_by": "Gecontroleerd door",
            },
            values={"professional": access.professional.label},
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    """Consents go (what the resident agreed to share is about them); of emergency
    accesses who and when stay, the reason goes."""
    Consent.objects.filter(resident=resident).delete()
    EmergencyAccess.objects.filter(resident=resident).update(reason=REMOVED)


def destroy(resident: Any, case_ids: list[int]) -> None:
    Consent.objects.filter(resident=resident).delete()
    EmergencyAccess.objects.filter(resident=resident).delete()


register_handler(
    Handler(
        name="privacy",
        models=(Consent, EmergencyAccess),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
