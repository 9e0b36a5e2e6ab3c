"""Trajectories are made through the service, as in real use, so that the case team,
the first transition and the plan exist exactly as they would."""

import factory

from meedoen.casefile.services import trajectory_open as trajectory_start
from meedoen.journeys.models import Trajectory
from meedoen.journeys.services import journey_template_create_default
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.residents.tests.factories import ResidentFactory


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    coordinator = factory.SubFactory(ProfessionalFactory)
    resident = factory.SubFactory(
        ResidentFactory,
        municipality=factory.SelfAttribute("..coordinator.municipality"),
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        resident = kwargs.pop("resident")
        coordinator = kwargs.pop("coordinator")
        journey_template_create_default(municipality=resident.municipality)
        return trajectory_start(
            resident=resident, coordinator=coordinator, by=coordinator, **kwargs
        )
