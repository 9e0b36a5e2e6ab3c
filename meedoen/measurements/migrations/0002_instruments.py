"""Install the participation ladder (2008) and the self-sufficiency matrix (2017) as
data: names, domains and scale labels only. The ZRM's per-cell criteria texts are
licensed (GGD Amsterdam) and are not shipped; an administrator can load them per item
in the admin."""

from django.db import migrations

RUNGS = {
    "1": "Geïsoleerd",
    "2": "Sociale contacten buitenshuis",
    "3": "Deelname georganiseerde activiteiten",
    "4": "Onbetaald werk",
    "5": "Betaald werk met ondersteuning",
    "6": "Betaald werk zonder ondersteuning",
}
ZRM_SCALE = {
    "1": "acute problematiek",
    "2": "niet zelfredzaam",
    "3": "beperkt zelfredzaam",
    "4": "voldoende zelfredzaam",
    "5": "volledig zelfredzaam",
}
ZRM_DOMAINS = [
    ("financien", "Financiën", "finances"),
    ("werk_opleiding", "Werk & opleiding", "work_education"),
    ("tijdsbesteding", "Tijdsbesteding", "time_use"),
    ("huisvesting", "Huisvesting", "housing"),
    ("huiselijke_relaties", "Huiselijke relaties", "domestic_relations"),
    ("geestelijke_gezondheid", "Geestelijke gezondheid", "mental_health"),
    ("lichamelijke_gezondheid", "Lichamelijke gezondheid", "physical_health"),
    ("middelengebruik", "Middelengebruik", "substance_use"),
    ("basale_adl", "Basale ADL", "basic_adl"),
    ("instrumentele_adl", "Instrumentele ADL", "instrumental_adl"),
    ("sociaal_netwerk", "Sociaal netwerk", "social_network"),
    ("maatschappelijke_participatie", "Maatschappelijke participatie", "participation"),
    ("justitie", "Justitie", "justice"),
]


def install(apps, schema_editor):
    Instrument = apps.get_model("measurements", "Instrument")
    Item = apps.get_model("measurements", "InstrumentItem")
    ladder, _ = Instrument.objects.update_or_create(
        code="participatieladder",
        version="2008",
        defaults={
            "name": "Participatieladder",
            "kind": "ladder",
            "description": (
                "Zes treden van geïsoleerd tot betaald werk zonder ondersteuning, met "
                "het groeipotentieel. Regioplan, VNG en twaalf gemeenten, 2008."
            ),
        },
    )
    for order, (code, label) in enumerate(
        [("rung", "Trede"), ("growth_potential", "Groeipotentieel")], start=1
    ):
        Item.objects.update_or_create(
            instrument=ladder,
            code=code,
            defaults={
                "label": label,
                "order": order,
                "min_value": 1,
                "max_value": 6,
                "scale_labels": RUNGS,
                "required": True,
                "life_domain": "participation",
            },
        )
    zrm, _ = Instrument.objects.update_or_create(
        code="zrm",
        version="2017",
        defaults={
            "name": "Zelfredzaamheid-Matrix",
            "kind": "matrix",
            "description": (
                "Dertien domeinen, elk gescoord van 1 (acute problematiek) tot 5 "
                "(volledig zelfredzaam) over de laatste 30 dagen. GGD Amsterdam, versie "
                "2017. Score alleen de domeinen die voor de situatie relevant zijn."
            ),
        },
    )
    for order, (code, label, domain) in enumerate(ZRM_DOMAINS, start=1):
        Item.objects.update_or_create(
            instrument=zrm,
            code=code,
            defaults={
                "label": label,
                "order": order,
                "min_value": 1,
                "max_value": 5,
                "scale_labels": ZRM_SCALE,
                "required": False,
                "life_domain": domain,
            },
        )


def uninstall(apps, schema_editor):
    Instrument = apps.get_model("measurements", "Instrument")
    Measurement = apps.get_model("measurements", "Measurement")
    codes = [("participatieladder", "2008"), ("zrm", "2017")]
    for code, version in codes:
        if not Measurement.objects.filter(
            instrument__code=code, instrument__version=version
        ).exists():
            Instrument.objects.filter(code=code, version=version).delete()


class Migration(migrations.Migration):
    dependencies = [("measurements", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
