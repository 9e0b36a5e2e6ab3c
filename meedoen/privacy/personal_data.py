"""Consents and break-the-glass accesses are about a resident; the role configuration,
the policy and the retention rules are configuration."""

from meedoen.core.categories import Category
from meedoen.core.personal_data import registry
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
registry.not_personal(CategoryAccess, PrivacyPolicy, RetentionRule)
