"""The demo's journeys as a municipality designs them (the transition arena): besides
the participation journey, one for debt help and one for young people, each stage
with the role responsible for it, and the agreements between the organisations about
who does what in which stage and how fast a hand-over is answered."""

from __future__ import annotations

from typing import Any

from meedoen.journeys.models import Agreement, JourneyTemplate, Stage
from meedoen.organisations.models import Professional

Role = Professional.Role

JOURNEYS: list[tuple[str, str, list[tuple[str, str, int]]]] = [
    (
        "Schuldhulptraject",
        "Voor inwoners met betalingsachterstanden of schulden: stabiliseren, "
        "regelen en zelf weer overzicht houden.",
        [
            ("Melding vroegsignalering", Role.DEBT_COUNSELLOR, 7),
            ("Intake schulden", Role.DEBT_COUNSELLOR, 14),
            ("Stabilisatie", Role.DEBT_COUNSELLOR, 60),
            ("Schuldregeling", Role.DEBT_COUNSELLOR, 365),
            ("Nazorg", Role.NEIGHBOURHOOD_WORKER, 90),
        ],
    ),
    (
        "Jongerentraject (18–27)",
        "Voor jongeren zonder startkwalificatie of werk: eerst een plek, dan school "
        "of werk.",
        [
            ("Aanmelding", Role.WORK_COACH, 7),
            ("Kennismaking en perspectief", Role.JOB_COACH, 21),
            ("Leer-werkplek", Role.JOB_COACH, 120),
            ("School of werk", Role.WORK_COACH, 180),
            ("Nazorg", Role.WORK_COACH, 90),
        ],
    ),
]

# (organisation key in the seed, journey name or None for the participation
# journey, stage name or None for the whole journey, task, hand-over answered within)
AGREEMENTS: list[tuple[str, str | None, str | None, str, int | None]] = [
    (
        "income",
        None,
        "Integrale analyse",
        "Beoordeelt het recht op een uitkering binnen de analyse, niet erna.",
        5,
    ),
    (
        "wt:Klarendal",
        None,
        None,
        "Blijft regisseur tot de overdracht is aangenomen.",
        3,
    ),
    (
        "welfare",
        None,
        "Uitvoering",
        "Koppelt binnen twee weken een maatje of dagbesteding.",
        10,
    ),
    (
        "swc",
        None,
        "Uitvoering",
        "Biedt een leer-werkplek aan wie trede 3 of hoger bereikt.",
        10,
    ),
    (
        "uwv",
        None,
        "Eerste gesprek",
        "Sluit aan bij het eerste gesprek als de WW binnen drie maanden afloopt.",
        5,
    ),
    (
        "debt",
        "Schuldhulptraject",
        "Intake schulden",
        "Houdt de intake binnen vier weken na de melding.",
        5,
    ),
    (
        "debt",
        "Schuldhulptraject",
        "Stabilisatie",
        "Regelt een budgetbeheer of bewindvoering waar nodig.",
        None,
    ),
    (
        "income",
        "Schuldhulptraject",
        "Stabilisatie",
        "Zet de vaste lasten op inhouding als dat helpt.",
        5,
    ),
    (
        "work",
        "Jongerentraject (18–27)",
        "Kennismaking en perspectief",
        "Zoekt samen met de jongere een eerste plek.",
        5,
    ),
    (
        "swc",
        "Jongerentraject (18–27)",
        "Leer-werkplek",
        "Biedt binnen een maand een leer-werkplek.",
        10,
    ),
]


def seed_journeys(seeder: Any) -> None:
    """Add the demo's other journeys and the agreements (idempotent per run)."""
    templates: dict[str | None, JourneyTemplate] = {None: seeder.template}
    for name, description, stages in JOURNEYS:
        template = JourneyTemplate.objects.create(
            municipality=seeder.municipality, name=name, description=description
        )
        Stage.objects.bulk_create(
            Stage(
                template=template,
                order=i,
                name=stage,
                responsible_role=role,
                norm_days=norm,
            )
            for i, (stage, role, norm) in enumerate(stages, start=1)
        )
        templates[name] = template
    JourneyTemplate.objects.filter(pk=seeder.template.pk).update(
        description="Voor inwoners ver van de arbeidsmarkt: van signaal tot nazorg."
    )
    by_name = {
        (s.template_id, s.name): s
        for s in Stage.objects.filter(template__in=list(templates.values()))
    }
    Agreement.objects.bulk_create(
        Agreement(
            template=templates[journey],
            stage=by_name.get((templates[journey].pk, stage)) if stage else None,
            organisation=seeder.orgs[org],
            task=task,
            handover_response_days=days,
        )
        for org, journey, stage, task, days in AGREEMENTS
    )
