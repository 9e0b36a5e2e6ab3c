"""Retention: list what is due and anonymise or destroy it, keeping figures intact.

Rules are data (``RetentionRule``, defaults in ``defaults.RETENTION_RULES``), per
municipality: the national rules (no municipality), each replaced by the resident's
municipality's rule with the same code where it has one. A municipal rule only
lengthens: the engine takes the longest of the municipal term, the national term and
the legal minimum, whatever a row says (``rules_for``). Which rule governs a
trajectory:

- a trajectory closed with closure reason "withdrawn" uses the rule with
  ``applies_to_withdrawn`` (default ``ingetrokken``: destroy, 42 days after closure);
- otherwise the rule is chosen by the journey template's name: a name containing
  "Wmo" (any case) uses the rule with code ``wmo`` (15 years from the start), every
  other template uses ``participatiewet`` (10 years from closure). This mapping is
  code (``rule_code_for``); the periods, start moments and outcomes are data.

A trajectory is due when it is closed and ``start + days`` lies on or before today,
where start is ``started_on`` or ``closed_on`` per the rule. Open trajectories are
never due: a file that is still being worked on is still needed. A resident is due
only when they have at least one trajectory and all of them are due.

Per resident: when every trajectory's rule says destroy, everything personal is
deleted. When any trajectory's rule says anonymise, the whole resident is anonymised
and the rule reported is the anonymising one (mixed cases keep the figures of the
longer-kept file).

The engine knows no domain model. The files (trajectories) come from the handlers'
``cases``; what anonymising or destroying means for each app's rows is that app's
handler (``meedoen.core.personal_data``, each app's ``personal_data.py``), called in
the order the foreign keys demand (``ordered_handlers``: agenda items before the
trajectories they PROTECT, trajectories before the resident). Anonymising keeps what
reach, time per stage and outcomes need; names, BSN, contact details, free texts,
consents and histories go. An anonymised resident (``Resident.objects.anonymised()``)
is not listed again.

The audit trail (AccessEvent) is never touched: it holds plain resident ids, its
chain must stay intact, and its table refuses UPDATE and DELETE anyway. Every resident
is handled in one transaction, with its audit event (WRITE, via
``command:retention_apply``, basis = rule code) inside it.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.personal_data import RetentionCase, handlers, ordered_handlers
from meedoen.privacy.models import RetentionRule
from meedoen.residents.models import Resident

VIA = "command:retention_apply"
WMO = "wmo"
PARTICIPATIEWET = "participatiewet"


def rule_code_for(template_name: str) -> str:
    """The retention rule of a (not withdrawn) trajectory, by its journey's name."""
    return WMO if "wmo" in template_name.lower() else PARTICIPATIEWET


def _due_on(case: RetentionCase, rule: RetentionRule) -> date | None:
    if case.closed_on is None:
        return None
    start = (
        case.started_on
        if rule.start == RetentionRule.Start.CREATED
        else (case.closed_on)
    )
    return start + timedelta(days=rule.days)


@dataclass
class DueTrajectory:
    trajectory_id: int
    rule: str
    due_on: date


@dataclass
class DueItem:
    """One resident all of whose trajectories are past their retention period."""

    resident_id: int
    municipality_id: int
    rule: str
    outcome: str
    trajectories: list[DueTrajectory]

    @property
    def trajectory_ids(self) -> list[int]:
        return [t.trajectory_id for t in self.trajectories]


def _rule_for(
    case: RetentionCase,
    rules: dict[str, RetentionRule],
    withdrawn_rule: RetentionRule | None,
) -> RetentionRule | None:
    if case.withdrawn:
        return withdrawn_rule
    return rules.get(rule_code_for(case.label))


@dataclass
class MunicipalRules:
    """The rules in force in one municipality."""

    by_code: dict[str, RetentionRule]
    withdrawn: RetentionRule | None


def rules_for(municipality_id: int) -> MunicipalRules:
    """The national rules, lengthened where the municipality keeps files longer. The
    rules returned are not saved: their ``days`` is the term in force."""
    national = {r.code: r for r in RetentionRule.objects.filter(municipality=None)}
    own = {
        r.code: r
        for r in RetentionRule.objects.filter(
            municipality_id=municipality_id, code__in=national
        )
    }
    by_code: dict[str, RetentionRule] = {}
    for code, rule in national.items():
        governing = own.get(code, rule)
        governing.days = max(governing.days, rule.days, rule.minimum_days())
        by_code[code] = governing
    withdrawn = next((r for r in by_code.values() if r.applies_to_withdrawn), None)
    return MunicipalRules(by_code, withdrawn)


def _cases_by_resident() -> Iterator[tuple[int, list[RetentionCase]]]:
    """All handlers' cases, grouped by resident (each handler yields them ordered by
    resident, so this streams)."""
    streams = [h.cases() for h in handlers.values() if h.cases is not None]
    merged = heapq.merge(*streams, key=lambda c: c.resident_id)
    for resident_id, cases in itertools.groupby(merged, key=lambda c: c.resident_id):
        yield resident_id, list(cases)


def due(today: date | None = None) -> list[DueItem]:
    """Residents whose every trajectory has passed its retention period."""
    today = today or timezone.localdate()
    in_force: dict[int, MunicipalRules] = {}
    anonymised = set(Resident.objects.anonymised().values_list("pk", flat=True))
    items: list[DueItem] = []
    for resident_id, cases in _cases_by_resident():
        if resident_id in anonymised:
            continue
        due_trajectories: list[tuple[DueTrajectory, RetentionRule]] = []
        for case in cases:
            if case.municipality_id not in in_force:
                in_force[case.municipality_id] = rules_for(case.municipality_id)
            rules = in_force[case.municipality_id]
            rule = _rule_for(case, rules.by_code, rules.withdrawn)
            due_on = _due_on(case, rule) if rule is not None else None
            if rule is None or due_on is None or due_on > today:
                break
            due_trajectories.append(
                (DueTrajectory(case.case_id, rule.code, due_on), rule)
            )
        else:
            if not due_trajectories:
                continue
            anonymising = [
                (d, r)
                for d, r in due_trajectories
                if r.outcome == RetentionRule.Outcome.ANONYMISE
            ]
            # Mixed: anonymise, reported under the anonymising rule due last.
            _d, governing = max(
                anonymising or due_trajectories, key=lambda pair: pair[0].due_on
            )
            items.append(
                DueItem(
                    resident_id=resident_id,
                    municipality_id=cases[0].municipality_id,
                    rule=governing.code,
                    outcome=RetentionRule.Outcome.ANONYMISE
                    if anonymising
                    else RetentionRule.Outcome.DESTROY,
                    trajectories=[d for d, _r in due_trajectories],
                )
            )
    return items


@dataclass
class RuleReport:
    code: str
    name: str
    outcome: str
    residents: int = 0
    trajectories: int = 0
    anonymised: int = 0
    destroyed: int = 0
    resident_ids: list[int] = field(default_factory=list)


@dataclass
class Report:
    dry_run: bool
    rules: dict[str, RuleReport] = field(default_factory=dict)

    @property
    def residents(self) -> int:
        return sum(r.residents for r in self.rules.values())

    def lines(self, *, with_ids: bool = False) -> list[str]:
        head = "Dry run: nothing changed." if self.dry_run else "Retention applied."
        out = [head]
        for r in self.rules.values():
            if self.dry_run:
                done = f"would {r.outcome}"
            else:
                done = f"anonymised {r.anonymised}, destroyed {r.destroyed}"
            out.append(
                f"{r.code} ({r.name}): {r.residents} residents, "
                f"{r.trajectories} trajectories due; {done}"
            )
            if with_ids and r.resident_ids:
                out.append("  residents: " + ", ".join(map(str, r.resident_ids)))
        return out


def apply(
    items: list[DueItem], *, dry_run: bool = True, via: str = VIA, by: Any = None
) -> Report:
    """Anonymise or destroy what is due. A dry run only reports."""
    rules = {r.code: r for r in RetentionRule.objects.filter(municipality=None)}
    report = Report(dry_run=dry_run)
    for code, rule in rules.items():
        report.rules[code] = RuleReport(code, rule.name, rule.outcome)
    for item in items:
        rule_report = report.rules.setdefault(
            item.rule, RuleReport(item.rule, item.rule, item.outcome)
        )
        rule_report.residents += 1
        rule_report.trajectories += len(item.trajectories)
        rule_report.resident_ids.append(item.resident_id)
        if dry_run:
            continue
        with transaction.atomic():
            resident = (
                Resident.objects.select_for_update().filter(pk=item.resident_id).first()
            )
            if resident is None:
                continue
            # Recorded first: the resident row is still there to name.
            audit.record(
                user=by,
                residents=[resident],
                action=AccessEvent.Action.WRITE,
                via=via,
                basis=item.rule,
                categories=Category.values,
            )
            destroy = item.outcome == RetentionRule.Outcome.DESTROY
            for handler in ordered_handlers():
                step = handler.destroy if destroy else handler.anonymise
                if step is not None:
                    step(resident, item.trajectory_ids)
            if destroy:
                rule_report.destroyed += 1
            else:
                rule_report.anonymised += 1
    return report
