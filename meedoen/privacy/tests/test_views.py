from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meedoen.core import audit
from meedoen.core.models import AccessEvent
from meedoen.core.tests.helpers import empty_audit_trail
from meedoen.journeys.services import case_team_add
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.tests.factories import OrganisationFactory
from meedoen.privacy import scope
from meedoen.privacy.models import Consent, EmergencyAccess
from meedoen.privacy.services import consent_record, consent_withdraw, policy_for
from meedoen.privacy.tests import scenario as sc
from meedoen.residents.tests.factories import ResidentFactory
from meedoen.residents.tests.factories import test_bsn as valid_bsn
from meedoen.web.tests.helpers import assert_page_basics, login

pytestmark = pytest.mark.django_db


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
        valid_from=today - timedelta(days=5),
        valid_until=today + timedelta(days=365),
        by=coordinator,
    )


@pytest.fixture
def welfare_on_team(trajectory, consent, welfare, coordinator):
    return case_team_add(trajectory=trajectory, professional=welfare, by=coordinator)


@pytest.fixture
def officer(arnhem):
    return sc.privacy_officer(arnhem)


def consent_data(**overrides):
    today = timezone.localdate()
    data = {
        "purpose": "Samen werken aan dagbesteding",
        "organisations": [],
        "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=180)).isoformat(),
    }
    data.update(overrides)
    return data


# Consents


def test_consent_list_shows_purpose_organisations_period_and_status(
    client, coordinator, resident, consent, welfare_org
):
    today = timezone.localdate()
    expired = consent_record(
        resident=resident,
        purpose="Oude afspraak met de bibliotheek",
        organisations=[welfare_org],
        valid_from=today - timedelta(days=400),
        valid_until=today - timedelta(days=35),
        by=coordinator,
    )
    withdrawn = consent_record(
        resident=resident,
        purpose="Delen met het buurthuis",
        organisations=[welfare_org],
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=30),
        by=coordinator,
    )
    consent_withdraw(consent=withdrawn, by=coordinator)
    response = login(client, coordinator).get(
        reverse("consent_list", args=[resident.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "Begeleiding naar dagbesteding" in html and "Welzijn Rijnstad" in html
    assert "in force" in html and "expired" in html and "withdrawn" in html
    assert expired.purpose in html and withdrawn.purpose in html
    assert reverse("consent_add", args=[resident.pk]) in html
    assert reverse("consent_withdraw", args=[consent.pk]) in html
    assert reverse("consent_withdraw", args=[withdrawn.pk]) not in html


def test_consent_list_is_recorded_in_the_audit_trail(client, coordinator, resident):
    login(client, coordinator).get(reverse("consent_list", args=[resident.pk]))
    assert AccessEvent.objects.filter(
        resident_id=resident.pk, via="consent_list", professional=coordinator
    ).exists()


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_consent_pages_are_not_found_for_others(
    client, resident, consent, who, request
):
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("consent_list", args=[resident.pk])).status_code == 404
    assert client.get(reverse("consent_add", args=[resident.pk])).status_code == 404
    url = reverse("consent_withdraw", args=[consent.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_team_lead_reads_consents_but_does_not_change_them(
    client, team_lead, resident, consent
):
    login(client, team_lead)
    response = client.get(reverse("consent_list", args=[resident.pk]))
    assert response.status_code == 200
    assert reverse("consent_add", args=[resident.pk]) not in response.content.decode()
    assert client.get(reverse("consent_add", args=[resident.pk])).status_code == 403
    assert (
        client.post(reverse("consent_withdraw", args=[consent.pk])).status_code == 403
    )


def test_record_a_consent(client, coordinator, resident, welfare_org, arnhem, nijmegen):
    other = OrganisationFactory(municipality=nijmegen, name="Welzijn Nijmegen")
    login(client, coordinator)
    response = client.get(reverse("consent_add", args=[resident.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "Welzijn Rijnstad" in html and "Welzijn Nijmegen" not in html
    assert 'type="checkbox"' in html and "<fieldset" in html
    response = client.post(
        reverse("consent_add", args=[resident.pk]),
        consent_data(organisations=[welfare_org.pk]),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("consent_list", args=[resident.pk])
    consent = Consent.objects.get(resident=resident)
    assert list(consent.recipients.all()) == [welfare_org]
    assert consent.recorded_by == coordinator
    # An organisation of another municipality is not a choice.
    response = client.post(
        reverse("consent_add", args=[resident.pk]),
        consent_data(organisations=[other.pk]),
    )
    assert response.status_code == 400


def test_recording_a_consent_shows_the_service_messages(client, coordinator, resident):
    today = timezone.localdate()
    response = login(client, coordinator).post(
        reverse("consent_add", args=[resident.pk]),
        consent_data(
            purpose=" ",
            valid_until=(today - timedelta(days=1)).isoformat(),
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Describe the purpose, as explained to the resident." in html
    assert "Name the organisations the resident agrees to share with." in html
    assert "The end date lies before the start date." in html
    assert 'id="id_purpose_error"' in html
    assert not Consent.objects.filter(resident=resident).exists()


def test_withdraw_asks_for_confirmation_then_ends_access(
    client, coordinator, resident, consent, welfare, welfare_on_team
):
    login(client, welfare)
    assert client.get(reverse("resident_file", args=[resident.pk])).status_code == 200
    login(client, coordinator)
    url = reverse("consent_withdraw", args=[consent.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "Ilse Jansen" in html  # who loses access
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    response = client.post(url)
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    login(client, welfare)
    assert client.get(reverse("resident_file", args=[resident.pk])).status_code == 404
    # Withdrawing twice says so.
    login(client, coordinator)
    response = client.post(url, follow=True)
    assert "already withdrawn" in response.content.decode()


# The resident file


def test_file_shows_the_basis_of_every_team_member(
    client, coordinator, resident, consent, welfare_on_team
):
    html = (
        login(client, coordinator)
        .get(reverse("resident_file", args=[resident.pk]))
        .content.decode()
    )
    team = html.split("Professionals on the case team")[1].split("</table>")[0]
    assert "Basis" in team
    assert "Participatiewet" in team  # the income consultant's legal task
    assert "Wmo 2015" in team  # the neighbourhood team's legal task
    assert "consent: Begeleiding naar dagbesteding" in team
    assert reverse("consent_list", args=[resident.pk]) in html


def test_the_coordinator_sees_who_accessed_the_file(
    client, coordinator, income_consultant, resident
):
    login(client, income_consultant).get(reverse("resident_file", args=[resident.pk]))
    html = (
        login(client, coordinator)
        .get(reverse("resident_file", args=[resident.pk]))
        .content.decode()
    )
    assert "Who accessed this file" in html
    section = html.split("Who accessed this file")[1]
    assert "Mehmet Yilmaz" in section and "Werk en Inkomen Arnhem" in section
    assert "member of the case team, legal task: Participatiewet" in section


def test_only_the_coordinator_sees_who_accessed_the_file(
    client, income_consultant, resident
):
    html = (
        login(client, income_consultant)
        .get(reverse("resident_file", args=[resident.pk]))
        .content.decode()
    )
    assert "Who accessed this file" not in html


def test_who_accessed_shows_the_latest_twenty_in_one_bounded_query(
    client, coordinator, income_consultant, resident
):
    for _ in range(30):
        audit.record(
            user=income_consultant, residents=[resident], action="read",
            via="test", basis="case_team",
        )  # fmt: skip
    login(client, coordinator)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("resident_file", args=[resident.pk])).content.decode()
    section = html.split("Who accessed this file")[1]
    assert section.count('<tr class="utrecht-table__row">') == 20 + 1  # + header
    access_queries = [
        q["sql"] for q in ctx.captured_queries if "privacy_accessevent" in q["sql"]
    ]
    selects = [q for q in access_queries if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1
    assert "LIMIT 20" in selects[0]


# Break the glass


def test_break_the_glass_page_explains_it_is_logged(client, outsider):
    response = login(client, outsider).get(reverse("emergency_access"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "logged" in html and "privacy officer" in html
    assert 'for="id_resident"' in html and 'for="id_reason"' in html


@pytest.mark.parametrize("by", ["bsn", "number"])
def test_break_the_glass_opens_the_file(client, outsider, resident, by):
    query = resident.bsn if by == "bsn" else str(resident.pk)
    login(client, outsider)
    assert client.get(reverse("resident_file", args=[resident.pk])).status_code == 404
    response = client.post(
        reverse("emergency_access"),
        {
            "resident": query,
            "reason": "Crisis: bewoner belt in paniek, team onbereikbaar",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("resident_file", args=[resident.pk])
    access = EmergencyAccess.objects.get(professional=outsider, resident=resident)
    assert access.reviewed_at is None
    response = client.get(reverse("resident_file", args=[resident.pk]))
    assert response.status_code == 200
    assert "privacy officer" in response.content.decode()  # the message
    assert AccessEvent.objects.filter(
        resident_id=resident.pk, via="break_the_glass", professional=outsider
    ).exists()


def test_break_the_glass_does_not_reveal_residents_of_other_municipalities(
    client, outsider, nijmegen
):
    theirs = ResidentFactory(municipality=nijmegen)
    login(client, outsider)
    reason = "Crisis: bewoner belt in paniek, team onbereikbaar"
    answers = []
    for query in (theirs.bsn, valid_bsn(9876), str(theirs.pk), "99999"):
        response = client.post(
            reverse("emergency_access"), {"resident": query, "reason": reason}
        )
        html = response.content.decode()
        answers.append(
            (
                response.status_code,
                "No resident found with this BSN or number." in html,
                escape(theirs.full_name) in html,
            )
        )
    assert answers == [(404, True, False)] * 4
    assert not EmergencyAccess.objects.exists()


def test_break_the_glass_needs_a_reason(client, outsider, resident):
    response = login(client, outsider).post(
        reverse("emergency_access"), {"resident": resident.bsn, "reason": "nodig"}
    )
    assert response.status_code == 400
    assert "at least 15 characters" in response.content.decode()
    assert not EmergencyAccess.objects.exists()


def test_break_the_glass_switched_off(client, outsider, resident, arnhem):
    policy = policy_for(arnhem.pk)
    policy.break_glass_enabled = False
    policy.save()
    login(client, outsider)
    response = client.get(reverse("emergency_access"))
    assert response.status_code == 200
    assert "switched off" in response.content.decode()
    response = client.post(
        reverse("emergency_access"),
        {"resident": resident.bsn, "reason": "Crisis: bewoner belt in paniek"},
    )
    assert response.status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_break_the_glass_is_not_for_administrators(client, arnhem):
    from meedoen.organisations.tests.factories import ProfessionalFactory

    admin = ProfessionalFactory(municipality=arnhem, administrator=True)
    assert login(client, admin).get(reverse("emergency_access")).status_code == 403


# The privacy officer


@pytest.mark.parametrize("who", ["coordinator", "team_lead", "outsider"])
def test_officer_pages_are_forbidden_for_others(client, who, request):
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("audit_log")).status_code == 403
    assert client.get(reverse("emergency_review")).status_code == 403


def test_audit_log_lists_events_with_who_and_basis(
    client, officer, coordinator, resident
):
    login(client, coordinator).get(reverse("resident_file", args=[resident.pk]))
    response = login(client, officer).get(reverse("audit_log"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "Sanne de Vries" in html
    assert "the resident&#x27;s file" in html and "legal task: Wmo 2015" in html
    assert f">{resident.pk}<" in html
    assert escape(resident.full_name) not in html


def test_audit_log_filters_by_resident_professional_and_period(
    client, officer, coordinator, income_consultant, resident
):
    other = TrajectoryFactory(coordinator=coordinator).resident
    case_team_add(
        trajectory=other.trajectories.get(),
        professional=income_consultant,
        by=coordinator,
    )
    empty_audit_trail()  # start from an empty page (not a chain test)
    audit.record(user=coordinator, residents=[resident], action="read",
                 via="by-coordinator", basis="case_team")  # fmt: skip
    audit.record(user=income_consultant, residents=[other], action="read",
                 via="by-income", basis="case_team")  # fmt: skip
    login(client, officer)
    url = reverse("audit_log")

    def vias(params):
        html = client.get(url, params).content.decode()
        return {v for v in ("by-coordinator", "by-income") if v in html}

    assert vias({"resident": str(resident.pk)}) == {"by-coordinator"}
    assert vias({"resident": other.bsn}) == {"by-income"}
    assert vias({"professional": income_consultant.pk}) == {"by-income"}
    today = timezone.localdate()
    assert vias({"date_from": today.isoformat()}) == {"by-coordinator", "by-income"}
    yesterday = (today - timedelta(days=1)).isoformat()
    assert vias({"date_to": yesterday}) == set()
    response = client.get(url, {"resident": "abc"})
    assert response.status_code == 400
    assert "Enter a BSN or a resident number." in response.content.decode()


def test_audit_log_shows_only_the_own_municipality(
    client, officer, foreigner, nijmegen
):
    theirs = ResidentFactory(municipality=nijmegen)
    audit.record(user=foreigner, residents=[theirs], action="read",
                 via="in-nijmegen", basis="case_team")  # fmt: skip
    html = login(client, officer).get(reverse("audit_log")).content.decode()
    assert "in-nijmegen" not in html


def test_audit_log_pages_by_keyset_without_counting(
    client, officer, coordinator, resident
):
    for _ in range(120):
        audit.record(user=coordinator, residents=[resident], action="read",
                     via="paging", basis="case_team")  # fmt: skip
    login(client, officer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("audit_log"))
    html = response.content.decode()
    assert html.count('<td class="utrecht-table__cell">paging</td>') == 50
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    assert not any("OFFSET" in q["sql"].upper() for q in ctx.captured_queries)
    last = max(AccessEvent.objects.values_list("seq", flat=True))
    assert f"before={last - 49}" in html
    html2 = client.get(reverse("audit_log"), {"before": last - 49}).content.decode()
    assert html2.count('<td class="utrecht-table__cell">paging</td>') == 50
    assert "Newest events" in html2
    html3 = client.get(reverse("audit_log"), {"before": last - 99}).content.decode()
    assert html3.count('<td class="utrecht-table__cell">paging</td>') == 20
    assert "Older events" not in html3


def test_emergency_review_lists_and_marks_reviewed(client, officer, outsider, resident):
    from meedoen.privacy.services import emergency_access_grant

    access = emergency_access_grant(
        user=outsider, resident_id=resident.pk, reason="Crisis in de nacht, met spoed"
    )
    login(client, officer)
    response = client.get(reverse("emergency_review"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "Crisis in de nacht, met spoed" in html
    assert reverse("emergency_access_review", args=[access.pk]) in html
    assert (
        client.get(reverse("emergency_access_review", args=[access.pk])).status_code
        == 405
    )
    response = client.post(reverse("emergency_access_review", args=[access.pk]))
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.reviewed_by == officer and access.reviewed_at is not None
    html = client.get(reverse("emergency_review")).content.decode()
    assert "Crisis in de nacht, met spoed" not in html
    assert "Nothing to review." in html
    # Reviewing does not end the professional's access: that ends with its time.
    assert scope.visible_residents(outsider).filter(pk=resident.pk).exists()


def test_the_nav_shows_privacy_pages_by_role(client, officer, coordinator):
    html = login(client, officer).get(reverse("audit_log")).content.decode()
    assert reverse("emergency_review") in html and "Audit log" in html
    html = login(client, coordinator).get(reverse("caseload")).content.decode()
    assert reverse("audit_log") not in html
    assert reverse("emergency_access") in html


def test_looking_up_a_resident_in_the_audit_log_is_itself_recorded(
    client, officer, resident, foreigner, nijmegen
):
    theirs = ResidentFactory(municipality=nijmegen)
    login(client, officer)
    client.get(reverse("audit_log"), {"resident": str(resident.pk)})
    client.get(reverse("audit_log"), {"resident": str(theirs.pk)})
    looked_up = AccessEvent.objects.filter(via="audit_log", professional=officer)
    assert list(looked_up.values_list("resident_id", flat=True)) == [resident.pk]
