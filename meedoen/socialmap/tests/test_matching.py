import pytest

from meedoen.core.models import AccessEvent
from meedoen.measurements.tests.factories import ladder_measurement
from meedoen.socialmap.matching import Needs, Profile, rank
from meedoen.socialmap.models import Offer
from meedoen.socialmap.selectors import match_view

pytestmark = pytest.mark.django_db

ARABIC_FREE_NEARBY = Needs(free_only=True, language="ar", nearby_only=True)


@pytest.fixture
def measured(trajectory, coordinator, resident_in_klarendal):
    ladder_measurement(trajectory, by=coordinator, rung=2, growth=3)
    return trajectory


def test_a_free_arabic_speaking_nearby_activity_is_found(measured, coordinator, offers):
    view = match_view(coordinator, measured.pk, ARABIC_FREE_NEARBY)
    assert [m.offer.title for m in view.matches] == ["Koffieochtend Klarendal"]
    reasons = view.matches[0].reasons
    assert "free" in reasons
    assert "in your neighbourhood" in reasons
    assert "speaks Arabic" in reasons
    assert "fits rung 2" in reasons
    assert any(r.startswith("fits the goal about") for r in reasons)


def test_an_honest_empty_result_when_no_offer_meets_the_needs(
    measured, coordinator, offers
):
    Offer.objects.filter(pk=offers["koffie"].pk).update(is_active=False)
    view = match_view(coordinator, measured.pk, ARABIC_FREE_NEARBY)
    assert view.matches == []


def test_the_ranking_puts_the_next_rung_nearby_first(measured, coordinator, offers):
    view = match_view(coordinator, measured.pk, Needs())
    titles = [m.offer.title for m in view.matches]
    assert "Gestopt" not in titles  # inactive
    assert titles[0] == "Koffieochtend Klarendal"
    naaien = next(m for m in view.matches if m.offer.title == "Naaiatelier Presikhaaf")
    assert "fits rung 2 → 3" in naaien.reasons
    assert "in your neighbourhood" not in naaien.reasons
    # The job (rung 5) is far off the resident's rung 2: last.
    assert titles[-1] == "Magazijnmedewerker"
    assert view.profile.rung == 2 and view.profile.target_rung == 3


def test_the_match_page_reads_through_the_door_and_is_audited(
    measured, coordinator, offers
):
    before = AccessEvent.objects.count()
    match_view(coordinator, measured.pk, Needs())
    events = AccessEvent.objects.all().order_by("seq")[before:]
    categories = {e.category for e in events if e.via == "socialmap_match"}
    assert {"identity", "work"} <= categories
    assert all(e.resident_id == measured.resident_id for e in events)


def test_a_reader_without_work_data_gets_no_rung_in_the_match(
    measured, offers, income_consultant
):
    from meedoen.privacy.door import Door

    readable = Door(income_consultant).access(measured).readable
    view = match_view(income_consultant, measured.pk, Needs())
    if "work" in readable:
        assert view.profile.rung == 2
    else:
        assert view.profile.rung is None
        assert not any("rung" in r for m in view.matches for r in m.reasons)


def test_rank_without_a_plan_still_honours_the_needs(offers):
    matches = rank(Offer.objects.all(), Needs(language="pl"), Profile())
    assert [m.offer.title for m in matches] == ["Magazijnmedewerker"]
    matches = rank(Offer.objects.all(), Needs(free_only=True), Profile())
    assert "Computercursus" not in [m.offer.title for m in matches]


def test_the_reasons_read_in_dutch():
    """The Dutch catalogue gives the reasons as a coordinator reads them."""
    from django.utils import translation

    with translation.override("nl"):
        nl = translation.gettext
        assert nl("free") == "gratis"
        assert nl("in your neighbourhood") == "in uw wijk"
        assert nl("speaks %(language)s") % {"language": nl("Arabic")} == (
            "spreekt Arabisch"
        )
        assert (
            nl("fits rung %(current)s → %(target)s")
            % {
                "current": 2,
                "target": 3,
            }
            == "past bij trede 2 → 3"
        )
