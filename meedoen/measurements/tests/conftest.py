import pytest

from meedoen.journeys.models import Trajectory
from meedoen.journeys.services import case_team_add
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)


@pytest.fixture
def neighbourhood_worker(arnhem, trajectory, coordinator):
    """A neighbourhood coach on the case team who coordinates the trajectory: the role
    reads health and the coordinator reads income, so the one who scores a matrix that
    spans finances and mental health."""
    wijkteam = OrganisationFactory(
        municipality=arnhem, kind=Organisation.Kind.NEIGHBOURHOOD_TEAM
    )
    worker = ProfessionalFactory(
        municipality=arnhem,
        organisation=wijkteam,
        role=Professional.Role.NEIGHBOURHOOD_WORKER,
    )
    case_team_add(trajectory=trajectory, professional=worker, by=coordinator)
    Trajectory.objects.filter(pk=trajectory.pk).update(coordinator=worker)
    trajectory.coordinator = worker
    return worker
