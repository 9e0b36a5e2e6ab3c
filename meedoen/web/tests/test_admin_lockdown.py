"""The admin locked down (tester's findings): nobody changes their own privileges,
only superusers hand out superuser, staff and permissions, a functional administrator
manages only his own municipality and grants nothing he does not hold. Every check is
also made with a forged POST: a field that is read-only on the page is not saved when
it is sent anyway."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.forms import MultiWidget
from django.urls import reverse

from meedoen.journeys.models import JourneyTemplate
from meedoen.organisations.models import Professional
from meedoen.organisations.services import functional_admin_group_sync
from meedoen.organisations.tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    ProfessionalFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

PRIVILEGES = [
    "is_superuser",
    "is_staff",
    "groups",
    "user_permissions",
    "role",
    "municipality",
    "organisation",
    "teams",
]


@pytest.fixture
def administrator(arnhem, client):
    admin = ProfessionalFactory(
        username="beheer", municipality=arnhem, administrator=True
    )
    admin.groups.add(functional_admin_group_sync())
    client.force_login(admin)
    return admin


@pytest.fixture
def elsewhere(nijmegen):
    """Nijmegen's organisation, team, neighbourhood and a professional."""
    return {
        "organisation": OrganisationFactory(
            municipality=nijmegen, name="Werk Nijmegen"
        ),
        "team": TeamFactory(municipality=nijmegen, name="Team Dukenburg"),
        "neighbourhood": NeighbourhoodFactory(municipality=nijmegen, name="Dukenburg"),
        "professional": ProfessionalFactory(
            municipality=nijmegen, username="nijmegenaar"
        ),
    }


def _change(professional: Professional) -> str:
    return reverse("admin:organisations_professional_change", args=[professional.pk])


def form_data(response: Any) -> dict[str, Any]:
    """The POST a browser would send for the admin form on this page, unchanged."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        widget = field.widget
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data


def _forged(client, professional, **changes) -> Any:
    data = form_data(client.get(_change(professional)))
    data.update(changes)
    return client.post(_change(professional), data)


def _snapshot(professional: Professional) -> dict[str, Any]:
    p = Professional.objects.get(pk=professional.pk)
    return {
        "is_superuser": p.is_superuser,
        "is_staff": p.is_staff,
        "groups": sorted(p.groups.values_list("pk", flat=True)),
        "user_permissions": sorted(p.user_permissions.values_list("pk", flat=True)),
        "role": p.role,
        "municipality": p.municipality_id,
        "organisation": p.organisation_id,
        "teams": sorted(p.teams.values_list("pk", flat=True)),
    }


def _escalations(arnhem, nijmegen) -> dict[str, Any]:
    big = Group.objects.create(name="Alles")
    big.permissions.set(Permission.objects.all())
    team = TeamFactory(municipality=arnhem, name="Team Presikhaaf")
    return {
        "is_superuser": "on",
        "is_staff": "on",  # an administrator already is staff: see the test below
        "groups": [str(big.pk)],
        "user_permissions": [
            str(p.pk) for p in Permission.objects.filter(codename="change_group")
        ],
        "role": Professional.Role.TEAM_LEAD,
        "municipality": str(nijmegen.pk),
        "organisation": str(
            OrganisationFactory(municipality=arnhem, name="Werk en Inkomen").pk
        ),
        "teams": [str(team.pk)],
    }


# -- nobody changes their own privileges ------------------------------------------


def test_the_own_privileges_are_read_only(client, administrator):
    response = client.get(_change(administrator))
    assert response.status_code == 200
    form = response.context["adminform"].form
    for name in PRIVILEGES:
        assert name not in form.fields, name


@pytest.mark.parametrize("field", PRIVILEGES)
def test_a_forged_post_does_not_raise_the_own_privileges(
    client, administrator, arnhem, nijmegen, field
):
    escalation = _escalations(arnhem, nijmegen)
    before = _snapshot(administrator)
    response = _forged(client, administrator, **{field: escalation[field]})
    assert response.status_code in (200, 302, 403)
    assert _snapshot(administrator) == before


def test_a_forged_post_of_the_team_lead_role_and_a_team(
    client, administrator, arnhem, nijmegen, trajectory
):
    """The tester's second finding: role and team for himself, then the files."""
    escalation = _escalations(arnhem, nijmegen)
    _forged(client, administrator, role=escalation["role"], teams=escalation["teams"])
    administrator.refresh_from_db()
    assert administrator.role == Professional.Role.ADMINISTRATOR
    assert not administrator.teams.exists()


def test_not_even_a_superuser_changes_his_own_privileges(client, arnhem, nijmegen):
    root = ProfessionalFactory(
        municipality=arnhem, is_superuser=True, is_staff=True, username="root"
    )
    client.force_login(root)
    form = client.get(_change(root)).context["adminform"].form
    for name in PRIVILEGES:
        assert name not in form.fields, name
    before = _snapshot(root)
    _forged(client, root, **_escalations(arnhem, nijmegen))
    assert _snapshot(root) == before


def test_the_own_name_can_still_be_changed(client, administrator):
    response = _forged(client, administrator, first_name="Bea")
    assert response.status_code == 302, response.context["adminform"].form.errors
    administrator.refresh_from_db()
    assert administrator.first_name == "Bea"


# -- only superusers hand out superuser, staff and permissions ---------------------


def test_an_administrator_manages_a_colleague(client, administrator, coordinator):
    response = _forged(client, coordinator, role=Professional.Role.WORK_COACH)
    assert response.status_code == 302, response.context["adminform"].form.errors
    coordinator.refresh_from_db()
    assert coordinator.role == Professional.Role.WORK_COACH


@pytest.mark.parametrize("field", ["is_superuser", "is_staff", "user_permissions"])
def test_only_superusers_give_superuser_staff_or_permissions(
    client, administrator, coordinator, arnhem, nijmegen, field
):
    form = client.get(_change(coordinator)).context["adminform"].form
    assert field not in form.fields
    before = _snapshot(coordinator)
    _forged(client, coordinator, **{field: _escalations(arnhem, nijmegen)[field]})
    assert _snapshot(coordinator) == before


def test_a_superuser_gives_staff_and_permissions(client, arnhem, coordinator):
    root = ProfessionalFactory(
        municipality=None,
        organisation=None,
        is_superuser=True,
        is_staff=True,
        username="root",
    )
    client.force_login(root)
    perm = Permission.objects.get(codename="change_team")
    response = _forged(
        client, coordinator, is_staff="on", user_permissions=[str(perm.pk)]
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    coordinator.refresh_from_db()
    assert coordinator.is_staff
    assert list(coordinator.user_permissions.all()) == [perm]


def test_no_group_with_permissions_the_administrator_does_not_hold(
    client, administrator, coordinator, arnhem, nijmegen
):
    big = Group.objects.get(pk=_escalations(arnhem, nijmegen)["groups"][0])
    form = client.get(_change(coordinator)).context["adminform"].form
    assert big not in form.fields["groups"].queryset
    assert functional_admin_group_sync() in form.fields["groups"].queryset
    _forged(client, coordinator, groups=[str(big.pk)])
    assert not coordinator.groups.exists()


def test_no_role_the_administrator_does_not_hold(client, administrator, coordinator):
    form = client.get(_change(coordinator)).context["adminform"].form
    roles = {value for value, _label in form.fields["role"].choices}
    assert Professional.Role.PRIVACY_OFFICER not in roles
    assert Professional.Role.TEAM_LEAD in roles
    _forged(client, coordinator, role=Professional.Role.PRIVACY_OFFICER)
    coordinator.refresh_from_db()
    assert coordinator.role == Professional.Role.COORDINATOR


def test_a_superuser_account_is_not_for_an_administrator(client, administrator, arnhem):
    root = ProfessionalFactory(municipality=arnhem, is_superuser=True, is_staff=True)
    assert client.get(_change(root)).status_code == 404


# -- one municipality ----------------------------------------------------------------


def test_professionals_of_another_municipality_are_not_found(
    client, administrator, elsewhere
):
    foreigner = elsewhere["professional"]
    assert client.get(_change(foreigner)).status_code == 404
    password = reverse("admin:auth_user_password_change", args=[foreigner.pk])
    assert client.get(password).status_code == 404
    delete = reverse("admin:organisations_professional_delete", args=[foreigner.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 404
    assert Professional.objects.filter(pk=foreigner.pk).exists()
    listing = client.get(reverse("admin:organisations_professional_changelist"))
    assert foreigner not in listing.context["cl"].result_list


@pytest.mark.parametrize(
    "model",
    ["team", "organisation", "neighbourhood"],
)
def test_other_configuration_of_another_municipality_is_not_found(
    client, administrator, elsewhere, model
):
    url = reverse(f"admin:organisations_{model}_change", args=[elsewhere[model].pk])
    assert client.get(url).status_code == 404


def test_a_journey_of_another_municipality_is_not_found(
    client, administrator, nijmegen
):
    other = JourneyTemplate.objects.get(municipality=nijmegen)
    url = reverse("admin:journeys_journeytemplate_change", args=[other.pk])
    assert client.get(url).status_code == 404


PAGES = [
    ("organisations_professional_add", False),
    ("organisations_professional_change", True),
    ("organisations_professional_changelist", False),
    ("organisations_team_add", False),
    ("organisations_neighbourhood_add", False),
    ("organisations_organisation_add", False),
    ("journeys_journeytemplate_add", False),
    ("privacy_privacypolicy_add", False),
    ("accounts_enrolmentcode_add", False),
]


@pytest.mark.parametrize(("page", "needs_object"), PAGES)
def test_choice_lists_hold_only_the_own_municipality(
    client, administrator, coordinator, elsewhere, nijmegen, page, needs_object
):
    args = [coordinator.pk] if needs_object else []
    response = client.get(reverse(f"admin:{page}", args=args))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Werk Nijmegen", "Dukenburg"):  # organisation, team, neighbourhood
        assert name not in html, (page, name)
    assert ">Nijmegen<" not in html, page
    assert elsewhere["professional"].get_full_name() not in html


def test_a_forged_choice_of_another_municipality_is_refused(
    client, administrator, coordinator, elsewhere
):
    before = _snapshot(coordinator)
    response = _forged(
        client,
        coordinator,
        teams=[str(elsewhere["team"].pk)],
        organisation=str(elsewhere["organisation"].pk),
    )
    assert response.status_code == 200  # the form with its errors
    assert _snapshot(coordinator) == before


def test_a_new_professional_belongs_to_the_own_municipality(
    client, administrator, arnhem
):
    response = client.post(
        reverse("admin:organisations_professional_add"),
        {
            "username": "nieuw",
            "usable_password": "false",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Professional.objects.get(username="nieuw").municipality == arnhem


def test_a_superuser_sees_every_municipality(client, arnhem, elsewhere, coordinator):
    root = ProfessionalFactory(
        municipality=None,
        organisation=None,
        is_superuser=True,
        is_staff=True,
        username="root",
    )
    client.force_login(root)
    html = client.get(_change(coordinator)).content.decode()
    assert "Team Dukenburg" in html
    assert client.get(_change(elsewhere["professional"])).status_code == 200


def test_save_model_refuses_what_slips_past_the_form(rf, administrator, coordinator):
    """Belt and braces: should a locked field ever reach the model, saving refuses."""
    from django.contrib import admin as django_admin
    from django.core.exceptions import PermissionDenied

    model_admin = django_admin.site._registry[Professional]
    request = rf.post("/")
    request.user = administrator
    for field, value in [
        ("is_superuser", True),
        ("is_staff", True),
        ("role", Professional.Role.PRIVACY_OFFICER),
    ]:
        forged = Professional.objects.get(pk=coordinator.pk)
        setattr(forged, field, value)
        with pytest.raises(PermissionDenied):
            model_admin.save_model(request, forged, None, change=True)
    himself = Professional.objects.get(pk=administrator.pk)
    himself.role = Professional.Role.TEAM_LEAD
    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, himself, None, change=True)
    assert _snapshot(coordinator)["is_superuser"] is False


def test_no_enrolment_code_for_a_superuser(client, administrator, arnhem):
    root = ProfessionalFactory(municipality=arnhem, is_superuser=True, is_staff=True)
    add = reverse("admin:accounts_enrolmentcode_add")
    assert f'value="{root.pk}"' not in client.get(add).content.decode()
    client.post(add, {"professional": root.pk})
    assert not root.enrolment_codes.exists()


def test_another_municipalitys_privacy_policy_is_not_found(
    client, administrator, nijmegen
):
    from meedoen.privacy.services import policy_for

    theirs = policy_for(nijmegen.pk)
    url = reverse("admin:privacy_privacypolicy_change", args=[theirs.pk])
    assert client.get(url).status_code == 404
    client.post(url, {"break_glass_enabled": "on", "break_glass_hours": "24"})
    theirs.refresh_from_db()
    assert theirs.break_glass_hours == 4


def test_a_privacy_officers_role_stays_as_it_is(client, administrator, arnhem):
    officer = ProfessionalFactory(
        municipality=arnhem, role=Professional.Role.PRIVACY_OFFICER
    )
    form = client.get(_change(officer)).context["adminform"].form
    assert "role" not in form.fields
    response = _forged(client, officer, role=Professional.Role.TEAM_LEAD, last_name="X")
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.role, officer.last_name) == (Professional.Role.PRIVACY_OFFICER, "X")
