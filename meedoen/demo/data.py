"""Hand-made lists for the demo municipality: areas, organisations, texts.

Everything here is synthetic. Street names are plausible for the area, not a claim
about who lives where; the texts are written in plain Dutch (B1) as a team would.
"""

from __future__ import annotations

from meedoen.core.categories import LifeDomain
from meedoen.organisations.models import Organisation, Professional

Role = Professional.Role
Kind = Organisation.Kind
D = LifeDomain

# District -> (buurten, postcode prefixes, street names, share of the residents).
DISTRICTS: dict[str, tuple[list[str], list[str], list[str], float]] = {
    "Klarendal": (
        ["Sint Marten", "Sonsbeek-Zuid", "Klarendal-Noord"],
        ["6822"],
        [
            "Klarendalseweg",
            "Hommelseweg",
            "Sonsbeeksingel",
            "Karel van Gelreplein",
            "Molenbeekstraat",
            "Boekhorststraat",
            "Schependomlaan",
        ],
        0.30,
    ),
    "Geitenkamp": (
        ["Monnikenhuizen", "Geitenkamp-Zuid"],
        ["6823"],
        [
            "Geitenkamplaan",
            "Thorbeckestraat",
            "Cattepoelseweg",
            "Lawick van Pabststraat",
            "Hoflaan",
        ],
        0.15,
    ),
    "Malburgen": (
        ["Malburgen-Oost", "Malburgen-West", "Immerloo"],
        ["6832", "6833"],
        [
            "Vredenburgweg",
            "Malburgerstraat",
            "Huissensestraat",
            "Bataviaweg",
            "Eilandenbuurt",
            "Rijnkade-Zuid",
        ],
        0.22,
    ),
    "Presikhaaf": (
        ["Presikhaaf-Oost", "Presikhaaf-West"],
        ["6825", "6826"],
        [
            "Kemperbergerweg",
            "Presikhaafweg",
            "Gildemeestersplein",
            "Eimerssingel",
            "Slijpstenenweg",
        ],
        0.18,
    ),
    "Het Arnhemse Broek": (
        ["Spoorhoek", "Vredenburg-Broek"],
        ["6828", "6826"],
        [
            "Spoorwegstraat",
            "Rosendaalseweg",
            "Oude Velperweg",
            "Parkstraat-Broek",
            "Blekerstraat",
        ],
        0.15,
    ),
}
# Letters of a postcode; SA, SD and SS are not used in Dutch postcodes.
POSTCODE_LETTERS = "ABCDEGHJKLMNPRTVWXZ"

# Meetings per district: (title, place, weeks between meetings).
MEETINGS: dict[str, tuple[str, str, int]] = {
    "Klarendal": (
        "Werktafel Klarendal (Maat Werkt)",
        "De huiskamer van de wijk, Klarendal",
        2,
    ),
    "Geitenkamp": (
        "Werktafel Geitenkamp",
        "Buurtcentrum Geitenkamp",
        4,
    ),
    "Malburgen": ("Op Koers-overleg Malburgen", "Wijkcentrum Malburgen", 3),
    "Presikhaaf": ("Op Koers-overleg Presikhaaf", "Wijkcentrum Presikhaaf", 4),
    "Het Arnhemse Broek": (
        "Casusoverleg Het Arnhemse Broek",
        "Buurthuis Het Arnhemse Broek",
        4,
    ),
}

# A small, fixed share of names beside Faker's Dutch ones: Arnhem's neighbourhoods are
# mixed. Names only; nothing in the demo links a background to a problem.
EXTRA_FIRST_FEMALE = [
    "Fatima",
    "Samira",
    "Elif",
    "Zeynep",
    "Nadia",
    "Yasmina",
    "Ayan",
    "Selam",
    "Noor",
    "Meryem",
    "Shirley",
    "Ilse",
]
EXTRA_FIRST_MALE = [
    "Mohamed",
    "Yusuf",
    "Mustafa",
    "Hamza",
    "Emre",
    "Omar",
    "Said",
    "Dawit",
    "Bilal",
    "Ricardo",
    "Tarik",
    "Kemal",
]
EXTRA_LAST = [
    "El Amrani",
    "Bouzid",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Öztürk",
    "Benali",
    "Çelik",
    "Tesfay",
    "Abdi",
    "Sedney",
    "Kortstam",
    "Haddou",
    "Al-Hassan",
]

# Problem profiles: life domains, the roles the case team needs, reasons.
# What a profile's reason texts hold: the writer marks a reason about health or money
# so that only roles that may read it see it (meedoen.core.personal_data).
PROFILE_REASON_CATEGORY: dict[str, str] = {
    "schulden": "income",
    "psyche": "health",
    "ww": "income",
    "beperking": "health",
}

PROFILES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "schulden": (
        [D.FINANCES, D.WORK_EDUCATION],
        [Role.INCOME_CONSULTANT, Role.DEBT_COUNSELLOR, Role.WORK_COACH],
        [
            "Betalingsachterstanden bij huur en energie; vraagt hulp bij schulden.",
            "Signaal van de woningcorporatie: huurachterstand van drie maanden.",
            "Bijstand en schulden, wil graag aan het werk maar ziet door de rekeningen het overzicht niet meer.",
        ],
    ),
    "psyche": (
        [D.MENTAL_HEALTH, D.TIME_USE, D.SOCIAL_NETWORK],
        [Role.CARE_WORKER, Role.WELFARE_WORKER, Role.INCOME_CONSULTANT],
        [
            "Langdurig thuis met psychische klachten; huisarts verwijst naar het wijkteam.",
            "Somberheid en weinig structuur in de dag; wil weer iets om handen hebben.",
        ],
    ),
    "taal": (
        [D.PARTICIPATION, D.WORK_EDUCATION],
        [Role.WELFARE_WORKER, Role.WORK_COACH, Role.INCOME_CONSULTANT],
        [
            "Statushouder, spreekt nog weinig Nederlands; wil werken.",
            "Taalachterstand staat werk in de weg; vraagt naar een taaltraject.",
        ],
    ),
    "ww": (
        [D.WORK_EDUCATION, D.FINANCES],
        [Role.UWV_ADVISER, Role.WORK_COACH, Role.INCOME_CONSULTANT],
        [
            "WW loopt over twee maanden af; aanvraag bijstand verwacht.",
            "Ontslagen na reorganisatie, WW via UWV; zoekt nieuw werk.",
        ],
    ),
    "beperking": (
        [D.WORK_EDUCATION, D.PHYSICAL_HEALTH],
        [Role.JOB_COACH, Role.UWV_ADVISER, Role.WORK_COACH],
        [
            "Arbeidsbeperking na ongeval; onderzoek naar passend werk.",
            "Indicatie banenafspraak; wil een plek met begeleiding.",
        ],
    ),
    "isolement": (
        [D.SOCIAL_NETWORK, D.TIME_USE, D.PARTICIPATION],
        [Role.WELFARE_WORKER, Role.NEIGHBOURHOOD_WORKER],
        [
            "Buurvrouw maakt zich zorgen: komt de deur niet meer uit.",
            "Na overlijden partner alleen en zonder dagbesteding.",
        ],
    ),
    "wonen": (
        [D.HOUSING, D.FINANCES],
        [Role.NEIGHBOURHOOD_WORKER, Role.INCOME_CONSULTANT, Role.WMO_CONSULTANT],
        [
            "Dreigende huisuitzetting; melding vroegsignalering.",
            "Woning past niet meer; trap is een probleem na operatie.",
        ],
    ),
    "gezin": (
        [D.PARENTING, D.DOMESTIC_RELATIONS, D.FINANCES],
        [Role.NEIGHBOURHOOD_WORKER, Role.WMO_CONSULTANT, Role.INCOME_CONSULTANT],
        [
            "Spanningen thuis na scheiding; school meldt zorgen over de kinderen.",
            "Alleenstaande ouder, loopt vast met opvoeding en geld.",
        ],
    ),
    "middelen": (
        [D.SUBSTANCE_USE, D.FINANCES, D.TIME_USE],
        [Role.CARE_WORKER, Role.INCOME_CONSULTANT, Role.DEBT_COUNSELLOR],
        [
            "Alcoholgebruik en schulden; wil het roer omgooien.",
        ],
    ),
}
PROFILE_WEIGHTS = {
    "schulden": 22,
    "psyche": 14,
    "taal": 12,
    "ww": 10,
    "beperking": 8,
    "isolement": 10,
    "wonen": 10,
    "gezin": 10,
    "middelen": 4,
}

# Goals per life domain, as the resident would say them.
GOALS: dict[str, list[str]] = {
    D.FINANCES: [
        "Ik heb overzicht over mijn geld en betaal mijn vaste lasten op tijd.",
        "Mijn schulden zijn geregeld en ik krijg geen aanmaningen meer.",
        "Ik heb een vast inkomen waar ik van rond kan komen.",
    ],
    D.WORK_EDUCATION: [
        "Ik heb betaald werk van minstens 16 uur per week.",
        "Ik volg een opleiding die bij mij past.",
        "Ik doe werkervaring op via een proefplaats.",
    ],
    D.TIME_USE: [
        "Ik heb elke week vaste dagen met iets om handen.",
        "Ik heb structuur in mijn dag.",
    ],
    D.HOUSING: [
        "Ik woon in een woning die ik kan betalen.",
        "Ik heb een eigen woning voor mij en mijn kinderen.",
        "Ik kan in mijn huis blijven wonen.",
    ],
    D.DOMESTIC_RELATIONS: [
        "Er is rust in huis en we maken goede afspraken.",
        "De omgang met de kinderen is goed geregeld.",
    ],
    D.MENTAL_HEALTH: [
        "Ik heb meer rust in mijn hoofd.",
        "Ik krijg hulp die bij mij past voor mijn klachten.",
    ],
    D.PHYSICAL_HEALTH: [
        "Ik weet wat ik met mijn klachten nog wel kan.",
        "Ik beweeg twee keer per week.",
    ],
    D.SUBSTANCE_USE: [
        "Ik drink minder en heb er hulp bij.",
    ],
    D.INSTRUMENTAL_ADL: [
        "Ik kan mijn administratie zelf bijhouden.",
    ],
    D.SOCIAL_NETWORK: [
        "Ik heb mensen om me heen bij wie ik terecht kan.",
        "Ik ken mensen in de buurt.",
    ],
    D.PARTICIPATION: [
        "Ik spreek beter Nederlands en kan mezelf redden bij instanties.",
        "Ik doe mee in de buurt, bijvoorbeeld als vrijwilliger.",
    ],
    D.PARENTING: [
        "De kinderen hebben een vaste plek en een vast ritme.",
        "Ik weet hoe ik mijn kinderen goed kan begeleiden.",
    ],
}

# Actions per life domain: (description, owner). The owner is a role (done by the
# professional with that role on the case team), an organisation kind (done by the
# organisation), or "resident".
ACTIONS: dict[str, list[tuple[str, str]]] = {
    D.FINANCES: [
        ("Aanvraag bijzondere bijstand beoordelen", Role.INCOME_CONSULTANT),
        (
            "Uitkering zo regelen dat de huur direct wordt betaald",
            Role.INCOME_CONSULTANT,
        ),
        ("Intakegesprek schuldhulpverlening inplannen", Kind.DEBT_HELP),
        ("Schuldeisers aanschrijven voor een betalingsregeling", Role.DEBT_COUNSELLOR),
        ("Alle brieven van schuldeisers verzamelen en meenemen", "resident"),
        ("Een budgetoverzicht maken samen met de vrijwilliger", "resident"),
    ],
    D.WORK_EDUCATION: [
        ("Gesprek over werkwensen en mogelijkheden", Role.WORK_COACH),
        ("Proefplaats van acht weken regelen", Role.WORK_COACH),
        ("Werkfit-traject bij Presikhaaf Bedrijven starten", Kind.SOCIAL_WORK_COMPANY),
        ("Beoordelen of loonkostensubsidie mogelijk is", Role.UWV_ADVISER),
        ("Begeleiding op de werkplek in de eerste maanden", Role.JOB_COACH),
        ("Cv bijwerken en drie vacatures uitzoeken", "resident"),
        ("Informatie over de opleiding opvragen bij het ROC", "resident"),
    ],
    D.TIME_USE: [
        ("Kennismaken bij de dagbesteding in de wijk", Kind.WELFARE),
        ("Vrijwilligerswerk zoeken dat past bij de interesses", Role.WELFARE_WORKER),
        ("Twee ochtenden per week naar de inloop in het buurthuis", "resident"),
    ],
    D.HOUSING: [
        (
            "Urgentieaanvraag indienen bij de urgentiecommissie",
            Role.NEIGHBOURHOOD_WORKER,
        ),
        (
            "Afspraak met de woningcorporatie over de huurachterstand",
            Role.NEIGHBOURHOOD_WORKER,
        ),
        ("Inschrijven als woningzoekende", "resident"),
        ("Woningaanpassing via de Wmo aanvragen", Role.WMO_CONSULTANT),
    ],
    D.DOMESTIC_RELATIONS: [
        ("Gesprek met beide ouders over de omgangsregeling", Role.NEIGHBOURHOOD_WORKER),
        ("Aanmelden voor mediation na de scheiding", "resident"),
    ],
    D.MENTAL_HEALTH: [
        ("Intake bij Pro Persona plannen", Kind.CARE),
        ("Behandelplan afstemmen met het casusteam", Role.CARE_WORKER),
        ("Afspraak maken met de praktijkondersteuner van de huisarts", "resident"),
    ],
    D.PHYSICAL_HEALTH: [
        ("Medisch advies opvragen over belastbaarheid", Role.UWV_ADVISER),
        ("Aanmelden bij Bewegen werkt", "resident"),
    ],
    D.SUBSTANCE_USE: [
        ("Aanmelden bij de verslavingszorg", Role.CARE_WORKER),
        ("Afspraak bij de huisarts over het drinken", "resident"),
    ],
    D.INSTRUMENTAL_ADL: [
        ("Thuisadministratie-maatje regelen", Kind.WELFARE),
        ("Huishoudelijke hulp via de Wmo beoordelen", Role.WMO_CONSULTANT),
    ],
    D.SOCIAL_NETWORK: [
        ("Maatje via Rijnstad koppelen", Role.WELFARE_WORKER),
        ("Meedoen aan de buurtmaaltijd op donderdag", "resident"),
    ],
    D.PARTICIPATION: [
        ("Aanmelden voor het taalcafé in de bibliotheek", Role.WELFARE_WORKER),
        ("Taaltraject op niveau A2 starten", Kind.WELFARE),
        ("Elke week een uur Nederlands oefenen met de buurvrouw", "resident"),
    ],
    D.PARENTING: [
        ("Opvoedondersteuning via het wijkteam inzetten", Role.NEIGHBOURHOOD_WORKER),
        ("Kinderopvang regelen voor twee dagen per week", Role.WMO_CONSULTANT),
        ("Afspraak met de juf op school over de kinderen", "resident"),
    ],
}

# Consent to share with organisations without a legal task of their own, per kind,
# as explained to the resident.
CONSENT_PURPOSES: dict[str, str] = {
    Kind.WELFARE: "Samenwerken met Rijnstad aan mijn plan: activiteiten, een maatje "
    "en hulp in de buurt.",
    Kind.CARE: "Afstemmen met Pro Persona over mijn behandeling, zodat het plan daarop "
    "aansluit.",
}

CONTACT_SUMMARIES: dict[str, list[str]] = {
    "home_visit": [
        "Huisbezoek. Samen de post doorgenomen en afspraken gemaakt.",
        "Huisbezoek. Inwoner gaf aan dat het wat beter gaat.",
        "Huisbezoek; kennismaking en uitleg over de werkwijze.",
    ],
    "office": [
        "Gesprek in de huiskamer van de wijk over de voortgang.",
        "Gesprek op kantoor; stappen in het plan doorgelopen.",
    ],
    "phone": [
        "Telefonisch contact; afspraak verzet naar volgende week.",
        "Gebeld over de stand van de aanvraag.",
        "Kort telefonisch contact, geen bijzonderheden.",
    ],
    "walk_in": [
        "Kwam langs bij de inloop met een vraag over een brief.",
    ],
    "meeting": [
        "Aan tafel bij het overleg.",
    ],
}

# Decisions at the table: (text, owner as in ACTIONS, domain for the goal).
DECISIONS: list[tuple[str, str, str]] = [
    (
        "Inkomen zet de aanvraag bijzondere bijstand deze week door",
        Role.INCOME_CONSULTANT,
        D.FINANCES,
    ),
    (
        "Schuldhulpverlening plant binnen twee weken een intake",
        Kind.DEBT_HELP,
        D.FINANCES,
    ),
    ("Werkcoach regelt een proefplaats", Role.WORK_COACH, D.WORK_EDUCATION),
    (
        "UWV beoordeelt of loonkostensubsidie mogelijk is",
        Role.UWV_ADVISER,
        D.WORK_EDUCATION,
    ),
    ("Inwoner meldt zich aan bij het taalcafé", "resident", D.PARTICIPATION),
    (
        "Wijkteam vraagt opvoedondersteuning aan",
        Role.NEIGHBOURHOOD_WORKER,
        D.PARENTING,
    ),
    ("Rijnstad koppelt een maatje", Kind.WELFARE, D.SOCIAL_NETWORK),
    (
        "Inwoner gaat twee ochtenden per week naar de inloop",
        "resident",
        D.TIME_USE,
    ),
    (
        "Regisseur belt de woningcorporatie over een betalingsregeling",
        Role.COORDINATOR,
        D.HOUSING,
    ),
]
AGENDA_QUESTIONS = [
    "Hoe krijgen we de schulden en het werk tegelijk op gang?",
    "Wat is nodig om de volgende stap naar werk te zetten?",
    "Wie pakt wat op nu de situatie thuis is veranderd?",
    "Het plan loopt vast; wat kan de tafel doen?",
    "Evaluatie: is het doel bereikt, en wat is nog nodig?",
    "Kennismaking met de tafel en eerste afspraken.",
]
AGENDA_NOTES_PRESENT = [
    "Inwoner vertelde zelf hoe het gaat. Afspraken samen gemaakt.",
    "Inwoner was aan tafel en gaf aan wat het meest dringend is.",
    "Goed gesprek met de inwoner; de tafel heeft de volgende stappen verdeeld.",
]
AGENDA_NOTES_ABSENT = [
    "Inwoner kon niet komen; de regisseur brengt de afspraken over.",
    "Inwoner afgemeld wegens ziekte. Besproken met toestemming van de inwoner.",
]
