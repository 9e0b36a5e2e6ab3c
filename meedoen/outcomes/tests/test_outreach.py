"""Outreach in the outcome report: reach per campaign and neighbourhood and the
activation teams, with small numbers suppressed like the rest of the report."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.outcomes import outreach
from meedoen.outcomes.indicators import Population
from meedoen.outreach import services
from meedoen.outreach.models import Visit
from meedoen.outreach.tests import factories as f
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(arnhem, coordinator, trajectory):
    klarendal, presikhaaf = f.neighbourhoods(arnhem)
    f.residents_at(arnhem, klarendal, 12, "Klarendalseweg")
    f.residents_at(arnhem, presikhaaf, 3, "Presikhaafweg")
    campaign = f.campaign(coordinator, klarendal, presikhaaf)
    (visit_round,) = services.campaign_assign(
        campaign=campaign, by=coordinator, workers=[coordinator],
        planned_on=timezone.localdate(),
    )  # fmt: skip
    Visit.objects.filter(round=visit_round).update(
        outcome="no_help", visited_on=timezone.localdate()
    )
    team = services.team_create(by=coordinator, name="Team Klarendal",
                                neighbourhood=klarendal)  # fmt: skip
    member = services.member_add(team=team, by=coordinator,
                                 resident_id=trajectory.resident_id,
                                 joined_on=timezone.localdate())  # fmt: skip
    activity = services.activity_plan(team=team, by=coordinator,
                                      held_on=timezone.localdate(), place="Plein",
                                      description="Opruimen")  # fmt: skip
    services.participation_record(activity=activity, by=coordinator,
                                  members=[member], neighbours=25)  # fmt: skip
    return campaign


def _pop(arnhem, **kwargs):
    today = timezone.localdate()
    return Population(
        municipality_id=arnhem.pk, start=today - datetime.timedelta(days=30),
        end=today, **kwargs,
    )  # fmt: skip


def test_small_numbers_are_suppressed_with_their_complements(arnhem, scene):
    figures = outreach.build(_pop(arnhem), limit=10)
    (campaign,) = figures.campaigns
    assert campaign.total.addresses == 15
    assert campaign.total.cells["visited"].display == "15"
    rows = {r.label: r for r in campaign.neighbourhoods}
    # Presikhaaf's 3 is small; Klarendal's 12 would give it away (15 - 12).
    assert rows["Presikhaaf"].cells["visited"].suppressed
    assert rows["Klarendal"].cells["visited"].suppressed
    assert campaign.total.cells["help_wanted"].suppressed  # 0 < 10
    (team,) = figures.teams
    assert team.activities == 1
    assert team.participants.suppressed  # one member
    assert team.neighbours.display == "25"


def test_not_for_a_filter_outreach_does_not_know(arnhem, scene):
    assert outreach.build(_pop(arnhem, coach_id=1), limit=10) is None
    assert outreach.build(_pop(arnhem, within_team_ids=(1,)), limit=10) is None


def test_the_report_page_shows_outreach(client, arnhem, scene):
    adviser = ProfessionalFactory(
        municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )
    login(client, adviser)
    html = client.get(reverse("outcome_report")).content.decode()
    assert "Reach of Huisbezoeken Klarendal" in html
    assert "Activation teams: activities and participants" in html


def test_the_spreadsheet_holds_outreach_suppressed(client, arnhem, scene):
    adviser = ProfessionalFactory(
        municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )
    login(client, adviser)
    response = client.get(reverse("outcome_report_csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Huisbezoeken Klarendal" in text
    lines = [line for line in text.splitlines() if line.startswith("Huisbezoeken")]
    presikhaaf = next(line for line in lines if "Presikhaaf" in line)
    assert "suppressed" in presikhaaf
    assert "Team Klarendal" in text
