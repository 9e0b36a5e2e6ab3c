"""The rules of the four-windows evaluation: a story only with the resident's consent
in force for this purpose, written by a case-team member, and every write audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.evaluations import services
from meedoen.evaluations.models import Window
from meedoen.evaluations.tests.conftest import add_story, consent_for
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy.services import consent_withdraw

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_evaluation_create_needs_a_reader_role_and_a_title(adviser, outsider):
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(by=adviser, title=" ", question="")
    assert "title" in _errors(exc)
    income = ProfessionalFactory(
        income_consultant=True, municipality=adviser.municipality
    )
    with pytest.raises(PermissionDenied):
        services.evaluation_create(by=income, title="X", question="")
    evaluation = services.evaluation_create(by=adviser, title=" Maat ", question="")
    assert evaluation.title == "Maat"
    assert evaluation.municipality_id == adviser.municipality_id


def test_a_story_with_the_residents_consent_is_added_and_audited(
    evaluation, trajectory, coordinator
):
    before = AccessEvent.objects.count()
    story = add_story(evaluation, trajectory, coordinator)
    assert story.author == coordinator
    event = AccessEvent.objects.order_by("-seq").first()
    assert AccessEvent.objects.count() > before
    assert event.action == AccessEvent.Action.WRITE
    assert event.category == Category.NOTES
    assert event.resident_id == trajectory.resident_id
    assert event.via == "story_add"


def test_no_consent_is_refused(evaluation, trajectory, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.story_add(
            evaluation=evaluation, trajectory=trajectory, consent=None, title="T",
            narrative="N", written_with_resident=True,
            written_on=timezone.localdate(), by=coordinator,
        )  # fmt: skip
    assert "consent" in _errors(exc)


def test_a_consent_of_another_resident_is_refused(evaluation, trajectory, coordinator):
    other = TrajectoryFactory(coordinator=coordinator)
    consent = consent_for(other, coordinator)
    with pytest.raises(ValidationError) as exc:
        add_story(evaluation, trajectory, coordinator, consent=consent)
    assert _errors(exc)["consent"] == [
        "This consent was not given by the resident of this trajectory."
    ]


def test_a_withdrawn_consent_is_refused(evaluation, trajectory, coordinator):
    consent = consent_withdraw(
        consent=consent_for(trajectory, coordinator), by=coordinator
    )
    with pytest.raises(ValidationError) as exc:
        add_story(evaluation, trajectory, coordinator, consent=consent)
    assert _errors(exc)["consent"] == ["The resident withdrew this consent."]


def test_an_expired_or_future_consent_is_refused(evaluation, trajectory, coordinator):
    expired = consent_for(trajectory, coordinator, start=-400, end=-1)
    with pytest.raises(ValidationError) as exc:
        add_story(evaluation, trajectory, coordinator, consent=expired)
    assert _errors(exc)["consent"] == ["This consent has expired."]
    future = consent_for(trajectory, coordinator, start=3, end=300)
    with pytest.raises(ValidationError) as exc:
        add_story(evaluation, trajectory, coordinator, consent=future)
    assert _errors(exc)["consent"] == ["This consent is not yet in force."]


def test_a_consent_for_another_purpose_is_refused(evaluation, trajectory, coordinator):
    consent = consent_for(trajectory, coordinator, purpose="Samenwerken aan het plan")
    with pytest.raises(ValidationError) as exc:
        add_story(evaluation, trajectory, coordinator, consent=consent)
    assert "consent" in _errors(exc)


def test_title_and_narrative_are_required_and_the_title_must_not_name_the_resident(
    evaluation, trajectory, coordinator
):
    with pytest.raises(ValidationError) as exc:
        add_story(evaluation, trajectory, coordinator, title=" ", narrative=" ")
    assert set(_errors(exc)) >= {"title", "narrative"}
    named = f"Het verhaal van {trajectory.resident.last_name}"
    with pytest.raises(ValidationError) as exc:
        add_story(evaluation, trajectory, coordinator, title=named)
    assert "title" in _errors(exc)


def test_only_a_case_team_member_writes_a_story(
    evaluation, trajectory, coordinator, outsider, team_lead, adviser
):
    # Only a member of the case team records the resident's consent.
    with pytest.raises(PermissionDenied):
        consent_for(trajectory, outsider)
    consent = consent_for(trajectory, coordinator)
    for user in (outsider, team_lead, adviser):
        with pytest.raises(PermissionDenied):
            add_story(evaluation, trajectory, user, consent=consent)


def test_a_trajectory_of_another_municipality_is_refused(evaluation, foreigner):
    trajectory = TrajectoryFactory(coordinator=foreigner)
    with pytest.raises(ValidationError) as exc:
        add_story(evaluation, trajectory, foreigner)
    assert "trajectory" in _errors(exc)


def test_finding_add_validates_and_is_audited(story, adviser, foreigner, outsider):
    with pytest.raises(ValidationError) as exc:
        services.finding_add(story=story, window="weather", text=" ", by=adviser)
    assert set(_errors(exc)) == {"window", "text"}
    for user in (foreigner,):
        with pytest.raises(PermissionDenied):
            services.finding_add(story=story, window=Window.POLICY, text="x", by=user)
    income = ProfessionalFactory(
        income_consultant=True, municipality=adviser.municipality
    )
    with pytest.raises(PermissionDenied):
        services.finding_add(story=story, window=Window.POLICY, text="x", by=income)
    finding = services.finding_add(
        story=story,
        window=Window.POLICY,
        text="Geldstromen lopen gescheiden.",
        by=adviser,
    )
    assert finding.story == story
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.via, event.resident_id) == (
        AccessEvent.Action.WRITE, "finding_add", story.trajectory.resident_id,
    )  # fmt: skip


def test_no_finding_on_a_story_whose_consent_was_withdrawn(story, adviser, coordinator):
    consent_withdraw(consent=story.consent, by=coordinator)
    story.consent.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.finding_add(story=story, window=Window.RESIDENT, text="x", by=adviser)
    assert "story" in _errors(exc)
