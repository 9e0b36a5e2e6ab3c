"""A board with more trajectories in a stage than it shows cards for: the count and
the average cover all of them, the cards (and the audit) only the longest in stage."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.journeys import selectors
from meedoen.journeys.models import Trajectory
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db


def test_cards_are_capped_per_stage_counts_are_not(client, coordinator, monkeypatch):
    monkeypatch.setattr(selectors, "CARDS_PER_STAGE", 2)
    today = timezone.localdate()
    made = [TrajectoryFactory(coordinator=coordinator) for _ in range(5)]
    for days, t in zip((10, 40, 20, 30, 50), made, strict=True):
        Trajectory.objects.filter(pk=t.pk).update(
            stage_entered_on=today - timedelta(days=days)
        )
    _template, columns = selectors.journey_board(coordinator)
    first = columns[0]
    assert first.count == 5 and first.hidden == 3
    assert first.average_days == 30
    shown = [t["resident_id"] for t in first.trajectories]
    assert shown == [made[4].resident_id, made[1].resident_id]  # longest first
    listed = set(
        AccessEvent.objects.filter(via="journey_board").values_list(
            "resident_id", flat=True
        )
    )
    assert listed == set(shown)
    html = login(client, coordinator).get(reverse("journey_board")).content.decode()
    assert "and 3 more residents, shorter in this stage" in html
