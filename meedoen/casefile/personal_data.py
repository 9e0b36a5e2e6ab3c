"""A question at the front door is about a person (identity) and holds a text in the
category its writer chose; a merge record is about the resident kept."""

from meedoen.casefile.models import Question, ResidentMerge
from meedoen.core.categories import Category
from meedoen.core.personal_data import chosen_by_writer, registry

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
