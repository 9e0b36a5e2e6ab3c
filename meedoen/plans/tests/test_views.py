from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.plans.models import Action, Goal
from meedoen.plans.services import plan_action_add, plan_goal_add
from meedoen.web.tests.helpers import assert_page_basics, login

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this plan after you opened it"


def version_of(trajectory):
    trajectory.plan.refresh_from_db()
    return trajectory.plan.version


def add_goal(trajectory, by, text="Schulden op een rij"):
    return plan_goal_add(
        plan=trajectory.plan,
        expected_version=version_of(trajectory),
        life_domain="finances",
        description=text,
        by=by,
    )


def add_action(trajectory, by, **kwargs):
    defaults = {
        "description": "Formulier invullen",
        "owner_kind": Action.OwnerKind.RESIDENT,
        "due_on": timezone.localdate() + timedelta(days=7),
        "life_domain": "housing",
    }
    return plan_action_add(
        plan=trajectory.plan,
        expected_version=version_of(trajectory),
        by=by,
        **{**defaults, **kwargs},
    )


def test_plan_page_shows_goals_actions_and_forms(client, coordinator, trajectory):
    add_goal(trajectory, coordinator)
    add_action(trajectory, coordinator, due_on=timezone.localdate() - timedelta(days=1))
    response = login(client, coordinator).get(
        reverse("plan_edit", args=[trajectory.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "Schulden op een rij" in html
    assert "Finances" in html
    assert "Formulier invullen" in html and "overdue" in html
    assert f'name="goal-expected_version" value="{version_of(trajectory)}"' in html
    # Every block is its own form; the page script warns before typed text in
    # another block is lost, and focus returns to the saved block (#anchor).
    assert "meedoen/forms.js" in html
    assert 'data-unsaved-other="' in html


def test_add_a_goal(client, coordinator, trajectory):
    v = version_of(trajectory)
    response = login(client, coordinator).post(
        reverse("plan_goal_add", args=[trajectory.pk]),
        {
            "goal-expected_version": v,
            "goal-life_domain": "housing",
            "goal-description": "Een eigen huis",
        },
    )
    assert response.status_code == 302
    assert Goal.objects.get(plan=trajectory.plan).description == "Een eigen huis"
    assert version_of(trajectory) == v + 1


def test_add_an_action_with_a_professional_of_the_team(
    client, coordinator, income_consultant, trajectory
):
    response = login(client, coordinator).post(
        reverse("plan_action_add", args=[trajectory.pk]),
        {
            "action-expected_version": version_of(trajectory),
            "action-description": "Bijstand aanvragen",
            "action-owner_kind": "professional",
            "action-owner_professional": income_consultant.pk,
            "action-due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "action-life_domain": "finances",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(plan=trajectory.plan)
    assert action.owner_professional == income_consultant


def test_an_action_without_owner_is_refused(client, coordinator, trajectory):
    v = version_of(trajectory)
    response = login(client, coordinator).post(
        reverse("plan_action_add", args=[trajectory.pk]),
        {
            "action-expected_version": v,
            "action-description": "Bijstand aanvragen",
            "action-owner_kind": "professional",
            "action-owner_professional": "",
            "action-due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the professional who does this." in html
    assert 'id="id_action-owner_professional_error"' in html
    assert not Action.objects.filter(plan=trajectory.plan).exists()
    assert version_of(trajectory) == v


def test_an_action_without_owner_kind_is_refused(client, coordinator, trajectory):
    response = login(client, coordinator).post(
        reverse("plan_action_add", args=[trajectory.pk]),
        {
            "action-expected_version": version_of(trajectory),
            "action-description": "Iets",
            "action-due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Choose who does this" in response.content.decode()


def test_an_owner_outside_the_case_team_cannot_be_chosen(
    client, coordinator, outsider, trajectory
):
    response = login(client, coordinator).post(
        reverse("plan_action_add", args=[trajectory.pk]),
        {
            "action-expected_version": version_of(trajectory),
            "action-description": "Iets",
            "action-owner_kind": "professional",
            "action-owner_professional": outsider.pk,
            "action-due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Action.objects.filter(plan=trajectory.plan).exists()


def test_a_stale_version_is_refused_and_the_first_save_kept(
    client, coordinator, income_consultant, trajectory
):
    """Two people open the plan at the same version; the second save is refused."""
    opened = version_of(trajectory)
    url = reverse("plan_goal_add", args=[trajectory.pk])
    first = login(client, coordinator).post(
        url,
        {
            "goal-expected_version": opened,
            "goal-life_domain": "finances",
            "goal-description": "Eerste",
        },
    )
    assert first.status_code == 302
    client.force_login(income_consultant)
    second = client.post(
        url,
        {
            "goal-expected_version": opened,
            "goal-life_domain": "housing",
            "goal-description": "Tweede",
        },
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert STALE in html
    assert 'role="alert"' in html
    assert [g.description for g in Goal.objects.filter(plan=trajectory.plan)] == [
        "Eerste"
    ]
    assert version_of(trajectory) == opened + 1
    # The refused input is kept, now based on the current version.
    assert "Tweede" in html
    assert f'name="goal-expected_version" value="{opened + 1}"' in html


def test_a_stale_status_change_is_refused(client, coordinator, trajectory):
    action = add_action(trajectory, coordinator)
    stale = version_of(trajectory)
    add_goal(trajectory, coordinator)  # someone else changes the plan meanwhile
    response = login(client, coordinator).post(
        reverse("plan_action_status", args=[trajectory.pk, action.pk]),
        {
            f"action-{action.pk}-expected_version": stale,
            f"action-{action.pk}-status": "done",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert STALE in response.content.decode()
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_change_the_status_of_an_action_and_a_goal(client, coordinator, trajectory):
    goal = add_goal(trajectory, coordinator)
    action = add_action(trajectory, coordinator)
    login(client, coordinator)
    client.post(
        reverse("plan_action_status", args=[trajectory.pk, action.pk]),
        {
            f"action-{action.pk}-expected_version": version_of(trajectory),
            f"action-{action.pk}-status": "done",
        },
    )
    client.post(
        reverse("plan_goal_status", args=[trajectory.pk, goal.pk]),
        {
            f"goal-{goal.pk}-expected_version": version_of(trajectory),
            f"goal-{goal.pk}-status": "reached",
        },
    )
    action.refresh_from_db()
    goal.refresh_from_db()
    assert action.status == "done" and action.done_on == timezone.localdate()
    assert goal.status == "reached"


def test_a_goal_of_another_plan_is_not_found(client, coordinator, trajectory):
    from meedoen.journeys.tests.factories import TrajectoryFactory

    other = TrajectoryFactory(coordinator=coordinator)
    goal = add_goal(other, coordinator)
    response = login(client, coordinator).post(
        reverse("plan_goal_status", args=[trajectory.pk, goal.pk]),
        {
            f"goal-{goal.pk}-expected_version": version_of(trajectory),
            f"goal-{goal.pk}-status": "reached",
        },
    )
    assert response.status_code == 404


def test_record_the_residents_agreement(client, coordinator, trajectory):
    add_goal(trajectory, coordinator)
    today = timezone.localdate().isoformat()
    response = login(client, coordinator).post(
        reverse("plan_agree", args=[trajectory.pk]),
        {
            "agree-expected_version": version_of(trajectory),
            "agree-agreed_on": today,
            "agree-note": "Ja, zo doen we het",
        },
    )
    assert response.status_code == 302
    trajectory.plan.refresh_from_db()
    assert trajectory.plan.is_agreed
    html = client.get(reverse("plan_edit", args=[trajectory.pk])).content.decode()
    assert "The resident agreed to this version" in html


def test_an_empty_plan_cannot_be_agreed(client, coordinator, trajectory):
    response = login(client, coordinator).post(
        reverse("plan_agree", args=[trajectory.pk]),
        {
            "agree-expected_version": version_of(trajectory),
            "agree-agreed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "An empty plan cannot be agreed" in response.content.decode()


def test_the_printable_plan_is_for_the_resident(
    client, coordinator, income_consultant, trajectory
):
    add_goal(trajectory, coordinator)
    add_action(trajectory, coordinator, description="Zelf de post openen")
    response = login(client, coordinator).get(
        reverse("plan_print", args=[trajectory.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "What we agreed" in html
    assert "Who does what, by when" in html
    assert "Zelf de post openen" in html and ">You<" in html
    assert "Werk en Inkomen Arnhem" in html
    assert "You have not agreed to this plan yet" in html


@pytest.mark.parametrize("name", ["plan_edit", "plan_print"])
@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_plan_pages_are_not_found_for_others(client, trajectory, name, who, request):
    response = login(client, request.getfixturevalue(who)).get(
        reverse(name, args=[trajectory.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_plan_changes_are_not_found_for_others(client, trajectory, who, request):
    response = login(client, request.getfixturevalue(who)).post(
        reverse("plan_goal_add", args=[trajectory.pk]),
        {
            "goal-expected_version": 1,
            "goal-life_domain": "finances",
            "goal-description": "x",
        },
    )
    assert response.status_code == 404
    assert not Goal.objects.exists()


def test_a_team_lead_reads_the_plan_but_does_not_change_it(
    client, team_lead, trajectory
):
    login(client, team_lead)
    assert client.get(reverse("plan_edit", args=[trajectory.pk])).status_code == 200
    response = client.post(
        reverse("plan_goal_add", args=[trajectory.pk]),
        {
            "goal-expected_version": 1,
            "goal-life_domain": "finances",
            "goal-description": "x",
        },
    )
    assert response.status_code == 403


def test_plan_pages_send_anonymous_visitors_to_login(client, trajectory):
    response = login(client).get(reverse("plan_edit", args=[trajectory.pk]))
    assert response.status_code == 302
