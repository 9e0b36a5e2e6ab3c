"""A functional administrator issues an enrolment code in the admin: the code is shown
once, on the answer to the form, and nowhere after; only professionals of their own
municipality."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from meedoen.accounts.models import EnrolmentCode
from meedoen.accounts.services import enrolment_code_redeem
from meedoen.organisations.services import functional_admin_group_sync
from meedoen.organisations.tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def administrator(arnhem, client):
    admin = ProfessionalFactory(
        username="beheer", municipality=arnhem, administrator=True
    )
    admin.groups.add(functional_admin_group_sync())
    client.force_login(admin)
    return admin


def test_the_code_is_shown_once(client, administrator, coordinator):
    response = client.post(
        reverse("admin:accounts_enrolmentcode_add"),
        {"professional": coordinator.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    code = CODE.search(html)
    assert code, html
    assert "no-store" in response["Cache-Control"]
    row = EnrolmentCode.objects.get()
    assert row.issued_by == administrator
    # Not on the list, not on the object's page.
    for url in (
        reverse("admin:accounts_enrolmentcode_changelist"),
        reverse("admin:accounts_enrolmentcode_change", args=[row.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert code[0] not in response.content.decode()
    enrolment_code_redeem(professional=coordinator, code=code[0])


def test_only_professionals_of_the_own_municipality(
    client, administrator, coordinator, foreigner
):
    response = client.get(reverse("admin:accounts_enrolmentcode_add"))
    html = response.content.decode()
    assert f'value="{coordinator.pk}"' in html
    assert f'value="{foreigner.pk}"' not in html
    response = client.post(
        reverse("admin:accounts_enrolmentcode_add"), {"professional": foreigner.pk}
    )
    assert not CODE.search(response.content.decode())
    assert not EnrolmentCode.objects.exists()


def test_codes_of_another_municipality_are_not_listed(client, administrator, foreigner):
    from meedoen.accounts.services import enrolment_code_issue

    enrolment_code_issue(professional=foreigner, by=None)
    response = client.get(reverse("admin:accounts_enrolmentcode_changelist"))
    assert response.context["cl"].result_count == 0


def test_functional_administrators_may_issue_codes_from_the_first_migrate_on():
    """The group's permissions are synchronised after every app's migration, so the
    apps after organisations (accounts among them) are included on a fresh database."""
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Functioneel beheer")
    labels = {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
    }
    assert "accounts.add_enrolmentcode" in labels
    assert "journeys.change_journeytemplate" in labels
    assert "privacy.change_retentionrule" in labels
