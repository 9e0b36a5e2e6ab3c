"""The demo municipality: Arnhem, with about 600 synthetic residents and 40 professionals.

Modelled on the source articles (Maat Werkt in Klarendal, Arnhem's participation
coaches, Op Koers in Houten). Trajectories, moves, case teams, hand-overs, contacts,
plans, meetings and households are made through the services, exactly as real use
would make them. Areas, organisations, teams, professionals and the residents
themselves are created directly (no service makes them; ``resident_register`` cannot put
a resident in a household). Where a service stamps today's date (hand-overs, creation
times) the date is set back afterwards, in a few commented ``update`` calls.

Entry point: ``seed_demo()``, used by ``manage.py seed_demo``. Runs are reproducible:
the same seed and the same day give the same data.

Demo logins are in ``DEMO_LOGINS``, all with ``DEMO_PASSWORD``. Every other demo
professional has the same password, so you can look through anyone's eyes.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from meedoen.casefile.services import trajectory_open
from meedoen.core.categories import LifeDomain, domain_category
from meedoen.demo import data
from meedoen.demo.seed_evaluations import seed_evaluations
from meedoen.demo.seed_journeys import seed_journeys
from meedoen.demo.seed_measurements import seed_measurements
from meedoen.demo.seed_outreach import seed_outreach
from meedoen.demo.seed_socialmap import seed_socialmap
from meedoen.journeys.models import (
    CaseTeamMember,
    ClosureReason,
    Contact,
    Handover,
    JourneyTemplate,
    Stage,
    Trajectory,
)
from meedoen.journeys.services import (
    case_team_add,
    case_team_end,
    contact_record,
    handover_accept,
    handover_decline,
    handover_offer,
    journey_template_create_default,
    trajectory_close,
    trajectory_move,
)
from meedoen.meetings.models import Decision, Meeting
from meedoen.meetings.selectors import minutes_access_for
from meedoen.meetings.services import (
    agenda_item_record,
    decision_add,
    decision_to_action,
    meeting_add_agenda_item,
    meeting_save_minutes,
    meeting_schedule,
)
from meedoen.organisations.models import (
    Municipality,
    Neighbourhood,
    Organisation,
    Professional,
    Team,
)
from meedoen.organisations.services import functional_admin_group_sync
from meedoen.plans.models import Action, Goal, Plan
from meedoen.plans.services import (
    plan_action_add,
    plan_action_set_status,
    plan_agree,
    plan_goal_add,
    plan_goal_set_status,
)
from meedoen.privacy.door import access_for
from meedoen.privacy.models import Consent
from meedoen.privacy.services import consent_record
from meedoen.residents.models import Household, HouseholdMember, Resident
from meedoen.residents.services import household_create

Role = Professional.Role
Kind = Organisation.Kind

MUNICIPALITY_NAME = "Arnhem"
MUNICIPALITY_CODE = "0202"
DEFAULT_SEED = 2008  # the year Arnhem's participation coaches started
DEMO_PASSWORD = "meedoen-demo"  # noqa: S105 (a demo, printed on purpose)
TARGET_RESIDENTS = 610
HISTORY_DAYS = 548  # trajectories start over the last 18 months


@dataclass(frozen=True)
class DemoLogin:
    """A login for a demo: who it is and what it shows."""

    username: str
    first_name: str
    last_name: str
    role: str
    shows: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "coordinator",
        "Sanne",
        "de Vries",
        Role.COORDINATOR,
        "participatiecoach in Klarendal: volle caseload met signalen, de Werktafel, "
        "een overdracht die op antwoord wacht, en Linda (seed 003)",
    ),
    DemoLogin(
        "inkomen",
        "Mehmet",
        "Yilmaz",
        Role.INCOME_CONSULTANT,
        "inkomensconsulent: ziet alleen de inwoners in wier casusteam hij zit",
    ),
    DemoLogin(
        "teamleider",
        "Ingrid",
        "Jansen",
        Role.TEAM_LEAD,
        "teamleider van Sociaal team Klarendal: caseloadbalans en de klantreis",
    ),
    DemoLogin(
        "privacy",
        "Pieter",
        "Bakker",
        Role.PRIVACY_OFFICER,
        "privacy officer: audittrail, geen inwonergegevens",
    ),
    DemoLogin(
        "beheer",
        "Joost",
        "van Dijk",
        Role.ADMINISTRATOR,
        "functioneel beheerder (is_staff): organisaties, teams, klantreis",
    ),
    DemoLogin(
        "beleid",
        "Fenna",
        "Hoekstra",
        Role.POLICY_ADVISER,
        "beleidsadviseur en evaluator: uitkomsten, evaluaties, geen dossiers",
    ),
)
# The login whose existence marks the demo as present.
MARKER_USERNAME = "coordinator"

# Seed 003 (Op Koers, Houten), moved to Klarendal: homeless after a separation, two
# young children, a financial administrator (bewindvoerder), psychological complaints.
SCENARIO_FIRST_NAME = "Linda"
SCENARIO_LAST_NAME = "Vermeulen"
SCENARIO_CHILDREN = (("Noah", 5), ("Tess", 3))

DISTRICT_NAMES = list(data.DISTRICTS)


class DemoError(Exception):
    """The demo cannot be seeded into this database."""


@dataclass
class SeedResult:
    """What ``seed_demo`` did. ``created`` is False when the demo was already there."""

    created: bool
    municipality: Municipality
    logins: tuple[DemoLogin, ...] = DEMO_LOGINS
    password: str = DEMO_PASSWORD
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def demo_municipality() -> Municipality | None:
    """The demo municipality, if the demo is in this database."""
    return Municipality.objects.filter(
        code=MUNICIPALITY_CODE,
        professionals__username=MARKER_USERNAME,
    ).first()


def demo_bsn(n: int) -> str | None:
    """The n-th BSN of the 9999xxxxx test range, or None if that prefix has no valid
    check digit (the eleven test); same algorithm as the test factories."""
    base = 99990000 + (n % 10000)
    digits = [int(d) for d in f"{base:08d}"]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True))
    for last in range(10):
        if (total - last) % 11 == 0:
            return f"{base:08d}{last}"
    return None


def count_rows(municipality: Municipality) -> dict[str, int]:
    """Row counts of the demo, for the command's summary and the tests."""
    trajectories = Trajectory.objects.filter(municipality=municipality)
    return {
        "neighbourhoods": municipality.neighbourhoods.count(),
        "organisations": municipality.organisations.count(),
        "teams": municipality.teams.count(),
        "professionals": municipality.professionals.count(),
        "residents": Resident.objects.filter(municipality=municipality).count(),
        "households": Household.objects.filter(municipality=municipality).count(),
        "trajectories": trajectories.count(),
        "open trajectories": trajectories.filter(closed_on__isnull=True).count(),
        "contacts": Contact.objects.filter(trajectory__in=trajectories).count(),
        "goals": Goal.objects.filter(plan__trajectory__in=trajectories).count(),
        "actions": Action.objects.filter(plan__trajectory__in=trajectories).count(),
        "hand-overs": Handover.objects.filter(trajectory__in=trajectories).count(),
        "consents": Consent.objects.filter(municipality=municipality).count(),
        "meetings": Meeting.objects.filter(municipality=municipality).count(),
        "decisions": Decision.objects.filter(
            agenda_item__meeting__municipality=municipality
        ).count(),
    }


def seed_demo(
    *,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    log: Callable[[str], Any] | None = None,
) -> SeedResult:
    """Create the demo municipality, or do nothing if it is already there.

    Raises ``DemoError`` if the database holds other data (another municipality, or an
    Arnhem that is not the demo): the demo's known passwords must never land next to
    real residents.
    """
    started = time.monotonic()
    existing = demo_municipality()
    if existing is not None:
        return SeedResult(
            created=False, municipality=existing, counts=count_rows(existing)
        )
    others = Municipality.objects.all()
    if others.exists():
        names = ", ".join(others.values_list("name", flat=True)[:5])
        raise DemoError(
            f"This database already holds municipalities ({names}) and no demo. The "
            "demo creates logins with a known password; seed it into an empty database."
        )
    with transaction.atomic():
        seeder = _Seeder(seed=seed, today=today or timezone.localdate(), log=log)
        municipality = seeder.run()
    return SeedResult(
        created=True,
        municipality=municipality,
        counts=count_rows(municipality),
        seconds=time.monotonic() - started,
    )


# --- the seeder ---------------------------------------------------------------------

OPEN_STAGE_WEIGHTS = [6, 7, 10, 9, 45, 9, 5, 9]  # per stage, in order
SIGNAL, FIRST, ANALYSIS, PLAN, EXECUTION, EVALUATION, CLOSURE, AFTERCARE = range(8)
ROLE_ORG_KIND: dict[str, str] = {
    Role.WORK_COACH: Kind.WORK,
    Role.INCOME_CONSULTANT: Kind.INCOME,
    Role.NEIGHBOURHOOD_WORKER: Kind.NEIGHBOURHOOD_TEAM,
    Role.WMO_CONSULTANT: Kind.NEIGHBOURHOOD_TEAM,
    Role.UWV_ADVISER: Kind.UWV,
    Role.DEBT_COUNSELLOR: Kind.DEBT_HELP,
    Role.WELFARE_WORKER: Kind.WELFARE,
    Role.CARE_WORKER: Kind.CARE,
    Role.JOB_COACH: Kind.SOCIAL_WORK_COMPANY,
}


@dataclass
class _Journey:
    """The path one trajectory takes, decided before anything is written."""

    steps: list[tuple[int, date]]  # (stage index, entered on), in order
    closed_on: date | None = None
    closure: str = ""
    quiet: bool = False  # no contact in the last weeks
    overdue: bool = False  # at least one open action past its due date

    @property
    def started_on(self) -> date:
        return self.steps[0][1]

    @property
    def current(self) -> int:
        return self.steps[-1][0]

    def entered(self, stage: int) -> date | None:
        """First date the trajectory entered a stage."""
        return next((on for s, on in self.steps if s == stage), None)

    def stage_on(self, day: date) -> int | None:
        stage = None
        for s, on in self.steps:
            if on <= day:
                stage = s
        return stage


@dataclass
class _Case:
    """A trajectory while it is being seeded."""

    trajectory: Trajectory
    journey: _Journey
    district: str
    profiles: list[str]
    coordinators: list[tuple[date, Professional]]  # from date, coordinator
    members: list[tuple[date, Professional]] = field(default_factory=list)
    last_contact: date | None = None
    consents: set[int] = field(default_factory=set)  # organisations consented to

    def coordinator_on(self, day: date) -> Professional:
        current = self.coordinators[0][1]
        for since, professional in self.coordinators:
            if since <= day:
                current = professional
        return current

    def team_on(self, day: date) -> list[Professional]:
        return [p for joined, p in self.members if joined <= day]


class _Seeder:
    def __init__(
        self, *, seed: int, today: date, log: Callable[[str], Any] | None
    ) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.today = today
        self.log = log or (lambda message: None)
        self.cases: list[_Case] = []
        self.backdate: dict[type, dict[int, date]] = defaultdict(dict)
        self.pros_by_role: dict[str, list[Professional]] = defaultdict(list)
        self.coordinators: dict[str, list[tuple[Professional, float]]] = {}
        self.orgs: dict[str, Organisation] = {}
        self.logins: dict[str, Professional] = {}
        self.pro_district: dict[int, str | None] = {}

    # -- helpers ---------------------------------------------------------------------

    def days(self, low: float, high: float) -> int:
        return round(self.rng.uniform(low, high))

    def clamp(self, day: date, low: date, high: date) -> date:
        return max(low, min(day, high))

    def aware(self, day: date, at: clock) -> datetime:
        return timezone.make_aware(datetime.combine(day, at))

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def split_last_name(self, name: str) -> tuple[str, str]:
        """'van der Ploeg' -> ('van der', 'Ploeg')."""
        words = name.split()
        prefix: list[str] = []
        while len(words) > 1 and (words[0][0].islower() or words[0][0] == "'"):
            prefix.append(words.pop(0))
        return " ".join(prefix), " ".join(words)

    # -- run -------------------------------------------------------------------------

    def run(self) -> Municipality:
        self.municipality = Municipality.objects.create(
            name=MUNICIPALITY_NAME, code=MUNICIPALITY_CODE
        )
        self.template: JourneyTemplate = journey_template_create_default(
            municipality=self.municipality
        )
        self.stages: list[Stage] = list(self.template.stages.order_by("order"))
        self.make_areas()
        self.make_organisations()
        seed_journeys(self)
        self.make_professionals()
        self.log(f"{sum(map(len, self.pros_by_role.values()))} professionals ready")
        households = self.make_residents()
        self.log(f"{sum(len(m) for m, _ in households)} residents ready")
        self.make_trajectories(households)
        self.log(f"{len(self.cases)} trajectories ready")
        self.make_scenario()
        self.make_handovers()
        self.make_meetings()
        self.log("meetings ready")
        self.apply_backdates()
        seed_measurements(self)
        self.log("measurements ready")
        seed_evaluations(self)
        self.log("evaluations ready")
        seed_socialmap(self)
        seed_outreach(self)
        self.log("outreach ready")
        return self.municipality

    # -- organisations ---------------------------------------------------------------

    def make_areas(self) -> None:
        self.districts: dict[str, Neighbourhood] = {}
        self.buurten: dict[str, list[Neighbourhood]] = {}
        for name, (buurten, *_rest) in data.DISTRICTS.items():
            district = Neighbourhood.objects.create(
                municipality=self.municipality,
                name=name,
                kind=Neighbourhood.Kind.DISTRICT,
            )
            self.districts[name] = district
            self.buurten[name] = [
                Neighbourhood.objects.create(
                    municipality=self.municipality,
                    name=buurt,
                    kind=Neighbourhood.Kind.NEIGHBOURHOOD,
                    parent=district,
                )
                for buurt in buurten
            ]

    def make_organisations(self) -> None:
        spec = [
            ("work", "Werk en Inkomen Arnhem – Werk", Kind.WORK),
            ("income", "Werk en Inkomen Arnhem – Inkomen", Kind.INCOME),
            *(
                (f"wt:{d}", f"Wijkteam {d}", Kind.NEIGHBOURHOOD_TEAM)
                for d in DISTRICT_NAMES
            ),
            ("uwv", "UWV Arnhem", Kind.UWV),
            ("welfare", "Rijnstad", Kind.WELFARE),
            ("debt", "Schuldhulpverlening Arnhem", Kind.DEBT_HELP),
            ("care", "Pro Persona", Kind.CARE),
            ("swc", "Presikhaaf Bedrijven", Kind.SOCIAL_WORK_COMPANY),
        ]
        for key, name, kind in spec:
            # One by one, not bulk: Organisation.save fills in the legal task.
            self.orgs[key] = Organisation.objects.create(
                municipality=self.municipality, name=name, kind=kind
            )
        self.teams: dict[str, Team] = {}
        for d in DISTRICT_NAMES:
            self.teams[f"st:{d}"] = Team(
                municipality=self.municipality,
                name=f"Sociaal team {d}",
                neighbourhood=self.districts[d],
            )
        self.teams["pc"] = Team(
            municipality=self.municipality, name="Participatiecoaches Arnhem"
        )
        self.teams["wc"] = Team(
            municipality=self.municipality, name="Werkcoaches Werk en Inkomen"
        )
        Team.objects.bulk_create(self.teams.values())

    def org_for(self, kind: str, district: str) -> Organisation:
        if kind == Kind.NEIGHBOURHOOD_TEAM:
            return self.orgs[f"wt:{district}"]
        keys: dict[str, str] = {
            Kind.WORK: "work",
            Kind.INCOME: "income",
            Kind.UWV: "uwv",
            Kind.WELFARE: "welfare",
            Kind.DEBT_HELP: "debt",
            Kind.CARE: "care",
            Kind.SOCIAL_WORK_COMPANY: "swc",
        }
        return self.orgs[keys[kind]]

    def make_professionals(self) -> None:
        # (role, organisation key, district, team keys, demo login or None, weight)
        spec: list[
            tuple[str, str | None, str | None, list[str], str | None, float]
        ] = []
        coordinators = {  # district -> organisations of its participation coaches
            "Klarendal": ["wt", "wt", "wt", "work"],
            "Geitenkamp": ["wt", "work"],
            "Malburgen": ["wt", "wt", "work"],
            "Presikhaaf": ["wt", "work"],
            "Het Arnhemse Broek": ["wt", "wt"],
        }
        for d, orgs in coordinators.items():
            for i, org in enumerate(orgs):
                login = "coordinator" if d == "Klarendal" and i == 0 else None
                spec.append(
                    (
                        Role.COORDINATOR,
                        f"wt:{d}" if org == "wt" else "work",
                        d,
                        [f"st:{d}", "pc"],
                        login,
                        # The demo login carries a somewhat larger caseload.
                        1.6 if login else 1.0,
                    )
                )
        for d in DISTRICT_NAMES:
            spec.append((Role.NEIGHBOURHOOD_WORKER, f"wt:{d}", d, [f"st:{d}"], None, 1))
        spec += [
            (Role.WMO_CONSULTANT, "wt:Malburgen", None, ["st:Malburgen"], None, 1),
            (Role.WMO_CONSULTANT, "wt:Presikhaaf", None, ["st:Presikhaaf"], None, 1),
            *[(Role.WORK_COACH, "work", None, ["wc"], None, 1)] * 4,
            (Role.INCOME_CONSULTANT, "income", "Klarendal", [], "inkomen", 1),
            *[(Role.INCOME_CONSULTANT, "income", None, [], None, 1)] * 3,
            *[(Role.UWV_ADVISER, "uwv", None, [], None, 1)] * 2,
            *[(Role.DEBT_COUNSELLOR, "debt", None, [], None, 1)] * 2,
            *[(Role.WELFARE_WORKER, "welfare", None, [], None, 1)] * 3,
            (Role.CARE_WORKER, "care", None, [], None, 1),
            (Role.JOB_COACH, "swc", None, [], None, 1),
            (
                Role.TEAM_LEAD,
                "wt:Klarendal",
                "Klarendal",
                ["st:Klarendal", "st:Geitenkamp"],
                "teamleider",
                1,
            ),
            (
                Role.TEAM_LEAD,
                "wt:Malburgen",
                "Malburgen",
                ["st:Malburgen", "st:Presikhaaf", "st:Het Arnhemse Broek"],
                None,
                1,
            ),
            (Role.TEAM_LEAD, "work", None, ["pc", "wc"], None, 1),
            (Role.PRIVACY_OFFICER, None, None, [], "privacy", 1),
            (Role.ADMINISTRATOR, None, None, [], "beheer", 1),
            (Role.POLICY_ADVISER, None, None, [], "beleid", 1),
        ]
        logins = {login.username: login for login in DEMO_LOGINS}
        # Hash once: every demo professional gets the same password, and hashing 40
        # times would cost more than the rest of the seed.
        hasher = Professional(username="hash")
        hasher.set_password(DEMO_PASSWORD)
        password = hasher.password
        used: set[str] = set()
        rows: list[tuple[Professional, list[str], str | None, float]] = []
        for role, org_key, district, team_keys, login, weight in spec:
            if login:
                first, (prefix, last) = (
                    logins[login].first_name,
                    ("", logins[login].last_name),
                )
                username = login
            else:
                female = self.rng.random() < 0.6
                first = (
                    self.fake.first_name_female()
                    if female
                    else self.fake.first_name_male()
                )
                prefix, last = self.split_last_name(self.fake.last_name())
                base = f"{first[0]}{prefix.replace(' ', '')}{last}".lower()
                base = "".join(c for c in base if c.isalnum())
                username, n = base, 1
                while username in used or username in logins:
                    n += 1
                    username = f"{base}{n}"
            used.add(username)
            full_last = f"{prefix} {last}".strip()
            professional = Professional(
                username=username,
                first_name=first,
                last_name=full_last,
                email=f"{username}@arnhem.example",
                municipality=self.municipality,
                organisation=self.orgs[org_key] if org_key else None,
                role=role,
                is_staff=role == Role.ADMINISTRATOR,
                password=password,
            )
            rows.append((professional, team_keys, district, weight))
        Professional.objects.bulk_create([p for p, *_ in rows])
        memberships = []
        through = Professional.teams.through
        for professional, team_keys, district, weight in rows:
            for key in team_keys:
                memberships.append(
                    through(professional_id=professional.pk, team_id=self.teams[key].pk)
                )
            self.pro_district[professional.pk] = district
            self.pros_by_role[professional.role].append(professional)
            if professional.username in logins:
                self.logins[professional.username] = professional
            if professional.role == Role.COORDINATOR:
                self.coordinators.setdefault(district or "", []).append(
                    (professional, weight)
                )
        through.objects.bulk_create(memberships)
        # Functional administrators maintain the configuration through the admin.
        admin_group = functional_admin_group_sync()
        admin_group.user_set.add(*[p for p, *_ in rows if p.role == Role.ADMINISTRATOR])

    # -- residents and households ----------------------------------------------------

    def make_residents(self) -> list[tuple[list[tuple[Resident, str]], str]]:
        """Households as (members with relation, district); residents are saved."""
        bsns = [b for n in range(10000) if (b := demo_bsn(n))]
        self.rng.shuffle(bsns)
        bsn_iter = iter(bsns)
        households: list[tuple[list[tuple[Resident, str]], str]] = []
        weights = {d: spec[3] for d, spec in data.DISTRICTS.items()}
        # Seed 003 lives in Klarendal: made first, finished in make_scenario().
        self.scenario_members = self.scenario_household()
        households.append((self.scenario_members, "Klarendal"))
        total = len(self.scenario_members)
        while total < TARGET_RESIDENTS:
            district = self.rng.choices(list(weights), weights=list(weights.values()))[
                0
            ]
            members = self.random_household(district)
            households.append((members, district))
            total += len(members)
        residents = [r for members, _ in households for r, _rel in members]
        for resident in residents:
            resident.set_bsn(next(bsn_iter))
            resident.refresh_name_keys()  # bulk_create skips save()
        Resident.objects.bulk_create(residents, batch_size=500)
        self.residents = residents
        return households

    def address(self, district: str) -> dict[str, Any]:
        _buurten, prefixes, streets, _share = data.DISTRICTS[district]
        letters = self.rng.choice(data.POSTCODE_LETTERS) + self.rng.choice(
            data.POSTCODE_LETTERS
        )
        number = str(self.rng.randint(1, 180))
        if self.rng.random() < 0.15:
            number += f"-{self.rng.choice('ABC')}"
        return {
            "street": self.rng.choice(streets),
            "house_number": number,
            "postcode": f"{self.rng.choice(prefixes)} {letters}",
            "city": "Arnhem",
            "neighbourhood": self.rng.choice(self.buurten[district]),
        }

    def phone(self) -> str:
        return f"06-{self.rng.randint(10000000, 99999999)}"

    def person(
        self,
        *,
        female: bool,
        last: tuple[str, str],
        age: int,
        address: dict[str, Any],
        adult: bool = True,
        mixed: bool = False,
    ) -> Resident:
        if mixed and self.rng.random() < 0.7:
            first = self.rng.choice(
                data.EXTRA_FIRST_FEMALE if female else data.EXTRA_FIRST_MALE
            )
        else:
            first = (
                self.fake.first_name_female() if female else self.fake.first_name_male()
            )
        born = self.today - timedelta(days=age * 365 + self.rng.randint(0, 364))
        email = ""
        if adult and self.rng.random() < 0.4:
            local = f"{first}.{last[1]}".lower().replace(" ", "")
            email = f"{local}{self.rng.randint(1, 99)}@example.com"
        return Resident(
            municipality=self.municipality,
            first_name=first,
            name_prefix=last[0],
            last_name=last[1],
            birth_date=born,
            phone=self.phone() if adult and self.rng.random() < 0.9 else "",
            email=email,
            **address,
        )

    def last_name(self) -> tuple[tuple[str, str], bool]:
        if self.rng.random() < 0.2:
            return ("", self.rng.choice(data.EXTRA_LAST)), True
        return self.split_last_name(self.fake.last_name()), False

    def random_household(self, district: str) -> list[tuple[Resident, str]]:
        kind = self.pick(
            {"single": 42, "couple": 14, "single_parent": 26, "family": 18}
        )
        address = self.address(district)
        last, mixed = self.last_name()
        Rel = HouseholdMember.Relation
        head_female = self.rng.random() < (0.85 if kind == "single_parent" else 0.5)
        low, high = (20, 64) if kind in ("single", "couple") else (22, 52)
        head_age = self.rng.randint(low, high)
        head = self.person(
            female=head_female, last=last, age=head_age, address=address, mixed=mixed
        )
        members: list[tuple[Resident, str]] = [(head, Rel.HEAD)]
        if kind in ("couple", "family"):
            partner_last = last if self.rng.random() < 0.5 else self.last_name()[0]
            partner_age = max(19, head_age + self.rng.randint(-6, 6))
            partner = self.person(
                female=not head_female,
                last=partner_last,
                age=partner_age,
                address=address,
                mixed=mixed,
            )
            members.append((partner, Rel.PARTNER))
        if kind in ("single_parent", "family"):
            children = self.rng.randint(1, 4 if kind == "family" else 3)
            oldest = min(17, head_age - 19)
            for _ in range(children):
                members.append(
                    (
                        self.person(
                            female=self.rng.random() < 0.5,
                            last=last,
                            age=self.rng.randint(0, max(0, oldest)),
                            address=address,
                            adult=False,
                            mixed=mixed,
                        ),
                        Rel.CHILD,
                    )
                )
        return members

    def scenario_household(self) -> list[tuple[Resident, str]]:
        # No address of her own: she stays with friends and family; post goes to the
        # neighbourhood team (a brief address, briefadres).
        address = {
            "street": "Klarendalseweg",
            "house_number": "181 (briefadres)",
            "postcode": "6822 GL",
            "city": "Arnhem",
            "neighbourhood": self.buurten["Klarendal"][0],
        }
        linda = Resident(
            municipality=self.municipality,
            first_name=SCENARIO_FIRST_NAME,
            last_name=SCENARIO_LAST_NAME,
            birth_date=self.today - timedelta(days=31 * 365 + 47),
            phone="06-31415926",
            **address,
        )
        members: list[tuple[Resident, str]] = [(linda, HouseholdMember.Relation.HEAD)]
        for first, age in SCENARIO_CHILDREN:
            members.append(
                (
                    Resident(
                        municipality=self.municipality,
                        first_name=first,
                        last_name=SCENARIO_LAST_NAME,
                        birth_date=self.today - timedelta(days=age * 365 + 100),
                        **address,
                    ),
                    HouseholdMember.Relation.CHILD,
                )
            )
        return members

    # -- trajectories ----------------------------------------------------------------

    def choose_coordinator(self, district: str) -> Professional:
        options = self.coordinators[district]
        return self.rng.choices(
            [p for p, _w in options], weights=[w for _p, w in options]
        )[0]

    def make_trajectories(
        self, households: list[tuple[list[tuple[Resident, str]], str]]
    ) -> None:
        Rel = HouseholdMember.Relation
        sanne = self.logins["coordinator"]
        forced = ["stuck", "quiet", "overdue"]  # signals the demo login must show
        for index, (members, district) in enumerate(households):
            if index == 0:  # the scenario household, see make_scenario()
                continue
            coordinator = self.choose_coordinator(district)
            head = members[0][0]
            # Without a first name the prefix takes a capital: Huishouden Van Dijk.
            prefix = head.name_prefix[:1].upper() + head.name_prefix[1:]
            name = " ".join(
                part for part in ("Huishouden", prefix, head.last_name) if part
            )
            household = household_create(
                by=coordinator,
                name=name,
                members=[(r, rel) for r, rel in members],
            )
            has_children = any(rel == Rel.CHILD for _r, rel in members)
            whole = has_children and self.rng.random() < 0.7
            force = forced.pop(0) if coordinator is sanne and forced else ""
            self.start_case(
                head,
                coordinator,
                district,
                household=household if whole else None,
                force=force,
            )
            partner = next((r for r, rel in members if rel == Rel.PARTNER), None)
            if partner is not None and self.rng.random() < 0.25:
                self.start_case(partner, self.choose_coordinator(district), district)

    def plan_journey(self, force: str = "") -> _Journey:
        """Decide the path backwards from today: the current (or closing) stage first,
        then the stages before it."""
        rng = self.rng
        norms = [s.norm_days for s in self.stages]
        closure = ""
        if not force and rng.random() < 0.22:
            closure = self.pick(
                {
                    ClosureReason.COMPLETED: 45,
                    ClosureReason.DROPPED_OUT: 30,
                    ClosureReason.WITHDRAWN: 10,
                    ClosureReason.MOVED: 10,
                    ClosureReason.OTHER: 5,
                }
            )
        if closure == ClosureReason.COMPLETED:
            last = AFTERCARE if rng.random() < 0.8 else CLOSURE
            elapsed = norms[last] * rng.uniform(0.8, 1.15)
        elif closure == ClosureReason.DROPPED_OUT:
            last = rng.choices([FIRST, ANALYSIS, PLAN, EXECUTION], [3, 3, 3, 5])[0]
            elapsed = norms[last] * rng.uniform(0.3, 1.6)
        elif closure == ClosureReason.WITHDRAWN:
            last = rng.choice([SIGNAL, FIRST])
            elapsed = norms[last] * rng.uniform(0.2, 1.0)
        elif closure:
            last = rng.randint(FIRST, EVALUATION)
            elapsed = norms[last] * rng.uniform(0.2, 1.0)
        else:
            if force:
                last = EXECUTION if force != "stuck" else ANALYSIS
            else:
                last = rng.choices(range(len(norms)), OPEN_STAGE_WEIGHTS)[0]
            stuck = force == "stuck" or (not force and rng.random() < 0.22)
            elapsed = norms[last] * (
                rng.uniform(1.15, 2.4) if stuck else rng.uniform(0.03, 0.95)
            )
            if force in ("quiet", "overdue"):
                elapsed = norms[last] * rng.uniform(0.3, 0.6)
        path = list(range(last + 1))
        if last > FIRST and rng.random() < 0.05:
            path.remove(FIRST)  # skipped, with a reason
        if last >= EXECUTION and rng.random() < 0.05:
            at = path.index(EXECUTION) + 1
            path[at:at] = [PLAN, EXECUTION]  # back to the plan after a setback
        durations = [
            norms[s]
            * (rng.uniform(0.5, 1.25) if rng.random() < 0.8 else rng.uniform(1.25, 2.2))
            for s in path[:-1]
        ]
        span = elapsed + sum(durations)
        if span > HISTORY_DAYS - 10:
            factor = max(0.3, (HISTORY_DAYS - 10 - elapsed) / max(1.0, sum(durations)))
            durations = [d * factor for d in durations]
            span = elapsed + sum(durations)
            if span > HISTORY_DAYS - 10:
                elapsed = max(1.0, HISTORY_DAYS - 10 - sum(durations))
                span = elapsed + sum(durations)
        end = self.today
        if closure:
            end = self.today - timedelta(
                days=self.days(1, max(2, HISTORY_DAYS - 5 - span))
            )
        day = end - timedelta(days=round(elapsed))
        steps = [(path[-1], day)]
        for stage, duration in zip(
            reversed(path[:-1]), reversed(durations), strict=True
        ):
            day -= timedelta(days=max(1, round(duration)))
            steps.insert(0, (stage, day))
        journey = _Journey(
            steps=steps,
            closed_on=end if closure else None,
            closure=closure,
        )
        if not closure:
            natural_quiet = last >= ANALYSIS and rng.random() < 0.1
            journey.quiet = force == "quiet" or (not force and natural_quiet)
            journey.overdue = force == "overdue"
        return journey

    def start_case(
        self,
        resident: Resident,
        coordinator: Professional,
        district: str,
        *,
        household: Household | None = None,
        force: str = "",
        journey: _Journey | None = None,
        profiles: list[str] | None = None,
        reason: str = "",
        reason_category: str = "",
        team_roles: Sequence[str] | None = None,
        with_plan: bool = True,
    ) -> _Case:
        journey = journey or self.plan_journey(force)
        if profiles is None:
            profiles = [self.pick(data.PROFILE_WEIGHTS)]
            if self.rng.random() < 0.35:
                second = self.pick(data.PROFILE_WEIGHTS)
                if second not in profiles:
                    profiles.append(second)
        if not reason:
            reason = self.rng.choice(data.PROFILES[profiles[0]][2])
            reason_category = data.PROFILE_REASON_CATEGORY.get(profiles[0], "")
        trajectory = trajectory_open(
            resident=resident,
            coordinator=coordinator,
            by=coordinator,
            template=self.template,
            household=household,
            started_on=journey.started_on,
            reason=reason,
            reason_category=reason_category or "notes",
        )
        case = _Case(
            trajectory=trajectory,
            journey=journey,
            district=district,
            profiles=profiles,
            coordinators=[(journey.started_on, coordinator)],
            members=[(journey.started_on, coordinator)],
        )
        self.cases.append(case)
        self.add_team(case, team_roles)
        self.move(case)
        self.add_contacts(case)
        if with_plan:
            self.add_plan(case)
        if journey.closed_on:
            trajectory_close(
                trajectory=trajectory,
                by=case.coordinator_on(journey.closed_on),
                reason=journey.closure,
                on=journey.closed_on,
            )
        return case

    def pro_for_role(self, role: str, case: _Case) -> Professional | None:
        coordinator = case.coordinators[0][1]
        options = [
            p
            for p in self.pros_by_role[role]
            if p.organisation_id != coordinator.organisation_id
        ]
        if not options:
            return None
        local = [p for p in options if self.pro_district.get(p.pk) == case.district]
        if local and self.rng.random() < 0.4:
            return self.rng.choice(local)
        return self.rng.choice(options)

    def add_team(self, case: _Case, roles: Sequence[str] | None = None) -> None:
        journey = case.journey
        end = journey.closed_on or self.today
        size = len(roles) if roles is not None else self.rng.choice([1, 2, 2, 3, 3, 4])
        if roles is None:
            roles = []
            for profile in case.profiles:
                roles += data.PROFILES[profile][1]
            # Who else usually sits at the table, if the profile's roles are taken
            # by the coordinator's own organisation.
            roles += [Role.INCOME_CONSULTANT, Role.WORK_COACH, Role.WELFARE_WORKER]
        analysis = journey.entered(ANALYSIS)
        added = 0
        for role in roles:
            if added == size:
                break
            professional = self.pro_for_role(role, case)
            if professional is None or professional in case.team_on(end):
                continue
            if added == 0:  # the first partner joins right after the signal
                joined = journey.started_on + timedelta(days=self.days(1, 7))
                joined = min(joined, end)
            else:
                base = analysis or journey.started_on + timedelta(days=self.days(2, 10))
                joined = base + timedelta(days=self.days(0, 12))
            if joined > end:
                continue
            added += 1
            membership = self.join(case, professional, joined)
            case.members.append((joined, professional))
            left = joined + timedelta(days=self.days(60, 220))
            if role == Role.DEBT_COUNSELLOR and self.rng.random() < 0.3 and left < end:
                # A debt counsellor who handed the case to a bewindvoerder.
                case_team_end(
                    membership=membership, by=case.coordinators[0][1], on=left
                )
                case.members.remove((joined, professional))

    def join(self, case: _Case, professional: Professional, on: date) -> CaseTeamMember:
        """Add to the case team; welfare and care have no legal task of their own, so
        the resident's consent to share with them is recorded first."""
        organisation = professional.organisation
        assert organisation is not None
        by = case.coordinator_on(on)
        if not organisation.legal_task and organisation.pk not in case.consents:
            consent_record(
                resident=case.trajectory.resident,
                purpose=data.CONSENT_PURPOSES.get(
                    organisation.kind,
                    f"Samenwerken met {organisation} aan het plan.",
                ),
                organisations=[organisation],
                # Asked in the first conversation, for two years.
                valid_from=case.journey.started_on,
                valid_until=case.journey.started_on + timedelta(days=2 * 365),
                by=by,
            )
            case.consents.add(organisation.pk)
        return case_team_add(
            trajectory=case.trajectory, professional=professional, by=by, on=on
        )

    def move(self, case: _Case) -> None:
        previous = case.journey.steps[0][0]
        for stage, on in case.journey.steps[1:]:
            reason = ""
            if stage < previous:
                reason = "Terugval: het plan wordt samen met de inwoner bijgesteld."
            elif stage > previous + 1:
                reason = (
                    "Eerste gesprek al gevoerd tijdens het huisbezoek bij de melding."
                )
            trajectory_move(
                trajectory=case.trajectory,
                to_stage=self.stages[stage],
                by=case.coordinator_on(on),
                reason=reason,
                on=on,
            )
            previous = stage

    def add_contacts(self, case: _Case) -> None:
        journey = case.journey
        start = journey.started_on
        end = journey.closed_on or self.today
        if journey.quiet:
            end = min(end, self.today - timedelta(days=self.days(48, 110)))
        if end < start:
            return
        kinds = {"home_visit": 30, "office": 30, "phone": 35, "walk_in": 5}
        day = start + timedelta(days=self.days(0, 4))
        first = True
        dates: list[date] = []
        while day <= end and len(dates) < 14:
            dates.append(day)
            day += timedelta(days=self.days(12, 42))
        if (
            not journey.quiet
            and not journey.closed_on
            and dates
            and dates[-1] < end - timedelta(days=30)
        ):
            dates.append(end - timedelta(days=self.days(0, 20)))
        for day in dates:
            kind = (
                self.rng.choice(["phone", "walk_in", "home_visit"])
                if first
                else self.pick(kinds)
            )
            first = False
            by = case.coordinator_on(day)
            team = case.team_on(day)
            if len(team) > 1 and self.rng.random() < 0.2:
                by = self.rng.choice(team)
            contact_record(
                trajectory=case.trajectory,
                by=by,
                contact_on=day,
                kind=kind,
                summary=self.rng.choice(data.CONTACT_SUMMARIES[kind]),
            )
            case.last_contact = day

    # -- plans -----------------------------------------------------------------------

    def owner(self, spec: str, case: _Case, on: date) -> dict[str, Any]:
        """Resolve an owner spec (role, organisation kind or 'resident') to the
        owner arguments of plan_action_add."""
        if spec == "resident":
            return {"owner_kind": Action.OwnerKind.RESIDENT}
        coordinator = case.coordinator_on(on)
        if spec == Role.COORDINATOR:
            return {
                "owner_kind": Action.OwnerKind.PROFESSIONAL,
                "owner_professional": coordinator,
            }
        if spec in Role.values:
            for professional in case.team_on(on):
                if professional.role == spec:
                    return {
                        "owner_kind": Action.OwnerKind.PROFESSIONAL,
                        "owner_professional": professional,
                    }
            kind = ROLE_ORG_KIND[spec]
        else:
            kind = spec
        org = self.org_for(kind, case.district)
        if org.pk == coordinator.organisation_id:
            return {
                "owner_kind": Action.OwnerKind.PROFESSIONAL,
                "owner_professional": coordinator,
            }
        return {"owner_kind": Action.OwnerKind.ORGANISATION, "owner_organisation": org}

    def add_action(
        self,
        case: _Case,
        plan: Plan,
        *,
        description: str,
        owner: str,
        created: date,
        due: date,
        goal: Goal | None,
        by: Professional | None = None,
    ) -> Action:
        action = plan_action_add(
            plan=plan,
            expected_version=plan.version,
            description=description,
            due_on=due,
            goal=goal,
            by=by or case.coordinator_on(created),
            **self.owner(owner, case, created),
        )
        self.backdate[Action][action.pk] = created
        return action

    def settle(
        self, case: _Case, action: Action, created: date, *, keep_open: bool = False
    ) -> None:
        """Give an action the status it would have by now."""
        journey = case.journey
        plan = action.plan
        end = journey.closed_on or self.today
        due_on = action.due_on or created
        by = self.reader_of(
            case,
            domain_category(action.domain),
            min(end, due_on),
            action.owner_professional,
        )
        status, on = Action.Status.OPEN, None
        if keep_open or by is None:
            return
        if journey.closed_on:
            if journey.closure == ClosureReason.COMPLETED or (
                due_on < end and self.rng.random() < 0.6
            ):
                status = Action.Status.DONE
                on = self.clamp(due_on - timedelta(days=self.days(0, 10)), created, end)
            else:
                status = Action.Status.CANCELLED
        elif due_on < self.today:
            roll = self.rng.random()
            if roll < 0.8:
                status = Action.Status.DONE
                on = self.clamp(
                    due_on + timedelta(days=self.days(-12, 6)),
                    created,
                    self.today,
                )
            elif roll < 0.87:
                status = Action.Status.CANCELLED
        elif self.rng.random() < 0.15:
            status = Action.Status.DONE
            on = self.clamp(
                created + timedelta(days=self.days(2, 20)), created, self.today
            )
        if status != Action.Status.OPEN:
            plan_action_set_status(
                action=action,
                expected_version=plan.version,
                status=status,
                by=by,
                on=on,
            )

    def reader_of(
        self, case: _Case, category: str, day: date, owner: Professional | None = None
    ) -> Professional | None:
        """Who ticks a goal or action off: its owner when on the team, else the
        coordinator, else a team member whose role reads its category (a professional
        changes only what they can see); None when nobody on the team reads it."""
        team = [case.coordinator_on(day), *case.team_on(day)]
        for professional in [owner, *team]:
            if professional is None or professional not in team:
                continue
            access = access_for(professional, case.trajectory)
            if access.member and category in access.readable:
                return professional
        return None

    def add_plan(self, case: _Case) -> None:
        journey = case.journey
        plan: Plan = case.trajectory.plan
        planned = journey.entered(PLAN)
        analysis = journey.entered(ANALYSIS)
        if planned is None:
            if analysis and (journey.closed_on or self.today) - analysis > timedelta(
                days=10
            ):
                domain = data.PROFILES[case.profiles[0]][0][0]
                goal = plan_goal_add(
                    plan=plan,
                    expected_version=plan.version,
                    life_domain=domain,
                    description=self.rng.choice(data.GOALS[domain]),
                    by=case.coordinator_on(analysis),
                )
                self.backdate[Goal][goal.pk] = analysis + timedelta(
                    days=self.days(3, 10)
                )
            return
        domains: list[str] = []
        for profile in case.profiles:
            for domain in data.PROFILES[profile][0]:
                if domain not in domains:
                    domains.append(domain)
        domains = domains[: self.rng.randint(2, 4)]
        by = case.coordinator_on(planned)
        actions: list[tuple[Action, date]] = []
        goals: list[Goal] = []
        execution = journey.entered(EXECUTION)
        end = journey.closed_on or self.today
        for domain in domains:
            goal = plan_goal_add(
                plan=plan,
                expected_version=plan.version,
                life_domain=domain,
                description=self.rng.choice(data.GOALS[domain]),
                by=by,
            )
            goals.append(goal)
            self.backdate[Goal][goal.pk] = planned
            options = data.ACTIONS.get(domain, [])
            picked = self.rng.sample(
                options, k=min(len(options), self.rng.randint(1, 2))
            )
            for description, owner in picked:
                created = planned
                if execution and self.rng.random() < 0.3:
                    created = self.clamp(
                        execution + timedelta(days=self.days(20, 120)), execution, end
                    )
                due = created + timedelta(days=self.days(10, 90))
                if journey.overdue and not actions:
                    # The demo login must see an overdue action on this one.
                    due = self.today - timedelta(days=self.days(5, 20))
                actions.append(
                    (
                        self.add_action(
                            case,
                            plan,
                            description=description,
                            owner=owner,
                            created=created,
                            due=due,
                            goal=goal,
                        ),
                        created,
                    )
                )
        agree_first = execution is not None and self.rng.random() < 0.35
        agreed_on = None
        if execution is not None:
            agreed_on = self.clamp(
                execution - timedelta(days=self.days(0, 3)), planned, execution
            )
        elif (
            journey.current == PLAN
            and (end - planned).days > 10
            and self.rng.random() < 0.3
        ):
            agreed_on = planned + timedelta(days=self.days(5, (end - planned).days))
        note = self.rng.choice(
            [
                "Plan samen doorgenomen aan de keukentafel; inwoner is akkoord.",
                "Akkoord gegeven aan tafel bij de Werktafel.",
                "Inwoner: 'Zo wil ik het aanpakken.'",
            ]
        )
        if agreed_on and agree_first:
            plan_agree(
                plan=plan,
                expected_version=plan.version,
                agreed_on=agreed_on,
                by=by,
                note=note,
            )
        for i, (action, created) in enumerate(actions):
            self.settle(case, action, created, keep_open=journey.overdue and i == 0)
        reached = journey.closure == ClosureReason.COMPLETED
        for goal in goals:
            if reached or (journey.current >= EVALUATION and self.rng.random() < 0.5):
                reader = self.reader_of(case, domain_category(goal.life_domain), end)
                if reader is None:
                    continue
                plan_goal_set_status(
                    goal=goal,
                    expected_version=plan.version,
                    status=Goal.Status.REACHED,
                    by=reader,
                )
        if agreed_on and not agree_first:
            plan_agree(
                plan=plan,
                expected_version=plan.version,
                agreed_on=agreed_on,
                by=by,
                note=note,
            )

    # -- the scenario of seed 003 ----------------------------------------------------

    def make_scenario(self) -> None:
        """Linda (seed 003), moved to Klarendal: one household, one plan, one table."""
        sanne = self.logins["coordinator"]
        linda = self.scenario_members[0][0]
        household = household_create(
            by=sanne,
            name=f"Huishouden {SCENARIO_LAST_NAME}",
            members=list(self.scenario_members),
        )
        t = self.today
        journey = _Journey(
            steps=[
                (SIGNAL, t - timedelta(days=232)),
                (FIRST, t - timedelta(days=225)),
                (ANALYSIS, t - timedelta(days=209)),
                (PLAN, t - timedelta(days=176)),
                (EXECUTION, t - timedelta(days=150)),
            ]
        )
        case = self.start_case(
            linda,
            sanne,
            "Klarendal",
            household=household,
            journey=journey,
            profiles=["wonen", "gezin"],
            reason=(
                "Melding van de bewindvoerder: na de scheiding dakloos, slaapt bij "
                "vrienden en familie, alleen in de woning van haar ex als ze voor de "
                "twee kinderen zorgt. Psychische klachten; overziet het niet meer."
            ),
            reason_category="health",
            team_roles=[],
            with_plan=False,
        )
        self.scenario = case
        # Her table: the social team (Sanne), work, income, welfare and care.
        joined = journey.steps[2][1] + timedelta(days=2)
        table = [self.logins["inkomen"]] + [
            self.pros_by_role[role][0]
            for role in (Role.WORK_COACH, Role.WELFARE_WORKER, Role.CARE_WORKER)
        ]
        for professional in table:
            self.join(case, professional, joined)
            case.members.append((joined, professional))
        self.scenario_plan(case)
        dates = self.meeting_dates("Klarendal")
        execution = journey.steps[-1][1]
        self.scenario_dates = [
            next(d for d in dates if d >= execution),
            [d for d in dates if d < self.today][-1],
            next(d for d in dates if d >= self.today),
        ]

    def scenario_plan(self, case: _Case) -> None:
        """Linda's goals and her first steps, made in the plan stage; the Werktafel
        adds the rest."""
        plan: Plan = case.trajectory.plan
        planned = case.journey.steps[3][1]
        sanne = self.logins["coordinator"]
        goals: dict[str, Goal] = {}
        for domain, text in [
            (LifeDomain.HOUSING, "Ik heb een eigen woning voor mij en de kinderen."),
            (
                LifeDomain.FINANCES,
                "Ik heb een vast inkomen en samen met mijn bewindvoerder overzicht "
                "over mijn geld.",
            ),
            (LifeDomain.MENTAL_HEALTH, "Ik heb meer rust in mijn hoofd."),
            (
                LifeDomain.PARENTING,
                "De kinderen hebben een vaste plek en een vast ritme.",
            ),
            (
                LifeDomain.WORK_EDUCATION,
                "Ik ga een opleiding doen en daarna aan het werk.",
            ),
        ]:
            goal = plan_goal_add(
                plan=plan,
                expected_version=plan.version,
                life_domain=domain,
                description=text,
                by=sanne,
            )
            self.backdate[Goal][goal.pk] = planned
            goals[domain] = goal
        self.scenario_goals = goals
        # (what, owner, life domain, due after days, done after days or None)
        steps: list[tuple[str, str, str, int, int | None]] = [
            (
                "Met de bewindvoerder afspreken wie welke rekeningen betaalt",
                Role.COORDINATOR,
                LifeDomain.FINANCES,
                10,
                8,
            ),
            (
                "Inschrijven als woningzoekende bij Entree",
                "resident",
                LifeDomain.HOUSING,
                7,
                5,
            ),
            (
                "Afspraak maken met de praktijkondersteuner GGZ van de huisarts",
                "resident",
                LifeDomain.MENTAL_HEALTH,
                14,
                12,
            ),
            (
                "Intake bij Pro Persona voor de psychische klachten",
                Role.CARE_WORKER,
                LifeDomain.MENTAL_HEALTH,
                35,
                40,
            ),
            (
                "Informatie opvragen over de mbo-opleiding Pedagogisch medewerker",
                "resident",
                LifeDomain.WORK_EDUCATION,
                185,
                None,
            ),
        ]
        for description, owner, goal_domain, due_days, done_days in steps:
            action = self.add_action(
                case,
                plan,
                description=description,
                owner=owner,
                created=planned,
                due=planned + timedelta(days=due_days),
                goal=goals[goal_domain],
                by=sanne,
            )
            ticker = self.reader_of(
                case, domain_category(action.domain), planned, action.owner_professional
            )
            if done_days is not None and ticker is not None:
                plan_action_set_status(
                    action=action,
                    expected_version=plan.version,
                    status=Action.Status.DONE,
                    by=ticker,
                    on=planned + timedelta(days=done_days),
                )
        plan_agree(
            plan=plan,
            expected_version=plan.version,
            agreed_on=planned + timedelta(days=20),
            by=sanne,
            note="Linda: 'Dit is mijn plan. Eerst een huis, dan rust, dan school.'",
        )

    def scenario_agenda(self, meeting: Meeting, day: date, chair: Professional) -> None:
        case = self.scenario
        sanne = self.logins["coordinator"]
        first = day == self.scenario_dates[0]
        item = meeting_add_agenda_item(
            meeting=meeting,
            trajectory=case.trajectory,
            by=sanne,
            question=(
                "Linda wil een huis, rust en daarna een opleiding. Wie pakt wat op?"
                if first
                else "Hoe staat het ervoor, en wat is de volgende stap naar school?"
            ),
        )
        if day >= self.today:
            return
        social_team = {
            "owner_kind": Action.OwnerKind.ORGANISATION,
            "owner_organisation": self.orgs["wt:Klarendal"],
        }
        welfare = {
            "owner_kind": Action.OwnerKind.ORGANISATION,
            "owner_organisation": self.orgs["welfare"],
        }
        resident = {"owner_kind": Action.OwnerKind.RESIDENT}
        # (decision, owner, life domain, due after days, done after days or None)
        decisions: list[tuple[str, dict[str, Any], str, int, int | None]]
        if first:
            notes = (
                "Linda vertelde zelf haar verhaal: weg bij haar partner, geen eigen "
                "plek, de kinderen alleen bij haar als ze in de woning van haar ex is. "
                "Haar bewindvoerder was er ook bij. De tafel heeft de stappen verdeeld; "
                "Linda zet er zelf ook een paar."
            )
            decisions = [
                (
                    "Het wijkteam dient de urgentieaanvraag voor een woning in",
                    social_team,
                    LifeDomain.HOUSING,
                    21,
                    19,
                ),
                (
                    "Inkomen kent de bijstandsuitkering toe en stemt af met de "
                    "bewindvoerder",
                    self.owner(Role.INCOME_CONSULTANT, case, day),
                    LifeDomain.FINANCES,
                    28,
                    24,
                ),
                (
                    "Rijnstad zoekt kinderopvang voor twee dagen per week",
                    welfare,
                    LifeDomain.PARENTING,
                    42,
                    47,
                ),
                (
                    "Linda brengt de stukken voor de urgentieaanvraag naar het wijkteam",
                    resident,
                    LifeDomain.HOUSING,
                    10,
                    9,
                ),
            ]
        else:
            notes = (
                "Linda was er weer bij. De urgentie is toegekend en de uitkering "
                "loopt; er is meer rust. Ze wil graag studeren en aan het werk."
            )
            decisions = [
                (
                    "De werkcoach zoekt met Linda uit of studeren met behoud van "
                    "uitkering kan",
                    self.owner(Role.WORK_COACH, case, day),
                    LifeDomain.WORK_EDUCATION,
                    21,
                    None,
                ),
                (
                    "Linda gaat naar de open dag van het ROC",
                    resident,
                    LifeDomain.WORK_EDUCATION,
                    30,
                    None,
                ),
            ]
        sanne = self.logins["coordinator"]
        agenda_item_record(item=item, by=sanne, resident_present=True, notes=notes)
        self.contact_at_table(case, day)
        for text, owner, domain, due_days, done_days in decisions:
            decision = decision_add(item=item, text=text, by=sanne)
            self.backdate[Decision][decision.pk] = day
            action = decision_to_action(
                decision=decision,
                by=sanne,
                due_on=day + timedelta(days=due_days),
                goal=self.scenario_goals[domain],
                **owner,
            )
            self.backdate[Action][action.pk] = day
            ticker = self.reader_of(
                case, domain_category(action.domain), day, action.owner_professional
            )
            if (
                done_days is not None
                and ticker is not None
                and day + timedelta(days=done_days) <= self.today
            ):
                plan_action_set_status(
                    action=action,
                    expected_version=action.plan.version,
                    status=Action.Status.DONE,
                    by=ticker,
                    on=day + timedelta(days=done_days),
                )
        if not first:
            plan = Plan.objects.get(trajectory=case.trajectory)
            plan_agree(
                plan=plan,
                expected_version=plan.version,
                agreed_on=day,
                by=sanne,
                note="Aan tafel met Linda doorgenomen; ze is akkoord met de nieuwe "
                "stappen.",
            )

    # -- hand-overs ------------------------------------------------------------------

    def make_handovers(self) -> None:
        sanne = self.logins["coordinator"]
        work_coaches = self.pros_by_role[Role.WORK_COACH]
        cases = [
            c
            for c in self.cases
            if c is not self.scenario
            and c.journey.closed_on is None
            and c.journey.entered(EXECUTION)
            and c.trajectory.coordinator.organisation_id != self.orgs["work"].pk
        ]
        self.rng.shuffle(cases)
        # Warm hand-overs to a work coach once work comes first: 10 accepted, 4 declined.
        for i, case in enumerate(cases[:14]):
            execution = case.journey.entered(EXECUTION) or case.journey.started_on
            offered = self.clamp(
                execution + timedelta(days=self.days(5, 40)),
                case.journey.started_on,
                self.today - timedelta(days=3),
            )
            self.handover(
                case,
                self.rng.choice(work_coaches),
                offered,
                accept=i < 10,
                note="Schulden zijn geregeld; werk staat nu voorop. Kennismaking samen "
                "met de inwoner gepland.",
                decline="Eerst de schuldhulp afronden; over drie maanden opnieuw bekijken.",
            )
        # One the demo login took over, and one waiting for her answer, both from the
        # participation coach of Werk in Klarendal.
        werk_klarendal = next(
            p
            for p, _w in self.coordinators["Klarendal"]
            if p.organisation_id == self.orgs["work"].pk
        )
        own = [
            c
            for c in self.cases
            if c.trajectory.coordinator_id == werk_klarendal.pk
            and c.journey.closed_on is None
            and c.journey.entered(ANALYSIS)
        ]
        for case, accept in zip(own[:2], [True, None], strict=False):
            analysis = case.journey.entered(ANALYSIS) or case.journey.started_on
            offered = self.clamp(
                analysis + timedelta(days=self.days(5, 20)),
                case.journey.started_on,
                self.today - timedelta(days=2),
            )
            if accept is None:
                offered = self.today - timedelta(days=2)
            self.handover(
                case,
                sanne,
                offered,
                accept=accept,
                note="Werk is voorlopig niet aan de orde; het gezin en de woning "
                "vragen nu alle aandacht. Graag warme overdracht aan het wijkteam.",
            )

    def handover(
        self,
        case: _Case,
        to: Professional,
        offered: date,
        *,
        accept: bool | None,
        note: str,
        decline: str = "",
    ) -> None:
        trajectory = case.trajectory
        handover = handover_offer(
            trajectory=trajectory,
            to_professional=to,
            by=trajectory.coordinator,
            note=note,
        )
        decided = None
        if accept is True:
            handover_accept(handover=handover, by=to)
            decided = self.clamp(
                offered + timedelta(days=self.days(1, 7)), offered, self.today
            )
            trajectory.coordinator = to
            case.coordinators.append((decided, to))
            if to not in [p for _d, p in case.members]:
                case.members.append((decided, to))
            # The service stamps today on a new membership; the hand-over was earlier.
            CaseTeamMember.objects.filter(
                trajectory=trajectory, professional=to, joined_on=timezone.localdate()
            ).update(joined_on=decided)
        elif accept is False:
            handover_decline(handover=handover, by=to, reason=decline)
            decided = self.clamp(
                offered + timedelta(days=self.days(1, 7)), offered, self.today
            )
        # The services stamp today's date; this hand-over happened on these dates.
        Handover.objects.filter(pk=handover.pk).update(
            offered_on=offered, decided_on=decided
        )

    # -- meetings --------------------------------------------------------------------

    def make_meetings(self) -> None:
        by_district: dict[str, list[_Case]] = defaultdict(list)
        for case in self.cases:
            by_district[case.district].append(case)
        leads = self.pros_by_role[Role.TEAM_LEAD]
        for district, (title, place, _every) in data.MEETINGS.items():
            if district in ("Klarendal", "Geitenkamp"):
                chair = self.logins["teamleider"]
            elif district == "Het Arnhemse Broek":
                chair = self.coordinators[district][0][0]
            else:
                chair = leads[1]
            for day in self.meeting_dates(district):
                self.meeting(title, place, day, chair, district, by_district[district])

    def meeting_dates(self, district: str) -> list[date]:
        """Back 26 weeks and forward 4, on the district's own weekday (Tuesday to
        Friday; Klarendal meets on Tuesday)."""
        every = data.MEETINGS[district][2]
        weekday = 1 + DISTRICT_NAMES.index(district) % 4  # Tuesday..Friday
        day = self.today - timedelta(weeks=26)
        day += timedelta(days=(weekday - day.weekday()) % 7)
        dates = []
        while day <= self.today + timedelta(weeks=4):
            dates.append(day)
            day += timedelta(weeks=every)
        return dates

    def meeting(
        self,
        title: str,
        place: str,
        day: date,
        chair: Professional,
        district: str,
        cases: list[_Case],
    ) -> None:
        past = day < self.today
        scenario = self.scenario
        candidates = []
        for case in cases:
            if case is scenario:
                continue
            journey = case.journey
            if journey.started_on >= day or (
                journey.closed_on and journey.closed_on <= day
            ):
                continue
            stage = journey.stage_on(day)
            if stage is None or not ANALYSIS <= stage <= EVALUATION:
                continue
            if (
                past
                and journey.quiet
                and (case.last_contact is None or day > case.last_contact)
            ):
                continue
            candidates.append(case)
        size = min(len(candidates), self.rng.randint(3, 5))
        agenda = self.rng.sample(candidates, size)
        if district == "Klarendal" and day in self.scenario_dates:
            agenda.insert(0, scenario)
        if not agenda:
            return
        participants: set[Professional] = set()
        for case in agenda:
            participants.add(case.coordinator_on(day))
            team = [p for p in case.team_on(day) if p.role != Role.COORDINATOR]
            participants.update(self.rng.sample(team, min(len(team), 2)))
        if district == "Klarendal":
            # Maat Werkt: work, income, the neighbourhood team and UWV at one table.
            participants.update(
                [
                    self.logins["coordinator"],
                    self.logins["inkomen"],
                    self.pros_by_role[Role.WORK_COACH][0],
                    self.pros_by_role[Role.UWV_ADVISER][0],
                ]
            )
        meeting = meeting_schedule(
            title=title,
            starts_at=self.aware(
                day, clock(10, 0) if district == "Klarendal" else clock(13, 30)
            ),
            place=place,
            chair=chair,
            participants=sorted(participants - {chair}, key=lambda p: p.pk),
        )
        present_count = 0
        for case in agenda:
            if case is scenario:
                self.scenario_agenda(meeting, day, chair)
                present_count += 1
                continue
            item = meeting_add_agenda_item(
                meeting=meeting,
                trajectory=case.trajectory,
                by=case.coordinator_on(day),
                question=self.rng.choice(data.AGENDA_QUESTIONS),
            )
            if not past:
                continue
            present = self.rng.random() < 0.75
            present_count += present
            # Whoever writes about a resident at the table is on their case team:
            # the coordinator keeps the notes and turns decisions into the plan.
            writer = case.coordinator_on(day)
            agenda_item_record(
                item=item,
                by=writer,
                resident_present=present,
                notes=self.rng.choice(
                    data.AGENDA_NOTES_PRESENT if present else data.AGENDA_NOTES_ABSENT
                ),
            )
            if present:
                self.contact_at_table(case, day)
            plan: Plan | None = None
            for text, owner, domain in self.rng.sample(
                data.DECISIONS, self.rng.randint(1, 2)
            ):
                decision = decision_add(
                    item=item, text=text, by=writer, life_domain=domain
                )
                self.backdate[Decision][decision.pk] = day
                if self.rng.random() < 0.6:
                    action = self.decision_action(
                        case, decision, owner, day, writer, domain
                    )
                    plan = action.plan
            if present and plan is not None and self.rng.random() < 0.6:
                # The resident was at the table and agreed to the new steps there.
                plan_agree(
                    plan=plan,
                    expected_version=plan.version,
                    agreed_on=day,
                    by=case.coordinator_on(day),
                    note="Aan tafel besproken; inwoner is akkoord met de nieuwe stappen.",
                )
        # The minutes are about everyone on the agenda: the chair writes them when
        # they may read every resident's notes (a table of their own cases).
        if past and minutes_access_for(chair, meeting).reads_all_notes:
            meeting_save_minutes(
                meeting=meeting,
                minutes=(
                    f"{title}, {day:%d-%m-%Y}. Aan tafel: {len(participants | {chair})} "
                    f"professionals van {len({p.organisation_id for p in participants | {chair}})} "
                    f"organisaties. {len(agenda)} inwoners besproken, van wie "
                    f"{present_count} zelf aan tafel. De afspraken staan per inwoner "
                    "in het plan."
                ),
                by=chair,
            )

    def contact_at_table(self, case: _Case, day: date) -> None:
        contact_record(
            trajectory=case.trajectory,
            by=case.coordinator_on(day),
            contact_on=day,
            kind=Contact.Kind.MEETING,
            summary=data.CONTACT_SUMMARIES["meeting"][0],
        )
        case.last_contact = max(day, case.last_contact or day)

    def decision_action(
        self,
        case: _Case,
        decision: Decision,
        owner: str,
        day: date,
        by: Professional,
        domain: str,
    ) -> Action:
        due = day + timedelta(days=self.days(14, 35))
        action = decision_to_action(
            decision=decision,
            by=by,
            due_on=due,
            life_domain=domain,
            **self.owner(owner, case, day),
        )
        self.backdate[Action][action.pk] = day
        self.settle(case, action, day)
        return action

    # -- dates the services set to today ---------------------------------------------

    def apply_backdates(self) -> None:
        """Creation times are stamped 'now' by the models; set them to when the goal,
        action or decision was made, and residents to when they were first known."""
        for model, dates in self.backdate.items():
            objects = list(model.objects.filter(pk__in=dates))  # type: ignore[attr-defined]
            for obj in objects:
                obj.created_at = self.aware(dates[obj.pk], clock(11, 0))
            model.objects.bulk_update(objects, ["created_at"], batch_size=500)  # type: ignore[attr-defined]
        first_seen: dict[int, date] = {}
        for case in self.cases:
            resident_id = case.trajectory.resident_id
            on = case.journey.started_on
            first_seen[resident_id] = min(on, first_seen.get(resident_id, on))
        household_of = dict(
            HouseholdMember.objects.filter(
                household__municipality=self.municipality
            ).values_list("resident_id", "household_id")
        )
        by_household: dict[int, date] = {}
        for resident_id, on in first_seen.items():
            hh = household_of.get(resident_id)
            if hh is not None:
                by_household[hh] = min(on, by_household.get(hh, on))
        for resident in self.residents:
            on = first_seen.get(resident.pk) or by_household.get(
                household_of.get(resident.pk, 0), self.today
            )
            resident.created_at = self.aware(on, clock(9, 0))
        Resident.objects.bulk_update(self.residents, ["created_at"], batch_size=500)


def stage_counts(municipality: Municipality) -> list[tuple[str, int]]:
    """Open trajectories per stage, in journey order (for the summary)."""
    counts = Counter(
        Trajectory.objects.filter(
            municipality=municipality, closed_on__isnull=True
        ).values_list("stage_id", flat=True)
    )
    stages = Stage.objects.filter(template__municipality=municipality).order_by(
        "template", "order"
    )
    return [(stage.name, counts[stage.pk]) for stage in stages]
