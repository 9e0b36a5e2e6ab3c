"""Evaluation stories through the one door: read models, an audit of exactly the
stories' category per resident on the consent basis, and the write rule
``evaluation.record`` for a story (a member of the trajectory's case team)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meedoen.core import rules
from meedoen.core.models import AccessEvent
from meedoen.evaluations.selectors import BASIS
from meedoen.privacy.door import access_for
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db


def _last_seq():
    return (
        AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    )


@pytest.mark.parametrize("page", ["evaluation_detail", "evaluation_finding_add"])
def test_the_pages_audit_the_story_they_show_on_the_consent_basis(
    client, adviser, evaluation, story, page
):
    login(client, adviser)
    before = _last_seq()
    arg = evaluation.pk if page == "evaluation_detail" else story.pk
    response = client.get(reverse(page, args=[arg]))
    assert response.status_code == 200
    assert story.title in response.content.decode()
    events = list(
        AccessEvent.objects.filter(seq__gt=before, professional=adviser, via=page)
    )
    assert {(e.resident_id, e.category, e.basis) for e in events} == {
        (story.trajectory.resident_id, "notes", BASIS.format(evaluation=evaluation.pk))
    }


def test_the_story_rule_is_the_case_team(coordinator, team_lead, outsider, trajectory):
    assert rules.allowed(
        coordinator, "evaluation.record", access_for(coordinator, trajectory)
    )
    assert not rules.allowed(
        team_lead, "evaluation.record", access_for(team_lead, trajectory)
    )
    assert not rules.allowed(outsider, "evaluation.record", None)
