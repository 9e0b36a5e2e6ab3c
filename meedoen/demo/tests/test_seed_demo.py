"""The demo seed: one run into the test database (it takes a few seconds), checked
from every side the demo is used from, then a second run that must change nothing."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone
from stdnum.nl import bsn as bsn_number

from meedoen.casefile.caseload import caseload
from meedoen.casefile.selectors import resident_file
from meedoen.core.categories import Category
from meedoen.demo.seed import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    SCENARIO_FIRST_NAME,
    SCENARIO_LAST_NAME,
    count_rows,
    demo_bsn,
)
from meedoen.journeys.models import CaseTeamMember, Handover, Stage, Trajectory
from meedoen.meetings.models import AgendaItem, Meeting
from meedoen.organisations.models import Municipality, Organisation, Professional
from meedoen.plans.models import Action
from meedoen.privacy.models import ShareBasis
from meedoen.privacy_office import export
from meedoen.residents.models import HouseholdMember, Resident

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_a_realistic_municipality_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "created" in out.getvalue()
    for login in DEMO_LOGINS:
        assert login.username in out.getvalue()
    arnhem = Municipality.objects.get(name="Arnhem", code="0202")
    counts = count_rows(arnhem)

    # Size.
    assert 580 <= counts["residents"] <= 650
    assert 38 <= counts["professionals"] <= 45
    assert counts["meetings"] >= 20
    kinds = set(arnhem.organisations.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
    roles = set(arnhem.professionals.values_list("role", flat=True))
    assert roles == set(Professional.Role.values)

    # The journey: every stage has open trajectories, starts spread over 15+ months,
    # and some trajectories closed for each kind of reason that matters.
    trajectories = Trajectory.objects.filter(municipality=arnhem)
    # (The debt-help and youth journeys are offered at registration; the seed's
    # residents walk the participation journey.)
    used = trajectories.values("template_id")
    for stage in Stage.objects.filter(template__municipality=arnhem, template__in=used):
        assert trajectories.filter(stage=stage, closed_on__isnull=True).exists(), stage
    started = sorted(trajectories.values_list("started_on", flat=True))
    assert (started[-1] - started[0]).days >= 456
    closures = set(
        trajectories.exclude(closed_on=None).values_list("closure_reason", flat=True)
    )
    assert {"completed", "dropped_out", "withdrawn"} <= closures
    # Welfare and care have no legal task of their own: their seats rest on consent.
    members = CaseTeamMember.objects.filter(trajectory__municipality=arnhem)
    no_task = members.filter(organisation__legal_task="")
    assert no_task.exists()
    assert not no_task.exclude(basis=ShareBasis.CONSENT, consent__isnull=False).exists()
    assert (
        not members.exclude(organisation__legal_task="")
        .exclude(basis=ShareBasis.LEGAL_TASK)
        .exists()
    )
    statuses = set(Handover.objects.values_list("status", flat=True))
    assert statuses == set(Handover.Status.values)

    # Every BSN passes the eleven test, lies in the test range, and is unique.
    bsns = [r.bsn for r in Resident.objects.filter(municipality=arnhem)]
    assert all(bsn_number.is_valid(b) and b.startswith("9999") for b in bsns)
    assert len(set(bsns)) == len(bsns)

    # The demo logins work with the printed password.
    request = RequestFactory().post("/login/")
    for login in DEMO_LOGINS:
        user = authenticate(request, username=login.username, password=DEMO_PASSWORD)
        assert user is not None, login.username
        assert user.role == login.role
    assert Professional.objects.get(username="beheer").is_staff

    # The coordinator's caseload: full, with every kind of signal.
    coordinator = Professional.objects.get(username="coordinator")
    rows = caseload(coordinator)
    assert 20 <= len(rows) <= 35
    assert any(t.overdue_actions for t in rows)
    assert any(t.has_no_contact for t in rows)
    assert any(t.is_stuck for t in rows)
    now = timezone.now()
    her_meetings = Meeting.objects.filter(participants=coordinator)
    assert her_meetings.filter(starts_at__lt=now).exists()
    assert her_meetings.filter(starts_at__gt=now).exists()
    assert Handover.objects.filter(
        to_professional=coordinator, status=Handover.Status.OFFERED
    ).exists()

    # Seed 003: Linda, two children, in execution, at the Werktafel herself, with
    # steps for the social team, work, income, welfare and herself.
    linda = Resident.objects.get(
        first_name=SCENARIO_FIRST_NAME, last_name=SCENARIO_LAST_NAME
    )
    household = linda.household_memberships.get().household
    relations = list(household.members.values_list("relation", flat=True))
    assert relations.count(HouseholdMember.Relation.CHILD) == 2
    trajectory = linda.trajectories.get()
    assert trajectory.stage.name == "Uitvoering"
    assert trajectory.household == household
    assert trajectory.team.filter(professional=coordinator).exists()
    assert AgendaItem.objects.filter(
        trajectory=trajectory, resident_present=True
    ).exists()
    owners = {
        a.owner_organisation.kind
        if a.owner_organisation
        else a.owner_professional.organisation.kind
        if a.owner_professional
        else "resident"
        for a in Action.objects.filter(plan__trajectory=trajectory)
    }
    assert {
        "neighbourhood_team",
        "work",
        "income",
        "welfare",
        "resident",
    } <= owners

    # Her access request (AVG art. 15) holds every category and who accessed her
    # file, and nothing of another demo resident.
    selector_read = resident_file(coordinator, linda.pk)
    assert selector_read.resident.pk == linda.pk
    data = export.access_request(linda)
    assert set(data["categories"]) == set(Category.values)
    assert any(e["via"] == "resident_file" for e in data["access"]["events"])
    payload = export.access_request_json(data)
    assert linda.bsn.encode() in payload
    neighbour = (
        Resident.objects.exclude(pk=linda.pk)
        .exclude(household_memberships__household__members__resident=linda)
        .first()
    )
    assert neighbour.bsn.encode() not in payload
    assert (
        neighbour.last_name.encode() not in payload
        or neighbour.last_name == linda.last_name
    )

    # A second run finds the demo and changes nothing.
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "already there" in again.getvalue()
    assert count_rows(arnhem) == counts


def test_seed_demo_refuses_a_database_with_other_municipalities():
    Municipality.objects.create(name="Nijmegen", code="0268")
    with pytest.raises(CommandError, match="Nijmegen"):
        call_command("seed_demo", stdout=StringIO())
    assert not Municipality.objects.filter(code="0202").exists()


def test_demo_bsns_pass_the_eleven_test():
    numbers = [b for n in range(500) if (b := demo_bsn(n))]
    assert len(numbers) > 400
    assert all(bsn_number.is_valid(b) for b in numbers)
