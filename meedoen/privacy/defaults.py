"""Default policy data: which roles read which categories, the retention rules from
DOMAIN.md, and the audit chain head. Installed by migration 0002 and editable in the
admin afterwards. ``install`` takes the model classes so the migration can pass its
historical models."""

from __future__ import annotations

from typing import Any

ROLE_CATEGORIES: dict[str, list[str]] = {
    "coordinator": ["identity", "plan", "work", "income", "notes"],
    "work_coach": ["identity", "plan", "work", "notes"],
    "job_coach": ["identity", "plan", "work", "notes"],
    "income_consultant": ["identity", "plan", "income", "work", "notes"],
    "uwv_adviser": ["identity", "plan", "work", "income"],
    "debt_counsellor": ["identity", "plan", "income", "notes"],
    # Health data (AVG art. 9) only where the Wmo 2015 gives a basis: neighbourhood
    # team, Wmo consultants and care.
    "neighbourhood_worker": ["identity", "plan", "health", "notes", "justice", "work"],
    "wmo_consultant": ["identity", "plan", "health", "notes"],
    "care_worker": ["identity", "plan", "health", "notes"],
    "welfare_worker": ["identity", "plan", "work", "notes"],
    # Team leads see their team's caseload, without notes or special categories.
    "team_lead": ["identity", "plan", "work"],
}

RETENTION_RULES: list[dict[str, Any]] = [
    {
        "code": "participatiewet",
        "name": "Participatiewet-dossier",
        "legal_source": "Participatiewet; selectielijst gemeenten (ca. 10 jaar na einde)",
        "days": 3650,
        "start": "closed",
        "outcome": "anonymise",
        "applies_to_withdrawn": False,
    },
    {
        "code": "wmo",
        "name": "Wmo-dossier",
        "legal_source": "Wmo 2015 art. 5.3.4 (15 jaar na vervaardiging)",
        "days": 5475,
        "start": "created",
        "outcome": "anonymise",
        "applies_to_withdrawn": False,
    },
    {
        "code": "ingetrokken",
        "name": "Ingetrokken aanvraag",
        "legal_source": "Wmo 2015 art. 5.3.4 (6 weken na intrekking)",
        "days": 42,
        "start": "closed",
        "outcome": "destroy",
        "applies_to_withdrawn": True,
    },
]


def install(category_access: Any, retention_rule: Any, chain_head: Any) -> None:
    category_access.objects.bulk_create(
        [
            category_access(role=role, category=category)
            for role, categories in ROLE_CATEGORIES.items()
            for category in categories
        ],
        ignore_conflicts=True,
    )
    for rule in RETENTION_RULES:
        retention_rule.objects.get_or_create(code=rule["code"], defaults=rule)
    chain_head.objects.get_or_create(pk=1)


def install_current() -> None:
    """Install with the current models (tests that flush the database)."""
    from meedoen.core.models import AuditChainHead
    from meedoen.privacy.models import CategoryAccess, RetentionRule

    install(CategoryAccess, RetentionRule, AuditChainHead)
