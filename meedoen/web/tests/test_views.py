import pytest
from django.urls import reverse

from meedoen.web.tests.helpers import assert_page_basics, login

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(client):
    response = login(client).get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logout_is_a_post_and_ends_the_session(client, coordinator):
    login(client, coordinator)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("caseload")).status_code == 302


def test_the_shell_has_navigation_and_the_user(client, coordinator):
    response = login(client, coordinator).get(reverse("caseload"))
    html = response.content.decode()
    assert_page_basics(html)
    for label in ("My caseload", "Residents", "Meetings", "Journey board", "Log out"):
        assert label in html
    assert "Sanne de Vries" in html
    assert 'aria-current="page"' in html
    assert "vendor/htmx/htmx.min.js" in html
    assert "meedoen/theme.css" in html


def test_not_found_uses_the_site_page(client, coordinator):
    response = login(client, coordinator).get(reverse("resident_file", args=[99999]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert_page_basics(html)


def test_a_professional_without_municipality_is_refused(client, db):
    from meedoen.organisations.tests.factories import ProfessionalFactory

    operator = ProfessionalFactory(municipality=None, organisation=None)
    response = login(client, operator).get(reverse("caseload"))
    assert response.status_code == 403
    assert "No access" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("policy_adviser", "outcome_report"),
        ("privacy_officer", "audit_log"),
        ("administrator", "admin:index"),
    ],
)
def test_roles_without_files_start_on_their_own_page(client, arnhem, role, start):
    from meedoen.organisations.tests.factories import ProfessionalFactory

    client.force_login(ProfessionalFactory(municipality=arnhem, role=role))
    response = client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse(start)
