"""Actions can be changed after they were added: text, owner and date, with the
earlier text kept in the history and the resident's agreement asked again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from meedoen.plans.models import Action, Plan
from meedoen.plans.services import plan_action_add, plan_action_edit, plan_agree
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(trajectory, coordinator):
    plan = trajectory.plan
    return plan_action_add(
        plan=plan,
        expected_version=plan.version,
        description="Bellen met de bibliotheek",
        owner_kind=Action.OwnerKind.RESIDENT,
        due_on=None,
        life_domain="time_use",
        by=coordinator,
    )


def test_an_action_is_changed_with_history_and_the_agreement_is_asked_again(
    client, trajectory, coordinator, action
):
    plan = Plan.objects.get(pk=trajectory.plan.pk)
    plan_agree(
        plan=plan,
        expected_version=plan.version,
        agreed_on=timezone.localdate(),
        by=coordinator,
    )
    plan.refresh_from_db()
    assert plan.is_agreed
    login(client, coordinator)
    url = reverse("plan_action_edit", args=[trajectory.pk, action.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Bellen met de bibliotheek" in page.content.decode()
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        url,
        {
            "edit-expected_version": plan.version,
            "edit-description": "Langs bij de bibliotheek voor de taalcursus",
            "edit-owner_kind": "resident",
            "edit-due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.description == "Langs bij de bibliotheek voor de taalcursus"
    assert action.due_on == due
    plan.refresh_from_db()
    assert not plan.is_agreed
    html = client.get(url).content.decode()
    assert "Bellen met de bibliotheek" in html  # the earlier version


def test_a_stale_edit_is_refused_and_keeps_the_text(
    client, trajectory, coordinator, action
):
    login(client, coordinator)
    url = reverse("plan_action_edit", args=[trajectory.pk, action.pk])
    response = client.post(
        url,
        {
            "edit-expected_version": 1,
            "edit-description": "Mijn nieuwe tekst",
            "edit-owner_kind": "resident",
        },
    )
    assert response.status_code == 409
    assert "Mijn nieuwe tekst" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Bellen met de bibliotheek"


def test_readers_and_outsiders_cannot_edit(
    client, trajectory, team_lead, outsider, action
):
    url = reverse("plan_action_edit", args=[trajectory.pk, action.pk])
    assert login(client, team_lead).get(url).status_code == 403
    assert login(client, outsider).get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        plan_action_edit(
            action=action,
            expected_version=trajectory.plan.version,
            description="x",
            owner_kind="resident",
            due_on=None,
            by=team_lead,
        )
