import datetime

import factory

from meedoen.organisations.tests.factories import MunicipalityFactory
from meedoen.residents.models import Household, HouseholdMember, Resident


def test_bsn(n: int) -> str:
    """A valid BSN in the 9999xxxxx test range: find the check digit for a prefix."""
    base = 99990000 + (n % 10000)
    digits = [int(d) for d in f"{base:08d}"]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True))
    for last in range(10):
        if (total - last) % 11 == 0:
            return f"{base:08d}{last}"
    return test_bsn(n + 1)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    birth_date = factory.LazyFunction(lambda: datetime.date(1985, 5, 17))
    street = factory.Faker("street_name", locale="nl_NL")
    house_number = factory.Sequence(lambda n: str(n % 200 + 1))
    postcode = "6822 AB"
    city = "Arnhem"

    @factory.post_generation
    def bsn(self, create, extracted, **kwargs):
        value = extracted if extracted is not None else test_bsn(self.pk or 0)
        self.set_bsn(value)
        if create:
            self.save(update_fields=["bsn_encrypted", "bsn_hash"])


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Huishouden {n}")


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    resident = factory.SubFactory(
        ResidentFactory, municipality=factory.SelfAttribute("..household.municipality")
    )
    relation = HouseholdMember.Relation.HEAD
