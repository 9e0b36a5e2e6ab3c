"""Retention: list what is due and anonymise or destroy it, keeping figures intact.

Rules are data (``RetentionRule``, defaults in ``defaults.RETENTION_RULES``). Which rule
governs a trajectory:

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
deleted (plan, contacts, agenda items, trajectories, the resident record). When any
trajectory's rule says anonymise, the whole resident is anonymised and the rule
reported is the anonymising one (mixed cases keep the figures of the longer-kept file).

Anonymising keeps trajectories, stages, transitions, dates, statuses and counts so
reach, time per stage and outcomes stay countable; names, BSN, contact details,
free texts, consents and the history of goals and actions go. An anonymised resident
is recognised by the name ``geanonimiseerd`` with an empty BSN and is not listed again.

The audit trail (AccessEvent) is never touched: it holds plain resident ids and its
hash chain must stay intact. Every resident is handled in one transaction, with its
audit event (WRITE, via ``command:retention_apply``, basis = rule code) inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.journeys.models import (
    CaseTeamMember,
    ClosureReason,
    Contact,
    Handover,
    StageTransition,
    Trajectory,
)
from meedoen.meetings.models import AgendaItem, Decision
from meedoen.plans.models import Action, Goal, Plan
from meedoen.privacy.models import Consent, RetentionRule
from meedoen.residents.models import Household, HouseholdMember, Resident

ANONYMISED = "geanonimiseerd"
REMOVED = "[verwijderd]"
VIA = "command:retention_apply"
WMO = "wmo"
PARTICIPATIEWET = "participatiewet"


def rule_code_for(template_name: str) -> str:
    """The retention rule of a (not withdrawn) trajectory, by its journey's name."""
    return WMO if "wmo" in template_name.lower() else PARTICIPATIEWET


def _due_on(trajectory: Trajectory, rule: RetentionRule) -> date | None:
    if trajectory.closed_on is None:
        return None
    start = (
        trajectory.started_on
        if rule.start == RetentionRule.Start.CREATED
        else trajectory.closed_on
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
    trajectory: Trajectory,
    rules: dict[str, RetentionRule],
    withdrawn_rule: RetentionRule | None,
) -> RetentionRule | None:
    if trajectory.closure_reason == ClosureReason.WITHDRAWN:
        return withdrawn_rule
    return rules.get(rule_code_for(trajectory.template.name))


def due(today: date | None = None) -> list[DueItem]:
    """Residents whose every trajectory has passed its retention period."""
    today = today or timezone.localdate()
    rules = {r.code: r for r in RetentionRule.objects.all()}
    withdrawn_rule = next((r for r in rules.values() if r.applies_to_withdrawn), None)
    candidates = (
        Resident.objects.filter(trajectories__isnull=False)
        .exclude(trajectories__closed_on__isnull=True)
        .exclude(first_name=ANONYMISED, bsn_hash="")
        .distinct()
        .order_by("pk")
        .prefetch_related("trajectories__template")
    )
    items: list[DueItem] = []
    for resident in candidates.iterator(chunk_size=500):
        due_trajectories: list[tuple[DueTrajectory, RetentionRule]] = []
        for t in resident.trajectories.all():
            rule = _rule_for(t, rules, withdrawn_rule)
            due_on = _due_on(t, rule) if rule is not None else None
            if rule is None or due_on is None or due_on > today:
                break
            due_trajectories.append((DueTrajectory(t.pk, rule.code, due_on), rule))
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
                    resident_id=resident.pk,
                    municipality_id=resident.municipality_id,
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


def _plan_ids(trajectory_ids: list[int]) -> list[int]:
    return list(
        Plan.objects.filter(trajectory_id__in=trajectory_ids).values_list(
            "pk", flat=True
        )
    )


def _drop_history(plan_ids: list[int]) -> None:
    Goal.history.filter(plan_id__in=plan_ids).delete()
    Action.history.filter(plan_id__in=plan_ids).delete()


def _drop_consents(resident: Resident) -> None:
    consents = Consent.objects.filter(resident=resident)
    # Memberships keep their basis ("consent") but no longer point at the deleted text.
    CaseTeamMember.objects.filter(consent__in=consents).update(consent=None)
    consents.delete()


def _household(resident: Resident) -> Household | None:
    membership = HouseholdMember.objects.filter(resident=resident).first()
    return membership.household if membership else None


def _anonymise(resident: Resident) -> None:
    trajectory_ids = list(
        Trajectory.objects.filter(resident=resident).values_list("pk", flat=True)
    )
    plan_ids = _plan_ids(trajectory_ids)
    # Queryset updates: no signals, so simple-history writes no new rows.
    Resident.objects.filter(pk=resident.pk).update(
        first_name=ANONYMISED,
        name_prefix="",
        last_name=ANONYMISED,
        birth_date=date(resident.birth_date.year, 1, 1),
        bsn_encrypted="",
        bsn_hash="",
        phone="",
        email="",
        street="",
        house_number="",
        postcode="",
        city="",
    )
    Trajectory.objects.filter(pk__in=trajectory_ids).update(reason="")
    StageTransition.objects.filter(trajectory_id__in=trajectory_ids).update(reason="")
    Handover.objects.filter(trajectory_id__in=trajectory_ids).update(
        note="", decline_reason=""
    )
    Contact.objects.filter(trajectory_id__in=trajectory_ids).update(summary="")
    Plan.objects.filter(pk__in=plan_ids).update(agreement_note="")
    Goal.objects.filter(plan_id__in=plan_ids).update(description=REMOVED)
    Action.objects.filter(plan_id__in=plan_ids).update(description=REMOVED)
    items = AgendaItem.objects.filter(trajectory_id__in=trajectory_ids)
    Decision.objects.filter(agenda_item__in=items).update(text="")
    items.update(notes="", question="")
    _drop_history(plan_ids)
    _drop_consents(resident)
    household = _household(resident)
    if household is not None:
        Household.objects.filter(pk=household.pk).update(name="")


def _destroy(resident: Resident) -> None:
    """Delete the resident's personal data entirely, PROTECTed references first."""
    trajectory_ids = list(
        Trajectory.objects.filter(resident=resident).values_list("pk", flat=True)
    )
    plan_ids = _plan_ids(trajectory_ids)
    household = _household(resident)
    # Agenda items PROTECT their trajectory; their decisions cascade.
    AgendaItem.objects.filter(trajectory_id__in=trajectory_ids).delete()
    Action.objects.filter(plan_id__in=plan_ids).delete()
    Goal.objects.filter(plan_id__in=plan_ids).delete()
    # Deleting goals and actions writes "deleted" history rows: drop all history after.
    _drop_history(plan_ids)
    # Cascades: plan, transitions, case team, hand-overs, contacts.
    Trajectory.objects.filter(pk__in=trajectory_ids).delete()
    _drop_consents(resident)
    # Cascades: emergency accesses, household membership.
    Resident.objects.filter(pk=resident.pk).delete()
    if (
        household is not None
        and not household.members.exists()
        and not household.trajectories.exists()
    ):
        household.delete()


def apply(
    items: list[DueItem], *, dry_run: bool = True, via: str = VIA, by: Any = None
) -> Report:
    """Anonymise or destroy what is due. A dry run only reports."""
    rules = {r.code: r for r in RetentionRule.objects.all()}
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
            if item.outcome == RetentionRule.Outcome.DESTROY:
                _destroy(resident)
                rule_report.destroyed += 1
            else:
                _anonymise(resident)
                rule_report.anonymised += 1
    return report
