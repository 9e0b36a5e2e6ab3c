import datetime

import factory

from meedoen.organisations.tests.factories import MunicipalityFactory
from meedoen.residents.models import Household, HouseholdMember, Resident


def _valid_test_bsns() -> list[str]:
    """Every valid BSN in the 9999xxxxx test range, in order (about 9,000)."""
    valid = []
    for base in range(99990000, 100000000):
        digits = [int(d) for d in str(base)]
        total = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True))
        last = total % 11  # (total - last) % 11 == 0
        if last < 10:
            valid.append(f"{base}{last}")
    return valid


VALID_TEST_BSNS = _valid_test_bsns()


def test_bsn(n: int) -> str:
    """A distinct valid test-range BSN for each number (residents in one test have
    nearby primary keys, so they never share one)."""
    return VALID_TEST_BSNS[n % len(VALID_TEST_BSNS)]


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
