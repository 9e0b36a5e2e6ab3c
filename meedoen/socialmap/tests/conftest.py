import pytest

from meedoen.core.categories import LifeDomain
from meedoen.organisations.models import Neighbourhood, Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.services import plan_goal_add
from meedoen.socialmap.models import Offer
from meedoen.socialmap.tests.factories import offer


@pytest.fixture
def klarendal(arnhem):
    return Neighbourhood.objects.create(municipality=arnhem, name="Klarendal")


@pytest.fixture
def presikhaaf(arnhem):
    return Neighbourhood.objects.create(municipality=arnhem, name="Presikhaaf")


@pytest.fixture
def welfare(arnhem):
    """A welfare organisation: no legal task of its own, sharing needs consent."""
    return OrganisationFactory(
        municipality=arnhem, name="Rijnstad Welzijn", kind=Organisation.Kind.WELFARE
    )


@pytest.fixture
def provider(arnhem, welfare):
    return ProfessionalFactory(
        username="provider",
        first_name="Fenna",
        last_name="Bos",
        municipality=arnhem,
        organisation=welfare,
        role=Professional.Role.WELFARE_WORKER,
    )


@pytest.fixture
def administrator(arnhem):
    return ProfessionalFactory(
        username="admin", municipality=arnhem, role=Professional.Role.ADMINISTRATOR
    )


@pytest.fixture
def resident_in_klarendal(trajectory, klarendal, coordinator):
    resident = trajectory.resident
    resident.neighbourhood = klarendal
    resident.postcode = "6822 AB"
    resident.save()
    plan_goal_add(
        plan=trajectory.plan,
        expected_version=trajectory.plan.version,
        life_domain=LifeDomain.TIME_USE,
        description="Meer structuur in de week",
        by=coordinator,
    )
    trajectory.plan.refresh_from_db()
    return resident


@pytest.fixture
def offers(arnhem, klarendal, presikhaaf, welfare):
    """A small social map."""
    return {
        "koffie": offer(
            arnhem,
            "Koffieochtend Klarendal",
            neighbourhood=klarendal,
            postcode="6822 AC",
            languages="nl,ar",
            wheelchair_accessible=True,
            rung=2,
            organisation=welfare,
            provider_name="",
        ),
        "naaien": offer(
            arnhem,
            "Naaiatelier Presikhaaf",
            neighbourhood=presikhaaf,
            postcode="6826 AA",
            languages="nl,ar,tr",
            rung=3,
        ),
        "cursus": offer(
            arnhem,
            "Computercursus",
            kind=Offer.Kind.COURSE,
            neighbourhood=klarendal,
            languages="nl",
            is_free=False,
            price="25.00",
            rung=3,
        ),
        "baan": offer(
            arnhem,
            "Magazijnmedewerker",
            kind=Offer.Kind.JOB,
            hours_per_week=24,
            languages="nl,pl",
            rung=5,
        ),
        "oud": offer(
            arnhem, "Gestopt", neighbourhood=klarendal, languages="ar", is_active=False
        ),
    }
