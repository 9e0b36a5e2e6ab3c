"""Demo outreach (Leeuwarden's frontline approach and Arnhem in beweging, in the demo's
Arnhem): a home-visit campaign over about 1,000 addresses in Klarendal and Presikhaaf
with a first round visited and a second round planned for today (the coordinator's
phone page), and an activation team in Presikhaaf with survey wishes grouped into
themes, activities and participants. Rows are written with bulk_create; only the
confirmations of participation go through the service (they write work records)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Professional
from meedoen.outreach import services
from meedoen.outreach.models import (
    Activity,
    Address,
    Participation,
    TeamMember,
    Theme,
    Visit,
    VisitRound,
    Wish,
)

ADDRESSES = 1000
OUTCOMES = {"not_home": 34, "declined": 9, "no_help": 38, "help_wanted": 11, "": 8}
DOMAINS = ["finances", "work_education", "time_use", "housing", "social_network",
           "mental_health", "participation"]  # fmt: skip
NOTES = [
    "Wil graag hulp bij de post en de rekeningen.",
    "Zoekt werk, heeft geen diploma; wil eerst Nederlands leren.",
    "Zit veel thuis sinds het ontslag; interesse in vrijwilligerswerk.",
    "Vijf hulpverleners over de vloer; wil één aanspreekpunt.",
    "Achterstand met de huur, durft niet te bellen.",
]
WISHES = {
    "Groen en schoon": [
        "Een moestuin op het braakliggende veld",
        "Vaker de straat samen schoonmaken",
        "Meer bankjes en bloembakken op het plein",
        "Een geveltuinendag",
    ],
    "Ontmoeten": [
        "Een koffieochtend voor ouderen",
        "Samen eten in het buurthuis",
        "Een buurtfeest in de zomer",
        "Een plek voor moeders met kleine kinderen",
    ],
    "Jongeren": [
        "Een voetbaltoernooi op het trapveld",
        "Huiswerkbegeleiding na school",
        "Iets te doen op vrijdagavond",
    ],
    "Elkaar helpen": [
        "Een klussendienst voor wie het zelf niet kan",
        "Hulp bij formulieren",
        "Een repair café",
    ],
}
ACTIVITIES = [
    ("Groen en schoon", -40, "Buurtveld Presikhaaf", "Moestuin aanleggen met buren"),
    ("Ontmoeten", -25, "Buurthuis De Wieken", "Koffieochtend voor ouderen"),
    ("Groen en schoon", -10, "Plein Presikhaaf", "Opschoondag met de straat"),
    ("Jongeren", 7, "Trapveld Presikhaaf", "Voetbaltoernooi"),
    ("Elkaar helpen", 21, "Buurthuis De Wieken", "Repair café"),
]


def _weighted(seeder: Any, weights: dict[str, int]) -> str:
    return str(seeder.rng.choices(list(weights), weights=list(weights.values()))[0])


def _extra_addresses(
    seeder: Any, district: str, n: int
) -> Iterator[tuple[str, str, str]]:
    from meedoen.demo import data

    _buurten, prefixes, streets, _share = data.DISTRICTS[district]
    for i in range(n):
        street = streets[i % len(streets)]
        letters = data.POSTCODE_LETTERS[i % len(data.POSTCODE_LETTERS)]
        second = data.POSTCODE_LETTERS[(i // 7) % len(data.POSTCODE_LETTERS)]
        postcode = f"{prefixes[0]} {letters}{second}"
        yield street, str(200 + i), postcode


def seed_outreach(seeder: Any) -> None:
    coordinator = seeder.logins.get("coordinator")
    if coordinator is None:
        return
    districts = [seeder.districts[d] for d in ("Klarendal", "Presikhaaf")]
    today = seeder.today
    campaign = services.campaign_create(
        by=coordinator,
        name="Huisbezoeken Klarendal en Presikhaaf",
        starts_on=today - timedelta(days=45),
        ends_on=today + timedelta(days=45),
        neighbourhoods=districts,
        goal="Vragen hoe we u vooruit kunnen helpen; de professionals rond een "
        "huishouden terugbrengen tot één.",
    )
    have = Address.objects.filter(campaign=campaign).count()
    extra = []
    for i, district in enumerate(districts):
        share = (ADDRESSES - have) // 2 + (i * ((ADDRESSES - have) % 2))
        for street, number, postcode in _extra_addresses(seeder, district.name, share):
            extra.append(
                Address(
                    campaign=campaign,
                    neighbourhood=district,
                    street=street,
                    house_number=number,
                    postcode=postcode,
                    source=Address.Source.IMPORT,
                )
            )
    Address.objects.bulk_create(extra, batch_size=1000, ignore_conflicts=True)
    addresses = list(Address.objects.filter(campaign=campaign).order_by(
        "neighbourhood__name", "street", "house_number", "pk"))  # fmt: skip
    roles = (Professional.Role.COORDINATOR, Professional.Role.NEIGHBOURHOOD_WORKER)
    workers = [p for role in roles for p in seeder.pros_by_role.get(role, [])][:6]
    if coordinator not in workers:
        workers = [coordinator, *workers[:5]]
    running = dict(
        Trajectory.objects.filter(
            municipality=seeder.municipality, closed_on__isnull=True
        ).values_list("resident_id", "pk")
    )
    first = [
        VisitRound(campaign=campaign, number=1, worker=w,
                   planned_on=campaign.starts_on + timedelta(days=7 * i))
        for i, w in enumerate(workers)
    ]  # fmt: skip
    VisitRound.objects.bulk_create(first)
    first = list(VisitRound.objects.filter(campaign=campaign, number=1).order_by("pk"))
    visits: list[Visit] = []
    again: list[Address] = []
    size = len(addresses) // len(first) + 1
    for i, address in enumerate(addresses):
        visit_round = first[i // size]
        outcome = _weighted(seeder, OUTCOMES) or "planned"
        if outcome == "not_home" and seeder.rng.random() < 0.5:
            again.append(address)
        visited = visit_round.planned_on if outcome != "planned" else None
        domains: list[str] = []
        note = ""
        trajectory = None
        if outcome == "help_wanted":
            domains = seeder.rng.sample(DOMAINS, seeder.rng.randint(1, 3))
            note = seeder.rng.choice(NOTES)
            trajectory = running.get(address.resident_id or 0)
        elif outcome == "no_help" and seeder.rng.random() < 0.3:
            note = "Redt zich goed; kent het wijkteam."
        visits.append(
            Visit(round=visit_round, address=address, outcome=outcome,
                  life_domains=domains, note=note, visited_on=visited,
                  recorded_by=visit_round.worker if visited else None,
                  trajectory_id=trajectory, version=1 if outcome == "planned" else 2)
        )  # fmt: skip
    second = VisitRound.objects.create(
        campaign=campaign, number=2, worker=coordinator, planned_on=today
    )
    for address in again[:15]:
        visits.append(Visit(round=second, address=address))
    Visit.objects.bulk_create(visits, batch_size=1000)
    seed_activation_team(seeder, coordinator, districts[1])


def seed_activation_team(seeder: Any, coach: Professional, area: Any) -> None:
    """Arnhem in beweging: residents on benefits ask their neighbours what they would
    like to see happen, and carry out activities as a group."""
    team = services.team_create(
        by=coach, name="Activeringsteam Presikhaaf", neighbourhood=area
    )
    today = seeder.today
    residents = list(
        Trajectory.objects.filter(coordinator=coach, closed_on__isnull=True)
        .order_by("pk")
        .values_list("resident_id", flat=True)[:8]
    )
    TeamMember.objects.bulk_create(
        [TeamMember(team=team, resident_id=r, joined_on=today - timedelta(days=60))
         for r in residents]
    )  # fmt: skip
    members = list(TeamMember.objects.filter(team=team).order_by("pk"))
    Theme.objects.bulk_create([Theme(team=team, name=name) for name in WISHES])
    themes = {t.name: t for t in Theme.objects.filter(team=team)}
    wishes = []
    for n in range(120):
        name = list(WISHES)[n % len(WISHES)]
        texts = WISHES[name]
        wishes.append(
            Wish(team=team, text=texts[n % len(texts)], neighbourhood=area,
                 contact="" if seeder.rng.random() < 0.9 else "Buurvrouw, 06-12345678",
                 recorded_by=members[n % len(members)] if members else None,
                 theme=themes[name] if n < 100 else None,
                 recorded_on=today - timedelta(days=seeder.rng.randint(50, 80)))
        )  # fmt: skip
    Wish.objects.bulk_create(wishes)
    Activity.objects.bulk_create(
        [Activity(team=team, theme=themes[theme], held_on=today + timedelta(days=d),
                  place=place, description=text,
                  neighbours=seeder.rng.randint(8, 40) if d < 0 else 0)
         for theme, d, place, text in ACTIVITIES]
    )  # fmt: skip
    past = Activity.objects.filter(team=team, held_on__lt=today)
    parts = [
        Participation(activity=a, member=m)
        for a in past
        for m in members
        if seeder.rng.random() < 0.7
    ]
    Participation.objects.bulk_create(parts)
    # The coach confirms the first activity's participation: it counts as unpaid work.
    for part in Participation.objects.filter(activity__team=team).order_by(
        "activity__held_on", "pk"
    )[: max(1, len(members) // 2)]:
        services.participation_confirm(participation=part, by=coach)
