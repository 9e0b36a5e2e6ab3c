"""The consent pages through the one door: read models, an audit of exactly the
categories shown on the reader's true basis, and the write rule ``consent.change``
checked inside the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.privacy.models import EmergencyAccess
from meedoen.privacy.services import consent_record, consent_withdraw
from meedoen.privacy.tests import scenario as sc
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

PURPOSE = "Begeleiding naar dagbesteding"


@pytest.fixture
def welfare_org(arnhem):
    return sc.welfare_organisation(arnhem)


@pytest.fixture
def consent(resident, coordinator, welfare_org):
    today = timezone.localdate()
    return consent_record(
        resident=resident,
        purpose=PURPOSE,
        organisations=[welfare_org],
        valid_from=today - timedelta(days=5),
        valid_until=today + timedelta(days=365),
        by=coordinator,
    )


@pytest.fixture
def glass(arnhem, resident, outsider):
    now = timezone.now()
    return EmergencyAccess.objects.create(
        professional=outsider,
        resident=resident,
        reason="Crisis: de coordinator is vandaag niet bereikbaar",
        granted_at=now,
        expires_at=now + timedelta(hours=2),
    )


def _events(user, via, before):
    return list(AccessEvent.objects.filter(seq__gt=before, professional=user, via=via))


def _last_seq():
    return (
        AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    )


@pytest.mark.parametrize("page", ["consent_list", "consent_withdraw"])
def test_a_member_reads_consents_audited_with_plan_and_their_basis(
    client, coordinator, resident, consent, page
):
    login(client, coordinator)
    before = _last_seq()
    arg = resident.pk if page == "consent_list" else consent.pk
    response = client.get(reverse(page, args=[arg]))
    assert response.status_code == 200
    assert PURPOSE in response.content.decode()
    events = _events(coordinator, page, before)
    assert {e.category for e in events} == {"identity", "plan"}
    assert {e.basis for e in events} == {"case_team; legal task: Wmo 2015"} or all(
        e.basis.startswith("case_team; ") for e in events
    )


def test_break_the_glass_reads_consents_on_its_own_basis(
    client, outsider, resident, consent, glass
):
    login(client, outsider)
    before = _last_seq()
    response = client.get(reverse("consent_list", args=[resident.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert PURPOSE in html
    # Break the glass only reads: no button to record or withdraw.
    assert reverse("consent_add", args=[resident.pk]) not in html
    assert reverse("consent_withdraw", args=[consent.pk]) not in html
    events = _events(outsider, "consent_list", before)
    assert events
    assert {e.basis for e in events} == {f"break_the_glass #{glass.pk}: {glass.reason}"}
    assert client.get(reverse("consent_add", args=[resident.pk])).status_code == 403


def test_consent_add_page_audits_the_name_it_shows(client, coordinator, resident):
    login(client, coordinator)
    before = _last_seq()
    response = client.get(reverse("consent_add", args=[resident.pk]))
    assert response.status_code == 200
    events = _events(coordinator, "consent_add", before)
    assert {e.category for e in events} == {"identity"}
    assert all(e.basis.startswith("case_team; ") for e in events)


def test_the_services_check_the_write_rule(
    resident, consent, team_lead, outsider, glass, welfare_org
):
    today = timezone.localdate()
    for who in (team_lead, outsider):
        with pytest.raises(PermissionDenied):
            consent_record(
                resident=resident,
                purpose="Iets anders",
                organisations=[welfare_org],
                valid_from=today,
                valid_until=today + timedelta(days=30),
                by=who,
            )
        with pytest.raises(PermissionDenied):
            consent_withdraw(consent=consent, by=who)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_consent_list_queries_are_bounded(
    client, coordinator, resident, consent, django_assert_max_num_queries
):
    login(client, coordinator)
    with django_assert_max_num_queries(17):
        assert (
            client.get(reverse("consent_list", args=[resident.pk])).status_code == 200
        )
