"""A large city for benchmarks: ``manage.py bench_generate --residents N --seed S``.

On top of the demo municipality Arnhem (``seed_demo``: its logins keep working, the
demo coordinator keeps a normal caseload of about thirty), this adds N residents in
households, trajectories in every stage (a quarter of the residents has one, about
one in ten an open one), case teams, plans with goals and actions, stage
transitions, contacts, meetings with agenda items, ladder measurements, work records
and audit events (``--audit-per-resident``, 20 by default), with about one
professional per 400 residents in teams of twelve with a team lead.

Rows are written with PostgreSQL's COPY (psycopg 3 ``cursor.copy``) with ids given by
the generator, in one transaction; on SQLite (the tests) with plain INSERTs. The same
seed gives the same rows (the demo itself depends on the day, as ``seed_demo`` says).

The audit events continue the keyed chain (``meedoen.core.audit``): each is sealed
with the configured key over its content and the previous hash exactly as
``audit.append`` does, the head row is locked and moved on, and a checkpoint is
written after commit, so ``manage.py audit_verify`` passes on a generated database.
INSERT is what the append-only trigger allows, so it is not lifted.

Never run this on a database with real residents: it refuses unless the demo is
there (which itself refuses a database with other municipalities).
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from meedoen.core import audit, checkpoints
from meedoen.core.categories import Category, LifeDomain
from meedoen.core.models import AccessEvent, AuditChainHead
from meedoen.demo.seed import DEMO_PASSWORD, demo_municipality, seed_demo
from meedoen.journeys.models import (
    CaseTeamMember,
    Contact,
    StageTransition,
    Trajectory,
)
from meedoen.measurements.models import (
    Instrument,
    LadderProgress,
    Measurement,
    MeasurementValue,
    WorkRecord,
)
from meedoen.measurements.services import compute_ladder_progress
from meedoen.meetings.models import AgendaItem, Meeting
from meedoen.organisations.models import (
    Municipality,
    Neighbourhood,
    Organisation,
    Professional,
    Team,
)
from meedoen.plans.models import Action, Goal, Plan
from meedoen.residents import names
from meedoen.residents.models import Household, HouseholdMember, Resident

Role = Professional.Role
Kind = Organisation.Kind

BENCH_PREFIX = "bench-"  # usernames of generated professionals
RESIDENTS_PER_PROFESSIONAL = 400
TEAM_SIZE = 12
CHUNK = 20_000  # residents generated and written at a time
HISTORY_DAYS = 3 * 365
# Open trajectories per stage (signal ... aftercare), as in the demo.
OPEN_STAGE_WEIGHTS = [6, 7, 10, 9, 45, 9, 5, 9]
ROLES = {  # share of the professionals per role (the rest are coordinators)
    Role.WORK_COACH: 8,
    Role.INCOME_CONSULTANT: 8,
    Role.NEIGHBOURHOOD_WORKER: 6,
    Role.DEBT_COUNSELLOR: 4,
    Role.WELFARE_WORKER: 4,
    Role.CARE_WORKER: 2,
    Role.JOB_COACH: 2,
    Role.WMO_CONSULTANT: 3,
    Role.UWV_ADVISER: 3,
}
ROLE_KIND: dict[str, str] = {
    Role.COORDINATOR: Kind.NEIGHBOURHOOD_TEAM,
    Role.TEAM_LEAD: Kind.NEIGHBOURHOOD_TEAM,
    Role.WORK_COACH: Kind.WORK,
    Role.INCOME_CONSULTANT: Kind.INCOME,
    Role.NEIGHBOURHOOD_WORKER: Kind.NEIGHBOURHOOD_TEAM,
    Role.DEBT_COUNSELLOR: Kind.DEBT_HELP,
    Role.WELFARE_WORKER: Kind.WELFARE,
    Role.CARE_WORKER: Kind.CARE,
    Role.JOB_COACH: Kind.SOCIAL_WORK_COMPANY,
    Role.WMO_CONSULTANT: Kind.NEIGHBOURHOOD_TEAM,
    Role.UWV_ADVISER: Kind.UWV,
}
VIAS = ("caseload", "resident_file", "plan", "journey_board", "search", "meeting")
READ_CATEGORIES = (
    Category.IDENTITY,
    Category.PLAN,
    Category.NOTES,
    Category.WORK,
    Category.INCOME,
)


class BenchError(Exception):
    """The bench data cannot be generated into this database."""


@dataclass
class BenchResult:
    residents: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# -- writing rows --------------------------------------------------------------------


class Writer:
    """Rows into tables with the ids the generator gave them: COPY on PostgreSQL,
    executemany elsewhere. Columns the generator leaves out get the model's default
    (or an empty string for blank text, now for auto_now fields)."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.counts: dict[str, int] = {}
        self.postgres = connection.vendor == "postgresql"
        self._next: dict[type[models.Model], int] = {}

    def next_ids(self, model: type[models.Model], n: int) -> range:
        if model not in self._next:
            top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
            self._next[model] = top + 1
        start = self._next[model]
        self._next[model] = start + n
        return range(start, start + n)

    def _fill(self, model: type[models.Model], given: Sequence[str]) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        for f in model._meta.concrete_fields:
            column = str(f.column)
            if column in given or f.primary_key or f.null:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                extra[column] = self.now
            elif f.has_default():
                extra[column] = f.get_default()
            elif isinstance(f, models.CharField | models.TextField):
                extra[column] = ""
        return extra

    def write(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
    ) -> int:
        extra = self._fill(model, columns)
        cols = [*columns, *extra]
        tail = tuple(extra.values())
        table = model._meta.db_table
        n = 0
        with connection.cursor() as cursor:
            if self.postgres:
                names_sql = ", ".join(f'"{c}"' for c in cols)
                with cursor.cursor.copy(
                    f'COPY "{table}" ({names_sql}) FROM STDIN'
                ) as copy:
                    for row in rows:
                        copy.write_row((*row, *tail))
                        n += 1
            else:
                marks = ", ".join(["%s"] * len(cols))
                batch: list[tuple[Any, ...]] = []
                names_sql = ", ".join(f'"{c}"' for c in cols)
                sql = f'INSERT INTO "{table}" ({names_sql}) VALUES ({marks})'  # noqa: S608
                for row in rows:
                    batch.append((*row, *tail))
                    if len(batch) >= 5000:
                        cursor.executemany(sql, batch)
                        n += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    n += len(batch)
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def reset_sequences(self) -> None:
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self._next:
                table = model._meta.db_table
                sql = f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"  # noqa: S608 (our table names)
                cursor.execute(sql, [table])


# -- the generator -------------------------------------------------------------------


@dataclass
class _Staff:
    coordinators: list[int]
    others: dict[str, list[int]]
    org_of: dict[int, int]
    role_of: dict[int, str]
    count: int


class Generator:
    def __init__(
        self,
        *,
        residents: int,
        seed: int,
        audit_per_resident: int,
        today: date,
        log: Callable[[str], Any],
    ) -> None:
        self.n = residents
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.audit_per_resident = audit_per_resident
        self.today = today
        self.log = log
        self.w = Writer()
        # Per trajectory, for the audit events: (resident id, professional ids).
        self.teams_of: list[tuple[int, tuple[int, ...]]] = []

    # -- setup -----------------------------------------------------------------------

    def run(self, municipality: Municipality) -> None:
        self.m = municipality
        template = municipality.journey_templates.get(is_default=True)
        self.stages = list(template.stages.order_by("order"))
        self.template_id = template.pk
        self.areas: list[int | None] = list(
            Neighbourhood.objects.filter(
                municipality=municipality, kind=Neighbourhood.Kind.NEIGHBOURHOOD
            ).values_list("pk", flat=True)
        ) or [None]
        self.orgs = {
            kind: pk
            for kind, pk in Organisation.objects.filter(municipality=municipality)
            .order_by("-pk")
            .values_list("kind", "pk")
        }
        self.ladder = Instrument.objects.get(code="participatieladder", version="2008")
        items = {i.code: i.pk for i in self.ladder.items.all()}
        self.rung_item, self.growth_item = items["rung"], items["growth_potential"]
        self.first_names = [self.fake.first_name() for _ in range(600)]
        self.last_names = [self.fake.last_name() for _ in range(1500)]
        self.streets = [self.fake.street_name() for _ in range(400)]
        self.staff = self.make_staff()
        self.log(f"{self.staff.count} professionals")
        for offset in range(0, self.n, CHUNK):
            self.make_chunk(min(CHUNK, self.n - offset))
            self.log(f"{offset + min(CHUNK, self.n - offset):,} residents")
        self.make_meetings()
        self.make_audit()
        self.w.reset_sequences()

    def make_staff(self) -> _Staff:
        count = max(len(ROLES) + 2, self.n // RESIDENTS_PER_PROFESSIONAL)
        others_total = count * sum(ROLES.values()) // 100
        hasher = Professional(username="hash")
        hasher.set_password(DEMO_PASSWORD)
        ids = self.w.next_ids(Professional, count)
        roles: list[str] = []
        for kind, share in ROLES.items():
            roles += [kind] * max(1, others_total * share // sum(ROLES.values()))
        roles += [Role.COORDINATOR] * (count - len(roles))
        self.rng.shuffle(roles)
        # One team lead per team of TEAM_SIZE: the first of every TEAM_SIZE.
        for i in range(0, count, TEAM_SIZE):
            roles[i] = Role.TEAM_LEAD
        rows: list[tuple[Any, ...]] = []
        staff = _Staff([], {}, {}, {}, count)
        for pk, role in zip(ids, roles, strict=True):
            org = self.orgs.get(ROLE_KIND[role]) or next(iter(self.orgs.values()))
            first = self.rng.choice(self.first_names)
            last = self.rng.choice(self.last_names)
            rows.append(
                (
                    pk,
                    f"{BENCH_PREFIX}{pk}",
                    first,
                    last,
                    f"{BENCH_PREFIX}{pk}@arnhem.example",
                    self.m.pk,
                    org,
                    role,
                    hasher.password,
                    True,
                    False,
                    False,
                    self.w.now,
                )
            )
            staff.org_of[pk], staff.role_of[pk] = org, role
            if role == Role.COORDINATOR:
                staff.coordinators.append(pk)
            elif role != Role.TEAM_LEAD:
                staff.others.setdefault(role, []).append(pk)
        self.w.write(
            Professional,
            (
                "id",
                "username",
                "first_name",
                "last_name",
                "email",
                "municipality_id",
                "organisation_id",
                "role",
                "password",
                "is_active",
                "is_staff",
                "is_superuser",
                "date_joined",
            ),
            rows,
        )
        # Teams of TEAM_SIZE, the first of them joins the demo team lead's team too.
        team_ids = self.w.next_ids(Team, (count + TEAM_SIZE - 1) // TEAM_SIZE)
        self.w.write(
            Team,
            ("id", "municipality_id", "name"),
            ((t, self.m.pk, f"Benchteam {k + 1}") for k, t in enumerate(team_ids)),
        )
        through = Professional.teams.through
        klarendal = Team.objects.filter(
            municipality=self.m, name="Sociaal team Klarendal"
        ).first()
        pairs = [(pk, team_ids[(pk - ids[0]) // TEAM_SIZE]) for pk in ids] + [
            (pk, klarendal.pk) for pk in ids[1:TEAM_SIZE] if klarendal is not None
        ]
        self.w.write(through, ("professional_id", "team_id"), pairs)
        self.team_members = [
            list(ids[i : i + TEAM_SIZE]) for i in range(0, count, TEAM_SIZE)
        ]
        return staff

    # -- residents, households, trajectories and what hangs from them -----------------

    def make_chunk(self, size: int) -> None:
        rng, today, w = self.rng, self.today, self.w
        resident_ids = w.next_ids(Resident, size)
        residents: list[tuple[Any, ...]] = []
        households: list[tuple[Any, ...]] = []
        hh_members: list[tuple[Any, ...]] = []
        chosen: list[
            tuple[int, int | None]
        ] = []  # (resident, household) with a trajectory
        hh_ids = iter(w.next_ids(Household, size))
        i = 0
        while i < size:
            members = min(size - i, rng.choice((1, 1, 1, 2, 2, 3, 4)))
            household = next(hh_ids)
            last = rng.choice(self.last_names)
            prefix, surname = _split(last)
            households.append((household, self.m.pk, f"Huishouden {last}", 1))
            area = rng.choice(self.areas)
            street = rng.choice(self.streets)
            number = str(rng.randint(1, 250))
            postcode = f"68{rng.randint(10, 45)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
            for k in range(members):
                pk = resident_ids[i]
                first = rng.choice(self.first_names)
                adult = k < 2
                born = today - timedelta(
                    days=rng.randint(18 * 365, 70 * 365)
                    if adult
                    else rng.randint(0, 17 * 365)
                )
                residents.append(
                    (
                        pk, self.m.pk, first, prefix, surname, born,
                        street, number, postcode, "Arnhem", area, w.now,
                        names.search_key(first, prefix, surname),
                        names.sort_key(first, prefix, surname),
                        f"06{rng.randint(10000000, 99999999)}" if adult else "",
                    )
                )  # fmt: skip
                relation = ("head", "partner")[k] if adult else "child"
                hh_members.append(
                    (pk, household, relation, today - timedelta(days=2000))
                )
                if adult and rng.random() < 0.35:
                    chosen.append((pk, household))
                i += 1
        w.write(
            Resident,
            (
                "id",
                "municipality_id",
                "first_name",
                "name_prefix",
                "last_name",
                "birth_date",
                "street",
                "house_number",
                "postcode",
                "city",
                "neighbourhood_id",
                "created_at",
                "search_key",
                "sort_key",
                "phone",
            ),
            residents,
        )
        w.write(Household, ("id", "municipality_id", "name", "version"), households)
        w.write(
            HouseholdMember,
            ("resident_id", "household_id", "relation", "started_on"),
            hh_members,
        )
        self.make_trajectories(chosen)

    def make_trajectories(self, chosen: list[tuple[int, int | None]]) -> None:
        rng, today, w, staff = self.rng, self.today, self.w, self.staff
        # Three in ten trajectories run (a tenth of all residents, a quarter of whom
        # have one).
        trajectory_ids = w.next_ids(Trajectory, len(chosen))
        plan_ids = w.next_ids(Plan, len(chosen))
        trajectories: list[tuple[Any, ...]] = []
        transitions: list[tuple[Any, ...]] = []
        members: list[tuple[Any, ...]] = []
        contacts: list[tuple[Any, ...]] = []
        plans: list[tuple[Any, ...]] = []
        goals: list[tuple[Any, ...]] = []
        actions: list[tuple[Any, ...]] = []
        measurements: list[tuple[Any, ...]] = []
        values: list[tuple[Any, ...]] = []
        ladders: list[tuple[Any, ...]] = []
        work: list[tuple[Any, ...]] = []
        goal_ids = iter(w.next_ids(Goal, len(chosen) * 3))
        measurement_ids = iter(w.next_ids(Measurement, len(chosen) * 4))
        domains = list(LifeDomain.values)
        for (resident, household), pk, plan in zip(
            chosen, trajectory_ids, plan_ids, strict=True
        ):
            is_open = rng.random() < 0.4
            started = today - timedelta(days=rng.randint(5, HISTORY_DAYS))
            if is_open:
                final = rng.choices(range(8), weights=OPEN_STAGE_WEIGHTS)[0]
            else:
                final = rng.choice((6, 7))
            # Stage dates: from the start, each stage some weeks after the previous.
            steps = [(0, started)]
            day = started
            for s in range(1, final + 1):
                day = min(today, day + timedelta(days=rng.randint(3, 60)))
                steps.append((s, day))
            closed_on = None
            if not is_open:
                closed_on = min(today, day + timedelta(days=rng.randint(0, 90)))
            stage = self.stages[final]
            entered = steps[-1][1]
            coordinator = rng.choice(staff.coordinators)
            team = [coordinator]
            for role in rng.sample(list(staff.others), rng.randint(1, 3)):
                team.append(rng.choice(staff.others[role]))
            self.teams_of.append((resident, tuple(team)))
            last_contact = min(today, entered + timedelta(days=rng.randint(0, 50)))
            trajectories.append(
                (
                    pk, self.m.pk, resident, household, self.template_id, stage.pk,
                    entered, entered + timedelta(days=stage.norm_days or 30),
                    coordinator, started, closed_on,
                    "completed" if closed_on else "", False, last_contact,
                    "Aanmelding via het wijkteam", Category.NOTES,
                )
            )  # fmt: skip
            transitions.append((pk, None, self.stages[0].pk, started, coordinator))
            for (a, _), (b, on) in itertools.pairwise(steps):
                transitions.append(
                    (pk, self.stages[a].pk, self.stages[b].pk, on, coordinator)
                )
            for p in team:
                members.append(
                    (pk, p, staff.org_of[p], "legal_task", started, closed_on)
                )
            for _ in range(rng.randint(1, 4)):
                contacts.append(
                    (
                        pk, rng.choice(team),
                        started + timedelta(days=rng.randint(0, max(0, (last_contact - started).days))),
                        rng.choice(("home_visit", "office", "phone", "meeting")),
                        "Gesprek over de voortgang", Category.NOTES,
                    )
                )  # fmt: skip
            contacts.append(
                (pk, coordinator, last_contact, "office", "Laatste contact", "notes")
            )
            agreed = final >= 4
            plans.append(
                (pk, plan, 1, 1, entered if agreed else None, 1 if agreed else None)
            )
            for _ in range(rng.randint(1, 3)):
                goal = next(goal_ids)
                domain = rng.choice(domains)
                goals.append(
                    (goal, plan, domain, "Stap zetten richting werk", "active", w.now)
                )
                for _ in range(rng.randint(1, 3)):
                    due = started + timedelta(days=rng.randint(14, 400))
                    status = (
                        "done"
                        if (closed_on or due < today - timedelta(days=30))
                        and rng.random() < 0.7
                        else "open"
                    )
                    owner = rng.choice(team)
                    actions.append(
                        (
                            plan, goal, "Afspraak maken en nabellen", domain,
                            "professional", owner, due, status,
                            due if status == "done" else None, w.now,
                        )
                    )  # fmt: skip
            if final >= 2:
                points: list[tuple[date, int, int | None]] = []
                rung = rng.randint(1, 4)
                on = started + timedelta(days=rng.randint(3, 28))
                while on <= (closed_on or today) and len(points) < 4:
                    growth = min(6, rung + rng.choice((0, 1, 1, 2)))
                    m = next(measurement_ids)
                    measurements.append(
                        (m, pk, self.ladder.pk, on, coordinator, "confirmed",
                         datetime.combine(on, datetime.min.time(), tzinfo=UTC), w.now)
                    )  # fmt: skip
                    values += [(m, self.rung_item, rung), (m, self.growth_item, growth)]
                    points.append((on, rung, growth))
                    rung = max(1, min(6, rung + rng.choice((-1, 0, 0, 1, 1))))
                    on += timedelta(days=rng.randint(85, 180))
                progress = compute_ladder_progress(points, started)
                if progress is not None:
                    ladders.append((pk, *(progress[k] for k in LADDER_FIELDS)))
                if rng.random() < 0.2:
                    begin = started + timedelta(days=rng.randint(10, 200))
                    if begin <= today:
                        paid = rng.random() < 0.6
                        work.append(
                            (
                                pk, "paid_work" if paid else "education", begin,
                                rng.choice((8, 16, 24, 32)) if paid else None,
                                "" if paid else "vocational", coordinator,
                            )
                        )  # fmt: skip
        w.write(
            Trajectory,
            (
                "id",
                "municipality_id",
                "resident_id",
                "household_id",
                "template_id",
                "stage_id",
                "stage_entered_on",
                "stage_due_on",
                "coordinator_id",
                "started_on",
                "closed_on",
                "closure_reason",
                "is_return",
                "last_contact_on",
                "reason",
                "reason_category",
            ),
            trajectories,
        )
        w.write(
            StageTransition,
            (
                "trajectory_id",
                "from_stage_id",
                "to_stage_id",
                "moved_on",
                "moved_by_id",
            ),
            transitions,
        )
        w.write(
            CaseTeamMember,
            ("trajectory_id", "professional_id", "organisation_id", "basis",
             "joined_on", "ended_on"),
            members,
        )  # fmt: skip
        w.write(
            Contact,
            ("trajectory_id", "professional_id", "contact_on", "kind", "summary",
             "summary_category"),
            contacts,
        )  # fmt: skip
        w.write(
            Plan,
            ("trajectory_id", "id", "version", "content_version", "agreed_on",
             "agreed_version"),
            plans,
        )  # fmt: skip
        w.write(
            Goal,
            ("id", "plan_id", "life_domain", "description", "status", "created_at"),
            goals,
        )
        w.write(
            Action,
            ("plan_id", "goal_id", "description", "life_domain", "owner_kind",
             "owner_professional_id", "due_on", "status", "done_on", "created_at"),
            actions,
        )  # fmt: skip
        w.write(
            Measurement,
            ("id", "trajectory_id", "instrument_id", "measured_on", "professional_id",
             "status", "confirmed_at", "created_at"),
            measurements,
        )  # fmt: skip
        w.write(MeasurementValue, ("measurement_id", "item_id", "value"), values)
        w.write(LadderProgress, ("trajectory_id", *LADDER_FIELDS), ladders)
        w.write(
            WorkRecord,
            ("trajectory_id", "kind", "started_on", "hours_per_week",
             "education_kind", "recorded_by_id"),
            work,
        )  # fmt: skip
        self._open = getattr(self, "_open", [])
        self._open += [
            (t[0], t[8]) for t in trajectories if t[10] is None
        ]  # (trajectory, coordinator)

    def make_meetings(self) -> None:
        """Every team meets every two weeks over the last year; each meeting discusses
        five open trajectories of its members."""
        rng, w = self.rng, self.w
        by_coordinator: dict[int, list[int]] = {}
        for trajectory, coordinator in getattr(self, "_open", []):
            by_coordinator.setdefault(coordinator, []).append(trajectory)
        meetings: list[tuple[int, date, list[int]]] = []
        items: list[tuple[Any, ...]] = []
        for team in self.team_members:
            pool = [t for p in team for t in by_coordinator.get(p, [])]
            if len(pool) < 5:
                continue
            for week in range(0, 52, 2):
                meetings.append(
                    (team[0], self.today - timedelta(weeks=week), rng.sample(pool, 5))
                )
        ids = w.next_ids(Meeting, len(meetings))
        rows: list[tuple[Any, ...]] = []
        for pk, (chair, day, agenda) in zip(ids, meetings, strict=True):
            starts = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(
                hours=9
            )
            rows.append((pk, self.m.pk, "Casusoverleg", starts, "Wijkcentrum", chair))
            items += [(pk, t, k + 1) for k, t in enumerate(agenda)]
        w.write(
            Meeting,
            ("id", "municipality_id", "title", "starts_at", "place", "chair_id"),
            rows,
        )
        w.write(AgendaItem, ("meeting_id", "trajectory_id", "order"), items)

    # -- the audit trail -------------------------------------------------------------

    def make_audit(self) -> None:
        """``audit_per_resident`` events per resident on average, spread over the
        history in time order, by case-team members about their residents, sealed
        into the chain as ``audit.append`` would."""
        total = self.n * self.audit_per_resident
        if not total or not self.teams_of:
            return
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        key_id = checkpoints.current_key_id()
        start = timezone.now() - timedelta(days=365)
        step = timedelta(days=365) / total
        state: dict[str, Any] = {"seq": head.seq, "prev": head.hash}

        def rows() -> Iterator[tuple[Any, ...]]:
            rng = self.rng
            seq, prev = state["seq"], state["prev"]
            for k in range(total):
                resident, team = rng.choice(self.teams_of)
                seq += 1
                values = {
                    "seq": seq,
                    "at": start + step * k,
                    "professional_id": rng.choice(team),
                    "municipality_id": self.m.pk,
                    "resident_id": resident,
                    "action": "read" if k % 3 else "list",
                    "category": READ_CATEGORIES[k % 5] if k % 3 else "identity",
                    "basis": "case_team; legal task: Participatiewet",
                    "via": VIAS[k % len(VIAS)],
                    "key_id": key_id,
                }
                mac = audit.seal(values, prev)
                assert mac is not None
                yield (*values.values(), prev, mac)
                prev = mac
            state["seq"], state["prev"] = seq, prev

        self.w.write(AccessEvent, (*audit.CONTENT, "prev_hash", "hash"), rows())
        AuditChainHead.objects.filter(pk=1).update(seq=state["seq"], hash=state["prev"])
        seq, prev = state["seq"], state["prev"]
        transaction.on_commit(
            lambda: checkpoints.write(seq, prev, reason=checkpoints.Reason.INTERVAL)
        )


LADDER_FIELDS = (
    "baseline_on", "baseline_rung", "latest_on", "latest_rung",
    "growth_potential", "six_month_on", "six_month_rung",
)  # fmt: skip


def _split(name: str) -> tuple[str, str]:
    """'van der Ploeg' -> ('van der', 'Ploeg')."""
    words = name.split()
    prefix: list[str] = []
    while len(words) > 1 and (words[0][0].islower() or words[0][0] == "'"):
        prefix.append(words.pop(0))
    return " ".join(prefix), " ".join(words)


def generate(
    *,
    residents: int,
    seed: int = 1,
    audit_per_resident: int = 20,
    today: date | None = None,
    log: Callable[[str], Any] | None = None,
) -> BenchResult:
    """Seed the demo if needed, then add the large city on top of it."""
    started = time.monotonic()
    log = log or (lambda message: None)
    if demo_municipality() is None:
        seed_demo(seed=seed, log=log)
        log("demo seeded")
    municipality = demo_municipality()
    assert municipality is not None
    if Professional.objects.filter(username__startswith=BENCH_PREFIX).exists():
        raise BenchError("This database already holds bench data; use a fresh one.")
    generator = Generator(
        residents=residents,
        seed=seed,
        audit_per_resident=audit_per_resident,
        today=today or timezone.localdate(),
        log=log,
    )
    with transaction.atomic():
        generator.run(municipality)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return BenchResult(
        residents=residents,
        counts=generator.w.counts,
        seconds=time.monotonic() - started,
    )
