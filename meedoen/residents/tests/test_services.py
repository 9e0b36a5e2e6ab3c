"""Business rules of registering residents and households."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meedoen.journeys.models import CaseTeamMember, StageTransition, Trajectory
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import (
    ProfessionalFactory,
)
from meedoen.plans.models import Plan
from meedoen.residents.models import Household, HouseholdMember, Resident
from meedoen.residents.services import bsn_clean, household_create, postcode_clean
from meedoen.residents.tests.factories import ResidentFactory
from meedoen.residents.tests.factories import test_bsn as make_test_bsn

VALID_BSN = "999993653"
BIRTH = datetime.date(1994, 3, 8)


def _counts():
    return {
        "residents": Resident.objects.count(),
        "trajectories": Trajectory.objects.count(),
        "plans": Plan.objects.count(),
        "members": CaseTeamMember.objects.count(),
        "transitions": StageTransition.objects.count(),
    }


# --- bsn_clean ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("999993653", "999993653"),
        ("9999 93 653", "999993653"),
        ("9999.93.653", "999993653"),
        ("111111110", "111111110"),
    ],
)
def test_bsn_clean_accepts_valid_numbers_and_returns_them_compact(value, expected):
    assert bsn_clean(value) == expected


def test_the_test_bsn_factory_helper_makes_valid_numbers():
    for n in (0, 1, 17, 4242, 9999):
        value = make_test_bsn(n)
        assert value.startswith("9999")
        assert bsn_clean(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "999993654",  # wrong check digit
        "999993652",  # wrong check digit
        "12345678",  # eight random digits
        "000000000",  # all zeros
        "00000000",
        "abcdefghi",  # letters
        "99999365a",
        "",
        "9999936531",  # ten digits
        "1234",
    ],
)
def test_bsn_clean_refuses_invalid_numbers_with_a_message_on_bsn(value):
    with pytest.raises(ValidationError) as exc:
        bsn_clean(value)
    assert list(exc.value.message_dict) == ["bsn"]
    assert "eleven test" in exc.value.message_dict["bsn"][0]


# --- postcode_clean -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [("6822AB", "6822 AB"), ("6822 ab", "6822 AB"), (" 6822  AB ", "6822 AB")],
)
def test_postcode_clean_normalises(value, expected):
    assert postcode_clean(value) == expected


@pytest.mark.parametrize("value", ["0822 AB", "682 AB", "6822 A", "ABCD 12", "6822-AB"])
def test_postcode_clean_refuses_bad_postcodes(value):
    with pytest.raises(ValidationError) as exc:
        postcode_clean(value)
    assert "postcode" in exc.value.message_dict


# --- household_create ---------------------------------------------------------------


def test_household_create_with_members(coordinator, arnhem):
    mother = ResidentFactory(municipality=arnhem, first_name="Linda")
    child = ResidentFactory(municipality=arnhem, first_name="Noor")
    household = household_create(
        by=coordinator,
        name="Gezin Bakker",
        members=[
            (mother, HouseholdMember.Relation.HEAD),
            (child, HouseholdMember.Relation.CHILD),
        ],
    )
    assert household.municipality_id == arnhem.pk
    assert household.version == 1
    assert dict(household.members.values_list("resident__first_name", "relation")) == {
        "Linda": "head",
        "Noor": "child",
    }
    assert mother.household_memberships.get().household == household
    assert mother.household_memberships.get().ended_on is None


def test_household_create_refuses_no_members(coordinator):
    with pytest.raises(ValidationError):
        household_create(by=coordinator, name="Leeg", members=[])
    assert Household.objects.count() == 0


def test_household_create_refuses_a_member_of_another_municipality(
    coordinator, nijmegen
):
    local = ResidentFactory(municipality=coordinator.municipality)
    stranger = ResidentFactory(municipality=nijmegen)
    with pytest.raises(ValidationError):
        household_create(
            by=coordinator,
            name="Gemengd",
            members=[(local, "head"), (stranger, "child")],
        )
    assert Household.objects.count() == 0
    assert HouseholdMember.objects.count() == 0


def test_household_create_accepts_a_resident_who_left_another_household(coordinator):
    member = ResidentFactory(municipality=coordinator.municipality)
    first = household_create(by=coordinator, name="Eerste", members=[(member, "head")])
    first.members.update(ended_on=first.members.get().started_on)
    second = household_create(by=coordinator, name="Tweede", members=[(member, "head")])
    assert member.household_memberships.get(ended_on__isnull=True).household == second


def test_household_create_refuses_a_resident_already_in_a_household(coordinator):
    member = ResidentFactory(municipality=coordinator.municipality)
    first = household_create(by=coordinator, name="Eerste", members=[(member, "head")])
    with pytest.raises(ValidationError) as exc:
        household_create(by=coordinator, name="Tweede", members=[(member, "head")])
    assert "members" in exc.value.message_dict
    assert list(Household.objects.all()) == [first]
    assert HouseholdMember.objects.get().household == first


def test_household_create_refuses_the_same_resident_twice(coordinator):
    member = ResidentFactory(municipality=coordinator.municipality)
    with pytest.raises(ValidationError) as exc:
        household_create(
            by=coordinator, name="Dubbel", members=[(member, "head"), (member, "child")]
        )
    assert "members" in exc.value.message_dict
    assert Household.objects.count() == 0


def test_household_create_refuses_an_unknown_relation(coordinator):
    member = ResidentFactory(municipality=coordinator.municipality)
    with pytest.raises(ValidationError) as exc:
        household_create(by=coordinator, name="Gezin C", members=[(member, "cousin")])
    assert "members" in exc.value.message_dict
    assert Household.objects.count() == 0


def test_household_create_refuses_a_professional_without_municipality(arnhem):
    operator = ProfessionalFactory(
        municipality=None, organisation=None, role=Professional.Role.ADMINISTRATOR
    )
    member = ResidentFactory(municipality=arnhem)
    with pytest.raises(ValidationError):
        household_create(by=operator, name="Gezin D", members=[(member, "head")])
    assert Household.objects.count() == 0
