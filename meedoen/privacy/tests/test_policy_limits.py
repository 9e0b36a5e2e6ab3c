"""Limits on the policy an administrator configures (tester's findings): retention
rules are per municipality, a municipality can only lengthen the national rule and
never go below the legal minimum; break the glass lasts at most 24 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from meedoen.organisations.services import functional_admin_group_sync
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy import services
from meedoen.privacy.models import (
    MAX_BREAK_GLASS_HOURS,
    PrivacyPolicy,
    RetentionRule,
)
from meedoen.privacy.services import emergency_access_grant, policy_for
from meedoen.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

REASON = "Crisismelding: bewoner onbereikbaar, zorg om veiligheid"


def _administrator(municipality, client):
    admin = ProfessionalFactory(municipality=municipality, administrator=True)
    admin.groups.add(functional_admin_group_sync())
    client.force_login(admin)
    return admin


def _national(code="participatiewet") -> RetentionRule:
    return RetentionRule.objects.get(code=code, municipality=None)


# -- the legal minimum ----------------------------------------------------------------


def test_the_national_rules_carry_their_legal_minimum(db):
    assert _national("participatiewet").legal_minimum_days == 3650
    assert _national("wmo").legal_minimum_days == 5475
    assert _national("ingetrokken").legal_minimum_days == 42


@pytest.mark.parametrize("code", ["participatiewet", "wmo", "ingetrokken"])
def test_a_term_below_the_legal_minimum_is_refused(db, code):
    rule = _national(code)
    rule.days = 1
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    [message] = exc.value.message_dict["days"]
    assert "legal minimum" in message
    assert str(rule.legal_minimum_days) in message


def test_the_database_refuses_a_term_below_the_minimum_too(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionRule.objects.filter(code="participatiewet").update(days=1)


def test_the_minimum_of_the_law_holds_even_when_the_row_says_less(db):
    rule = _national()
    RetentionRule.objects.filter(pk=rule.pk).update(legal_minimum_days=0, days=10)
    rule.refresh_from_db()
    with pytest.raises(ValidationError, match="legal minimum"):
        rule.full_clean()


# -- per municipality: only longer ------------------------------------------------------


def test_a_municipality_lengthens_the_national_rule(arnhem):
    rule = RetentionRule(municipality=arnhem, code="participatiewet", days=4000)
    rule.full_clean()
    rule.save()
    national = _national()
    assert (rule.start, rule.outcome, rule.name) == (
        national.start,
        national.outcome,
        national.name,
    )


def test_a_municipality_cannot_shorten_the_national_rule(arnhem):
    RetentionRule.objects.filter(pk=_national().pk).update(days=4000)
    rule = RetentionRule(municipality=arnhem, code="participatiewet", days=3700)
    with pytest.raises(ValidationError, match="only lengthen"):
        rule.full_clean()


def test_a_municipal_rule_needs_a_national_rule(arnhem):
    rule = RetentionRule(municipality=arnhem, code="eigen-regel", days=9000)
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert "code" in exc.value.message_dict


def test_one_rule_per_code_and_municipality(arnhem):
    RetentionRule.objects.create(municipality=arnhem, code="wmo", days=6000)
    with pytest.raises(ValidationError):
        RetentionRule(municipality=arnhem, code="wmo", days=7000).full_clean()


def test_the_administrator_cannot_change_the_national_rule(client, arnhem):
    """The tester's finding: one municipality shortened everyone's rule."""
    _administrator(arnhem, client)
    national = _national()
    url = reverse("admin:privacy_retentionrule_change", args=[national.pk])
    response = client.post(url, {"days": "1", "code": "participatiewet"})
    assert response.status_code in (200, 403)
    national.refresh_from_db()
    assert national.days == 3650
    assert national.municipality is None


def test_the_administrator_adds_a_longer_rule_for_his_municipality(client, arnhem):
    _administrator(arnhem, client)
    add = reverse("admin:privacy_retentionrule_add")
    response = client.post(add, {"code": "participatiewet", "days": "1"})
    assert response.status_code == 200
    assert "legal minimum" in response.content.decode()
    assert not RetentionRule.objects.filter(municipality=arnhem).exists()
    response = client.post(add, {"code": "participatiewet", "days": "4000"})
    assert response.status_code == 302
    rule = RetentionRule.objects.get(municipality=arnhem)
    assert (rule.code, rule.days) == ("participatiewet", 4000)


def test_a_forged_municipality_is_not_taken(client, arnhem, nijmegen):
    _administrator(arnhem, client)
    add = reverse("admin:privacy_retentionrule_add")
    client.post(add, {"code": "wmo", "days": "6000", "municipality": str(nijmegen.pk)})
    assert not RetentionRule.objects.filter(municipality=nijmegen).exists()


def test_another_municipalitys_rule_is_not_found(client, arnhem, nijmegen):
    theirs = RetentionRule.objects.create(municipality=nijmegen, code="wmo", days=6000)
    _administrator(arnhem, client)
    url = reverse("admin:privacy_retentionrule_change", args=[theirs.pk])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("admin:privacy_retentionrule_changelist"))
    assert theirs not in listing.context["cl"].result_list


# -- break the glass: at most 24 hours --------------------------------------------------


@pytest.mark.parametrize("hours", [0, 25, 32767])
def test_break_the_glass_hours_are_capped(arnhem, hours):
    policy = policy_for(arnhem.pk)
    policy.break_glass_hours = hours
    with pytest.raises(ValidationError) as exc:
        policy.full_clean()
    assert "break_glass_hours" in exc.value.message_dict


def test_twenty_four_hours_is_allowed(arnhem):
    policy = policy_for(arnhem.pk)
    policy.break_glass_hours = MAX_BREAK_GLASS_HOURS
    policy.full_clean()


def test_the_database_refuses_more_than_24_hours(arnhem):
    policy_for(arnhem.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        PrivacyPolicy.objects.filter(municipality=arnhem).update(
            break_glass_hours=32767
        )


def test_the_admin_refuses_32767_hours(client, arnhem):
    _administrator(arnhem, client)
    policy = policy_for(arnhem.pk)
    url = reverse("admin:privacy_privacypolicy_change", args=[policy.pk])
    response = client.post(
        url, {"break_glass_enabled": "on", "break_glass_hours": "32767"}
    )
    assert response.status_code == 200
    policy.refresh_from_db()
    assert policy.break_glass_hours == 4


def test_the_grant_clamps_to_24_hours(arnhem, monkeypatch):
    """Should a policy ever say more (an old row, a forged write), the grant clamps."""
    outsider = ProfessionalFactory(municipality=arnhem)
    resident = ResidentFactory(municipality=arnhem)
    forged = PrivacyPolicy(municipality=arnhem, break_glass_hours=32767)
    monkeypatch.setattr(services, "policy_for", lambda _municipality_id: forged)
    access = emergency_access_grant(
        user=outsider, resident_id=resident.pk, reason=REASON
    )
    assert access.expires_at - access.granted_at == timedelta(hours=24)


def test_every_change_of_policy_is_kept_with_who_made_it(client, arnhem):
    admin = _administrator(arnhem, client)
    add = reverse("admin:privacy_retentionrule_add")
    assert (
        client.post(add, {"code": "participatiewet", "days": "4000"}).status_code == 302
    )
    rule = RetentionRule.objects.get(municipality=arnhem)
    change = reverse("admin:privacy_retentionrule_change", args=[rule.pk])
    assert (
        client.post(change, {"code": "participatiewet", "days": "4100"}).status_code
        == 302
    )
    history = list(RetentionRule.history.filter(id=rule.pk).order_by("history_date"))
    assert [(h.days, h.history_type, h.history_user_id) for h in history] == [
        (4000, "+", admin.pk),
        (4100, "~", admin.pk),
    ]
