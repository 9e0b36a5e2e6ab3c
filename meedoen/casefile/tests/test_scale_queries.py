"""Query counts do not grow with the city: the pages a professional uses all day run
the same number of queries whether the municipality holds a few other residents or
many more (other coordinators' trajectories, other teams, break-the-glass accesses of
others), and whether the team lead's board shows a few rows or many."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.journeys.services import case_team_add
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy.models import EmergencyAccess
from meedoen.web.tests.helpers import count_queries, login

pytestmark = pytest.mark.django_db


def grow_city(arnhem, social_team, income_consultant, n):
    """n more trajectories of others: half by a colleague in the coordinator's team
    (the team lead sees them), half by outsiders, each with a second member and a
    break-the-glass access of someone else."""
    for i in range(n):
        other = ProfessionalFactory(
            municipality=arnhem,
            role=Professional.Role.COORDINATOR,
            teams=[social_team] if i % 2 else [],
        )
        t = TrajectoryFactory(coordinator=other)
        case_team_add(trajectory=t, professional=income_consultant, by=other)
        EmergencyAccess.objects.create(
            professional=income_consultant,
            resident=t.resident,
            reason="bench",
            granted_at=timezone.now(),
            expires_at=timezone.now() + timedelta(hours=1),
        )


def counts(client, coordinator, team_lead, trajectory):
    resident = trajectory.resident
    pages = {
        "caseload": (coordinator, reverse("caseload")),
        "file": (coordinator, reverse("resident_file", args=[resident.pk])),
        "plan": (coordinator, reverse("plan_edit", args=[trajectory.pk])),
        "search": (
            coordinator,
            reverse("resident_search") + f"?q={resident.last_name[:4]}",
        ),
        "board": (coordinator, reverse("journey_board")),
        "board (team lead)": (team_lead, reverse("journey_board")),
    }
    result = {}
    for name, (user, url) in pages.items():
        login(client, user)
        client.get(url)  # warm up: sessions, content types
        result[name] = count_queries(client, url)
    return result


def test_page_queries_do_not_grow_with_the_city(
    client, arnhem, social_team, coordinator, team_lead, income_consultant, trajectory
):
    grow_city(arnhem, social_team, income_consultant, 2)
    small = counts(client, coordinator, team_lead, trajectory)
    grow_city(arnhem, social_team, income_consultant, 12)
    large = counts(client, coordinator, team_lead, trajectory)
    assert small == large
    assert all(n <= 30 for n in large.values()), large
