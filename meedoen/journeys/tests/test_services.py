"""Business rules of the journey: start, move, close, the case team, hand-overs, contact."""

import datetime
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.casefile.services import trajectory_open as trajectory_start
from meedoen.journeys.models import (
    CaseTeamMember,
    ClosureReason,
    Contact,
    Handover,
    JourneyTemplate,
    Stage,
    StageTransition,
    Trajectory,
)
from meedoen.journeys.services import (
    DEFAULT_STAGES,
    case_team_add,
    case_team_end,
    contact_record,
    handover_accept,
    handover_decline,
    handover_offer,
    journey_template_create_default,
    next_stage,
    trajectory_close,
    trajectory_move,
)
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.models import Plan
from meedoen.privacy import scope
from meedoen.residents.tests.factories import ResidentFactory

TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


def stages(trajectory):
    return list(trajectory.template.stages.order_by("order"))


@pytest.fixture
def old_trajectory(coordinator, income_consultant):
    """A trajectory started 100 days ago, still in its first stage."""
    t = TrajectoryFactory(coordinator=coordinator, started_on=days_ago(100))
    case_team_add(
        trajectory=t, professional=income_consultant, by=coordinator, on=days_ago(100)
    )
    return t


@pytest.fixture
def work_coach(arnhem):
    org = OrganisationFactory(
        municipality=arnhem, name="Werkbedrijf Arnhem", kind=Organisation.Kind.WORK
    )
    return ProfessionalFactory(
        username="workcoach",
        municipality=arnhem,
        organisation=org,
        role=Professional.Role.WORK_COACH,
    )


def _snapshot(trajectory):
    t = Trajectory.objects.get(pk=trajectory.pk)
    return (
        t.stage_id,
        t.stage_entered_on,
        t.stage_due_on,
        t.closed_on,
        StageTransition.objects.filter(trajectory=t).count(),
    )


# --- templates and start ------------------------------------------------------------


def test_default_template_has_the_stages_in_order(arnhem):
    template = JourneyTemplate.objects.get(municipality=arnhem, is_default=True)
    assert [(s.order, s.name, s.norm_days) for s in template.stages.all()] == [
        (i, name, norm) for i, (name, _role, norm) in enumerate(DEFAULT_STAGES, 1)
    ]
    # Creating it again does not duplicate.
    assert journey_template_create_default(municipality=arnhem) == template
    assert template.stages.count() == len(DEFAULT_STAGES)


def test_trajectory_start_creates_first_stage_transition_team_and_plan(
    coordinator, arnhem
):
    resident = ResidentFactory(municipality=arnhem)
    started = days_ago(3)
    t = trajectory_start(
        resident=resident,
        coordinator=coordinator,
        by=coordinator,
        started_on=started,
        reason="Signaal van de woningcorporatie",
    )
    first = Stage.objects.get(template=t.template, order=1)
    assert t.municipality_id == arnhem.pk
    assert t.stage == first
    assert t.stage_entered_on == started
    assert t.stage_due_on == started + datetime.timedelta(days=first.norm_days)
    assert t.is_open
    transition = StageTransition.objects.get(trajectory=t)
    assert transition.from_stage is None
    assert transition.to_stage == first
    assert transition.moved_on == started
    assert transition.moved_by_id == coordinator.pk
    member = CaseTeamMember.objects.get(trajectory=t)
    assert member.professional_id == coordinator.pk
    assert member.organisation_id == coordinator.organisation_id
    assert member.joined_on == started
    assert member.ended_on is None
    plan = Plan.objects.get(trajectory=t)
    assert plan.version == 1
    assert not plan.goals.exists()
    assert not plan.actions.exists()
    assert not plan.is_agreed


def test_trajectory_start_refuses_a_resident_of_another_municipality(
    coordinator, nijmegen
):
    stranger = ResidentFactory(municipality=nijmegen)
    with pytest.raises(ValidationError):
        trajectory_start(resident=stranger, coordinator=coordinator, by=coordinator)
    assert Trajectory.objects.count() == 0
    assert CaseTeamMember.objects.count() == 0


def test_trajectory_start_refuses_a_coordinator_of_another_municipality(
    coordinator, foreigner
):
    resident = ResidentFactory(municipality=coordinator.municipality)
    with pytest.raises(ValidationError):
        trajectory_start(resident=resident, coordinator=foreigner, by=coordinator)
    assert Trajectory.objects.count() == 0


def test_trajectory_start_refuses_a_template_of_another_municipality(
    coordinator, nijmegen
):
    resident = ResidentFactory(municipality=coordinator.municipality)
    template = JourneyTemplate.objects.get(municipality=nijmegen)
    with pytest.raises(ValidationError):
        trajectory_start(
            resident=resident,
            coordinator=coordinator,
            by=coordinator,
            template=template,
        )
    assert Trajectory.objects.count() == 0


def test_trajectory_start_refuses_a_template_without_stages(coordinator, arnhem):
    empty = JourneyTemplate.objects.create(municipality=arnhem, name="Leeg")
    with pytest.raises(ValidationError) as exc:
        trajectory_start(
            resident=ResidentFactory(municipality=arnhem),
            coordinator=coordinator,
            by=coordinator,
            template=empty,
        )
    assert "Leeg" in exc.value.messages[0]
    assert Trajectory.objects.count() == 0


# --- trajectory_move ----------------------------------------------------------------


def test_move_to_the_next_stage_without_reason(old_trajectory, income_consultant):
    s = stages(old_trajectory)
    assert next_stage(old_trajectory) == s[1]
    transition = trajectory_move(
        trajectory=old_trajectory, to_stage=s[1], by=income_consultant, on=days_ago(90)
    )
    assert transition.from_stage == s[0]
    assert transition.to_stage == s[1]
    assert transition.moved_on == days_ago(90)
    assert transition.moved_by_id == income_consultant.pk
    assert transition.reason == ""
    old_trajectory.refresh_from_db()
    assert old_trajectory.stage == s[1]
    assert old_trajectory.stage_entered_on == days_ago(90)
    assert old_trajectory.stage_due_on == days_ago(90) + datetime.timedelta(
        days=s[1].norm_days
    )


def test_move_defaults_to_today(trajectory, coordinator):
    s = stages(trajectory)
    transition = trajectory_move(trajectory=trajectory, to_stage=s[1], by=coordinator)
    assert transition.moved_on == TODAY()


def test_skipping_a_stage_without_reason_is_refused_and_changes_nothing(
    old_trajectory, coordinator
):
    s = stages(old_trajectory)
    before = _snapshot(old_trajectory)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            trajectory_move(
                trajectory=old_trajectory, to_stage=s[2], by=coordinator, reason=reason
            )
        assert list(exc.value.message_dict) == ["reason"]
        assert "Eerste gesprek" in exc.value.message_dict["reason"][0]
    assert _snapshot(old_trajectory) == before


def test_skipping_a_stage_with_reason(old_trajectory, coordinator):
    s = stages(old_trajectory)
    transition = trajectory_move(
        trajectory=old_trajectory,
        to_stage=s[2],
        by=coordinator,
        reason="  Eerste gesprek was al bij de aanmelding  ",
        on=days_ago(50),
    )
    assert transition.reason == "Eerste gesprek was al bij de aanmelding"
    assert transition.from_stage == s[0]
    old_trajectory.refresh_from_db()
    assert old_trajectory.stage == s[2]


def test_going_back_needs_a_reason(old_trajectory, coordinator):
    s = stages(old_trajectory)
    trajectory_move(
        trajectory=old_trajectory, to_stage=s[1], by=coordinator, on=days_ago(80)
    )
    trajectory_move(
        trajectory=old_trajectory, to_stage=s[2], by=coordinator, on=days_ago(60)
    )
    before = _snapshot(old_trajectory)
    with pytest.raises(ValidationError) as exc:
        trajectory_move(trajectory=old_trajectory, to_stage=s[1], by=coordinator)
    assert "back" in exc.value.message_dict["reason"][0]
    assert _snapshot(old_trajectory) == before

    transition = trajectory_move(
        trajectory=old_trajectory,
        to_stage=s[1],
        by=coordinator,
        reason="Nieuwe situatie: opnieuw kennismaken",
        on=days_ago(40),
    )
    assert (transition.from_stage, transition.to_stage) == (s[2], s[1])
    old_trajectory.refresh_from_db()
    assert old_trajectory.stage == s[1]
    assert old_trajectory.stage_entered_on == days_ago(40)


def test_moving_to_the_current_stage_is_refused(trajectory, coordinator):
    with pytest.raises(ValidationError):
        trajectory_move(
            trajectory=trajectory, to_stage=trajectory.stage, by=coordinator, reason="x"
        )


def test_moving_a_closed_trajectory_is_refused(old_trajectory, coordinator):
    s = stages(old_trajectory)
    trajectory_close(
        trajectory=old_trajectory, by=coordinator, reason=ClosureReason.MOVED
    )
    before = _snapshot(old_trajectory)
    with pytest.raises(ValidationError) as exc:
        trajectory_move(trajectory=old_trajectory, to_stage=s[1], by=coordinator)
    assert "closed" in exc.value.messages[0]
    assert _snapshot(old_trajectory) == before


def test_moving_before_the_current_stage_started_is_refused(
    old_trajectory, coordinator
):
    s = stages(old_trajectory)
    trajectory_move(
        trajectory=old_trajectory, to_stage=s[1], by=coordinator, on=days_ago(50)
    )
    before = _snapshot(old_trajectory)
    with pytest.raises(ValidationError) as exc:
        trajectory_move(
            trajectory=old_trajectory, to_stage=s[2], by=coordinator, on=days_ago(51)
        )
    assert list(exc.value.message_dict) == ["on"]
    assert _snapshot(old_trajectory) == before
    # The same day is fine.
    trajectory_move(
        trajectory=old_trajectory, to_stage=s[2], by=coordinator, on=days_ago(50)
    )


def test_moving_to_a_stage_of_another_template_is_refused(
    old_trajectory, coordinator, arnhem, nijmegen
):
    other = JourneyTemplate.objects.create(municipality=arnhem, name="Jongeren")
    other_stage = Stage.objects.create(
        template=other, order=2, name="Intake jongeren", responsible_role="coordinator"
    )
    nijmegen_stage = Stage.objects.get(template__municipality=nijmegen, order=2)
    before = _snapshot(old_trajectory)
    for stage in (other_stage, nijmegen_stage):
        with pytest.raises(ValidationError) as exc:
            trajectory_move(
                trajectory=old_trajectory, to_stage=stage, by=coordinator, reason="x"
            )
        assert "another journey" in exc.value.messages[0]
    assert _snapshot(old_trajectory) == before


def test_time_per_stage_is_measurable_from_the_transitions(old_trajectory, coordinator):
    s = stages(old_trajectory)
    trajectory_move(
        trajectory=old_trajectory, to_stage=s[1], by=coordinator, on=days_ago(93)
    )
    trajectory_move(
        trajectory=old_trajectory, to_stage=s[2], by=coordinator, on=days_ago(80)
    )
    trajectory_move(
        trajectory=old_trajectory, to_stage=s[3], by=coordinator, on=days_ago(45)
    )
    transitions = list(
        StageTransition.objects.filter(trajectory=old_trajectory).order_by(
            "moved_on", "pk"
        )
    )
    assert [t.to_stage.name for t in transitions] == [
        "Signaal of aanvraag",
        "Eerste gesprek",
        "Integrale analyse",
        "Plan",
    ]
    durations = {
        prev.to_stage.name: (nxt.moved_on - prev.moved_on).days
        for prev, nxt in pairwise(transitions)
    }
    assert durations == {
        "Signaal of aanvraag": 7,
        "Eerste gesprek": 13,
        "Integrale analyse": 35,
    }
    old_trajectory.refresh_from_db()
    assert (TODAY() - old_trajectory.stage_entered_on).days == 45


# --- trajectory_close ---------------------------------------------------------------


def test_close_with_a_reason_keeps_the_stage(old_trajectory, coordinator):
    s = stages(old_trajectory)
    trajectory_move(
        trajectory=old_trajectory, to_stage=s[1], by=coordinator, on=days_ago(50)
    )
    closed = trajectory_close(
        trajectory=old_trajectory,
        by=coordinator,
        reason=ClosureReason.DROPPED_OUT,
        on=days_ago(10),
    )
    assert closed.closed_on == days_ago(10)
    assert closed.closure_reason == "dropped_out"
    assert not closed.is_open
    old_trajectory.refresh_from_db()
    assert old_trajectory.stage == s[1]  # where the resident stopped
    assert old_trajectory.closed_on == days_ago(10)


@pytest.mark.parametrize("reason", ["", "bored", "COMPLETED"])
def test_close_with_an_invalid_reason_is_refused(trajectory, coordinator, reason):
    with pytest.raises(ValidationError) as exc:
        trajectory_close(trajectory=trajectory, by=coordinator, reason=reason)
    assert list(exc.value.message_dict) == ["closure_reason"]
    trajectory.refresh_from_db()
    assert trajectory.closed_on is None
    assert trajectory.closure_reason == ""


def test_close_twice_is_refused(trajectory, coordinator):
    trajectory_close(trajectory=trajectory, by=coordinator, reason="completed")
    with pytest.raises(ValidationError):
        trajectory_close(trajectory=trajectory, by=coordinator, reason="moved")
    trajectory.refresh_from_db()
    assert trajectory.closure_reason == "completed"


def test_close_before_the_start_is_refused(old_trajectory, coordinator):
    with pytest.raises(ValidationError) as exc:
        trajectory_close(
            trajectory=old_trajectory,
            by=coordinator,
            reason="completed",
            on=days_ago(101),
        )
    assert "on" in exc.value.message_dict


# --- case team ----------------------------------------------------------------------


def test_case_team_add_gives_visibility(trajectory, coordinator, work_coach):
    assert not scope.visible_trajectories(work_coach).exists()
    member = case_team_add(
        trajectory=trajectory, professional=work_coach, by=coordinator
    )
    assert member.organisation_id == work_coach.organisation_id
    assert member.joined_on == TODAY()
    assert list(scope.visible_trajectories(work_coach)) == [trajectory]
    assert list(scope.visible_residents(work_coach)) == [trajectory.resident]


def test_case_team_add_twice_is_refused(trajectory, coordinator, income_consultant):
    with pytest.raises(ValidationError) as exc:
        case_team_add(
            trajectory=trajectory, professional=income_consultant, by=coordinator
        )
    assert "Mehmet Yilmaz" in exc.value.messages[0]
    assert trajectory.team.filter(professional=income_consultant).count() == 1


def test_case_team_add_refuses_another_municipality(trajectory, coordinator, foreigner):
    with pytest.raises(ValidationError):
        case_team_add(trajectory=trajectory, professional=foreigner, by=coordinator)
    assert not trajectory.team.filter(professional=foreigner).exists()
    assert not scope.visible_trajectories(foreigner).exists()


def test_case_team_add_refuses_a_professional_without_organisation(
    trajectory, coordinator, arnhem
):
    loner = ProfessionalFactory(municipality=arnhem, organisation=None)
    with pytest.raises(ValidationError):
        case_team_add(trajectory=trajectory, professional=loner, by=coordinator)


def test_case_team_end_removes_visibility_at_once(
    trajectory, coordinator, income_consultant
):
    member = trajectory.team.get(professional=income_consultant)
    assert list(scope.visible_trajectories(income_consultant)) == [trajectory]
    case_team_end(membership=member, by=coordinator)
    member.refresh_from_db()
    assert member.ended_on == TODAY()
    assert not scope.visible_trajectories(income_consultant).exists()
    assert not scope.visible_residents(income_consultant).exists()
    assert not scope.is_on_case_team(income_consultant, trajectory)
    # The coordinator still sees it.
    assert list(scope.visible_trajectories(coordinator)) == [trajectory]


def test_an_ended_member_can_rejoin(trajectory, coordinator, income_consultant):
    member = trajectory.team.get(professional=income_consultant)
    case_team_end(membership=member, by=coordinator)
    again = case_team_add(
        trajectory=trajectory, professional=income_consultant, by=coordinator
    )
    assert again.pk != member.pk
    assert list(scope.visible_trajectories(income_consultant)) == [trajectory]


def test_the_coordinator_cannot_leave_the_team(trajectory, coordinator):
    member = trajectory.team.get(professional=coordinator)
    with pytest.raises(ValidationError) as exc:
        case_team_end(membership=member, by=coordinator)
    assert "Hand over" in exc.value.messages[0]
    member.refresh_from_db()
    assert member.ended_on is None
    assert list(scope.visible_trajectories(coordinator)) == [trajectory]


def test_an_ended_membership_cannot_be_ended_again_to_reopen_access(
    trajectory, coordinator, income_consultant
):
    """Ending an ended membership with a later date would silently give access back."""
    member = trajectory.team.get(professional=income_consultant)
    case_team_end(membership=member, by=coordinator)
    with pytest.raises(ValidationError):
        case_team_end(
            membership=member,
            by=coordinator,
            on=TODAY() + datetime.timedelta(days=30),
        )
    member.refresh_from_db()
    assert member.ended_on == TODAY()
    assert not scope.visible_trajectories(income_consultant).exists()


# --- hand-over ----------------------------------------------------------------------


def test_handover_offer_by_the_coordinator(trajectory, coordinator, work_coach):
    h = handover_offer(
        trajectory=trajectory,
        to_professional=work_coach,
        by=coordinator,
        note="Ze wil graag aan het werk",
    )
    assert h.status == Handover.Status.OFFERED
    assert h.offered_by_id == coordinator.pk
    assert h.offered_on == TODAY()
    assert h.decided_on is None
    # An offer alone gives no access.
    assert not scope.visible_trajectories(work_coach).exists()


def test_handover_offer_only_by_the_coordinator(
    trajectory, income_consultant, work_coach
):
    with pytest.raises(ValidationError) as exc:
        handover_offer(
            trajectory=trajectory, to_professional=work_coach, by=income_consultant
        )
    assert "coordinator" in exc.value.messages[0]
    assert not Handover.objects.exists()


def test_handover_offer_only_to_another_organisation(trajectory, coordinator, arnhem):
    colleague = ProfessionalFactory(
        municipality=arnhem, organisation=coordinator.organisation
    )
    with pytest.raises(ValidationError) as exc:
        handover_offer(trajectory=trajectory, to_professional=colleague, by=coordinator)
    assert "to_professional" in exc.value.message_dict
    assert not Handover.objects.exists()


def test_handover_offer_stays_within_the_municipality(
    trajectory, coordinator, foreigner
):
    with pytest.raises(ValidationError):
        handover_offer(trajectory=trajectory, to_professional=foreigner, by=coordinator)
    assert not Handover.objects.exists()


def test_one_open_handover_at_a_time(
    trajectory, coordinator, work_coach, income_consultant
):
    handover_offer(trajectory=trajectory, to_professional=work_coach, by=coordinator)
    with pytest.raises(ValidationError):
        handover_offer(
            trajectory=trajectory, to_professional=income_consultant, by=coordinator
        )
    assert Handover.objects.count() == 1


def test_handover_accept_makes_them_coordinator_and_team_member(
    trajectory, coordinator, work_coach
):
    h = handover_offer(
        trajectory=trajectory, to_professional=work_coach, by=coordinator
    )
    accepted = handover_accept(handover=h, by=work_coach)
    assert accepted.status == Handover.Status.ACCEPTED
    assert accepted.decided_on == TODAY()
    trajectory.refresh_from_db()
    assert trajectory.coordinator_id == work_coach.pk
    member = scope.active_memberships().get(
        trajectory=trajectory, professional=work_coach
    )
    assert member.organisation_id == work_coach.organisation_id
    assert list(scope.visible_trajectories(work_coach)) == [trajectory]
    # The new coordinator cannot leave; the old one now can.
    with pytest.raises(ValidationError):
        case_team_end(membership=member, by=work_coach)
    old = trajectory.team.get(professional=coordinator)
    case_team_end(membership=old, by=work_coach)
    assert not scope.visible_trajectories(coordinator).filter(pk=trajectory.pk).exists()


def test_handover_accept_by_a_member_already_on_the_team(
    trajectory, coordinator, income_consultant
):
    h = handover_offer(
        trajectory=trajectory, to_professional=income_consultant, by=coordinator
    )
    handover_accept(handover=h, by=income_consultant)
    trajectory.refresh_from_db()
    assert trajectory.coordinator_id == income_consultant.pk
    assert (
        scope.active_memberships()
        .filter(trajectory=trajectory, professional=income_consultant)
        .count()
        == 1
    )


def test_after_an_answer_a_new_offer_is_possible(
    trajectory, coordinator, work_coach, income_consultant
):
    h = handover_offer(
        trajectory=trajectory, to_professional=work_coach, by=coordinator
    )
    handover_decline(handover=h, by=work_coach, reason="Geen plek in mijn caseload")
    second = handover_offer(
        trajectory=trajectory, to_professional=income_consultant, by=coordinator
    )
    assert second.status == Handover.Status.OFFERED


def test_handover_decline_needs_a_reason(trajectory, coordinator, work_coach):
    h = handover_offer(
        trajectory=trajectory, to_professional=work_coach, by=coordinator
    )
    with pytest.raises(ValidationError) as exc:
        handover_decline(handover=h, by=work_coach, reason="  ")
    assert "decline_reason" in exc.value.message_dict
    h.refresh_from_db()
    assert h.status == Handover.Status.OFFERED

    handover_decline(handover=h, by=work_coach, reason=" Geen plek in mijn caseload ")
    h.refresh_from_db()
    assert h.status == Handover.Status.DECLINED
    assert h.decline_reason == "Geen plek in mijn caseload"
    assert h.decided_on == TODAY()
    trajectory.refresh_from_db()
    assert trajectory.coordinator_id == coordinator.pk
    assert not scope.visible_trajectories(work_coach).exists()


def test_answering_a_handover_twice_is_refused_accept_then_decline(
    trajectory, coordinator, work_coach
):
    h = handover_offer(
        trajectory=trajectory, to_professional=work_coach, by=coordinator
    )
    handover_accept(handover=h, by=work_coach)
    with pytest.raises(ValidationError):
        handover_accept(handover=h, by=work_coach)
    # ``h`` is the object as offered; the service must look at the stored state.
    with pytest.raises(ValidationError):
        handover_decline(handover=h, by=work_coach, reason="toch niet")
    h.refresh_from_db()
    assert h.status == Handover.Status.ACCEPTED
    assert h.decline_reason == ""
    trajectory.refresh_from_db()
    assert trajectory.coordinator_id == work_coach.pk


def test_answering_a_handover_twice_is_refused_decline_then_accept(
    trajectory, coordinator, work_coach
):
    h = handover_offer(
        trajectory=trajectory, to_professional=work_coach, by=coordinator
    )
    handover_decline(handover=h, by=work_coach, reason="Geen tijd")
    with pytest.raises(ValidationError):
        handover_decline(handover=h, by=work_coach, reason="Nog steeds geen tijd")
    with pytest.raises(ValidationError):
        handover_accept(handover=h, by=work_coach)
    h.refresh_from_db()
    assert h.status == Handover.Status.DECLINED
    assert h.decline_reason == "Geen tijd"
    trajectory.refresh_from_db()
    assert trajectory.coordinator_id == coordinator.pk


def test_only_the_addressee_can_answer(
    trajectory, coordinator, work_coach, income_consultant
):
    h = handover_offer(
        trajectory=trajectory, to_professional=work_coach, by=coordinator
    )
    for other in (income_consultant, coordinator):
        with pytest.raises(ValidationError):
            handover_accept(handover=h, by=other)
        with pytest.raises(ValidationError):
            handover_decline(handover=h, by=other, reason="niet voor mij")
    h.refresh_from_db()
    assert h.status == Handover.Status.OFFERED
    trajectory.refresh_from_db()
    assert trajectory.coordinator_id == coordinator.pk


# --- contact ------------------------------------------------------------------------


def test_contact_record_sets_last_contact(old_trajectory, coordinator):
    contact = contact_record(
        trajectory=old_trajectory,
        by=coordinator,
        contact_on=days_ago(20),
        kind=Contact.Kind.HOME_VISIT,
        summary="Huisbezoek, kinderen thuis",
    )
    assert contact.professional_id == coordinator.pk
    old_trajectory.refresh_from_db()
    assert old_trajectory.last_contact_on == days_ago(20)


def test_last_contact_only_moves_forward(old_trajectory, coordinator):
    for n in (20, 30, 10, 15):
        contact_record(
            trajectory=old_trajectory,
            by=coordinator,
            contact_on=days_ago(n),
            kind=Contact.Kind.PHONE,
        )
    old_trajectory.refresh_from_db()
    assert old_trajectory.last_contact_on == days_ago(10)
    assert Contact.objects.filter(trajectory=old_trajectory).count() == 4


def test_contact_in_the_future_is_refused(trajectory, coordinator):
    with pytest.raises(ValidationError) as exc:
        contact_record(
            trajectory=trajectory,
            by=coordinator,
            contact_on=TODAY() + datetime.timedelta(days=1),
            kind=Contact.Kind.PHONE,
        )
    assert "contact_on" in exc.value.message_dict
    assert not Contact.objects.exists()
    trajectory.refresh_from_db()
    assert trajectory.last_contact_on is None


def test_contact_before_the_start_is_refused(old_trajectory, coordinator):
    with pytest.raises(ValidationError) as exc:
        contact_record(
            trajectory=old_trajectory,
            by=coordinator,
            contact_on=days_ago(101),
            kind=Contact.Kind.PHONE,
        )
    assert "contact_on" in exc.value.message_dict
    assert not Contact.objects.exists()


def test_contact_of_an_unknown_kind_is_refused(trajectory, coordinator):
    with pytest.raises(ValidationError) as exc:
        contact_record(
            trajectory=trajectory, by=coordinator, contact_on=TODAY(), kind="pigeon"
        )
    assert "kind" in exc.value.message_dict
    assert not Contact.objects.exists()
