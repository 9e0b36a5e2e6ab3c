"""A question at the front door is about a person (identity) and holds a text in the
category its writer chose; a merge record is about the resident kept."""

from typing import Any

from meedoen.casefile.models import Question, ResidentMerge
from meedoen.core.categories import Category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    Sections,
    chosen_by_writer,
    register_handler,
    registry,
)

IDENTITY = Category.IDENTITY

registry.register(
    Question,
    fields={
        "resident": IDENTITY,
        "first_name": IDENTITY,
        "name_prefix": IDENTITY,
        "last_name": IDENTITY,
        "birth_date": IDENTITY,
        "bsn_encrypted": IDENTITY,
        "phone": IDENTITY,
        "street": IDENTITY,
        "house_number": IDENTITY,
        "postcode": IDENTITY,
        "person": IDENTITY,
        "text": chosen_by_writer("text_category"),
        "text_category": Category.PLAN,
        "life_domains": Category.PLAN,
        "outcome": Category.PLAN,
        "outcome_note": Category.NOTES,
        "referred_to": Category.PLAN,
        "trajectory": Category.PLAN,
        "handled_on": Category.PLAN,
    },
    not_personal=[
        "municipality",
        "channel",
        "received_on",
        "received_by",
        "team",
        "handled_by",
    ],
    resident_path="resident",
)
registry.register(
    ResidentMerge,
    fields={"kept": IDENTITY, "removed_id": IDENTITY, "reason": Category.NOTES},
    not_personal=["municipality", "merged_by", "merged_at"],
    resident_path="kept",
)


def export(resident: Any) -> list[ExportSection]:
    """The questions at the front door about the resident, and the files merged into
    theirs."""
    sections = Sections()
    for q in Question.objects.filter(resident=resident).order_by("received_on", "pk"):
        sections.row(
            q,
            key="questions",
            title="Vragen en meldingen bij de voordeur",
            ref={"received_on": ("Binnengekomen op", q.received_on)},
            fields={
                "text": "Vraag of melding",
                "outcome": "Hoe het is afgehandeld",
                "outcome_note": "Toelichting",
                "referred_to": "Doorverwezen naar",
                "first_name": "Voornaam zoals opgegeven",
                "name_prefix": "Tussenvoegsel",
                "last_name": "Achternaam",
                "birth_date": "Geboortedatum",
                "phone": "Telefoon",
                "street": "Straat",
                "house_number": "Huisnummer",
                "postcode": "Postcode",
            },
        )
    for m in ResidentMerge.objects.filter(kept=resident).order_by("merged_at"):
        sections.row(
            m,
            key="merges",
            title="Samengevoegde dossiers",
            ref={"merged_at": ("Samengevoegd op", m.merged_at)},
            fields={"removed_id": "Nummer van het andere dossier", "reason": "Waarom"},
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    Question.objects.filter(resident=resident).update(
        text="", outcome_note="", first_name="", name_prefix="", last_name="",
        birth_date=None, bsn_encrypted="", phone="", street="", house_number="",
        postcode="",
    )  # fmt: skip
    ResidentMerge.objects.filter(kept=resident).update(reason="")


def destroy(resident: Any, case_ids: list[int]) -> None:
    Question.objects.filter(resident=resident).delete()
    ResidentMerge.objects.filter(kept=resident).delete()


register_handler(
    Handler(
        name="casefile",
        models=(Question, ResidentMerge),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
