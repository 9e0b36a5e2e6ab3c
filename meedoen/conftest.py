"""Named people for scenarios: a coordinator, an income consultant, a team lead, an
outsider in the same municipality, and a professional of another municipality."""

import pytest
from django.conf import settings
from django.utils import translation

from meedoen.journeys.services import case_team_add, journey_template_create_default
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ProfessionalFactory,
    TeamFactory,
)


@pytest.fixture
def arnhem(db):
    municipality = MunicipalityFactory(name="Arnhem", code="0202")
    journey_template_create_default(municipality=municipality)
    return municipality


@pytest.fixture
def nijmegen(db):
    municipality = MunicipalityFactory(name="Nijmegen", code="0268")
    journey_template_create_default(municipality=municipality)
    return municipality


@pytest.fixture
def social_team(arnhem):
    return TeamFactory(municipality=arnhem, name="Sociaal team Klarendal")


@pytest.fixture
def coordinator(arnhem, social_team):
    org = OrganisationFactory(
        municipality=arnhem,
        name="Wijkteam Klarendal",
        kind=Organisation.Kind.NEIGHBOURHOOD_TEAM,
    )
    return ProfessionalFactory(
        username="coordinator",
        first_name="Sanne",
        last_name="de Vries",
        municipality=arnhem,
        organisation=org,
        role=Professional.Role.COORDINATOR,
        teams=[social_team],
    )


@pytest.fixture
def income_consultant(arnhem):
    org = OrganisationFactory(
        municipality=arnhem,
        name="Werk en Inkomen Arnhem",
        kind=Organisation.Kind.INCOME,
    )
    return ProfessionalFactory(
        username="income",
        first_name="Mehmet",
        last_name="Yilmaz",
        municipality=arnhem,
        organisation=org,
        role=Professional.Role.INCOME_CONSULTANT,
    )


@pytest.fixture
def team_lead(arnhem, social_team):
    return ProfessionalFactory(
        username="lead",
        municipality=arnhem,
        role=Professional.Role.TEAM_LEAD,
        teams=[social_team],
    )


@pytest.fixture
def outsider(arnhem):
    """Same municipality, not on the resident's case team."""
    return ProfessionalFactory(username="outsider", municipality=arnhem)


@pytest.fixture
def foreigner(nijmegen):
    """A professional of another municipality."""
    return ProfessionalFactory(username="foreigner", municipality=nijmegen)


@pytest.fixture
def trajectory(coordinator, income_consultant):
    """A resident's trajectory with the coordinator and the income consultant on the team."""
    t = TrajectoryFactory(coordinator=coordinator)
    case_team_add(trajectory=t, professional=income_consultant, by=coordinator)
    return t


@pytest.fixture
def resident(trajectory):
    return trajectory.resident


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read messages in English (the msgids); the Dutch catalogue has its own
    tests, and requests still pick their language from Accept-Language."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """The test client chooses English, as a user would with the language switch, so
    assertions read the msgids; Dutch is the default and has its own tests."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def audit_checkpoint_file(settings, tmp_path):
    """Each test anchors the audit chain in its own checkpoint file: a checkpoint of
    one test's (rolled back) chain must not be held against the next test's."""
    settings.MEEDOEN_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    settings.MEEDOEN_AUDIT_CHECKPOINT_LOG = False
    return settings.MEEDOEN_AUDIT_CHECKPOINT_FILE
