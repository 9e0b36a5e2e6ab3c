"""Research export keys and the pseudonymised per-resident research export.

The export holds no direct identifiers: no name, citizen service number, address,
contact details or exact birth date. A resident is a pseudonym, HMAC-SHA256 of the
resident's id under the key's secret, truncated to 16 hex characters: the same key
gives the same pseudonym, another key an unlinkable one. Every resident in the export
is recorded in the audit trail as an export, in batches."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.organisations.models import Professional
from meedoen.outcomes import indicators
from meedoen.outcomes.indicators import Population
from meedoen.outcomes.models import ResearchExportKey

PSEUDONYM_LENGTH = 16
AUDIT_BATCH = 1000
RESEARCH_COLUMNS = [
    "pseudonym",
    "birth_year",
    "neighbourhood",
    "journey",
    "started_on",
    "stage",
    "closed_on",
    "closure_reason",
    "baseline_rung",
    "six_month_rung",
    "latest_rung",
    "paid_work_16h",
    "started_education",
]


def require_policy_adviser(user: Any) -> None:
    if getattr(user, "role", None) != Professional.Role.POLICY_ADVISER or not getattr(
        user, "municipality_id", None
    ):
        raise PermissionDenied


def research_key_create(*, name: str, by: Professional) -> ResearchExportKey:
    require_policy_adviser(by)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name.")})
    try:
        with transaction.atomic():
            return ResearchExportKey.objects.create(
                municipality_id=int(by.municipality_id or 0), name=name, created_by=by
            )
    except IntegrityError:
        raise ValidationError(
            {"name": _("A key with this name already exists.")}
        ) from None


def pseudonym(key: ResearchExportKey, resident_id: int) -> str:
    digest = hmac.new(
        key.secret.encode(), str(resident_id).encode(), hashlib.sha256
    ).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def research_rows(key: ResearchExportKey, pop: Population) -> list[list[Any]]:
    """One row per trajectory of the cohort (a resident with two trajectories has two
    rows with the same pseudonym), in one query."""
    if key.municipality_id != pop.municipality_id:
        raise PermissionDenied
    qs = (
        indicators.trajectories(pop)
        .annotate(
            paid=indicators.with_work("paid_work", pop.end),
            edu=indicators.with_work("education", pop.end),
        )
        .values_list(
            "resident_id",
            "resident__birth_date__year",
            "resident__neighbourhood__name",
            "template__name",
            "started_on",
            "stage__name",
            "closed_on",
            "closure_reason",
            "ladder__baseline_rung",
            "ladder__six_month_rung",
            "ladder__latest_rung",
            "paid",
            "edu",
        )
        .order_by("started_on", "pk")
    )
    rows = []
    for resident_id, *rest in qs:
        row = [pseudonym(key, resident_id), *rest]
        row[-2] = "yes" if row[-2] else "no"
        row[-1] = "yes" if row[-1] else "no"
        rows.append([resident_id, row])
    return rows


def _events(
    user: Professional, key: ResearchExportKey, resident_ids: list[int]
) -> Iterator[dict[str, Any]]:
    for resident_id in resident_ids:
        yield {
            "professional_id": user.pk,
            "municipality_id": user.municipality_id,
            "resident_id": resident_id,
            "action": AccessEvent.Action.EXPORT,
            "category": Category.WORK,
            "basis": f"research export key {key.name}"[:300],
            "via": "outcomes:research_export",
        }


def research_export(
    *, key: ResearchExportKey, pop: Population, by: Professional
) -> list[list[Any]]:
    """The export rows (header first); every resident in it recorded as exported."""
    require_policy_adviser(by)
    if key.municipality_id != by.municipality_id:
        raise PermissionDenied
    pairs = research_rows(key, pop)
    resident_ids = sorted({resident_id for resident_id, _row in pairs})
    for i in range(0, len(resident_ids), AUDIT_BATCH):
        audit.append(_events(by, key, resident_ids[i : i + AUDIT_BATCH]))
    return [RESEARCH_COLUMNS, *(row for _id, row in pairs)]
