"""Personal data of residents and households: who they are and how to reach them."""

from meedoen.core.categories import Category
from meedoen.core.personal_data import registry
from meedoen.residents.models import Household, HouseholdMember, Resident

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
    resident_path="",
)
registry.register(
    Household,
    fields={"name": IDENTITY, "coordinator": Category.PLAN},
    not_personal=["municipality"],
)
registry.register(
    HouseholdMember,
    fields={"household": IDENTITY, "resident": IDENTITY, "relation": IDENTITY},
    resident_path="resident",
)
