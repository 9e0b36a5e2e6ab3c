"""Outreach writes: campaigns and their addresses, dividing addresses over workers
and rounds, recording visits (help wanted starts a trajectory through the front door
and the intake), and activation teams: members, wishes, themes, activities, and
participation that counts as unpaid work once the coach confirms it.

Every write names its rule (``meedoen.privacy.rules``): ``campaign.assign`` for the
campaign's coordinator, ``visit.record`` for the round's worker or the coordinator,
``activation_team.change`` for the coach.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.casefile.front_door import question_link_trajectory, question_record
from meedoen.casefile.models import Question
from meedoen.casefile.services import resident_register, trajectory_open
from meedoen.core import audit, rules
from meedoen.core.categories import Category, LifeDomain
from meedoen.core.models import AccessEvent
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Trajectory
from meedoen.measurements.models import WorkRecord
from meedoen.measurements.services import work_record_add
from meedoen.organisations.models import Neighbourhood, Professional
from meedoen.outreach.models import (
    ActivationTeam,
    Activity,
    Address,
    Campaign,
    Participation,
    TeamMember,
    Theme,
    Visit,
    VisitRound,
    Wish,
)
from meedoen.outreach.selectors import (
    TeamAccess,
    campaign_access,
    round_for,
    team_for,
)
from meedoen.privacy import scope
from meedoen.residents.models import Resident
from meedoen.residents.services import postcode_clean


class VisitChangedError(ValidationError):
    """Someone else recorded this visit since the form was loaded."""


def _same_municipality(by: Professional, *objs: Any) -> None:
    municipality = tenant_id(by)
    for obj in objs:
        if obj is not None and obj.municipality_id != municipality:
            raise ValidationError(
                _("Everyone involved must belong to the same municipality.")
            )


# -- campaigns ------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    by: Professional,
    name: str,
    starts_on: date,
    ends_on: date,
    neighbourhoods: Sequence[Neighbourhood],
    goal: str = "",
    coordinator: Professional | None = None,
) -> Campaign:
    """A campaign of home visits; its addresses come from the residents registered in
    the chosen neighbourhoods (and can be added from a list, ``addresses_import``)."""
    if not scope.has_resident_scope(by):
        raise PermissionDenied
    coordinator = coordinator or by
    _same_municipality(by, coordinator, *neighbourhoods)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the campaign a name.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The last day cannot lie before the first day.")
    if not neighbourhoods:
        errors["neighbourhoods"] = _("Choose at least one neighbourhood.")
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(
        municipality_id=tenant_id(by),
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        goal=goal.strip(),
        coordinator=coordinator,
    )
    campaign.neighbourhoods.set(neighbourhoods)
    addresses_from_residents(campaign)
    return campaign


def addresses_from_residents(campaign: Campaign) -> int:
    """Add the addresses of the residents registered in the campaign's neighbourhoods
    (and their sub-neighbourhoods), one per address, linked to one resident living
    there. Returns how many were added."""
    chosen = list(campaign.neighbourhoods.all())
    area_of: dict[int, int] = {n.pk: n.pk for n in chosen}
    for child in Neighbourhood.objects.filter(parent__in=chosen):
        area_of.setdefault(child.pk, child.parent_id or child.pk)
    existing = set(
        Address.objects.filter(campaign=campaign).values_list(
            "postcode", "street", "house_number"
        )
    )
    rows = (
        Resident.objects.filter(
            municipality_id=campaign.municipality_id,
            neighbourhood_id__in=set(area_of),
        )
        .exclude(street="")
        .order_by("pk")
        .values_list("pk", "street", "house_number", "postcode", "neighbourhood_id")
    )
    new: dict[tuple[str, str, str], Address] = {}
    for pk, street, number, postcode, area in rows:
        key = (postcode, street, number)
        if key in existing or key in new:
            continue
        new[key] = Address(
            campaign=campaign,
            neighbourhood_id=area_of[area],
            street=street,
            house_number=number,
            postcode=postcode,
            resident_id=pk,
            source=Address.Source.RESIDENTS,
        )
    Address.objects.bulk_create(new.values(), batch_size=500, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def addresses_import(*, campaign: Campaign, by: Professional, text: str) -> int:
    """Add addresses from a CSV list (street;house number;postcode;neighbourhood),
    linked to a resident registered at the same address when there is one."""
    rules.require(by, "campaign.assign", campaign_access(by, campaign))
    areas = {n.name.lower(): n for n in campaign.neighbourhoods.all()}
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    parsed: list[tuple[str, str, str, Neighbourhood]] = []
    for line, row in enumerate(reader, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or (line == 1 and cells[0].lower() in ("street", "straat")):
            continue
        if len(cells) < 4:
            raise ValidationError(
                {
                    "text": _("Line %(n)s: give street, number, postcode and area.")
                    % {"n": line}
                }
            )
        street, number, postcode, area = cells[:4]
        neighbourhood = areas.get(area.lower())
        if not street or not number or neighbourhood is None:
            raise ValidationError(
                {
                    "text": _("Line %(n)s: unknown neighbourhood or empty address.")
                    % {"n": line}
                }
            )
        try:
            postcode = postcode_clean(postcode) if postcode else ""
        except ValidationError:
            raise ValidationError(
                {"text": _("Line %(n)s: the postcode is not valid.") % {"n": line}}
            ) from None
        parsed.append((street, number, postcode, neighbourhood))
    residents = {
        (r.postcode, r.house_number.lower()): r.pk
        for r in Resident.objects.filter(
            municipality_id=campaign.municipality_id,
            postcode__in={p for _s, _n, p, _a in parsed if p},
        ).order_by("-pk")
    }
    rows = [
        Address(
            campaign=campaign,
            neighbourhood=area,
            street=street,
            house_number=number,
            postcode=postcode,
            resident_id=residents.get((postcode, number.lower())),
            source=Address.Source.IMPORT,
        )
        for street, number, postcode, area in parsed
    ]
    before = Address.objects.filter(campaign=campaign).count()
    Address.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return Address.objects.filter(campaign=campaign).count() - before


@transaction.atomic
def campaign_assign(
    *,
    campaign: Campaign,
    by: Professional,
    workers: Sequence[Professional],
    planned_on: date,
    neighbourhood: Neighbourhood | None = None,
) -> list[VisitRound]:
    """Divide the addresses still to reach (nobody spoken to, none planned) over the
    workers for a new round: in street order, in contiguous walks of about equal
    length. Only the campaign's coordinator divides."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    rules.require(by, "campaign.assign", campaign_access(by, campaign))
    workers = list(dict.fromkeys(workers))
    if not workers:
        raise ValidationError({"workers": _("Choose at least one worker.")})
    _same_municipality(by, *workers)
    if any(not scope.has_resident_scope(w) for w in workers):
        raise ValidationError({"workers": _("Choose frontline workers.")})
    todo = Address.objects.filter(campaign=campaign).exclude(
        Q(visits__outcome__in=Visit.REACHED) | Q(visits__outcome=Visit.Outcome.PLANNED)
    )
    if neighbourhood is not None:
        todo = todo.filter(neighbourhood=neighbourhood)
    addresses = list(
        todo.order_by("neighbourhood__name", "street", "house_number", "pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    if not addresses:
        raise ValidationError(_("There are no addresses left to visit."))
    number = (
        VisitRound.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    size, rest = divmod(len(addresses), len(workers))
    rounds = []
    start = 0
    visits = []
    for i, worker in enumerate(workers):
        share = size + (1 if i < rest else 0)
        visit_round = VisitRound.objects.create(
            campaign=campaign, number=number, worker=worker, planned_on=planned_on
        )
        rounds.append(visit_round)
        visits += [
            Visit(round=visit_round, address_id=pk)
            for pk in addresses[start : start + share]
        ]
        start += share
    Visit.objects.bulk_create(visits, batch_size=500)
    return rounds


def _domains(life_domains: Iterable[str]) -> list[str]:
    domains = list(dict.fromkeys(life_domains))
    if any(d not in LifeDomain.values for d in domains):
        raise ValidationError({"life_domains": _("Choose life domains from the list.")})
    return domains


@transaction.atomic
def visit_record(
    *,
    visit: Visit,
    by: Professional,
    outcome: str,
    expected_version: int,
    note: str = "",
    life_domains: Iterable[str] = (),
    visited_on: date | None = None,
    coordinator: Professional | None = None,
    person: dict[str, Any] | None = None,
) -> Visit:
    """Record what happened at the door. "Help wanted" (with its life domains)
    starts a trajectory in one step: the question is recorded at the front door (a
    home visit), the trajectory opened with one coordinator (the visitor, or the one
    they choose) and the question linked to it. At an address without a known
    resident, the person is registered through the intake (``person``: first and
    last name and date of birth; its duplicate check applies) with the visitor as
    coordinator."""
    _round, access = round_for(by, visit.round_id)
    rules.require(by, "visit.record", access)
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("address", "round")
        .get(pk=visit.pk)
    )
    if visit.version != expected_version:
        raise VisitChangedError(
            _("Someone else recorded this visit in the meantime. Check it again.")
        )
    if outcome not in Visit.Outcome.values or outcome == Visit.Outcome.PLANNED:
        raise ValidationError({"outcome": _("Choose what happened at the door.")})
    today = timezone.localdate()
    visited_on = visited_on or today
    if visited_on > today:
        raise ValidationError({"visited_on": _("A visit cannot lie in the future.")})
    domains = _domains(life_domains) if outcome == Visit.Outcome.HELP_WANTED else []
    if visit.trajectory_id is not None:
        raise ValidationError(_("This visit already started a trajectory."))
    trajectory = None
    if outcome == Visit.Outcome.HELP_WANTED:
        if not domains:
            raise ValidationError(
                {"life_domains": _("Choose the life domains help is wanted with.")}
            )
        trajectory = _start_trajectory(visit, by, note, domains, coordinator, person)
    visit.outcome = outcome
    visit.note = note.strip()
    visit.life_domains = domains
    visit.visited_on = visited_on
    visit.recorded_by = by
    visit.trajectory = trajectory
    visit.version = F("version") + 1
    visit.save()
    visit.refresh_from_db(fields=["version"])
    resident_ids = {visit.address.resident_id}
    if trajectory is not None:
        resident_ids.add(trajectory.resident_id)
    for resident_id in resident_ids - {None}:
        audit.append(
            [
                {
                    "professional_id": by.pk,
                    "municipality_id": access.municipality_id,
                    "resident_id": resident_id,
                    "action": AccessEvent.Action.WRITE,
                    "category": category,
                    "basis": access.basis,
                    "via": "visit_record",
                }
                for category in (
                    (Category.PLAN, Category.NOTES)
                    if note.strip()
                    else (Category.PLAN,)
                )
            ]
        )
    return visit


def _start_trajectory(
    visit: Visit,
    by: Professional,
    note: str,
    domains: list[str],
    coordinator: Professional | None,
    person: dict[str, Any] | None,
) -> Trajectory:
    address = visit.address
    coordinator = coordinator or by
    _same_municipality(by, coordinator)
    # Someone else living at a linked address is registered like at an unknown one.
    someone_else = bool(person and person.get("first_name"))
    resident = None if someone_else else address.resident
    if resident is None and coordinator.pk != by.pk:
        raise ValidationError(
            {
                "coordinator": _(
                    "At an address without a registered resident you register the "
                    "person yourself and become their coordinator."
                )
            }
        )
    person = person or {}
    text = note.strip() or _("Help wanted at a home visit.")
    question = question_record(
        by=by,
        channel=Question.Channel.HOME_VISIT,
        text=text,
        life_domains=domains,
        received_on=timezone.localdate(),
        first_name=person.get("first_name", ""),
        last_name=person.get("last_name", ""),
        birth_date=person.get("birth_date"),
        street=address.street,
        house_number=address.house_number,
        postcode=address.postcode,
    )
    if resident is not None:
        trajectory = trajectory_open(
            resident=resident,
            coordinator=coordinator,
            by=by,
            reason=text,
            reason_category=Category.NOTES,
        )
    else:
        if not (person.get("first_name") and person.get("last_name")) or not person.get(
            "birth_date"
        ):
            raise ValidationError(
                {
                    "first_name": _(
                        "Give the name and date of birth of the person who wants help."
                    )
                }
            )
        trajectory = resident_register(
            by=by,
            first_name=person["first_name"],
            last_name=person["last_name"],
            birth_date=person["birth_date"],
            street=address.street,
            house_number=address.house_number,
            postcode=address.postcode,
            neighbourhood=address.neighbourhood,
            reason=text,
            reason_category=Category.NOTES,
            question=question.pk,
        )
        Address.objects.filter(pk=address.pk, resident__isnull=True).update(
            resident_id=trajectory.resident_id
        )
    question_link_trajectory(question_id=question.pk, trajectory=trajectory, by=by)
    return trajectory


def coordinator_choices(by: Professional) -> list[Professional]:
    """Whom a visitor may make coordinator: themselves and their teams' members with
    an organisation (a handful, not the whole municipality)."""
    team_ids = list(by.teams.values_list("pk", flat=True))
    others = (
        Professional.objects.filter(
            municipality_id=tenant_id(by),
            organisation__isnull=False,
            is_active=True,
        )
        .filter(Q(pk=by.pk) | Q(teams__in=team_ids))
        .exclude(role__in=scope.NO_RESIDENT_SCOPE)
        .exclude(role=Professional.Role.TEAM_LEAD)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    return list(others[:50])


# -- activation teams ---------------------------------------------------------------


def _coach(by: Professional, team: ActivationTeam) -> TeamAccess:
    _team, access = team_for(by, team.pk)
    rules.require(by, "activation_team.change", access)
    return access


@transaction.atomic
def team_create(
    *, by: Professional, name: str, neighbourhood: Neighbourhood
) -> ActivationTeam:
    """An activation team in a neighbourhood, with ``by`` as its coach."""
    if not scope.has_resident_scope(by):
        raise PermissionDenied
    _same_municipality(by, neighbourhood)
    if not name.strip():
        raise ValidationError({"name": _("Give the team a name.")})
    return ActivationTeam.objects.create(
        municipality_id=tenant_id(by),
        name=name.strip(),
        neighbourhood=neighbourhood,
        coach=by,
    )


@transaction.atomic
def member_add(
    *, team: ActivationTeam, by: Professional, resident_id: int, joined_on: date
) -> TeamMember:
    """Add a resident whose file the coach may see (they join with their coach)."""
    access = _coach(by, team)
    resident = scope.visible_residents(by).filter(pk=resident_id).first()
    if resident is None:
        raise ValidationError(
            {"resident": _("Choose a resident whose file you work with.")}
        )
    if TeamMember.objects.filter(team=team, resident=resident).exists():
        raise ValidationError({"resident": _("This resident is already on the team.")})
    member = TeamMember.objects.create(
        team=team, resident=resident, joined_on=joined_on
    )
    audit.record(
        user=by,
        residents=[resident],
        action=AccessEvent.Action.WRITE,
        via="activation_team",
        basis=access.basis,
        categories=[Category.WORK],
    )
    return member


@transaction.atomic
def wish_record(
    *,
    team: ActivationTeam,
    by: Professional,
    text: str,
    neighbourhood: Neighbourhood,
    contact: str = "",
    recorded_by: TeamMember | None = None,
    theme: Theme | None = None,
    recorded_on: date | None = None,
) -> Wish:
    _coach(by, team)
    _same_municipality(by, neighbourhood)
    if not text.strip():
        raise ValidationError({"text": _("Write down the wish.")})
    if recorded_by is not None and recorded_by.team_id != team.pk:
        raise ValidationError({"recorded_by": _("Choose a member of this team.")})
    if theme is not None and theme.team_id != team.pk:
        raise ValidationError({"theme": _("Choose a theme of this team.")})
    return Wish.objects.create(
        team=team,
        text=text.strip(),
        neighbourhood=neighbourhood,
        contact=contact.strip(),
        recorded_by=recorded_by,
        theme=theme,
        recorded_on=recorded_on or timezone.localdate(),
    )


@transaction.atomic
def theme_create(*, team: ActivationTeam, by: Professional, name: str) -> Theme:
    _coach(by, team)
    if not name.strip():
        raise ValidationError({"name": _("Give the theme a name.")})
    return Theme.objects.create(team=team, name=name.strip())


@transaction.atomic
def wishes_group(
    *, team: ActivationTeam, by: Professional, theme: Theme, wish_ids: Iterable[int]
) -> int:
    """Put wishes under a theme."""
    _coach(by, team)
    if theme.team_id != team.pk:
        raise ValidationError({"theme": _("Choose a theme of this team.")})
    return Wish.objects.filter(team=team, pk__in=list(wish_ids)).update(theme=theme)


@transaction.atomic
def activity_plan(
    *,
    team: ActivationTeam,
    by: Professional,
    held_on: date,
    place: str,
    description: str,
    theme: Theme | None = None,
) -> Activity:
    _coach(by, team)
    if theme is not None and theme.team_id != team.pk:
        raise ValidationError({"theme": _("Choose a theme of this team.")})
    errors = {}
    if not place.strip():
        errors["place"] = _("Say where.")
    if not description.strip():
        errors["description"] = _("Describe the activity.")
    if errors:
        raise ValidationError(errors)
    return Activity.objects.create(
        team=team,
        theme=theme,
        held_on=held_on,
        place=place.strip(),
        description=description.strip(),
    )


@transaction.atomic
def participation_record(
    *,
    activity: Activity,
    by: Professional,
    members: Iterable[TeamMember],
    neighbours: int,
) -> list[Participation]:
    """Who of the team took part, and how many neighbours (a count)."""
    access = _coach(by, activity.team)
    if activity.held_on > timezone.localdate():
        raise ValidationError(
            _("Participation is recorded once the activity has taken place.")
        )
    if neighbours < 0:
        raise ValidationError({"neighbours": _("Give a number of zero or more.")})
    members = list(members)
    if any(m.team_id != activity.team_id for m in members):
        raise ValidationError({"members": _("Choose members of this team.")})
    Activity.objects.filter(pk=activity.pk).update(neighbours=neighbours)
    Participation.objects.bulk_create(
        [Participation(activity=activity, member=m) for m in members],
        ignore_conflicts=True,
    )
    made = list(
        Participation.objects.filter(activity=activity, member__in=members).order_by(
            "pk"
        )
    )
    residents = Resident.objects.filter(pk__in=[m.resident_id for m in members])
    if members:
        audit.record(
            user=by,
            residents=residents,
            action=AccessEvent.Action.WRITE,
            via="activation_team",
            basis=access.basis,
            categories=[Category.WORK],
        )
    return made


@transaction.atomic
def participation_confirm(
    *, participation: Participation, by: Professional
) -> Participation:
    """The coach confirms that a member took part. Then it counts on their ladder as
    unpaid work: a volunteering work record (one per team, running from the first
    confirmed activity) on their running trajectory, through the measurements
    service and its own write rule (``work_record.record``: the coach must be on the
    member's case team). Returns the participation; ``work_record`` stays empty when
    it could not count (no running trajectory, or the coach is not on its team)."""
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("activity__team", "member")
        .get(pk=participation.pk)
    )
    team = participation.activity.team
    _coach(by, team)
    if participation.confirmed_on is not None:
        raise ValidationError(_("This participation was already confirmed."))
    participation.confirmed_on = timezone.localdate()
    participation.confirmed_by = by
    trajectory = (
        scope.visible_trajectories(by)
        .filter(resident_id=participation.member.resident_id, closed_on__isnull=True)
        .first()
    )
    if trajectory is not None:
        record = (
            WorkRecord.objects.filter(
                trajectory=trajectory,
                kind=WorkRecord.Kind.VOLUNTEERING,
                organisation=team.name,
                ended_on__isnull=True,
            )
            .order_by("pk")
            .first()
        )
        if record is None:
            try:
                record = work_record_add(
                    trajectory=trajectory,
                    kind=WorkRecord.Kind.VOLUNTEERING,
                    started_on=participation.activity.held_on,
                    by=by,
                    organisation=team.name,
                )
            except PermissionDenied:
                record = None
        participation.work_record = record
    participation.save(update_fields=["confirmed_on", "confirmed_by", "work_record"])
    return participation
