"""Walk-ins and returns count in the outcome report, under the same suppression."""

import datetime

import pytest
from django.utils import timezone

from meedoen.casefile import front_door
from meedoen.outcomes import indicators, report

pytestmark = pytest.mark.django_db


def test_front_door_questions_are_counted_per_outcome(coordinator, settings):
    settings.MEEDOEN_SUPPRESSION_THRESHOLD = 1
    for i in range(3):
        q = front_door.question_record(
            by=coordinator, channel="walk_in", text=f"Vraag {i}"
        )
        if i:
            front_door.question_answer(question=q, by=coordinator, note="Beantwoord")
    front_door.question_record(by=coordinator, channel="phone", text="Belt terug")
    today = timezone.localdate()
    pop = indicators.Population(
        municipality_id=coordinator.municipality_id,
        start=today - datetime.timedelta(days=30),
        end=today,
    )
    counts = indicators.front_door(pop)
    assert counts == {
        "total": 4,
        "walk_in": 3,
        "answered": 2,
        "referred": 0,
        "trajectory": 0,
    }
    built = report.build(pop)
    assert built.front_door["total"].value == 4
    # Per neighbourhood or coach a question has no place yet: no figures there.
    assert (
        indicators.front_door(
            indicators.Population(
                municipality_id=coordinator.municipality_id,
                start=pop.start,
                end=pop.end,
                coach_id=coordinator.pk,
            )
        )
        is None
    )


def test_small_front_door_counts_are_suppressed_with_their_complement(coordinator):
    cells = report._front_door_cells(
        {"total": 30, "walk_in": 20, "answered": 3, "referred": 12, "trajectory": 15},
        10,
    )
    assert cells["answered"].suppressed
    # Otherwise answered = total - referred - trajectory - open would give it away.
    assert cells["referred"].suppressed
    assert not cells["trajectory"].suppressed
