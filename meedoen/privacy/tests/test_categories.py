"""Pages show only the categories a role may read (defaults from privacy.defaults)."""

import datetime

from meedoen.casefile.selectors import resident_file
from meedoen.core.models import AccessEvent
from meedoen.core.tests.helpers import empty_audit_trail
from meedoen.journeys.services import case_team_add
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.services import plan_action_add, plan_goal_add


def _goal(trajectory, by, domain, text):
    plan = trajectory.plan
    plan.refresh_from_db()
    goal = plan_goal_add(
        plan=plan,
        expected_version=plan.version,
        life_domain=domain,
        description=text,
        by=by,
    )
    plan.refresh_from_db()
    plan_action_add(
        plan=plan, expected_version=plan.version, description=f"Actie bij {text}",
        owner_kind="resident", due_on=datetime.date(2030, 1, 1), goal=goal, by=by,
    )  # fmt: skip


def _texts(user, resident):
    file = resident_file(user, resident.pk)
    t = file.trajectories[0]
    return {g.description for g in t.goals} | {a.description for a in t.actions}


def test_health_only_for_roles_with_a_basis_for_it(
    arnhem, trajectory, coordinator, income_consultant
):
    wijkteam = OrganisationFactory(
        municipality=arnhem, kind=Organisation.Kind.NEIGHBOURHOOD_TEAM
    )
    worker = ProfessionalFactory(
        municipality=arnhem,
        organisation=wijkteam,
        role=Professional.Role.NEIGHBOURHOOD_WORKER,
    )
    case_team_add(trajectory=trajectory, professional=worker, by=coordinator)
    _goal(trajectory, coordinator, "mental_health", "Minder somber")
    _goal(trajectory, coordinator, "finances", "Schulden op een rij")
    resident = trajectory.resident

    assert _texts(worker, resident) >= {"Minder somber", "Actie bij Minder somber"}
    income_sees = _texts(income_consultant, resident)
    assert "Schulden op een rij" in income_sees
    assert "Minder somber" not in income_sees
    assert "Actie bij Minder somber" not in income_sees
    # The coordinator (role coordinator) reads income but not health.
    coordinator_sees = _texts(coordinator, resident)
    assert "Schulden op een rij" in coordinator_sees
    assert "Minder somber" not in coordinator_sees


def test_the_audit_records_the_categories_shown_and_the_basis(
    trajectory, income_consultant
):
    _goal(trajectory, trajectory.coordinator, "finances", "Schulden op een rij")
    empty_audit_trail()
    resident_file(income_consultant, trajectory.resident.pk)
    events = AccessEvent.objects.filter(professional=income_consultant)
    assert {"identity", "plan", "income"} <= {e.category for e in events}
    assert "health" not in {e.category for e in events}
    assert all(
        e.basis.startswith("case_team; legal task: Participatiewet") for e in events
    )


def test_team_lead_reads_no_notes(trajectory, team_lead, coordinator):
    from meedoen.journeys.services import contact_record

    contact_record(
        trajectory=trajectory, by=coordinator, contact_on=trajectory.started_on,
        kind="phone", summary="Vertrouwelijk gesprek over de relatie",
    )  # fmt: skip
    file = resident_file(team_lead, trajectory.resident.pk)
    contacts = file.trajectories[0].contacts
    assert len(contacts) == 1
    assert "summary" not in contacts[0]
    assert contacts[0].hidden == {"summary": "notes"}
