"""Research export keys and the pseudonymised per-resident research export.

The export holds no direct identifiers: no name, citizen service number, address,
contact details or exact birth date. A resident is a pseudonym, HMAC-SHA256 of the
resident's id under the key's secret, truncated to 16 hex characters: the same key
gives the same pseudonym, another key an unlinkable one. Birth year, area and dates
are generalised until every combination occurs for at least k residents
(``meedoen.outcomes.anonymity``); a selection of fewer than k residents is refused and
nothing is exported. The export says in its readme which generalisation it applied.
Every resident in the export is recorded in the audit trail as an export, in
batches."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.journeys.models import ClosureReason
from meedoen.organisations.models import Professional
from meedoen.outcomes import anonymity, indicators
from meedoen.outcomes.indicators import Population
from meedoen.outcomes.models import ResearchExportKey

PSEUDONYM_LENGTH = 16
AUDIT_BATCH = 1000
# (key, header): the headers in the language of the interface.
RESEARCH_COLUMNS = [
    ("pseudonym", gettext_lazy("Pseudonym")),
    ("birth_year", gettext_lazy("Birth year")),
    ("neighbourhood", gettext_lazy("Neighbourhood or district")),
    ("journey", gettext_lazy("Journey")),
    ("started_on", gettext_lazy("Started")),
    ("stage", gettext_lazy("Stage")),
    ("closed_on", gettext_lazy("Closed")),
    ("closure_reason", gettext_lazy("Closure reason")),
    ("baseline_rung", gettext_lazy("Rung at the baseline")),
    ("six_month_rung", gettext_lazy("Rung at the six-month follow-up")),
    ("latest_rung", gettext_lazy("Latest rung")),
    ("paid_work_16h", gettext_lazy("Paid work 16+ hours")),
    ("started_education", gettext_lazy("Started education")),
]


def research_headers() -> list[str]:
    return [str(label) for _key, label in RESEARCH_COLUMNS]


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


@dataclass(frozen=True)
class ResearchRow:
    """One row of the export before generalisation."""

    quasi: anonymity.Record
    journey: str
    stage: str
    closure_reason: str
    baseline_rung: int | None
    six_month_rung: int | None
    latest_rung: int | None
    paid_work: bool
    education: bool


def research_trajectories(key: ResearchExportKey, pop: Population) -> list[ResearchRow]:
    """One per trajectory of the cohort (a resident with two trajectories has two),
    in one query."""
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
            "resident__neighbourhood__parent__name",
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
        .order_by("pk")
    )
    return [
        ResearchRow(
            anonymity.Record(
                resident_id=rid,
                birth_year=year,
                neighbourhood=area or "",
                district=district or area or "",
                started_on=started,
                closed_on=closed,
            ),
            journey,
            stage,
            reason,
            baseline,
            six,
            latest,
            bool(paid),
            bool(edu),
        )
        for (
            rid,
            year,
            area,
            district,
            journey,
            started,
            stage,
            closed,
            reason,
            baseline,
            six,
            latest,
            paid,
            edu,
        ) in qs
    ]


@dataclass
class ResearchExport:
    """The file as it leaves: the header, the rows and the readme."""

    header: list[str]
    rows: list[list[Any]]
    readme: list[tuple[str, str]]
    resident_ids: list[int]
    choice: anonymity.Choice


def _closure(reason: str) -> str:
    return str(ClosureReason(reason).label) if reason else ""


def research_rows(
    key: ResearchExportKey, trajectories: list[ResearchRow], choice: anonymity.Choice
) -> list[tuple[int, list[Any]]]:
    """(resident id, row) under the chosen generalisation, without the withheld
    residents; sorted on what the file shows, so the order gives no exact dates away."""
    level = choice.level
    yes, no = _("yes"), _("no")
    rows = []
    for t in trajectories:
        q = t.quasi
        if q.resident_id in choice.withheld:
            continue
        row = [
            pseudonym(key, q.resident_id),
            level.birth_year(q.birth_year),
            level.area_name(q),
            t.journey,
            level.period(q.started_on),
            t.stage,
            level.period(q.closed_on),
            _closure(t.closure_reason),
            t.baseline_rung,
            t.six_month_rung,
            t.latest_rung,
            yes if t.paid_work else no,
            yes if t.education else no,
        ]
        rows.append((q.resident_id, row))
    rows.sort(
        key=lambda pair: [
            "" if v is None else str(v) for v in (*pair[1][1:], pair[1][0])
        ]
    )
    return rows


def _readme(
    key: ResearchExportKey,
    pop: Population,
    choice: anonymity.Choice,
    k: int,
    exported: int,
    made_on: date,
) -> list[tuple[str, str]]:
    lines = [
        (_("Research export"), key.name),
        (_("Made on"), made_on.isoformat()),
        (_("Intake cohort"), f"{pop.start.isoformat()} - {pop.end.isoformat()}"),
        (
            _("Filters"),
            _("yes: a selection within the cohort")
            if any(
                v is not None
                for v in (
                    pop.neighbourhood_id,
                    pop.team_id,
                    pop.coach_id,
                    pop.template_id,
                )
            )
            else _("none"),
        ),
        (
            _("k-anonymity"),
            _(
                "Every combination of birth year, neighbourhood and the dates of a "
                "resident's trajectories occurs for at least %(k)s residents."
            )
            % {"k": k},
        ),
        *choice.level.describe(),
        (_("Residents in the selection"), str(choice.residents)),
        (
            _("Residents withheld"),
            _(
                "%(n)s: their combination was shared by fewer than %(k)s residents "
                "even after generalisation"
            )
            % {"n": len(choice.withheld), "k": k},
        ),
        (_("Residents in the file"), str(exported)),
        (
            _("Pseudonym"),
            _(
                "The same key gives the same pseudonym for a resident; another key "
                "gives pseudonyms that cannot be linked. Rows with the same pseudonym "
                "are trajectories of one resident."
            ),
        ),
    ]
    return [(str(a), str(b)) for a, b in lines]


def research_export_make(key: ResearchExportKey, pop: Population) -> ResearchExport:
    """The export, generalised to k; ValidationError for a selection under k."""
    k = anonymity.research_k()
    trajectories = research_trajectories(key, pop)
    residents = len({t.quasi.resident_id for t in trajectories})
    if residents < k:
        raise ValidationError(
            _(
                "This selection holds %(n)s residents. A research export needs at "
                "least %(k)s, so that no resident can be singled out: choose a wider "
                "selection. Nothing was exported."
            )
            % {"n": residents, "k": k},
            code="too_few",
        )
    choice = anonymity.choose([t.quasi for t in trajectories], k)
    pairs = research_rows(key, trajectories, choice)
    resident_ids = sorted({rid for rid, _row in pairs})
    return ResearchExport(
        header=research_headers(),
        rows=[row for _rid, row in pairs],
        readme=_readme(key, pop, choice, k, len(resident_ids), timezone.localdate()),
        resident_ids=resident_ids,
        choice=choice,
    )


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
) -> ResearchExport:
    """The export (header, rows, readme); every resident in it recorded as exported.
    ValidationError, and nothing recorded, for a selection under k."""
    require_policy_adviser(by)
    if key.municipality_id != by.municipality_id:
        raise PermissionDenied
    export = research_export_make(key, pop)
    ids = export.resident_ids
    for i in range(0, len(ids), AUDIT_BATCH):
        audit.append(_events(by, key, ids[i : i + AUDIT_BATCH]))
    return export
