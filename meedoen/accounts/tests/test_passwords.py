"""Passwords by the BIO baseline: long (12 or more), not a common password, not like
the professional's name, username or e-mail, not only digits, and none of their last
five passwords."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from meedoen.accounts.models import PreviousPassword
from meedoen.organisations.services import functional_admin_group_sync
from meedoen.organisations.tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db
GOOD = "lantaarn-fietsbel-kompas"


def refused(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [error.code for error in exc.error_list]
    return []


def test_a_long_uncommon_password_is_accepted(coordinator):
    assert refused(GOOD, coordinator) == []


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("kort-wachtw", "password_too_short"),  # 11 characters
        ("qwerty123456", "password_too_common"),
        ("739104628375", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(coordinator, password, code):
    assert code in refused(password, coordinator)


def test_a_password_like_the_name_is_refused(coordinator):
    assert "password_too_similar" in refused("sannedevries", coordinator)
    assert "password_too_similar" in refused(coordinator.email, coordinator)


def change(user, password):
    user.set_password(password)
    user.save()


def test_the_current_and_the_last_five_passwords_cannot_be_chosen_again(coordinator):
    passwords = [f"{GOOD}-{n}" for n in range(6)]
    change(coordinator, passwords[0])
    assert "password_reused" in refused(passwords[0], coordinator)
    for password in passwords[1:]:
        change(coordinator, password)
    # The last five (1-5, 5 being the current one) are refused, the sixth back is not.
    for password in passwords[1:]:
        assert "password_reused" in refused(password, coordinator), password
    assert refused(passwords[0], coordinator) == []
    assert PreviousPassword.objects.filter(professional=coordinator).count() == 5


def test_the_history_holds_hashes_only(coordinator):
    change(coordinator, GOOD)
    stored = PreviousPassword.objects.filter(professional=coordinator).first().password
    assert GOOD not in stored
    assert stored == coordinator.password


def test_the_admin_refuses_a_reused_password(client, arnhem, coordinator):
    admin = ProfessionalFactory(municipality=arnhem, administrator=True)
    admin.groups.add(functional_admin_group_sync())
    client.force_login(admin)
    change(coordinator, GOOD)
    url = reverse("admin:auth_user_password_change", args=[coordinator.pk])
    response = client.post(
        url, {"password1": GOOD, "password2": GOOD, "usable_password": "true"}
    )
    assert response.status_code == 200
    assert "one of your last" in response.content.decode()
    response = client.post(
        url,
        {
            "password1": f"{GOOD}-new",
            "password2": f"{GOOD}-new",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
