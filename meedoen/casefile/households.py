"""Households in the interface: one household, one plan, one professional.

Services (writes) and selectors (reads) of a household, through the one door:

- *whether* a reader sees a household: they see a (any) trajectory of one of its
  current members, or a trajectory for the whole household (``Trajectory.household``),
  by ``privacy.scope``; 404 otherwise, so that existence does not leak;
- *whose names*: a member's name is shown (and audited as seen in a list) when the
  reader may see that member's own file, or a trajectory for the whole household;
  any other member is shown as "household member (no access)", and nothing of them is
  audited as read, because nothing of them was shown;
- *the coordinator*: the household stores none. It is the coordinator of the running
  trajectories the reader may see (the household's own trajectory first), read from
  the trajectory itself, so a hand-over of the trajectory is a hand-over of the
  household in the same row: one source of truth;
- *writes*: the rule ``household.change`` (``privacy.rules``): the writer is on the
  case team of a current member's trajectory (or of the household's). Every change
  raises the household's ``version`` in the UPDATE that checks it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, rules
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.readmodel import Reading, Record, subject_of
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Professional
from meedoen.plans.models import Action, Goal
from meedoen.privacy import scope
from meedoen.privacy.door import Access, Door, basis_of
from meedoen.residents.models import Household, HouseholdMember, Resident
from meedoen.residents.services import household_create

MEMBER_FIELDS = ("relation", "started_on", "ended_on")
GOAL_FIELDS = ("life_domain", "description", "status")
ACTION_FIELDS = ("description", "domain_label", "owner_label", "due_on", "status")


class HouseholdChangedError(ValidationError):
    """The household changed since the editor opened it."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this household in the meantime. Look at the "
                "current household and make your change again."
            )
        )


# --- access ----------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdAccess:
    """A reader's access to one household: their access to each trajectory of it
    they may see (its current members' and the household's own)."""

    household_id: int
    municipality_id: int
    accesses: tuple[Access, ...]
    # Residents whose own file the reader may see.
    residents: frozenset[int]
    # Whether the reader sees a trajectory for the whole household.
    whole: bool

    @property
    def member(self) -> bool:
        """On the case team of at least one of the household's trajectories."""
        return any(a.member for a in self.accesses)

    def may_name(self, resident_id: int) -> bool:
        return self.whole or resident_id in self.residents


def _current(household_id: int) -> QuerySet[HouseholdMember]:
    return HouseholdMember.objects.filter(
        household_id=household_id, ended_on__isnull=True
    )


def _trajectories(user: Professional, household_id: int) -> QuerySet[Trajectory]:
    """The household's trajectories the reader may see, with their active case team."""
    return (
        scope.visible_trajectories(user)
        .filter(
            Q(household_id=household_id)
            | Q(resident_id__in=_current(household_id).values("resident_id"))
        )
        .select_related("coordinator__organisation")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=scope.active_memberships().select_related("organisation"),
                to_attr="active_team",
            )
        )
        .order_by("started_on", "pk")
    )


def _access(
    door: Door, household: Household, trajectories: list[Trajectory]
) -> HouseholdAccess:
    return HouseholdAccess(
        household_id=household.pk,
        municipality_id=household.municipality_id,
        accesses=tuple(door.access(t) for t in trajectories),
        residents=frozenset(t.resident_id for t in trajectories),
        whole=any(t.household_id == household.pk for t in trajectories),
    )


def _visible_household(user: Professional, household_id: int) -> Household:
    """The household, when the reader sees one of its trajectories; 404 otherwise."""
    if not scope.has_resident_scope(user):
        raise Http404
    try:
        household = Household.objects.get(
            pk=household_id, municipality_id=tenant_id(user)
        )
    except Household.DoesNotExist:
        raise Http404 from None
    return household


def household_access(
    user: Professional, household_id: int
) -> tuple[Household, list[Trajectory], HouseholdAccess]:
    """The household with the trajectories the reader may see; 404 when none."""
    household = _visible_household(user, household_id)
    trajectories = list(_trajectories(user, household.pk))
    if not trajectories:
        raise Http404
    return household, trajectories, _access(Door(user), household, trajectories)


def household_for_change(user: Professional, household_id: int) -> Household:
    """The household for a change: 404 when the user may not see it, 403 when the
    write rule does not let them change it. The services check the rule again."""
    household, _t, access = household_access(user, household_id)
    if not rules.allowed(user, "household.change", access):
        raise PermissionDenied
    return household


def _require(by: Professional, household: Household) -> None:
    trajectories = list(_trajectories(by, household.pk))
    rules.require(by, "household.change", _access(Door(by), household, trajectories))


def _record_write(by: Professional, residents: list[Any], via: str) -> None:
    """The change in each member's audit trail (identity: who lives with whom)."""
    audit.append(
        [
            {
                "professional_id": by.pk,
                "municipality_id": r.municipality_id,
                "resident_id": r.pk,
                "action": AccessEvent.Action.WRITE,
                "category": Category.IDENTITY,
                "basis": f"case_team; {by.role}",
                "via": via,
            }
            for r in residents
        ]
    )


def _bump(household: Household, expected_version: int, **changes: Any) -> None:
    """Raise the version in the UPDATE that checks it (optimistic locking)."""
    updated = Household.objects.filter(
        pk=household.pk, version=expected_version
    ).update(version=expected_version + 1, **changes)
    if not updated:
        raise HouseholdChangedError()
    household.version = expected_version + 1
    for name, value in changes.items():
        setattr(household, name, value)


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the household a name.")})
    if len(name) > 150:
        raise ValidationError(
            {"name": _("The name of a household is at most 150 characters.")}
        )
    return name


def _check_relation(relation: str) -> None:
    if relation not in HouseholdMember.Relation.values:
        raise ValidationError({"relation": _("Choose the relation.")})


def _check_dates(started_on: date | None, ended_on: date | None = None) -> None:
    today = timezone.localdate()
    if started_on is not None and started_on > today:
        raise ValidationError(
            {"started_on": _("The start date cannot be in the future.")}
        )
    if ended_on is not None and ended_on > today:
        raise ValidationError({"ended_on": _("The end date cannot be in the future.")})


def _resident_access(user: Professional, resident: Resident) -> HouseholdAccess:
    """Access for a household yet to be: the user's access to the resident's
    trajectories."""
    trajectories = list(
        scope.visible_trajectories(user)
        .filter(resident_id=resident.pk)
        .prefetch_related(
            Prefetch(
                "team",
                queryset=scope.active_memberships().select_related("organisation"),
                to_attr="active_team",
            )
        )
    )
    door = Door(user)
    return HouseholdAccess(
        household_id=0,
        municipality_id=resident.municipality_id,
        accesses=tuple(door.access(t) for t in trajectories),
        residents=frozenset({resident.pk}),
        whole=False,
    )


def may_start(user: Professional, resident: Resident) -> bool:
    """Whether the user may start a household from this resident's file."""
    return rules.allowed(user, "household.change", _resident_access(user, resident))


# --- services --------------------------------------------------------------------


@transaction.atomic
def household_start(
    *,
    resident: Resident,
    by: Professional,
    name: str,
    relation: str,
    started_on: date | None = None,
) -> Household:
    """Start a household from a resident's file, with the resident as first member.
    The writer is on the case team of one of the resident's trajectories."""
    rules.require(by, "household.change", _resident_access(by, resident))
    name = _clean_name(name)
    _check_relation(relation)
    _check_dates(started_on)
    if HouseholdMember.objects.filter(
        resident_id=resident.pk, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            _("This resident already lives in a household: add people to that one.")
        )
    household = household_create(
        by=by, name=name, members=[(resident, relation)], started_on=started_on
    )
    _record_write(by, [resident], "household_start")
    return household


@transaction.atomic
def household_update(
    *, household: Household, by: Professional, name: str, expected_version: int
) -> Household:
    _require(by, household)
    name = _clean_name(name)
    _bump(household, expected_version, name=name)
    residents = [m.resident for m in _current(household.pk).select_related("resident")]
    _record_write(by, residents, "household_update")
    return household


@transaction.atomic
def household_member_add(
    *,
    household: Household,
    by: Professional,
    resident: Resident,
    relation: str,
    expected_version: int,
    started_on: date | None = None,
) -> HouseholdMember:
    """Add a resident (of the same municipality, not living in another household)."""
    _require(by, household)
    if resident.municipality_id != household.municipality_id:
        raise ValidationError(
            {"resident": _("All members must live in the same municipality.")}
        )
    _check_relation(relation)
    _check_dates(started_on)
    if HouseholdMember.objects.filter(
        resident_id=resident.pk, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            {
                "resident": _(
                    "This resident already lives in a household: end that membership "
                    "first."
                )
            }
        )
    _bump(household, expected_version)
    member = HouseholdMember.objects.create(
        household=household,
        resident=resident,
        relation=relation,
        started_on=started_on or timezone.localdate(),
    )
    _record_write(by, [resident], "household_member_add")
    return member


@transaction.atomic
def household_member_end(
    *,
    member: HouseholdMember,
    by: Professional,
    expected_version: int,
    ended_on: date | None = None,
) -> HouseholdMember:
    """The member left the household on a date (history is kept)."""
    household = member.household
    _require(by, household)
    ended_on = ended_on or timezone.localdate()
    _check_dates(None, ended_on)
    if ended_on < member.started_on:
        raise ValidationError(
            {"ended_on": _("The end date cannot be before the start date.")}
        )
    _bump(household, expected_version)
    updated = HouseholdMember.objects.filter(
        pk=member.pk, ended_on__isnull=True
    ).update(ended_on=ended_on)
    if not updated:
        raise HouseholdChangedError()
    member.ended_on = ended_on
    _record_write(by, [member.resident], "household_member_end")
    return member


# --- selectors -------------------------------------------------------------------


@dataclass
class HouseholdPage:
    pk: int
    name: str
    version: int
    # Each member: name (or None), relation, dates, link to their file if visible.
    members: list[Record]
    former: list[Record]
    # The coordinator(s) of the running trajectories the reader may see.
    coordinators: list[str]
    access: HouseholdAccess
    can: frozenset[str]
    resident_ids: list[int] = field(default_factory=list)
    # Distinct professionals on the case teams of the running trajectories the reader
    # may see (a count, no names): "one household, one professional" made visible.
    professionals: int = 0

    @property
    def coordinator(self) -> str:
        return self.coordinators[0] if len(self.coordinators) == 1 else ""


def _coordinators(
    reading: Reading, trajectories: list[Trajectory], accesses: dict[int, Access]
) -> list[str]:
    """The coordinators of the running trajectories the reader may see, read through
    the door (the coordinator is plan data of the trajectory), household's own first."""
    names: list[str] = []
    running = sorted(
        (t for t in trajectories if t.closed_on is None),
        key=lambda t: (t.household_id is None, t.started_on, t.pk),
    )
    for t in running:
        access = accesses[t.pk]
        record = reading.record(
            t, about=access.subject, readable=access.readable, fields=("coordinator",)
        )
        name = record.get("coordinator") if record is not None else None
        if name and name not in names:
            names.append(name)
    return names


def household_page(
    user: Professional, household_id: int, *, via: str = "household"
) -> HouseholdPage:
    """The household as the reader may see it, as read models; 404 otherwise. A
    fixed number of queries whatever the number of members or trajectories."""
    household, trajectories, access = household_access(user, household_id)
    by_trajectory = {a.trajectory_id: a for a in access.accesses}
    basis = basis_of(access.accesses)
    whole_basis = next(
        (
            by_trajectory[t.pk].basis
            for t in trajectories
            if t.household_id == household.pk
        ),
        scope.basis_for(user),
    )
    reading = Reading(user=user, via=via, action=AccessEvent.Action.LIST)
    rows = list(
        HouseholdMember.objects.filter(household_id=household.pk)
        .select_related("resident")
        .order_by("resident__birth_date", "pk")
    )
    relations = list(HouseholdMember.Relation.values)
    rows.sort(key=lambda m: relations.index(m.relation))
    members: list[Record] = []
    former: list[Record] = []
    for m in rows:
        named = access.may_name(m.resident_id)
        if named:
            about = subject_of(m.resident)
            record = reading.record(
                m,
                about=about,
                readable={Category.IDENTITY},
                fields=MEMBER_FIELDS,
                extra={
                    "name": m.resident.full_name,
                    "file": m.resident_id
                    if m.resident_id in access.residents
                    else None,
                    "resident_id": m.resident_id,
                },
            )
            reading.note(about, {Category.IDENTITY})
        else:
            # Nothing of them is shown (not even the relation): nothing is audited.
            record = Record(
                {
                    "_model": "HouseholdMember",
                    "pk": m.pk,
                    "name": None,
                    "file": None,
                    "resident_id": None,
                    "relation_display": "",
                    "started_on": None,
                    "ended_on": m.ended_on,
                    "hidden": {"name": Category.IDENTITY},
                }
            )
        assert record is not None
        (members if m.ended_on is None else former).append(record)
    coordinators = _coordinators(reading, trajectories, by_trajectory)
    running = [t.pk for t in trajectories if t.closed_on is None]
    professionals = (
        scope.active_memberships()
        .filter(trajectory_id__in=running)
        .values("professional_id")
        .distinct()
        .count()
        if running
        else 0
    )
    page = HouseholdPage(
        pk=household.pk,
        name=household.name,
        version=household.version,
        members=members,
        former=[r for r in former if r["name"] is not None],
        coordinators=coordinators,
        access=access,
        can=rules.permitted(user, access, names=["household.change"]),
        resident_ids=[m.resident_id for m in rows if m.ended_on is None],
        professionals=professionals,
    )
    reading.finish(lambda s: basis.get(s, whole_basis))
    return page


def household_for_file(
    user: Professional, resident: Resident, *, via: str
) -> HouseholdPage | None:
    """The household on a resident's file (the file is already visible)."""
    household_id = (
        HouseholdMember.objects.filter(resident_id=resident.pk, ended_on__isnull=True)
        .values_list("household_id", flat=True)
        .first()
    )
    if household_id is None:
        return None
    return household_page(user, household_id, via=via)


def addable_residents(user: Professional, household: Household) -> list[Resident]:
    """Residents the writer may choose to add: those whose file they may see, who
    live in no household now. (Residents without a file of their own are registered
    first, through the registration with its duplicate check.)"""
    return list(
        scope.visible_residents(user)
        .exclude(
            pk__in=HouseholdMember.objects.filter(ended_on__isnull=True).values(
                "resident_id"
            )
        )
        .order_by("sort_key", "pk")[:200]
    )


def current_member(household: Household, member_id: int) -> HouseholdMember:
    try:
        return HouseholdMember.objects.select_related("resident", "household").get(
            pk=member_id, household_id=household.pk, ended_on__isnull=True
        )
    except HouseholdMember.DoesNotExist:
        raise Http404 from None


# --- the household plan ------------------------------------------------------------


@dataclass
class MemberPlan:
    name: str
    relation: str
    resident_id: int
    trajectory_id: int
    goals: list[Record]
    actions: list[Record]
    hidden_categories: frozenset[str]


@dataclass
class HouseholdPlan:
    pk: int
    name: str
    members: list[MemberPlan]
    # Members whose plans the reader may not see (counted, not named).
    without_access: int


def household_plan(
    user: Professional, household_id: int, *, via: str = "household_plan"
) -> HouseholdPlan:
    """Each current member's goals and actions from their own running plan, for the
    members whose trajectories the reader may see, only categories readable, grouped
    by member, audited per resident with the reader's basis for them."""
    household = _visible_household(user, household_id)
    rows = list(
        _current(household.pk)
        .select_related("resident")
        .order_by("resident__birth_date", "pk")
    )
    relations = list(HouseholdMember.Relation.values)
    rows.sort(key=lambda m: relations.index(m.relation))
    trajectories = list(
        scope.visible_trajectories(user)
        .filter(
            resident_id__in=[m.resident_id for m in rows],
            closed_on__isnull=True,
        )
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=scope.active_memberships().select_related("organisation"),
                to_attr="active_team",
            ),
            Prefetch(
                "plan__goals", queryset=Goal.objects.order_by("life_domain", "pk")
            ),
            Prefetch(
                "plan__actions",
                queryset=Action.objects.select_related(
                    "owner_professional__organisation", "owner_organisation", "goal"
                ).order_by("due_on", "pk"),
            ),
        )
        .order_by("started_on", "pk")
    )
    if not trajectories and not _trajectories(user, household.pk).exists():
        raise Http404
    door = Door(user)
    reading = door.reading(via)
    accesses: list[Access] = []
    per_resident: dict[int, list[Trajectory]] = defaultdict(list)
    for loaded in trajectories:
        per_resident[loaded.resident_id].append(loaded)
    members: list[MemberPlan] = []
    for m in rows:
        for t in per_resident.get(m.resident_id, []):
            access = door.access(t)
            accesses.append(access)

            def many(objs: Any, fields: tuple[str, ...], a: Access = access) -> list:
                records = (
                    reading.record(
                        o, about=a.subject, readable=a.readable, fields=fields
                    )
                    for o in objs
                )
                return [r for r in records if r is not None]

            name = reading.record(
                m.resident,
                about=access.subject,
                readable={Category.IDENTITY},
                fields=("full_name",),
            )
            assert name is not None
            members.append(
                MemberPlan(
                    name=name["full_name"],
                    relation=m.get_relation_display(),
                    resident_id=m.resident_id,
                    trajectory_id=t.pk,
                    goals=many(t.plan.goals.all(), GOAL_FIELDS),
                    actions=many(t.plan.actions.all(), ACTION_FIELDS),
                    hidden_categories=access.hidden_categories,
                )
            )
    basis = basis_of(accesses)
    reading.finish(lambda s: basis.get(s, scope.basis_for(user)))
    return HouseholdPlan(
        pk=household.pk,
        name=household.name,
        members=members,
        without_access=sum(1 for m in rows if m.resident_id not in per_resident),
    )
