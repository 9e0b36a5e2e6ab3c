"""The need-to-know as PostgreSQL plans it: one list of ids from the user's own rows
(memberships UNION break the glass), never a hashed subplan tested against every
trajectory of the municipality (what ``id IN (...) OR resident_id IN (...)`` gave:
200 ms and more at a million residents). PostgreSQL only."""

import pytest
from django.db import connection

from meedoen.journeys.services import case_team_add
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.privacy.scope import visible_residents, visible_trajectories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's plans only"
    ),
]


@pytest.mark.parametrize("who", ["coordinator", "team_lead"])
def test_need_to_know_is_a_union_of_the_users_rows(request, who, income_consultant):
    coordinator = request.getfixturevalue("coordinator")
    for _ in range(3):
        t = TrajectoryFactory(coordinator=coordinator)
        case_team_add(trajectory=t, professional=income_consultant, by=coordinator)
    user = request.getfixturevalue(who)
    for qs in (visible_trajectories(user), visible_residents(user)):
        sql, params = qs.query.sql_with_params()
        assert " UNION " in sql
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "hashed SubPlan" not in plan, plan
    assert visible_trajectories(user).count() >= 3
