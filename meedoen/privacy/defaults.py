"""Default policy data: which roles read which categories, the national retention
rules from DOMAIN.md with their legal minimums, and the audit chain head. Installed by migration 0002 and editable in the
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


# The legal minimum retention per rule code, in days: no rule, national or municipal,
# may be shorter (``RetentionRule.clean`` and a database constraint).
LEGAL_MINIMUM_DAYS: dict[str, int] = {
    # Selectielijst gemeenten: the Participatiewet file ten years after its end.
    "participatiewet": 3650,
    # Wmo 2015 art. 5.3.4: fifteen years from its making.
    "wmo": 5475,
    # Awb art. 6:7: the six weeks in which the resident may still object.
    "ingetrokken": 42,
}


def install(category_access: Any, retention_rule: Any, chain_head: Any) -> None:
    category_access.objects.bulk_create(
        [
            category_access(role=role, category=category)
            for role, categories in ROLE_CATEGORIES.items()
            for category in categories
        ],
        ignore_conflicts=True,
    )
    # Migration 0002's historical model predates municipal rules and legal minimums.
    fields = {f.name for f in retention_rule._meta.get_fields()}
    for rule in RETENTION_RULES:
        lookup: dict[str, Any] = {"code": rule["code"]}
        values = dict(rule)
        if "municipality" in fields:
            lookup["municipality"] = None
        if "legal_minimum_days" in fields:
            values["legal_minimum_days"] = LEGAL_MINIMUM_DAYS.get(rule["code"], 0)
        retention_rule.objects.get_or_create(**lookup, defaults=values)
    chain_head.objects.get_or_create(pk=1)


def install_current() -> None:
    """Install with the current models (tests that flush the database)."""
    from meedoen.core.models import AuditChainHead
    from meedoen.privacy.models import CategoryAccess, RetentionRule

    install(CategoryAccess, RetentionRule, AuditChainHead)
