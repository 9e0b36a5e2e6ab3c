"""First enrolment of the second factor needs a one-time code from a functional
administrator: a stolen password alone no longer takes an account that has not
enrolled yet. The code is shown once, stored as a keyed hash, works once, for 72
hours, for one professional. After enrolment the professional is offered recovery
codes, and a recovery code logs in once."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from meedoen.accounts.models import EnrolmentCode
from meedoen.accounts.services import enrolment_code_issue, enrolment_code_redeem
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.web.tests.helpers import assert_page_basics, login

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factories' password
LOGIN_STEP = "login_view-current_step"
SETUP_STEP = "enrolment_setup_view-current_step"
QR_SECRET = "django_two_factor-qr_secret_key"


@pytest.fixture
def administrator(arnhem):
    return ProfessionalFactory(
        username="beheer", municipality=arnhem, administrator=True
    )


@pytest.fixture
def issued(coordinator, administrator):
    return enrolment_code_issue(professional=coordinator, by=administrator)


# The service


def test_the_code_is_shown_once_and_stored_only_as_a_keyed_hash(issued, coordinator):
    code = issued.code
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    row = EnrolmentCode.objects.get()
    assert row.professional == coordinator
    stored = " ".join(str(value) for value in vars(row).values())
    assert code not in stored
    assert code.replace("-", "") not in stored
    assert row.code_hash and len(row.code_hash) == 64


def test_the_code_expires_after_72_hours(issued):
    row = EnrolmentCode.objects.get()
    assert row.expires_at - row.issued_at == timedelta(hours=72)


def test_the_right_code_is_accepted_once(issued, coordinator):
    enrolment_code_redeem(professional=coordinator, code=issued.code)
    assert EnrolmentCode.objects.get().used_at is not None
    with pytest.raises(ValidationError):
        enrolment_code_redeem(professional=coordinator, code=issued.code)


def test_the_code_is_typed_as_people_type(issued, coordinator):
    typed = f"  {issued.code.replace('-', ' ').lower()} "
    enrolment_code_redeem(professional=coordinator, code=typed)


@pytest.mark.parametrize("wrong", ["", "ABCD-EFGH-JKLM", "x" * 500])
def test_a_wrong_code_is_refused(issued, coordinator, wrong):
    with pytest.raises(ValidationError):
        enrolment_code_redeem(professional=coordinator, code=wrong)
    assert EnrolmentCode.objects.get().used_at is None


def test_an_expired_code_is_refused(issued, coordinator):
    later = timezone.now() + timedelta(hours=72, seconds=1)
    with freeze_time(later), pytest.raises(ValidationError):
        enrolment_code_redeem(professional=coordinator, code=issued.code)


def test_another_professionals_code_is_refused(issued, outsider):
    with pytest.raises(ValidationError):
        enrolment_code_redeem(professional=outsider, code=issued.code)


def test_a_new_code_withdraws_the_earlier_one(issued, coordinator, administrator):
    newer = enrolment_code_issue(professional=coordinator, by=administrator)
    with pytest.raises(ValidationError):
        enrolment_code_redeem(professional=coordinator, code=issued.code)
    enrolment_code_redeem(professional=coordinator, code=newer.code)


def test_a_code_replaces_a_lost_device(coordinator, administrator):
    TOTPDevice.objects.create(user=coordinator, name="default", confirmed=True)
    StaticDevice.objects.create(user=coordinator, name="backup")
    enrolment_code_issue(professional=coordinator, by=administrator)
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()


def test_an_administrator_issues_codes_only_in_their_own_municipality(
    coordinator, nijmegen
):
    stranger = ProfessionalFactory(municipality=nijmegen, administrator=True)
    with pytest.raises(PermissionDenied):
        enrolment_code_issue(professional=coordinator, by=stranger)
    assert not EnrolmentCode.objects.exists()


def test_the_command_issues_a_code_for_the_first_administrator(administrator, capsys):
    call_command("enrolment_code", "beheer")
    out = capsys.readouterr().out
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", out)
    assert code
    enrolment_code_redeem(professional=administrator, code=code[0])


# The pages, with the real two-factor login


def password_login(client, username="coordinator"):
    login(client)
    response = client.post(
        reverse("login"),
        {LOGIN_STEP: "auth", "auth-username": username, "auth-password": PASSWORD},
    )
    assert response.status_code == 302
    return response


def enrol(client):
    """The set-up wizard: the welcome step, then a code of the new key."""
    response = client.post(reverse("two_factor:setup"), {SETUP_STEP: "welcome"})
    assert response.status_code == 200
    key = base64.b32decode(client.session[QR_SECRET])
    return client.post(
        reverse("two_factor:setup"),
        {SETUP_STEP: "generator", "generator-token": f"{totp(key):06d}"},
    )


no_demo_login = override_settings(MEEDOEN_DEMO_LOGIN_WITHOUT_2FA=False)


@no_demo_login
def test_without_a_code_no_device_can_be_enrolled(client, coordinator):
    password_login(client)
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    response = client.get(reverse("two_factor:setup"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("enrolment_code")
    # Posting the wizard directly does not get past the code either.
    response = client.post(reverse("two_factor:setup"), {SETUP_STEP: "welcome"})
    assert response.status_code == 302
    assert response["Location"] == reverse("enrolment_code")
    assert QR_SECRET not in client.session
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


@no_demo_login
def test_the_code_page_is_accessible(client, coordinator):
    password_login(client)
    response = client.get(reverse("enrolment_code"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert 'for="id_code"' in html


@no_demo_login
@pytest.mark.parametrize("case", ["wrong", "used", "expired"])
def test_a_wrong_used_or_expired_code_is_refused(client, coordinator, issued, case):
    code = issued.code
    if case == "wrong":
        code = "ABCD-EFGH-JKLM"
    elif case == "used":
        enrolment_code_redeem(professional=coordinator, code=code)
    later = timezone.now() + timedelta(hours=73 if case == "expired" else 0)
    with freeze_time(later):
        password_login(client)
        response = client.post(reverse("enrolment_code"), {"code": code})
        assert response.status_code == 400
        assert "This code is not valid" in response.content.decode()
        response = client.get(reverse("two_factor:setup"))
        assert response["Location"] == reverse("enrolment_code")


@no_demo_login
def test_the_right_code_enrols_a_device_that_then_logs_in(client, coordinator, issued):
    password_login(client)
    response = client.post(reverse("enrolment_code"), {"code": issued.code})
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")
    assert client.get(reverse("two_factor:setup")).status_code == 200
    response = enrol(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup_complete")
    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
    assert client.get(reverse("caseload")).status_code == 200
    # The code is spent: a second device cannot be enrolled with it.
    assert EnrolmentCode.objects.get().used_at is not None

    client.post(reverse("logout"))
    response = client.post(
        reverse("login"),
        {LOGIN_STEP: "auth", "auth-username": "coordinator", "auth-password": PASSWORD},
    )
    assert 'name="token-otp_token"' in response.content.decode()
    device.refresh_from_db()
    with freeze_time(timezone.now() + timedelta(seconds=30)):  # a fresh time step
        code = f"{totp(device.bin_key):06d}"
        response = client.post(
            reverse("login"), {LOGIN_STEP: "token", "token-otp_token": code}
        )
        assert response.status_code == 302
        assert client.get(reverse("caseload")).status_code == 200


@no_demo_login
def test_recovery_codes_are_offered_after_enrolment_and_log_in_once(
    client, coordinator, issued
):
    password_login(client)
    client.post(reverse("enrolment_code"), {"code": issued.code})
    enrol(client)
    html = client.get(reverse("two_factor:setup_complete")).content.decode()
    assert_page_basics(html)
    assert f'action="{reverse("two_factor:backup_tokens")}"' in html
    response = client.post(reverse("two_factor:backup_tokens"), follow=True)
    html = response.content.decode()
    assert_page_basics(html)
    codes = list(
        StaticDevice.objects.get(user=coordinator).token_set.values_list(
            "token", flat=True
        )
    )
    assert len(codes) == 10
    assert all(code in html for code in codes)

    client.post(reverse("logout"))
    for attempt, expected in ((1, 302), (2, 200)):
        client.cookies.clear()
        login(client)
        client.post(
            reverse("login"),
            {
                LOGIN_STEP: "auth",
                "auth-username": "coordinator",
                "auth-password": PASSWORD,
            },
        )
        response = client.post(
            reverse("login"), {"wizard_goto_step": "backup", LOGIN_STEP: "token"}
        )
        response = client.post(
            reverse("login"), {LOGIN_STEP: "backup", "backup-otp_token": codes[0]}
        )
        assert response.status_code == expected, attempt
        assert StaticDevice.objects.get().token_set.count() == 9
    # The second use of the same code was refused.
    assert client.get(reverse("caseload")).status_code == 302


@no_demo_login
def test_a_professional_with_a_device_skips_the_code_page(client, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="default", confirmed=True)
    client.force_login(coordinator)
    response = client.get(reverse("enrolment_code"))
    assert response.status_code == 302
