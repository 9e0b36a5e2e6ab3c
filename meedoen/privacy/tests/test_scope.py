from meedoen.journeys.services import case_team_end
from meedoen.privacy import scope


def test_case_team_members_see_the_resident(resident, coordinator, income_consultant):
    assert list(scope.visible_residents(coordinator)) == [resident]
    assert list(scope.visible_residents(income_consultant)) == [resident]


def test_outsiders_and_other_municipalities_see_nothing(resident, outsider, foreigner):
    assert not scope.visible_residents(outsider).exists()
    assert not scope.visible_residents(foreigner).exists()
    assert not scope.visible_trajectories(foreigner).exists()


def test_team_lead_sees_what_team_members_work_on(resident, team_lead):
    assert list(scope.visible_residents(team_lead)) == [resident]


def test_ended_membership_removes_access_at_once(
    trajectory, income_consultant, coordinator
):
    membership = trajectory.team.get(professional=income_consultant)
    case_team_end(membership=membership, by=coordinator)
    assert not scope.visible_residents(income_consultant).exists()
