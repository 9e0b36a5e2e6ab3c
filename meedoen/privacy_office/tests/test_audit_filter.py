"""The officer's log filters on a professional typed in, not chosen from a list of
every professional of the municipality (thousands in a large city)."""

import pytest
from django.urls import reverse

from meedoen.core import audit
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy.tests import scenario as sc
from meedoen.web.tests.helpers import count_queries, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(arnhem):
    return sc.privacy_officer(arnhem)


def _vias(client, params):
    response = client.get(reverse("audit_log"), params)
    html = response.content.decode()
    return response.status_code, html, {v for v in ("by-a", "by-b") if v in html}


def test_filter_by_username_number_or_unique_name(
    client, officer, coordinator, income_consultant, resident
):
    audit.record(user=coordinator, residents=[resident], action="read",
                 via="by-a", basis="case_team")  # fmt: skip
    audit.record(user=income_consultant, residents=[resident], action="read",
                 via="by-b", basis="case_team")  # fmt: skip
    login(client, officer)
    for typed in ("income", str(income_consultant.pk), "Mehmet Yilmaz", "yilmaz"):
        status, _html, vias = _vias(client, {"professional": typed})
        assert (status, vias) == (200, {"by-b"}), typed
    status, html, _ = _vias(client, {"professional": "nobody-like-this"})
    assert status == 400
    assert "No professional of this municipality matches." in html


def test_an_ambiguous_name_asks_for_the_username(client, officer, arnhem):
    for name in ("ana", "anb"):
        ProfessionalFactory(
            username=name, first_name="Anna", last_name="Smit", municipality=arnhem
        )
    status, html, _ = _vias(login(client, officer), {"professional": "Anna Smit"})
    assert status == 400
    assert "Several professionals match" in html and "(ana)" in html
    assert _vias(client, {"professional": "anb"})[0] == 200


def test_a_professional_of_another_municipality_is_not_found(
    client, officer, foreigner
):
    status, _html, _ = _vias(login(client, officer), {"professional": "foreigner"})
    assert status == 400


def test_the_page_does_not_list_the_professionals(client, officer, arnhem):
    login(client, officer)
    few = count_queries(client, reverse("audit_log"))
    ProfessionalFactory.create_batch(
        30, municipality=arnhem, role=Professional.Role.COORDINATOR
    )
    html = client.get(reverse("audit_log")).content.decode()
    assert "<option" not in html.split('name="professional"')[1].split("</")[0]
    assert count_queries(client, reverse("audit_log")) == few
