"""Evaluation scenarios: a policy adviser of Arnhem, a helper that records the
resident's consent for the evaluation, and one that adds a story through the service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from meedoen.evaluations import services
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy.services import consent_record

PURPOSE = "Gebruik van mijn verhaal in de evaluatie van Maat Werkt"


@pytest.fixture
def adviser(arnhem):
    return ProfessionalFactory(
        username="beleid", municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )


@pytest.fixture
def evaluation(adviser):
    return services.evaluation_create(
        by=adviser, title="Maat Werkt Klarendal", question="Wat werkt voor wie?"
    )


def consent_for(
    trajectory: Any,
    by: Any,
    *,
    purpose: str = PURPOSE,
    start: int = -10,
    end: int = 365,
) -> Any:
    today = timezone.localdate()
    return consent_record(
        resident=trajectory.resident,
        purpose=purpose,
        organisations=[by.organisation],
        valid_from=today + timedelta(days=start),
        valid_until=today + timedelta(days=end),
        by=by,
    )


def add_story(
    evaluation: Any, trajectory: Any, by: Any, *, title: str = "Eén plan", **kw: Any
) -> Any:
    consent = kw.pop("consent", None) or consent_for(trajectory, by)
    return services.story_add(
        evaluation=evaluation,
        trajectory=trajectory,
        consent=consent,
        title=title,
        narrative=kw.pop(
            "narrative", "Ze hoefde haar verhaal maar één keer te vertellen."
        ),
        written_with_resident=True,
        written_on=kw.pop("written_on", timezone.localdate()),
        by=by,
    )


@pytest.fixture
def story(evaluation, trajectory, coordinator):
    return add_story(evaluation, trajectory, coordinator)
