import pytest

from meedoen.core.personal_data import handlers, ordered_handlers
from meedoen.socialmap.models import Referral
from meedoen.socialmap.services import referral_propose
from meedoen.socialmap.tests.factories import offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(arnhem, trajectory, coordinator):
    club = offer(arnhem, "Voetbal", provider_name="Vitesse")
    return referral_propose(
        trajectory=trajectory, by=coordinator, offer=club, note="Speelt graag"
    )


def test_the_access_export_holds_the_referral(referral, trajectory):
    sections = handlers["socialmap"].export(trajectory.resident)
    items = [i for s in sections for i in s.items]
    assert any(i.get("target") == "Voetbal" for i in items)
    notes = [s for s in sections if s.category == "notes"]
    assert notes and notes[0].items[0]["note"] == "Speelt graag"


def test_retention_blanks_texts_then_destroys(referral, trajectory):
    handler = handlers["socialmap"]
    handler.anonymise(trajectory.resident, [trajectory.pk])
    referral.refresh_from_db()
    assert referral.note == "[verwijderd]" and referral.decline_reason == ""
    handler.destroy(trajectory.resident, [trajectory.pk])
    assert not Referral.objects.exists()


def test_referrals_go_before_the_trajectories_they_point_at():
    names = [h.name for h in ordered_handlers()]
    assert names.index("socialmap") < names.index("journeys")
