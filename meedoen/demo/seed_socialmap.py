"""The demo's social map (sociale kaart): about eighty offers in Arnhem's districts,
a handful of referrals in every state, and one route from day activities to paid work.

Everything is synthetic: plausible names of activities in plausible places. Written
with bulk_create so the seed stays fast."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from meedoen.socialmap.models import Offer, Referral, Route, RouteStep

K = Offer.Kind

# (kind, title with {d} for the district, provider key or a name, rung, free,
# languages, schedule, hours a week)
TEMPLATES: list[tuple[str, str, str, int, bool, str, str, int | None]] = [
    (
        K.DAY_ACTIVITY,
        "Koffieochtend {d}",
        "welfare",
        2,
        True,
        "nl,ar,tr",
        "dinsdag 10:00-12:00",
        None,
    ),
    (
        K.DAY_ACTIVITY,
        "Moestuin {d}",
        "welfare",
        2,
        True,
        "nl",
        "woensdag en vrijdag 9:30-12:30",
        None,
    ),
    (
        K.DAY_ACTIVITY,
        "Kookclub {d}",
        "Buurthuis {d}",
        3,
        True,
        "nl,ar",
        "donderdag 16:00-19:00",
        None,
    ),
    (K.BUDDY, "Maatje in {d}", "welfare", 1, True, "nl,en,ar", "in overleg", None),
    (
        K.SPORT,
        "Bewegen werkt {d}",
        "Sportbedrijf Arnhem",
        2,
        True,
        "nl",
        "maandag 10:00-11:00",
        None,
    ),
    (
        K.SPORT,
        "Vrouwenzwemmen {d}",
        "Sportbedrijf Arnhem",
        2,
        False,
        "nl,ar,tr",
        "zaterdag 9:00-10:00",
        None,
    ),
    (
        K.LANGUAGE,
        "Taalcafé {d}",
        "Rijnstad Taalpunt",
        3,
        True,
        "nl,ar,tr,pl,ti,uk",
        "woensdag 13:30-15:30",
        None,
    ),
    (
        K.LANGUAGE,
        "NT2-les beginners {d}",
        "ROC Rijn IJssel",
        3,
        False,
        "nl,en",
        "di en do 9:00-12:00",
        None,
    ),
    (
        K.COURSE,
        "Digitaal meedoen {d}",
        "Bibliotheek Arnhem",
        3,
        True,
        "nl,tr",
        "vrijdag 10:00-12:00",
        None,
    ),
    (
        K.COURSE,
        "Geldzaken op orde {d}",
        "debt",
        3,
        True,
        "nl,ar",
        "maandag 19:00-21:00",
        None,
    ),
    (
        K.VOLUNTEER,
        "Vrijwilliger voedselbank {d}",
        "Voedselbank Arnhem",
        4,
        True,
        "nl,pl",
        "zaterdag 8:00-13:00",
        5,
    ),
    (
        K.VOLUNTEER,
        "Gastvrouw/-heer buurthuis {d}",
        "Buurthuis {d}",
        4,
        True,
        "nl",
        "twee dagdelen per week",
        6,
    ),
    (
        K.WORK_EXPERIENCE,
        "Leerwerkplek groen {d}",
        "swc",
        4,
        True,
        "nl",
        "ma-do 8:00-14:00",
        20,
    ),
    (
        K.WORK_EXPERIENCE,
        "Leerwerkplek fietsenmaker {d}",
        "swc",
        4,
        True,
        "nl,ar",
        "ma-vr ochtend",
        16,
    ),
    (K.JOB, "Medewerker schoonmaak {d}", "work", 5, True, "nl,pl", "ochtenden", 24),
    (
        K.SERVICE,
        "Inloop werk en geld {d}",
        "income",
        3,
        True,
        "nl,ar,tr,pl",
        "donderdag 13:00-16:00",
        None,
    ),
]
CENTRES = {
    "Klarendal": ("6822", Decimal("51.9890"), Decimal("5.9160")),
    "Geitenkamp": ("6823", Decimal("51.9970"), Decimal("5.9310")),
    "Malburgen": ("6832", Decimal("51.9650"), Decimal("5.9080")),
    "Presikhaaf": ("6825", Decimal("51.9870"), Decimal("5.9480")),
    "Het Arnhemse Broek": ("6828", Decimal("51.9810"), Decimal("5.9340")),
}


def _offers(seeder: Any) -> list[Offer]:
    rng = seeder.rng
    offers = []
    for district, area in seeder.districts.items():
        pc4, lat, lon = CENTRES.get(
            district, ("6800", Decimal("51.98"), Decimal("5.91"))
        )
        for kind, title, provider, rung, free, languages, schedule, hours in TEMPLATES:
            organisation = seeder.orgs.get(provider)
            jitter = Decimal(rng.randint(-60, 60)) / Decimal(10000)
            offers.append(
                Offer(
                    municipality=seeder.municipality,
                    kind=kind,
                    title=title.format(d=district),
                    description=f"{title.format(d=district)}: laagdrempelig, in de wijk.",
                    organisation=organisation,
                    provider_name="" if organisation else provider.format(d=district),
                    neighbourhood=area,
                    address=f"{rng.choice(['Buurtplein', 'Wijkcentrum', 'Dorpsstraat'])} {rng.randint(1, 80)}",
                    postcode=f"{pc4} {rng.choice('ABCDEGHJKLMN')}{rng.choice('ABCDEGHJKLMN')}",
                    latitude=lat + jitter,
                    longitude=lon - jitter,
                    is_free=free,
                    price=None if free else Decimal(rng.choice([15, 25, 40])),
                    covered_by_scheme=not free,
                    languages=languages,
                    wheelchair_accessible=rng.random() < 0.6,
                    near_public_transport=rng.random() < 0.8,
                    schedule=schedule,
                    hours_per_week=hours,
                    capacity=rng.choice([6, 8, 10, 12, 15, 20]),
                    rung=rung,
                    contact=f"{organisation or provider.format(d=district)}, 026 {rng.randint(300, 399)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                )
            )
    return Offer.objects.bulk_create(offers)


def seed_socialmap(seeder: Any) -> None:
    offers = _offers(seeder)
    route = Route.objects.create(
        municipality=seeder.municipality,
        name="Van dagbesteding naar betaald werk",
        description="Dagbesteding, leerwerkplek, vrijwilligerswerk, betaald werk.",
    )
    RouteStep.objects.bulk_create(
        RouteStep(route=route, order=i, kind=kind)
        for i, kind in enumerate(
            [K.DAY_ACTIVITY, K.WORK_EXPERIENCE, K.VOLUNTEER, K.JOB], start=1
        )
    )
    # A few referrals in every state, to offers whose organisation has its own legal
    # task (or sharing nothing with a provider outside meedoen).
    with_task = [o for o in offers if o.organisation and o.organisation.legal_task]
    without = [o for o in offers if not o.organisation]
    cases = [c for c in seeder.cases if c.trajectory.closed_on is None][:24]
    states = [
        ("proposed", ""),
        ("sent", ""),
        ("sent", "late"),
        ("accepted", ""),
        ("declined", ""),
        ("started", ""),
        ("ended", "completed"),
        ("ended", "dropped_out"),
    ]
    referrals = []
    now = timezone.now()
    for i, case in enumerate(cases):
        state, extra = states[i % len(states)]
        t = case.trajectory
        shares = bool(with_task) and i % 2 == 0
        offer = seeder.rng.choice(with_task if shares else without)
        coordinator = case.coordinator_on(seeder.today)
        start = timezone.make_aware(
            datetime.combine(seeder.today - timedelta(days=40 - i), time(10))
        )
        ref = Referral(
            municipality=seeder.municipality,
            trajectory=t,
            offer=offer,
            organisation=offer.organisation,
            state=state,
            note="Graag eerst even bellen." if shares else "",
            shared_fields="name,contact,note" if shares else "",
            basis="legal_task" if shares else "",
            proposed_at=min(start, now),
            proposed_by=coordinator,
        )
        step = timedelta(days=3)
        if state != "proposed":
            ref.sent_at = min(start + step, now)
            ref.sent_by = coordinator
            if extra == "late":
                ref.sent_at = now - timedelta(days=21)
        if state in ("accepted", "declined", "started", "ended"):
            ref.answered_at = min(start + 2 * step, now)
            if state == "declined":
                ref.decline_reason = "Op dit moment geen plek; opnieuw in het najaar."
        if state in ("started", "ended"):
            ref.started_at = min(start + 3 * step, now)
        if state == "ended":
            ref.ended_at = min(start + 4 * step, now)
            ref.result = extra
        referrals.append(ref)
    Referral.objects.bulk_create(referrals)
    seeder.log(
        f"{len(offers)} offers, {len(referrals)} referrals, 1 route on the social map"
    )
