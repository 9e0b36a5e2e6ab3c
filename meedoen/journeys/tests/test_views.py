from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meedoen.journeys.models import CaseTeamMember, Handover, StageTransition
from meedoen.journeys.services import case_team_add, handover_offer, trajectory_move
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.plans.models import Action
from meedoen.plans.services import plan_action_add
from meedoen.web.tests.helpers import (
    assert_page_basics,
    assert_queries_do_not_grow,
    login,
)

pytestmark = pytest.mark.django_db


def overdue_action(trajectory, by):
    plan = trajectory.plan
    plan.refresh_from_db()
    return plan_action_add(
        plan=plan,
        expected_version=plan.version,
        description="Schuldhulp aanvragen",
        owner_kind=Action.OwnerKind.RESIDENT,
        due_on=timezone.localdate() - timedelta(days=3),
        by=by,
        life_domain="social_network",
    )


# The caseload


def test_caseload_lists_my_trajectories_with_signals(client, coordinator, trajectory):
    overdue_action(trajectory, coordinator)
    response = login(client, coordinator).get(reverse("caseload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert escape(trajectory.resident.full_name) in html
    assert reverse("resident_file", args=[trajectory.resident_id]) in html
    assert "Signaal of aanvraag" in html
    assert "overdue actions" in html
    assert response.context["counts"]["overdue"] == 1
    assert response.context["counts"]["all"] == 1


def test_caseload_filters_on_a_signal(client, coordinator, trajectory):
    quiet = TrajectoryFactory(coordinator=coordinator)
    overdue_action(trajectory, coordinator)
    login(client, coordinator)
    html = client.get(reverse("caseload"), {"signaal": "overdue"}).content.decode()
    assert escape(trajectory.resident.full_name) in html
    assert escape(quiet.resident.full_name) not in html
    html = client.get(reverse("caseload")).content.decode()
    assert escape(quiet.resident.full_name) in html


def test_caseload_shows_stuck_and_no_contact(client, coordinator, arnhem):
    long_ago = timezone.localdate() - timedelta(days=100)
    old = TrajectoryFactory(coordinator=coordinator, started_on=long_ago)
    response = login(client, coordinator).get(reverse("caseload"))
    counts = response.context["counts"]
    assert counts["stuck"] == 1
    assert counts["no_contact"] == 1
    html = response.content.decode()
    assert "longer than the stage norm" in html
    assert escape(old.resident.full_name) in html


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_caseload_of_others_does_not_show_the_resident(
    client, who, trajectory, request
):
    user = request.getfixturevalue(who)
    response = login(client, user).get(reverse("caseload"))
    assert response.status_code == 200
    assert escape(trajectory.resident.full_name) not in response.content.decode()


def test_caseload_queries_do_not_grow(
    client, coordinator, income_consultant, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            t = TrajectoryFactory(coordinator=coordinator)
            case_team_add(trajectory=t, professional=income_consultant, by=coordinator)
            overdue_action(t, coordinator)

    login(client, coordinator)
    assert_queries_do_not_grow(
        client,
        reverse("caseload"),
        grow,
        # incl. the audit chain append (savepoint, head lock, insert, update), the
        # requests to join and the late hand-overs (one query each)
        limit=18,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )


# Moving and closing


def test_move_to_the_next_stage(client, coordinator, trajectory):
    login(client, coordinator)
    url = reverse("trajectory_move", args=[trajectory.pk])
    next_stage = trajectory.template.stages.get(order=2)
    prefix = f"move-{trajectory.pk}"
    response = client.post(url, {f"{prefix}-to_stage": next_stage.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "resident_file", args=[trajectory.resident_id]
    )
    trajectory.refresh_from_db()
    assert trajectory.stage == next_stage


def test_skipping_a_stage_without_reason_is_refused_with_a_message(
    client, coordinator, trajectory
):
    login(client, coordinator)
    later = trajectory.template.stages.get(order=4)
    prefix = f"move-{trajectory.pk}"
    response = client.post(
        reverse("trajectory_move", args=[trajectory.pk]),
        {f"{prefix}-to_stage": later.pk, f"{prefix}-reason": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skipping the stage" in html
    assert "needs a reason" in html
    assert 'aria-invalid="true"' in html
    trajectory.refresh_from_db()
    assert trajectory.stage.order == 1
    assert StageTransition.objects.filter(trajectory=trajectory).count() == 1


def test_skipping_with_a_reason_is_allowed(client, coordinator, trajectory):
    login(client, coordinator)
    later = trajectory.template.stages.get(order=4)
    prefix = f"move-{trajectory.pk}"
    client.post(
        reverse("trajectory_move", args=[trajectory.pk]),
        {f"{prefix}-to_stage": later.pk, f"{prefix}-reason": "Analyse al bij UWV"},
    )
    trajectory.refresh_from_db()
    assert trajectory.stage == later


def test_the_move_page_offers_the_next_stage(client, coordinator, trajectory):
    response = login(client, coordinator).get(
        reverse("trajectory_move", args=[trajectory.pk])
    )
    assert response.status_code == 200
    assert response.context["form"]["to_stage"].initial == (
        trajectory.template.stages.get(order=2).pk
    )


def test_close_needs_a_reason(client, coordinator, trajectory):
    login(client, coordinator)
    url = reverse("trajectory_close", args=[trajectory.pk])
    prefix = f"close-{trajectory.pk}"
    response = client.post(url, {f"{prefix}-reason": ""})
    assert response.status_code == 400
    assert "Choose why the trajectory closes." in response.content.decode()
    response = client.post(url, {f"{prefix}-reason": "completed"})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.closed_on == timezone.localdate()


@pytest.mark.parametrize(
    "name", ["trajectory_move", "trajectory_close", "contact_add", "case_team_add"]
)
@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_trajectory_pages_are_not_found_for_others(
    client, trajectory, name, who, request
):
    login(client, request.getfixturevalue(who))
    url = reverse(name, args=[trajectory.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_trajectory_pages_send_anonymous_visitors_to_login(client, trajectory):
    response = login(client).get(reverse("contact_add", args=[trajectory.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_team_lead_sees_but_does_not_change(client, team_lead, trajectory):
    login(client, team_lead)
    assert (
        client.get(reverse("resident_file", args=[trajectory.resident_id])).status_code
        == 200
    )
    assert client.get(reverse("contact_add", args=[trajectory.pk])).status_code == 403


# Contacts, the case team, hand-overs


def test_record_a_contact(client, coordinator, trajectory):
    login(client, coordinator)
    url = reverse("contact_add", args=[trajectory.pk])
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url, {"contact_on": today.isoformat(), "kind": "home_visit", "summary": "Thuis"}
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.last_contact_on == today
    future = (today + timedelta(days=2)).isoformat()
    response = client.post(url, {"contact_on": future, "kind": "phone"})
    assert response.status_code == 400
    assert "A contact cannot lie in the future." in response.content.decode()


def test_add_to_the_case_team_gives_access(client, coordinator, outsider, trajectory):
    login(client, coordinator)
    response = client.post(
        reverse("case_team_add", args=[trajectory.pk]), {"professional": outsider.pk}
    )
    assert response.status_code == 302
    client.force_login(outsider)
    response = client.get(reverse("resident_file", args=[trajectory.resident_id]))
    assert response.status_code == 200


def test_add_someone_already_on_the_team_shows_the_service_message(
    client, coordinator, income_consultant, trajectory
):
    response = login(client, coordinator).post(
        reverse("case_team_add", args=[trajectory.pk]),
        {"professional": income_consultant.pk},
    )
    assert response.status_code == 400
    assert "is already on the case team" in response.content.decode()


def test_a_professional_of_another_municipality_cannot_be_chosen(
    client, coordinator, foreigner, trajectory
):
    response = login(client, coordinator).post(
        reverse("case_team_add", args=[trajectory.pk]), {"professional": foreigner.pk}
    )
    assert response.status_code == 400
    assert not CaseTeamMember.objects.filter(professional=foreigner).exists()


def test_handover_offered_accepted_by_someone_not_yet_on_the_team(
    client, coordinator, outsider, trajectory
):
    login(client, coordinator)
    response = client.post(
        reverse("handover_offer", args=[trajectory.pk]),
        {"to_professional": outsider.pk, "note": "Vooral werk"},
    )
    assert response.status_code == 302
    handover = Handover.objects.get(trajectory=trajectory)
    client.force_login(outsider)
    html = client.get(reverse("caseload")).content.decode()
    assert "Hand-overs waiting for your answer" in html
    assert escape(trajectory.resident.full_name) in html
    response = client.post(reverse("handover_accept", args=[handover.pk]))
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.coordinator == outsider
    assert client.get(response["Location"]).status_code == 200


def test_handover_decline_needs_a_reason(client, coordinator, outsider, trajectory):
    handover = handover_offer(
        trajectory=trajectory, to_professional=outsider, by=coordinator
    )
    login(client, outsider)
    url = reverse("handover_decline", args=[handover.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decline_reason": ""})
    assert response.status_code == 400
    assert "Say why you decline" in response.content.decode()
    assert client.post(url, {"decline_reason": "Vol"}).status_code == 302
    handover.refresh_from_db()
    assert handover.status == Handover.Status.DECLINED


def test_a_handover_is_not_found_for_others(
    client, coordinator, outsider, foreigner, trajectory, arnhem
):
    from meedoen.organisations.tests.factories import ProfessionalFactory

    handover = handover_offer(
        trajectory=trajectory, to_professional=outsider, by=coordinator
    )
    bystander = ProfessionalFactory(municipality=arnhem)
    for user in (bystander, foreigner):
        client.force_login(user)
        assert (
            client.post(reverse("handover_accept", args=[handover.pk])).status_code
            == 404
        )
        assert (
            client.get(reverse("handover_decline", args=[handover.pk])).status_code
            == 404
        )
    handover.refresh_from_db()
    assert handover.status == Handover.Status.OFFERED


def test_a_team_member_cannot_accept_a_handover_meant_for_someone_else(
    client, coordinator, income_consultant, outsider, trajectory
):
    handover = handover_offer(
        trajectory=trajectory, to_professional=outsider, by=coordinator
    )
    login(client, income_consultant)
    response = client.post(reverse("handover_accept", args=[handover.pk]))
    assert response.status_code == 403
    assert (
        client.get(reverse("handover_decline", args=[handover.pk])).status_code == 403
    )
    handover.refresh_from_db()
    assert handover.status == Handover.Status.OFFERED


# The journey board


def test_journey_board_shows_columns_and_cards(client, coordinator, trajectory):
    old = TrajectoryFactory(
        coordinator=coordinator, started_on=timezone.localdate() - timedelta(days=40)
    )
    trajectory_move(
        trajectory=old,
        to_stage=old.template.stages.get(order=2),
        by=coordinator,
        on=timezone.localdate() - timedelta(days=20),
    )
    response = login(client, coordinator).get(reverse("journey_board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert "Eerste gesprek" in html and "Nazorg" in html
    assert escape(trajectory.resident.full_name) in html
    assert escape(old.resident.full_name) in html
    assert "past the norm" in html
    assert "20 days in stage" in html


@pytest.mark.parametrize("who", ["outsider", "foreigner"])
def test_journey_board_of_others_does_not_show_the_resident(
    client, who, trajectory, request
):
    response = login(client, request.getfixturevalue(who)).get(reverse("journey_board"))
    assert response.status_code == 200
    assert escape(trajectory.resident.full_name) not in response.content.decode()
