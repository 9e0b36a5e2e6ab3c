"""Personal data of residents and households: who they are and how to reach them."""

from datetime import date
from typing import Any

from meedoen.core.categories import Category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    Sections,
    export_value,
    register_handler,
    registry,
)
from meedoen.residents.models import ANONYMISED, Household, HouseholdMember, Resident

IDENTITY = Category.IDENTITY

registry.register(
    Resident,
    fields={
        name: IDENTITY
        for name in (
            "first_name",
            "name_prefix",
            "last_name",
            "birth_date",
            "bsn_encrypted",
            "bsn_hash",
            "phone",
            "email",
            "street",
            "house_number",
            "postcode",
            "city",
            "neighbourhood",
            "created_at",
            "search_key",
            "sort_key",
            # computed, as read models show them
            "full_name",
            "address",
            "bsn_masked",
            "age",
        )
    },
    not_personal=["municipality"],
    resident_path="pk",  # the row is the resident
)
registry.register(
    Household,
    fields={"name": IDENTITY},
    not_personal=["municipality", "version"],
)
registry.register(
    HouseholdMember,
    fields={
        "household": IDENTITY,
        "resident": IDENTITY,
        "relation": IDENTITY,
        "started_on": IDENTITY,
        "ended_on": IDENTITY,
        "is_current": IDENTITY,
    },
    resident_path="resident",
)


# --- the privacy office's handler: access export and retention -------------------
# Plain Dutch labels: the access export is written for the resident.


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    sections.row(
        resident,
        key="resident",
        title="Uw gegevens",
        ref={"resident_id": ("Uw nummer bij ons", resident.pk)},
        fields={
            "first_name": "Voornaam",
            "name_prefix": "Tussenvoegsel",
            "last_name": "Achternaam",
            "birth_date": "Geboortedatum",
            "bsn_encrypted": "BSN",
            "phone": "Telefoon",
            "email": "E-mail",
            "street": "Straat",
            "house_number": "Huisnummer",
            "postcode": "Postcode",
            "city": "Plaats",
            "neighbourhood": "Wijk",
            "created_at": "Ingeschreven op",
        },
        values={"bsn_encrypted": resident.bsn},
        extra={"municipality": ("Gemeente", str(resident.municipality))},
    )
    # The household they live in now, else the last one they lived in. Its
    # coordinator is the coordinator of their trajectory (exported with it).
    membership = (
        HouseholdMember.objects.filter(resident=resident)
        .select_related("household")
        .order_by("ended_on", "-started_on", "-pk")  # running (NULL) first
        .first()
    )
    if membership is not None:
        household = membership.household
        # Of the others only name and relation: the rest of their data is theirs.
        others = (
            HouseholdMember.objects.filter(
                household_id=household.pk, ended_on__isnull=True
            )
            .exclude(resident=resident)
            .select_related("resident")
            .order_by("pk")
        )
        members = [
            {"name": m.resident.full_name, "relation": export_value(m, "relation")}
            for m in others
        ]
        sections.row(
            household,
            key="household",
            title="Uw huishouden",
            fields={"name": "Naam"},
            extra={
                "your_relation": ("U bent", export_value(membership, "relation")),
                "since": ("Woont er sinds", export_value(membership, "started_on")),
                "until": ("Woonde er tot", export_value(membership, "ended_on")),
                "members": ("Anderen in uw huishouden", members),
            },
            labels={"relation": "Hoort bij u als"},
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    """Name, BSN and contact details go; birth year and neighbourhood stay for the
    figures. Recognised afterwards by ``Resident.objects.anonymised()``."""
    # Queryset updates: no signals, so no history rows keep the old values.
    Resident.objects.filter(pk=resident.pk).update(
        first_name=ANONYMISED,
        name_prefix="",
        last_name=ANONYMISED,
        birth_date=date(resident.birth_date.year, 1, 1),
        bsn_encrypted="",
        bsn_hash="",
        phone="",
        email="",
        street="",
        house_number="",
        postcode="",
        city="",
        search_key=ANONYMISED,
        sort_key=ANONYMISED,
    )
    Household.objects.filter(members__resident=resident).update(name="")


def destroy(resident: Any, case_ids: list[int]) -> None:
    """The resident record goes (its household membership with it); the household
    too when nobody and no trajectory is left in it."""
    households = list(
        HouseholdMember.objects.filter(resident=resident).values_list(
            "household_id", flat=True
        )
    )
    Resident.objects.filter(pk=resident.pk).delete()
    Household.objects.filter(
        pk__in=households, members__isnull=True, trajectories__isnull=True
    ).delete()


register_handler(
    Handler(
        name="residents",
        models=(Resident, Household, HouseholdMember),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
