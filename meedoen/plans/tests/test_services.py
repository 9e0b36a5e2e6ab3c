"""Business rules of the one plan: goals, actions with an owner, optimistic locking,
the resident's agreement and the history of changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.core.categories import LifeDomain
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.models import Action, Goal, Plan
from meedoen.plans.services import (
    PlanChangedError,
    plan_action_add,
    plan_action_set_status,
    plan_agree,
    plan_goal_add,
    plan_goal_set_status,
)

TODAY = timezone.localdate


def in_days(n):
    return TODAY() + datetime.timedelta(days=n)


def fresh(plan):
    return Plan.objects.get(pk=plan.pk)


@pytest.fixture
def plan(trajectory):
    return trajectory.plan


@pytest.fixture
def welfare(arnhem):
    return OrganisationFactory(
        municipality=arnhem, name="Welzijn Arnhem", kind="welfare"
    )


def _goal(plan, by, domain=LifeDomain.HOUSING, text="Een eigen huis"):
    return plan_goal_add(
        plan=plan,
        expected_version=fresh(plan).version,
        life_domain=domain,
        description=text,
        by=by,
    )


def _action(plan, by, **kwargs):
    defaults = {
        "description": "Urgentie aanvragen",
        "owner_kind": Action.OwnerKind.RESIDENT,
        "due_on": in_days(14),
        "life_domain": "housing",
    }
    defaults.update(kwargs)
    return plan_action_add(
        plan=plan, expected_version=fresh(plan).version, by=by, **defaults
    )


# --- goals --------------------------------------------------------------------------


def test_goal_add_raises_the_version(plan, coordinator):
    goal = plan_goal_add(
        plan=plan,
        expected_version=1,
        life_domain=LifeDomain.HOUSING,
        description="  Een eigen huis voor mij en de kinderen ",
        by=coordinator,
    )
    assert goal.plan == plan
    assert goal.description == "Een eigen huis voor mij en de kinderen"
    assert goal.status == Goal.Status.ACTIVE
    assert plan.version == 2
    assert fresh(plan).version == 2


@pytest.mark.parametrize(
    "domain, text, key",
    [("dreams", "Iets", "life_domain"), ("housing", "   ", "description")],
)
def test_goal_add_refuses_bad_input(plan, coordinator, domain, text, key):
    with pytest.raises(ValidationError) as exc:
        plan_goal_add(
            plan=plan,
            expected_version=1,
            life_domain=domain,
            description=text,
            by=coordinator,
        )
    assert key in exc.value.message_dict
    assert fresh(plan).version == 1
    assert not Goal.objects.exists()


def test_goal_set_status(plan, coordinator):
    goal = _goal(plan, coordinator)
    plan_goal_set_status(
        goal=goal, expected_version=2, status=Goal.Status.REACHED, by=coordinator
    )
    goal.refresh_from_db()
    assert goal.status == "reached"
    assert fresh(plan).version == 3
    with pytest.raises(ValidationError):
        plan_goal_set_status(goal=goal, expected_version=3, status="x", by=coordinator)
    assert fresh(plan).version == 3


# --- actions and owners -------------------------------------------------------------


def test_action_owned_by_a_professional(plan, coordinator, income_consultant, welfare):
    action = _action(
        plan,
        coordinator,
        description=" Bijzondere bijstand aanvragen ",
        owner_kind=Action.OwnerKind.PROFESSIONAL,
        owner_professional=income_consultant,
        owner_organisation=welfare,  # ignored for this kind
    )
    assert action.description == "Bijzondere bijstand aanvragen"
    assert action.owner_professional == income_consultant
    assert action.owner_organisation is None
    assert action.owner_label == "Mehmet Yilmaz (Werk en Inkomen Arnhem)"
    assert action.status == Action.Status.OPEN
    assert fresh(plan).version == 2


def test_action_owned_by_an_organisation(plan, coordinator, income_consultant, welfare):
    action = _action(
        plan,
        coordinator,
        owner_kind=Action.OwnerKind.ORGANISATION,
        owner_organisation=welfare,
        owner_professional=income_consultant,  # ignored for this kind
    )
    assert action.owner_organisation == welfare
    assert action.owner_professional is None
    assert action.owner_label == "Welzijn Arnhem"


def test_action_owned_by_the_resident(plan, coordinator, income_consultant):
    action = _action(
        plan,
        coordinator,
        owner_kind=Action.OwnerKind.RESIDENT,
        owner_professional=income_consultant,
    )
    assert action.owner_professional is None
    assert action.owner_organisation is None
    assert action.owner_label == "the resident"


def test_action_for_a_goal(plan, coordinator):
    goal = _goal(plan, coordinator)
    action = _action(plan, coordinator, goal=goal)
    assert list(goal.actions.all()) == [action]


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"owner_kind": "professional"}, "owner_professional"),
        ({"owner_kind": "organisation"}, "owner_organisation"),
        ({"owner_kind": "neighbour"}, "owner_kind"),
        ({"owner_kind": ""}, "owner_kind"),
        ({"owner_kind": "organisation", "due_on": None}, "due_on"),
        ({"description": "  "}, "description"),
        ({"life_domain": ""}, "life_domain"),
    ],
)
def test_action_without_owner_or_date_is_refused(plan, coordinator, kwargs, key):
    with pytest.raises(ValidationError) as exc:
        _action(plan, coordinator, **kwargs)
    assert key in exc.value.message_dict
    assert exc.value.message_dict[key][0]
    assert not Action.objects.exists()
    assert fresh(plan).version == 1


def test_action_owner_of_another_municipality_is_refused(
    plan, coordinator, foreigner, nijmegen
):
    with pytest.raises(ValidationError) as exc:
        _action(
            plan, coordinator, owner_kind="professional", owner_professional=foreigner
        )
    assert "owner_professional" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _action(
            plan,
            coordinator,
            owner_kind="organisation",
            owner_organisation=OrganisationFactory(municipality=nijmegen),
        )
    assert "owner_organisation" in exc.value.message_dict
    assert not Action.objects.exists()
    assert fresh(plan).version == 1


def test_action_for_a_goal_of_another_plan_is_refused(plan, coordinator):
    other = TrajectoryFactory(coordinator=coordinator).plan
    foreign_goal = _goal(other, coordinator)
    with pytest.raises(ValidationError) as exc:
        _action(plan, coordinator, goal=foreign_goal)
    assert "goal" in exc.value.message_dict
    assert not Action.objects.exists()
    assert fresh(plan).version == 1


def test_action_set_status_done_and_open_again(plan, coordinator):
    action = _action(plan, coordinator)
    plan_action_set_status(
        action=action,
        expected_version=2,
        status=Action.Status.DONE,
        by=coordinator,
        on=TODAY() - datetime.timedelta(days=1),
    )
    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_on == TODAY() - datetime.timedelta(days=1)
    plan_action_set_status(
        action=action, expected_version=3, status=Action.Status.OPEN, by=coordinator
    )
    action.refresh_from_db()
    assert action.status == "open"
    assert action.done_on is None
    with pytest.raises(ValidationError) as exc:
        plan_action_set_status(
            action=action, expected_version=4, status="half", by=coordinator
        )
    assert "status" in exc.value.message_dict
    assert fresh(plan).version == 4


# --- optimistic locking -------------------------------------------------------------


def test_two_editors_the_second_is_refused_and_the_first_change_is_intact(
    plan, coordinator, income_consultant
):
    _goal(plan, coordinator)
    seen_by_first = fresh(plan)
    seen_by_second = fresh(plan)
    n = seen_by_first.version
    assert seen_by_second.version == n

    first = plan_action_add(
        plan=seen_by_first,
        expected_version=n,
        description="Uitkering aanvragen",
        owner_kind="professional",
        owner_professional=income_consultant,
        due_on=in_days(7),
        by=income_consultant,
        life_domain="social_network",
    )
    assert fresh(plan).version == n + 1

    with pytest.raises(PlanChangedError) as exc:
        plan_action_add(
            plan=seen_by_second,
            expected_version=n,
            description="Iets anders",
            owner_kind="resident",
            due_on=in_days(7),
            by=coordinator,
            life_domain="social_network",
        )
    assert exc.value.code == "stale"
    assert "not saved" in exc.value.messages[0]
    assert isinstance(exc.value, ValidationError)
    assert fresh(plan).version == n + 1
    assert list(Action.objects.filter(plan=plan)) == [first]
    assert Action.objects.get().description == "Uitkering aanvragen"


def test_stale_goal_edits_are_refused(plan, coordinator):
    goal = _goal(plan, coordinator)  # version 2
    _goal(plan, coordinator, LifeDomain.FINANCES, "Schulden op een rij")  # version 3
    with pytest.raises(PlanChangedError):
        plan_goal_set_status(
            goal=goal, expected_version=2, status="dropped", by=coordinator
        )
    with pytest.raises(PlanChangedError):
        plan_goal_add(
            plan=plan,
            expected_version=2,
            life_domain="work_education",
            description="Studeren",
            by=coordinator,
        )
    goal.refresh_from_db()
    assert goal.status == "active"
    assert Goal.objects.count() == 2
    assert fresh(plan).version == 3


def test_stale_action_status_is_refused(plan, coordinator):
    action = _action(plan, coordinator)  # version 2
    _action(plan, coordinator, description="Tweede")  # version 3
    with pytest.raises(PlanChangedError):
        plan_action_set_status(
            action=action, expected_version=2, status="done", by=coordinator
        )
    action.refresh_from_db()
    assert action.status == "open"
    assert action.done_on is None
    assert fresh(plan).version == 3


def test_a_future_version_is_refused_too(plan, coordinator):
    with pytest.raises(PlanChangedError):
        _goal_with_version(plan, coordinator, 7)
    assert fresh(plan).version == 1


def _goal_with_version(plan, by, version):
    return plan_goal_add(
        plan=plan,
        expected_version=version,
        life_domain="housing",
        description="x",
        by=by,
    )


# --- agreement ----------------------------------------------------------------------


def test_plan_agree_records_date_and_version(plan, coordinator):
    _goal(plan, coordinator)
    _action(plan, coordinator)
    yesterday = TODAY() - datetime.timedelta(days=1)
    trajectory = plan.trajectory
    trajectory.started_on = TODAY() - datetime.timedelta(days=10)
    trajectory.save(update_fields=["started_on"])

    agreed = plan_agree(
        plan=fresh(plan),
        expected_version=3,
        agreed_on=yesterday,
        by=coordinator,
        note="Linda zegt: zo wil ik het",
    )
    assert agreed.version == 4
    stored = fresh(plan)
    assert stored.agreed_on == yesterday
    # Agreed to the content as it was (version 3: a goal and an action).
    assert stored.agreed_version == 3
    assert stored.version == 4
    assert stored.agreement_note == "Linda zegt: zo wil ik het"
    assert stored.is_agreed

    # A later change means the resident has not agreed to what is there now.
    _action(plan, coordinator, description="Nieuwe afspraak")
    stored = fresh(plan)
    assert stored.version == 5
    assert stored.agreed_version == 3
    assert not stored.is_agreed


def test_plan_agree_in_the_future_is_refused(plan, coordinator):
    _goal(plan, coordinator)
    with pytest.raises(ValidationError) as exc:
        plan_agree(
            plan=fresh(plan), expected_version=2, agreed_on=in_days(1), by=coordinator
        )
    assert "agreed_on" in exc.value.message_dict
    stored = fresh(plan)
    assert stored.agreed_on is None
    assert stored.version == 2


def test_plan_agree_before_the_start_is_refused(plan, coordinator):
    _goal(plan, coordinator)
    with pytest.raises(ValidationError) as exc:
        plan_agree(
            plan=fresh(plan),
            expected_version=2,
            agreed_on=plan.trajectory.started_on - datetime.timedelta(days=1),
            by=coordinator,
        )
    assert "agreed_on" in exc.value.message_dict
    assert fresh(plan).agreed_on is None


def test_an_empty_plan_cannot_be_agreed(plan, coordinator):
    with pytest.raises(ValidationError) as exc:
        plan_agree(plan=plan, expected_version=1, agreed_on=TODAY(), by=coordinator)
    assert "empty" in exc.value.messages[0]
    stored = fresh(plan)
    assert stored.agreed_on is None
    assert stored.version == 1


def test_a_stale_agreement_is_refused(plan, coordinator):
    _goal(plan, coordinator)  # 2
    _goal(plan, coordinator, LifeDomain.FINANCES, "Schulden")  # 3
    with pytest.raises(PlanChangedError):
        plan_agree(
            plan=fresh(plan), expected_version=2, agreed_on=TODAY(), by=coordinator
        )
    stored = fresh(plan)
    assert stored.agreed_on is None
    assert stored.agreed_version is None


# --- history ------------------------------------------------------------------------


def test_a_changed_action_has_history(plan, coordinator):
    action = _action(plan, coordinator, description="Schuldhulp aanvragen")
    plan_action_set_status(
        action=action, expected_version=2, status="done", by=coordinator
    )
    records = list(action.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.status) for r in records] == [
        ("+", "open"),
        ("~", "done"),
    ]
    assert records[0].description == "Schuldhulp aanvragen"
    assert records[1].done_on == TODAY()


def test_a_changed_goal_has_history(plan, coordinator):
    goal = _goal(plan, coordinator)
    plan_goal_set_status(
        goal=goal, expected_version=2, status="reached", by=coordinator
    )
    assert [r.status for r in goal.history.order_by("history_date", "history_id")] == [
        "active",
        "reached",
    ]


def test_any_professional_of_the_municipality_can_own_an_action(
    plan, arnhem, coordinator
):
    """Owners are not limited to the case team: the table may ask a colleague (the
    writer is on the case team; the owner need not be)."""
    colleague = ProfessionalFactory(municipality=arnhem)
    action = _action(
        plan, coordinator, owner_kind="professional", owner_professional=colleague
    )
    assert action.owner_professional == colleague


def test_the_residents_own_step_may_go_without_a_due_date(plan, coordinator):
    action = _action(plan, coordinator, due_on=None)
    assert action.due_on is None
    with pytest.raises(ValidationError) as exc:
        _action(plan, coordinator, owner_kind="professional", due_on=None,
                owner_professional=coordinator)  # fmt: skip
    assert "due_on" in exc.value.message_dict


def test_completing_an_action_keeps_the_agreement_changing_the_plan_does_not(
    plan, coordinator
):
    trajectory = plan.trajectory
    trajectory.started_on = TODAY() - datetime.timedelta(days=10)
    trajectory.save(update_fields=["started_on"])
    action = _action(plan, coordinator)
    plan_agree(plan=fresh(plan), expected_version=fresh(plan).version,
               agreed_on=TODAY(), by=coordinator)  # fmt: skip
    plan_action_set_status(action=action, expected_version=fresh(plan).version,
                           status="done", by=coordinator)  # fmt: skip
    assert fresh(plan).is_agreed
    _goal(plan, coordinator)
    assert not fresh(plan).is_agreed


def test_an_action_without_goal_takes_its_own_life_domain(plan, coordinator):
    action = _action(plan, coordinator, life_domain="finances")
    assert action.domain == "finances"
    with pytest.raises(ValidationError) as exc:
        _action(plan, coordinator, life_domain="")
    assert "life_domain" in exc.value.message_dict


def test_a_team_lead_cannot_change_the_plan_through_the_service(plan, team_lead):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _action(plan, team_lead)
    assert fresh(plan).version == 1
