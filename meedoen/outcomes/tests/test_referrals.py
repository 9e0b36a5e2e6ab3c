"""Referrals per offer in the outcome report, under the same suppression: an offer
with few referrals is suppressed, and so is the one other offer that would give it
away by subtraction from the total; medians over few referrals are suppressed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from meedoen.outcomes import referrals
from meedoen.outcomes.indicators import Population
from meedoen.socialmap.models import Referral
from meedoen.socialmap.tests.factories import offer

pytestmark = pytest.mark.django_db


def _referrals(trajectory, coordinator, the_offer, n, *, started):
    now = timezone.now()
    for i in range(n):
        sent = now - datetime.timedelta(days=20)
        Referral.objects.create(
            municipality_id=trajectory.municipality_id,
            trajectory=trajectory,
            offer=the_offer,
            organisation=the_offer.organisation,
            state=Referral.State.ENDED if started else Referral.State.SENT,
            result=Referral.Result.COMPLETED if started and i % 2 else (
                Referral.Result.DROPPED_OUT if started else ""
            ),
            proposed_at=sent,
            proposed_by=coordinator,
            sent_at=sent,
            sent_by=coordinator,
            answered_at=sent + datetime.timedelta(days=4) if started else None,
            answered_by=coordinator if started else None,
            started_at=sent + datetime.timedelta(days=10) if started else None,
            started_by=coordinator if started else None,
            ended_at=now if started else None,
            ended_by=coordinator if started else None,
        )  # fmt: skip


@pytest.fixture
def scene(arnhem, trajectory, coordinator):
    taal = offer(arnhem, "Taalcafé Klarendal", organisation=coordinator.organisation)
    klus = offer(arnhem, "Klusproject", organisation=coordinator.organisation)
    fiets = offer(arnhem, "Fietsenwerkplaats", organisation=coordinator.organisation)
    _referrals(trajectory, coordinator, taal, 12, started=True)
    _referrals(trajectory, coordinator, klus, 11, started=True)
    _referrals(trajectory, coordinator, fiets, 2, started=False)
    return taal, klus, fiets


def _pop(arnhem, **kwargs):
    today = timezone.localdate()
    return Population(
        municipality_id=arnhem.pk, start=today - datetime.timedelta(days=60),
        end=today, **kwargs,
    )  # fmt: skip


def test_referrals_per_offer_with_complementary_suppression(arnhem, scene):
    figures = referrals.build(_pop(arnhem), limit=10)
    rows = {r.label: r for r in figures.rows}
    assert figures.total.cells["sent"].value == 25
    # Two referrals to the bicycle workshop: hidden, and so is one other offer's
    # count in that column, or 25 - 12 - 11 would give it away.
    assert rows["Fietsenwerkplaats"].cells["sent"].suppressed
    hidden = [r for r in figures.rows if r.cells["sent"].suppressed]
    assert len(hidden) >= 2
    assert figures.total.cells["started"].value == 23
    started = [r.cells["started"] for r in figures.rows]
    assert sum(1 for c in started if c.suppressed) >= 2  # 0 hidden, and a complement
    assert rows["Taalcafé Klarendal"].days_to_answer.value == 4
    assert rows["Taalcafé Klarendal"].days_to_start.value == 6
    assert rows["Fietsenwerkplaats"].days_to_answer.suppressed
    table = referrals.table_rows(figures)
    assert table[1][0] == "Offer"
    assert len(table) == 2 + 4


def test_not_for_a_filter_referrals_do_not_carry(arnhem, scene):
    assert referrals.build(_pop(arnhem, coach_id=1), limit=10) is None
