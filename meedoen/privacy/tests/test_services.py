"""Access ends at once: withdrawn consent, ended membership, expired or switched-off
break the glass. Each is checked in scope and on the file URL."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from meedoen.core.models import AccessEvent
from meedoen.journeys.services import case_team_add, case_team_end
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy import scope
from meedoen.privacy.models import EmergencyAccess, ShareBasis
from meedoen.privacy.services import (
    consent_record,
    consent_withdraw,
    emergency_access_grant,
    emergency_access_review,
    policy_for,
)
from meedoen.privacy.tests import scenario as sc
from meedoen.residents.tests.factories import ResidentFactory
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

REASON = "Crisismelding: bewoner onbereikbaar, zorg om veiligheid"


@pytest.fixture
def welfare_org(arnhem):
    return sc.welfare_organisation(arnhem)


@pytest.fixture
def welfare(arnhem, welfare_org):
    return sc.welfare_worker(arnhem, welfare_org)


@pytest.fixture
def consent(resident, coordinator, welfare_org):
    today = timezone.localdate()
    return consent_record(
        resident=resident,
        purpose="Begeleiding naar dagbesteding",
        organisations=[welfare_org],
        valid_from=today,
        valid_until=today + timedelta(days=90),
        by=coordinator,
    )


def file_status(client, user, resident):
    return (
        login(client, user)
        .get(reverse("resident_file", args=[resident.pk]))
        .status_code
    )


# Consent


def test_joining_without_legal_task_needs_consent(trajectory, welfare, coordinator):
    with pytest.raises(ValidationError, match="consent"):
        case_team_add(trajectory=trajectory, professional=welfare, by=coordinator)


def test_membership_on_consent_records_the_consent(
    trajectory, welfare, coordinator, consent
):
    member = case_team_add(trajectory=trajectory, professional=welfare, by=coordinator)
    assert member.basis == ShareBasis.CONSENT and member.consent == consent
    assert member.basis_label == "consent: Begeleiding naar dagbesteding"


def test_withdrawn_consent_removes_access_at_once(
    client, trajectory, resident, welfare, coordinator, consent
):
    case_team_add(trajectory=trajectory, professional=welfare, by=coordinator)
    assert list(scope.visible_residents(welfare)) == [resident]
    assert file_status(client, welfare, resident) == 200
    consent_withdraw(consent=consent, by=coordinator)
    assert not scope.visible_residents(welfare).exists()
    assert not scope.visible_trajectories(welfare).exists()
    assert file_status(client, welfare, resident) == 404
    assert AccessEvent.objects.filter(via="consent_withdraw").exists()


def test_withdrawal_ends_access_even_before_memberships_are_ended(
    trajectory, resident, welfare, coordinator, consent
):
    """Scope checks the consent on every read, not only the membership's end date."""
    member = case_team_add(trajectory=trajectory, professional=welfare, by=coordinator)
    consent.withdrawn_on = timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    member.refresh_from_db()
    assert member.ended_on is None
    assert not scope.visible_residents(welfare).exists()


def test_expired_consent_removes_access(
    trajectory, resident, welfare, coordinator, consent
):
    case_team_add(trajectory=trajectory, professional=welfare, by=coordinator)
    with freeze_time(consent.valid_until + timedelta(days=1)):
        assert not scope.visible_residents(welfare).exists()


def test_consent_cannot_be_withdrawn_twice(consent, coordinator):
    consent_withdraw(consent=consent, by=coordinator)
    with pytest.raises(ValidationError, match="already withdrawn"):
        consent_withdraw(consent=consent, by=coordinator)


def test_consent_for_organisations_of_another_municipality_is_refused(
    resident, coordinator, nijmegen
):
    other = sc.welfare_organisation(nijmegen)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        consent_record(
            resident=resident, purpose="Delen", organisations=[other],
            valid_from=today, valid_until=today, by=coordinator,
        )  # fmt: skip
    assert "organisations" in exc.value.message_dict


# Team membership


def test_ended_team_membership_removes_access_at_once(
    client, trajectory, resident, income_consultant, coordinator
):
    assert file_status(client, income_consultant, resident) == 200
    membership = trajectory.team.get(professional=income_consultant)
    case_team_end(membership=membership, by=coordinator)
    assert not scope.visible_residents(income_consultant).exists()
    assert file_status(client, income_consultant, resident) == 404


# Break the glass


def test_break_the_glass_gives_temporary_access(client, outsider, resident):
    assert file_status(client, outsider, resident) == 404
    access = emergency_access_grant(
        user=outsider, resident_id=resident.pk, reason=REASON
    )
    assert access.expires_at - access.granted_at == timedelta(hours=4)
    assert list(scope.visible_residents(outsider)) == [resident]
    assert file_status(client, outsider, resident) == 200
    assert scope.basis_for_resident(outsider, resident).startswith(
        f"break_the_glass #{access.pk}"
    )


def test_expired_break_the_glass_removes_access_at_once(client, outsider, resident):
    access = emergency_access_grant(
        user=outsider, resident_id=resident.pk, reason=REASON
    )
    with freeze_time(access.expires_at - timedelta(seconds=1)):
        assert scope.visible_residents(outsider).exists()
    with freeze_time(access.expires_at + timedelta(seconds=1)):
        assert not scope.visible_residents(outsider).exists()
        assert file_status(client, outsider, resident) == 404


def test_break_the_glass_switched_off_refuses(outsider, resident, arnhem):
    policy = policy_for(arnhem.pk)
    policy.break_glass_enabled = False
    policy.save()
    with pytest.raises(ValidationError, match="switched off"):
        emergency_access_grant(user=outsider, resident_id=resident.pk, reason=REASON)
    assert not EmergencyAccess.objects.exists()


def test_switching_break_the_glass_off_ends_running_access(
    client, outsider, resident, arnhem
):
    emergency_access_grant(user=outsider, resident_id=resident.pk, reason=REASON)
    assert scope.visible_residents(outsider).exists()
    policy = policy_for(arnhem.pk)
    policy.break_glass_enabled = False
    policy.save()
    assert not scope.visible_residents(outsider).exists()
    assert file_status(client, outsider, resident) == 404


@pytest.mark.parametrize("reason", ["", "   ", "nodig", "a" * 14])
def test_break_the_glass_needs_a_real_reason(outsider, resident, reason):
    with pytest.raises(ValidationError) as exc:
        emergency_access_grant(user=outsider, resident_id=resident.pk, reason=reason)
    assert "reason" in exc.value.message_dict
    assert not EmergencyAccess.objects.exists()


def test_break_the_glass_stays_within_the_municipality(outsider, nijmegen):
    theirs = ResidentFactory(municipality=nijmegen)
    with pytest.raises(ValidationError, match="No resident found"):
        emergency_access_grant(user=outsider, resident_id=theirs.pk, reason=REASON)


def test_break_the_glass_is_not_for_administrators(arnhem, resident):
    admin = ProfessionalFactory(municipality=arnhem, administrator=True)
    with pytest.raises(PermissionDenied):
        emergency_access_grant(user=admin, resident_id=resident.pk, reason=REASON)


def test_break_the_glass_hours_come_from_the_policy(outsider, resident, arnhem):
    policy = policy_for(arnhem.pk)
    policy.break_glass_hours = 1
    policy.save()
    access = emergency_access_grant(
        user=outsider, resident_id=resident.pk, reason=REASON
    )
    assert access.expires_at - access.granted_at == timedelta(hours=1)


def test_only_the_own_privacy_officer_reviews(outsider, resident, arnhem, nijmegen):
    access = emergency_access_grant(
        user=outsider, resident_id=resident.pk, reason=REASON
    )
    with pytest.raises(PermissionDenied):
        emergency_access_review(access=access, by=sc.privacy_officer(nijmegen, "o2"))
    with pytest.raises(PermissionDenied):
        emergency_access_review(access=access, by=outsider)
    officer = sc.privacy_officer(arnhem)
    emergency_access_review(access=access, by=officer)
    access.refresh_from_db()
    assert access.reviewed_by == officer
