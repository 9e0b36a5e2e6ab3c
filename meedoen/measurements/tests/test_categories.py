"""The categories rule holds in the services, for every caller (not only the forms)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from meedoen.journeys.services import case_team_add
from meedoen.measurements import services
from meedoen.measurements.models import Instrument, Measurement, WorkRecord
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)


def _zrm():
    return Instrument.objects.get(code="zrm")


def test_no_one_scores_a_domain_their_role_may_not_read(trajectory, income_consultant):
    on = trajectory.started_on
    with pytest.raises(PermissionDenied):
        services.measurement_record(
            trajectory=trajectory, instrument=_zrm(), measured_on=on,
            values={"geestelijke_gezondheid": 2}, by=income_consultant,
        )  # fmt: skip
    assert not Measurement.objects.exists()
    measurement = services.measurement_record(
        trajectory=trajectory, instrument=_zrm(), measured_on=on,
        values={"financien": 2}, by=income_consultant,
    )  # fmt: skip
    assert measurement.values.count() == 1


def test_work_is_recorded_only_by_roles_that_read_work(arnhem, trajectory, coordinator):
    care = OrganisationFactory(municipality=arnhem, kind=Organisation.Kind.CARE)
    care_worker = ProfessionalFactory(
        municipality=arnhem, organisation=care, role=Professional.Role.CARE_WORKER
    )
    from meedoen.privacy.services import consent_record

    consent_record(
        resident=trajectory.resident, purpose="Zorg en begeleiding", organisations=[care],
        valid_from=trajectory.started_on, valid_until=datetime.date(2099, 1, 1),
        by=coordinator,
    )  # fmt: skip
    case_team_add(trajectory=trajectory, professional=care_worker, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.work_record_add(
            trajectory=trajectory, kind="education", education_kind="course",
            started_on=trajectory.started_on, by=care_worker,
        )  # fmt: skip
    assert not WorkRecord.objects.exists()
