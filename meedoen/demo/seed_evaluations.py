"""Demo evaluations for the seeded municipality (called at the end of the demo seed).

"Maat Werkt Klarendal": nine stories of residents in Klarendal, as the Klarendal
evaluation did, each told with the resident's consent for this purpose and coded on
the four windows (resident, professional, organisation, policy). Everything is made
through the services, so consent, case-team and audit rules hold as in real use.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from meedoen.evaluations import services
from meedoen.evaluations.models import Window
from meedoen.organisations.models import Professional
from meedoen.privacy import scope
from meedoen.privacy.services import consent_record

TITLE = "Maat Werkt Klarendal"
QUESTION = (
    "Wat levert de integrale aanpak van Maat Werkt op voor inwoners van Klarendal, "
    "en wat vraagt het van professionals, organisaties en beleid? We kijken door vier "
    "vensters: de inwoner, de professional, de organisatie en het beleid."
)
PURPOSE = "Gebruik van mijn verhaal in de evaluatie van Maat Werkt"

R, P, G, B = Window.RESIDENT, Window.PROFESSIONAL, Window.ORGANISATION, Window.POLICY
# (R)esident, (P)rofessional, or(G)anisation, (B)eleid: the four windows.

# (title, story, findings): titles never name the resident.
STORIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Eén plan in plaats van vijf loketten",
        "Ze had een uitkering, schulden en een zoon die niet meer naar school ging. "
        "Vroeger zat ze bij vijf instanties aan tafel. Nu kwam de participatiecoach "
        "thuis, en samen met de werkcoach en de schuldhulp kwam er één plan.",
        [
            (R, "Hoefde haar verhaal maar één keer te vertellen."),
            (P, "Werkcoach en wijkcoach maakten samen één plan."),
            (G, "Privacy-afspraken maakten delen tussen de organisaties lastig."),
        ],
    ),
    (
        "Van dagbesteding naar zestien uur werk",
        "Na jaren thuis begon hij bij de buurtkamer. Via een werkervaringsplek bij "
        "het buurthuis kreeg hij een baan van zestien uur bij een groenbedrijf.",
        [
            (R, "Kleine stappen in zijn eigen tempo gaven vertrouwen."),
            (P, "De coach mocht zelf beslissen over een proefplaatsing."),
            (B, "Bijverdienen naast de uitkering voelde als een risico."),
        ],
    ),
    (
        "Rust in de schulden, ruimte voor de kinderen",
        "Een moeder met drie kinderen en oplopende huurachterstand. De budgetcoach "
        "regelde een betalingsregeling; daarna was er ruimte om over werk te praten.",
        [
            (R, "Eerst rust in de geldzaken, dan pas over werk."),
            (P, "Eén coach hield het overzicht en bleef bereikbaar."),
            (G, "Wachtlijst bij de schuldhulp vertraagde de start."),
            (B, "Geldstromen Participatiewet en Wmo lopen gescheiden."),
        ],
    ),
    (
        "Niet opnieuw beginnen bij een nieuwe coach",
        "Toen zijn coach vertrok, kwam er een nieuwe. Die had het plan en de "
        "afspraken al gelezen voordat ze langskwam.",
        [
            (R, "Hoefde niet opnieuw te beginnen bij een nieuwe coach."),
            (G, "De overdracht tussen coaches was goed vastgelegd."),
        ],
    ),
    (
        "Taal als eerste stap",
        "Ze woont vier jaar in Arnhem en wilde graag werken. De taalcursus in het "
        "wijkcentrum en vrijwilligerswerk bij de voedselbank waren de eerste stap.",
        [
            (R, "Voelde zich gezien als iemand die wil bijdragen."),
            (P, "Wijkcoach kende het aanbod in de buurt en bracht haar in contact."),
            (B, "Inburgering en participatie hebben aparte trajecten en regels."),
        ],
    ),
    (
        "Samen aan de werktafel",
        "Zijn situatie was vastgelopen: geen inkomen, geen vaste woonplek. Aan de "
        "werktafel kwamen inkomen, wonen en zorg in één gesprek bij elkaar.",
        [
            (P, "Aan de werktafel werden besluiten in één keer genomen."),
            (G, "Mandaat om maatwerk toe te kennen lag niet bij de tafel zelf."),
            (B, "Sturen op één plan botst met verantwoording per regeling."),
        ],
    ),
    (
        "Een opleiding na jaren thuis",
        "Na de scheiding zat ze thuis met een uitkering. Met steun van haar coach "
        "begon ze aan een mbo-opleiding tot doktersassistent.",
        [
            (R, "Kreeg ruimte om haar eigen richting te kiezen."),
            (P, "Coach durfde af te wijken van de standaard re-integratieroute."),
            (B, "Studeren met een bijstandsuitkering vroeg om een ontheffing."),
        ],
    ),
    (
        "Zorg en werk in hetzelfde plan",
        "Hij had psychische klachten en wilde toch aan het werk. De zorgverlener en "
        "de jobcoach spraken samen af wat haalbaar was.",
        [
            (R, "Zorg en werk werden niet meer los van elkaar bekeken."),
            (P, "Generalist en specialist vulden elkaar aan."),
            (G, "Systemen van zorg en gemeente spraken niet met elkaar."),
        ],
    ),
    (
        "Terugval en weer verder",
        "Na een half jaar werk viel hij terug. Omdat de coach in beeld bleef, kon "
        "hij snel weer instappen zonder opnieuw aan te melden.",
        [
            (R, "Kon terugvallen zonder weer bij het begin te beginnen."),
            (G, "Nazorg was niet in de financiering voorzien."),
            (B, "Afrekenen op uitstroom beloont nazorg niet."),
        ],
    ),
]


def _klarendal_cases(seeder: Any) -> list[tuple[Any, Professional]]:
    """Open Klarendal trajectories with their coordinator on the case team today."""
    cases = [
        c
        for c in seeder.cases
        if c.district == "Klarendal" and c.trajectory.closed_on is None
    ]
    ids = [c.trajectory.pk for c in cases]
    on_team = set(
        scope.active_memberships(seeder.today)
        .filter(trajectory_id__in=ids)
        .values_list("trajectory_id", "professional_id")
    )
    chosen: list[tuple[Any, Professional]] = []
    residents: set[int] = set()
    for case in cases:
        trajectory = case.trajectory
        author = case.coordinator_on(seeder.today)
        if (trajectory.pk, author.pk) not in on_team or author.organisation is None:
            continue
        if trajectory.resident_id in residents:
            continue
        residents.add(trajectory.resident_id)
        chosen.append((case, author))
    return chosen


def seed_evaluations(seeder: Any) -> None:
    """The evaluation "Maat Werkt Klarendal" with nine stories over the four windows."""
    adviser = seeder.logins.get("beleid") or next(
        iter(seeder.pros_by_role.get(Professional.Role.POLICY_ADVISER, [])), None
    )
    if adviser is None:
        return
    evaluation = services.evaluation_create(by=adviser, title=TITLE, question=QUESTION)
    candidates = _klarendal_cases(seeder)
    # Spread over the caseloads, reproducibly.
    step = max(1, len(candidates) // len(STORIES))
    picked = candidates[::step][: len(STORIES)]
    today = seeder.today
    for number, ((case, author), (title, narrative, findings)) in enumerate(
        zip(picked, STORIES, strict=False)
    ):
        trajectory = case.trajectory
        assert author.organisation is not None  # checked in _klarendal_cases
        written_on = today - timedelta(days=60 - 5 * number)
        consent = consent_record(
            resident=trajectory.resident,
            purpose=PURPOSE,
            organisations=[author.organisation],
            valid_from=written_on - timedelta(days=7),
            valid_until=today + timedelta(days=2 * 365),
            by=author,
        )
        story = services.story_add(
            evaluation=evaluation,
            trajectory=trajectory,
            consent=consent,
            title=title,
            narrative=narrative,
            written_with_resident=number % 3 != 2,
            written_on=written_on,
            by=author,
        )
        for window, text in findings:
            services.finding_add(story=story, window=window, text=text, by=adviser)
