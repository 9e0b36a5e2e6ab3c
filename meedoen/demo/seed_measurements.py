"""Demo measurements for the seeded municipality (called at the end of the demo seed).

For every trajectory past the first conversation: a confirmed baseline on the
participation ladder soon after the start and follow-ups every three to six months,
with realistic movement (most stay, some move up one or two rungs, a few fall back);
a self-sufficiency matrix with three to six relevant domains for part of them; and
work and education records consistent with the ladder (rung 5 or 6 means paid work).
Written with bulk_create; ``LadderProgress`` is computed with the same function the
services use, so the outcome report reads exactly what a real refresh would give.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from meedoen.measurements.models import (
    Instrument,
    LadderProgress,
    Measurement,
    MeasurementValue,
    WorkRecord,
)
from meedoen.measurements.services import compute_ladder_progress

FIRST_CONVERSATION = 1  # stage index of the first conversation in the seeder
BASELINE_RUNG = {1: 14, 2: 30, 3: 30, 4: 16, 5: 7, 6: 3}
MOVE = {0: 64, 1: 20, 2: 5, -1: 11}
PROFILE_DOMAINS: dict[str, list[str]] = {
    "schulden": ["financien", "huisvesting", "werk_opleiding"],
    "psyche": ["geestelijke_gezondheid", "sociaal_netwerk", "tijdsbesteding"],
    "taal": ["maatschappelijke_participatie", "werk_opleiding", "instrumentele_adl"],
    "ww": ["werk_opleiding", "financien", "tijdsbesteding"],
    "beperking": ["lichamelijke_gezondheid", "basale_adl", "instrumentele_adl"],
    "isolement": ["sociaal_netwerk", "tijdsbesteding", "geestelijke_gezondheid"],
    "wonen": ["huisvesting", "financien", "huiselijke_relaties"],
    "gezin": ["huiselijke_relaties", "financien", "sociaal_netwerk"],
    "middelen": ["middelengebruik", "justitie", "geestelijke_gezondheid"],
}
EMPLOYERS = [
    "Bakkerij Klarendal",
    "Rijnstad Facilitair",
    "Presikhaaf Bedrijven",
    "Albert Heijn Arnhem",
    "Gemeente Arnhem, groenonderhoud",
    "Thuiszorg Gelderland",
    "Logistiek Centrum Gelderland",
]
SCHOOLS = ["Rijn IJssel", "Taalhuis Arnhem", "ROC A12", "HAN"]


def _moments(seeder: Any, start: date, end: date) -> list[date]:
    """Baseline near the start, then every three to six months until the end."""
    day = start + timedelta(days=seeder.days(3, 28))
    moments = []
    while day <= end:
        moments.append(day)
        day += timedelta(days=seeder.days(85, 180))
    return moments


def seed_measurements(seeder: Any) -> None:
    ladder = Instrument.objects.get(code="participatieladder", version="2008")
    zrm = Instrument.objects.get(code="zrm", version="2017")
    ladder_items = {i.code: i for i in ladder.items.all()}
    zrm_items = {i.code: i for i in zrm.items.all()}
    rng = seeder.rng
    today: date = seeder.today

    measurements: list[Measurement] = []
    scores: list[list[tuple[Any, int]]] = []  # per measurement: (item, value)
    progress: list[LadderProgress] = []
    work: list[WorkRecord] = []

    for case in seeder.cases:
        journey = case.journey
        if journey.current <= FIRST_CONVERSATION:
            continue
        trajectory = case.trajectory
        start = journey.started_on
        end = min(journey.closed_on or today, today)
        moments = _moments(seeder, start, end)
        if not moments:
            continue
        rung = seeder.pick({str(k): v for k, v in BASELINE_RUNG.items()})
        rung_now = int(rung)
        points: list[tuple[date, int, int | None]] = []
        for i, day in enumerate(moments):
            if i:
                move = int(seeder.pick({str(k): v for k, v in MOVE.items()}))
                rung_now = max(1, min(6, rung_now + move))
            growth = min(6, rung_now + rng.choice([0, 1, 1, 2]))
            points.append((day, rung_now, growth))
            measurements.append(
                Measurement(
                    trajectory=trajectory,
                    instrument=ladder,
                    measured_on=day,
                    professional=case.coordinator_on(day),
                    status=Measurement.Status.CONFIRMED,
                    confirmed_at=seeder.aware(day, _clock(rng)),
                )
            )
            scores.append(
                [
                    (ladder_items["rung"], rung_now),
                    (ladder_items["growth_potential"], growth),
                ]
            )
        values = compute_ladder_progress(points, start)
        if values is not None:
            progress.append(LadderProgress(trajectory=trajectory, **values))

        if rng.random() < 0.45:
            _matrix(seeder, case, zrm, zrm_items, moments, measurements, scores)
        work.extend(_work(seeder, case, points, end))

    Measurement.objects.bulk_create(measurements, batch_size=1000)
    MeasurementValue.objects.bulk_create(
        (
            MeasurementValue(measurement=m, item=item, value=value)
            for m, pairs in zip(measurements, scores, strict=True)
            for item, value in pairs
        ),
        batch_size=2000,
    )
    LadderProgress.objects.bulk_create(progress, batch_size=1000)
    WorkRecord.objects.bulk_create(work, batch_size=1000)
    seeder.log(
        f"{len(measurements)} measurements, {len(progress)} ladder progress rows, "
        f"{len(work)} work and education records"
    )


def _clock(rng: Any) -> Any:
    from datetime import time

    return time(rng.randint(9, 16), rng.choice([0, 15, 30, 45]))


def _matrix(
    seeder: Any,
    case: Any,
    zrm: Instrument,
    items: dict[str, Any],
    moments: list[date],
    measurements: list[Measurement],
    scores: list[list[tuple[Any, int]]],
) -> None:
    """A matrix on the relevant domains only (three to six), at the baseline and at
    one or two of the follow-ups."""
    rng = seeder.rng
    domains: list[str] = []
    for profile in case.profiles:
        domains += [d for d in PROFILE_DOMAINS.get(profile, []) if d not in domains]
    extra = [d for d in items if d not in domains]
    rng.shuffle(extra)
    wanted = rng.randint(3, 6)
    domains = (domains + extra)[:wanted]
    current = {d: rng.choice([1, 2, 2, 2, 3, 3, 4]) for d in domains}
    days = [
        moments[0],
        *rng.sample(moments[1:], k=min(len(moments) - 1, rng.randint(0, 2))),
    ]
    for i, day in enumerate(sorted(days)):
        if i:
            current = {
                d: max(1, min(5, v + rng.choice([0, 0, 1, 1, 2, -1])))
                for d, v in current.items()
            }
        measurements.append(
            Measurement(
                trajectory=case.trajectory,
                instrument=zrm,
                measured_on=day,
                professional=case.coordinator_on(day),
                status=Measurement.Status.CONFIRMED,
                confirmed_at=seeder.aware(day, _clock(rng)),
            )
        )
        scores.append([(items[d], v) for d, v in current.items()])


def _work(
    seeder: Any, case: Any, points: list[tuple[date, int, int | None]], end: date
) -> list[WorkRecord]:
    """Paid work from the first measurement on rung 5 or 6 (supported on rung 5);
    education or volunteering for some on rungs 3 and 4."""
    rng = seeder.rng
    records: list[WorkRecord] = []
    by = case.trajectory.coordinator
    paid = next(((d, r) for d, r, _g in points if r >= 5), None)
    if paid is not None:
        day, rung = paid
        supported = rung == 5
        hours = (
            rng.choice([8, 12, 16, 20, 24, 24, 28, 32])
            if supported
            else rng.choice([12, 16, 20, 24, 32, 36, 36, 38])
        )
        started = day - timedelta(days=seeder.days(0, 20))
        # Falling back below rung 5 means the paid work ended.
        fell = next((d for d, r, _g in points if d > day and r < 5), None)
        records.append(
            WorkRecord(
                trajectory=case.trajectory,
                kind=WorkRecord.Kind.PAID_WORK,
                started_on=max(started, case.journey.started_on),
                ended_on=fell - timedelta(days=seeder.days(1, 30)) if fell else None,
                hours_per_week=Decimal(hours),
                supported=supported,
                organisation=rng.choice(EMPLOYERS),
                recorded_by=by,
            )
        )
    top = max(r for _d, r, _g in points)
    if top in (3, 4) and rng.random() < 0.2:
        day = points[0][0] + timedelta(days=seeder.days(20, 150))
        if day <= end:
            records.append(
                WorkRecord(
                    trajectory=case.trajectory,
                    kind=WorkRecord.Kind.EDUCATION,
                    started_on=day,
                    education_kind=rng.choice(
                        ["language", "vocational", "course", "course"]
                    ),
                    organisation=rng.choice(SCHOOLS),
                    recorded_by=by,
                )
            )
    if top == 4 and rng.random() < 0.5:
        day = next(d for d, r, _g in points if r == 4)
        records.append(
            WorkRecord(
                trajectory=case.trajectory,
                kind=WorkRecord.Kind.VOLUNTEERING,
                started_on=max(
                    day - timedelta(days=seeder.days(0, 14)), case.journey.started_on
                ),
                hours_per_week=Decimal(rng.choice([4, 6, 8, 12])),
                organisation=rng.choice(["Buurtkamer Klarendal", "Voedselbank Arnhem"]),
                recorded_by=by,
            )
        )
    return records
