"""The admin: configuration only, behind the two-factor login, scoped to the
administrator's municipality."""

from django.test import override_settings
from django.urls import reverse

from meedoen.journeys.models import JourneyTemplate
from meedoen.organisations.services import functional_admin_group_sync
from meedoen.organisations.tests.factories import ProfessionalFactory


def _administrator(municipality):
    admin = ProfessionalFactory(municipality=municipality, administrator=True)
    admin.groups.add(functional_admin_group_sync())
    return admin


def test_no_residents_data_in_the_admin(client, arnhem):
    client.force_login(_administrator(arnhem))
    html = client.get(reverse("admin:index")).content.decode()
    assert "Journey templates" in html or "journeytemplate" in html
    for model in (
        "resident",
        "trajectory",
        "plan",
        "meeting",
        "accessevent",
        "consent",
    ):
        assert f"/{model}/" not in html


def test_the_administrator_edits_only_their_own_municipality(client, arnhem, nijmegen):
    client.force_login(_administrator(arnhem))
    own = JourneyTemplate.objects.get(municipality=arnhem)
    other = JourneyTemplate.objects.get(municipality=nijmegen)
    change = "admin:journeys_journeytemplate_change"
    assert client.get(reverse(change, args=[own.pk])).status_code == 200
    assert (
        client.get(reverse(change, args=[other.pk])).status_code == 404
    )  # not found, not a redirect
    listing = client.get(reverse("admin:journeys_journeytemplate_changelist"))
    assert listing.context["cl"].result_count == 1


def test_the_admin_login_is_the_two_factor_login(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@override_settings(MEEDOEN_DEMO_LOGIN_WITHOUT_2FA=False)
def test_the_admin_needs_the_second_factor(client, arnhem):
    client.force_login(_administrator(arnhem))  # password only, no verified device
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")
