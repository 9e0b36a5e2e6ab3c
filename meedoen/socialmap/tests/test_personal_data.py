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


def test_anonymising_lets_the_consent_go(arnhem, trajectory, coordinator, welfare):
    import datetime

    from django.utils import timezone

    from meedoen.privacy.models import Consent

    consent = Consent.objects.create(
        municipality=arnhem, resident=trajectory.resident, purpose="p",
        valid_from=timezone.localdate(), recorded_by=coordinator,
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    consent.recipients.add(welfare)
    koffie = offer(arnhem, "Koffie", organisation=welfare, provider_name="")
    referral = referral_propose(
        trajectory=trajectory, by=coordinator, offer=koffie, shared=["name"]
    )
    assert referral.consent == consent
    for handler in ordered_handlers():
        if handler.anonymise:
            handler.anonymise(trajectory.resident, [trajectory.pk])
    referral.refresh_from_db()
    assert referral.consent is None and referral.basis == "consent"
    assert not Consent.objects.filter(pk=consent.pk).exists()
