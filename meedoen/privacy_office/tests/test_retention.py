"""Retention: due per rule, dry run, anonymise keeping figures, destroy withdrawn."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from meedoen.casefile.selectors import resident_file
from meedoen.core import audit
from meedoen.core.models import AccessEvent
from meedoen.journeys.models import (
    Contact,
    JourneyTemplate,
    Stage,
    StageTransition,
    Trajectory,
)
from meedoen.journeys.services import (
    case_team_add,
    contact_record,
    next_stage,
    trajectory_close,
    trajectory_move,
)
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.meetings.models import AgendaItem, Decision
from meedoen.meetings.services import (
    agenda_item_record,
    decision_add,
    meeting_add_agenda_item,
    meeting_schedule,
)
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.models import Action, Goal
from meedoen.plans.services import (
    plan_action_add,
    plan_action_set_status,
    plan_goal_add,
)
from meedoen.privacy.models import Consent, EmergencyAccess
from meedoen.privacy.services import consent_record
from meedoen.privacy_office import retention
from meedoen.residents.models import Household, Resident
from meedoen.residents.services import household_create

D = datetime.date
STARTED = D(2012, 3, 1)
CLOSED = D(2014, 6, 30)


def _rich_trajectory(
    coordinator, *, started=STARTED, closed=CLOSED, reason="completed"
):
    """A closed trajectory with moves, plan, contact, a meeting, consent, household."""
    t = TrajectoryFactory(
        coordinator=coordinator, started_on=started, reason="Schulden"
    )
    day = started
    for _ in range(3):
        day += datetime.timedelta(days=10)
        trajectory_move(trajectory=t, to_stage=next_stage(t), by=coordinator, on=day)
        t.refresh_from_db()
    plan = t.plan
    goal = plan_goal_add(
        plan=plan,
        expected_version=plan.version,
        life_domain="finances",
        description="Schulden aflossen bij de bank",
        by=coordinator,
    )
    for n in range(2):
        action = plan_action_add(
            plan=plan,
            expected_version=plan.version,
            description=f"Brief schrijven {n}",
            owner_kind="resident",
            due_on=day,
            goal=goal,
            by=coordinator,
        )
        plan_action_set_status(
            action=action,
            expected_version=plan.version,
            status="done",
            by=coordinator,
            on=day,
        )
    contact_record(
        trajectory=t,
        by=coordinator,
        contact_on=day,
        kind="home_visit",
        summary="Vertelde over ruzie met de buren",
    )
    meeting = meeting_schedule(
        title="Werktafel",
        starts_at=timezone.now(),
        place="Wijkhuis",
        chair=coordinator,
    )
    item = meeting_add_agenda_item(
        meeting=meeting, trajectory=t, by=coordinator, question="Wat nu?"
    )
    agenda_item_record(item=item, by=coordinator, resident_present=True, notes="Moe")
    decision_add(item=item, text="Doorverwijzen naar schuldhulp", by=coordinator)
    welfare = OrganisationFactory(
        municipality=coordinator.municipality,
        kind=Organisation.Kind.WELFARE,
        name="Welzijn zonder wettelijke taak",
    )
    Organisation.objects.filter(pk=welfare.pk).update(legal_task="")
    welfare.refresh_from_db()
    consent_record(
        resident=t.resident,
        purpose="Hulp bij vrijwilligerswerk",
        organisations=[welfare],
        valid_from=day,
        valid_until=day + datetime.timedelta(days=365),
        by=coordinator,
    )
    worker = ProfessionalFactory(
        municipality=coordinator.municipality,
        organisation=welfare,
        role=Professional.Role.WELFARE_WORKER,
    )
    case_team_add(trajectory=t, professional=worker, by=coordinator, on=day)
    household_create(
        by=coordinator, name="Familie Jansen", members=[(t.resident, "head")]
    )
    EmergencyAccess.objects.create(
        professional=worker,
        resident=t.resident,
        reason="Crisis, collega ziek",
        granted_at=timezone.now(),
        expires_at=timezone.now(),
    )
    trajectory_close(trajectory=t, by=coordinator, reason=reason, on=closed)
    t.refresh_from_db()
    resident_file(coordinator, t.resident_id)  # some audit events for this resident
    return t


def _figures(t):
    return {
        "trajectories": Trajectory.objects.filter(resident_id=t.resident_id).count(),
        "transitions": StageTransition.objects.filter(trajectory=t).count(),
        "actions_done": Action.objects.filter(
            plan__trajectory=t, status="done"
        ).count(),
        "goals": Goal.objects.filter(plan__trajectory=t).count(),
        "contacts": Contact.objects.filter(trajectory=t).count(),
        "agenda_items": AgendaItem.objects.filter(trajectory=t).count(),
        "stage": Trajectory.objects.get(pk=t.pk).stage_id,
        "closed_on": Trajectory.objects.get(pk=t.pk).closed_on,
    }


def test_participatiewet_is_due_ten_years_after_closure_and_not_before(coordinator):
    t = _rich_trajectory(coordinator)
    ten_years = CLOSED + datetime.timedelta(days=3650)
    assert retention.due(ten_years - datetime.timedelta(days=1)) == []
    [item] = retention.due(ten_years)
    assert item.resident_id == t.resident_id
    assert item.rule == "participatiewet"
    assert item.outcome == "anonymise"
    assert item.trajectory_ids == [t.pk]


def test_wmo_template_counts_fifteen_years_from_the_start(coordinator, arnhem):
    template = JourneyTemplate.objects.create(municipality=arnhem, name="Wmo-maatwerk")
    Stage.objects.create(
        template=template, order=1, name="Melding", responsible_role="coordinator"
    )
    t = TrajectoryFactory(
        coordinator=coordinator, template=template, started_on=D(2000, 1, 1)
    )
    trajectory_close(trajectory=t, by=coordinator, reason="completed", on=D(2001, 1, 1))
    fifteen = D(2000, 1, 1) + datetime.timedelta(days=5475)
    assert retention.due(fifteen - datetime.timedelta(days=1)) == []
    [item] = retention.due(fifteen)
    assert item.rule == "wmo"


def test_a_resident_is_due_only_when_all_trajectories_are(coordinator):
    t = _rich_trajectory(coordinator)
    TrajectoryFactory(coordinator=coordinator, resident=t.resident)  # still open
    assert retention.due(D(2040, 1, 1)) == []


def test_dry_run_changes_nothing(coordinator):
    t = _rich_trajectory(coordinator)
    resident = Resident.objects.get(pk=t.resident_id)
    before = _figures(t)
    events = AccessEvent.objects.count()
    items = retention.due(D(2030, 1, 1))
    report = retention.apply(items, dry_run=True)
    assert report.dry_run
    assert report.rules["participatiewet"].residents == 1
    assert report.rules["participatiewet"].trajectories == 1
    assert report.rules["participatiewet"].resident_ids == [resident.pk]
    assert report.rules["participatiewet"].anonymised == 0
    after = Resident.objects.get(pk=resident.pk)
    assert (after.first_name, after.bsn, after.postcode) == (
        resident.first_name,
        resident.bsn,
        resident.postcode,
    )
    assert _figures(t) == before
    assert Goal.history.count() > 0
    assert Consent.objects.filter(resident=resident).exists()
    assert AccessEvent.objects.count() == events


def test_anonymise_keeps_figures_and_removes_identity(coordinator):
    t = _rich_trajectory(coordinator)
    resident = Resident.objects.get(pk=t.resident_id)
    before = _figures(t)
    plan_id = t.plan.pk
    report = retention.apply(retention.due(D(2030, 1, 1)), dry_run=False)
    assert report.rules["participatiewet"].anonymised == 1

    assert _figures(t) == before
    r = Resident.objects.get(pk=resident.pk)
    assert r.first_name == r.last_name == "geanonimiseerd"
    assert (r.bsn_encrypted, r.bsn_hash, r.phone, r.email) == ("", "", "", "")
    assert (r.street, r.house_number, r.postcode) == ("", "", "")
    assert r.birth_date == D(resident.birth_date.year, 1, 1)
    assert r.neighbourhood_id == resident.neighbourhood_id
    assert set(
        Goal.objects.filter(plan_id=plan_id).values_list("description", flat=True)
    ) == {"[verwijderd]"}
    assert set(
        Action.objects.filter(plan_id=plan_id).values_list("description", flat=True)
    ) == {"[verwijderd]"}
    assert not Goal.history.filter(plan_id=plan_id).exists()
    assert not Action.history.filter(plan_id=plan_id).exists()
    assert set(
        Contact.objects.filter(trajectory=t).values_list("summary", flat=True)
    ) == {""}
    item = AgendaItem.objects.get(trajectory=t)
    assert (item.notes, item.question, item.resident_present) == ("", "", True)
    assert set(
        Decision.objects.filter(agenda_item=item).values_list("text", flat=True)
    ) == {""}
    assert not Consent.objects.filter(resident=resident).exists()
    assert Household.objects.get(members__resident=resident).name == ""

    written = AccessEvent.objects.filter(
        resident_id=resident.pk, via="command:retention_apply"
    )
    assert written.exists()
    assert {(e.action, e.basis) for e in written} == {("write", "participatiewet")}
    assert audit.verify().ok
    # Not listed again.
    assert retention.due(D(2030, 1, 1)) == []


def test_withdrawn_application_is_destroyed_after_six_weeks(coordinator):
    started = timezone.localdate() - datetime.timedelta(days=200)
    closed = started + datetime.timedelta(days=60)
    t = _rich_trajectory(
        coordinator, started=started, closed=closed, reason="withdrawn"
    )
    resident_id, plan_id = t.resident_id, t.plan.pk
    assert retention.due(closed + datetime.timedelta(days=41)) == []
    [item] = retention.due(closed + datetime.timedelta(days=42))
    assert (item.rule, item.outcome) == ("ingetrokken", "destroy")
    events_before = AccessEvent.objects.filter(resident_id=resident_id).count()

    report = retention.apply([item], dry_run=False)
    assert report.rules["ingetrokken"].destroyed == 1
    assert not Resident.objects.filter(pk=resident_id).exists()
    assert not Trajectory.objects.filter(pk=t.pk).exists()
    assert not AgendaItem.objects.filter(trajectory_id=t.pk).exists()
    assert not Goal.history.filter(plan_id=plan_id).exists()
    assert not Action.history.filter(plan_id=plan_id).exists()
    assert not Consent.objects.filter(resident_id=resident_id).exists()
    assert not Household.objects.filter(name="Familie Jansen").exists()
    # The trail stays, with the destruction on it, and the chain verifies.
    assert AccessEvent.objects.filter(resident_id=resident_id).count() > events_before
    assert audit.verify().ok


@pytest.mark.parametrize("dry_run", [True, False])
def test_command_prints_the_report(coordinator, dry_run):
    t = _rich_trajectory(coordinator)
    out = StringIO()
    args = ["--today", "2030-01-01"] + (["--dry-run"] if dry_run else [])
    call_command("retention_apply", *args, stdout=out)
    text = out.getvalue()
    assert "participatiewet" in text
    assert "1 residents, 1 trajectories due" in text
    assert (f"residents: {t.resident_id}" in text) is dry_run
    anonymised = Resident.objects.get(pk=t.resident_id).first_name == "geanonimiseerd"
    assert anonymised is not dry_run
    assert audit.verify().ok


# --- through the handlers ------------------------------------------------------------


def _more_of_the_file(t, coordinator):
    """What the first retention left out: scores, work, a case story, an agenda
    item's earlier versions."""
    from meedoen.evaluations.models import CaseStory, Evaluation, Finding
    from meedoen.measurements.models import Measurement
    from meedoen.measurements.tests.factories import (
        ladder_measurement,
        matrix_measurement,
        work_record,
    )

    m = matrix_measurement(t, {"financien": 2}, by=coordinator, on=t.started_on)
    Measurement.objects.filter(pk=m.pk).update(correction_reason="Typfout")
    ladder_measurement(t, by=coordinator, on=t.started_on)
    work_record(t, by=coordinator)
    evaluation = Evaluation.objects.create(
        municipality=t.municipality, title="Evaluatie", created_by=coordinator
    )
    story = CaseStory.objects.create(
        evaluation=evaluation, trajectory=t, consent=Consent.objects.get(
            resident=t.resident), title="Haar verhaal", narrative="Het ging zo",
        author=coordinator, written_on=t.started_on,
    )  # fmt: skip
    Finding.objects.create(story=story, window="resident", text="Zij kreeg rust")
    return evaluation


def test_anonymise_reaches_every_app_through_its_handler(coordinator):
    from meedoen.evaluations.models import CaseStory, Evaluation
    from meedoen.measurements.models import (
        LadderProgress,
        Measurement,
        MeasurementValue,
        WorkRecord,
    )

    t = _rich_trajectory(coordinator)
    evaluation = _more_of_the_file(t, coordinator)
    scores = sorted(
        MeasurementValue.objects.filter(measurement__trajectory=t).values_list(
            "item__code", "value"
        )
    )
    assert AgendaItem.history.filter(trajectory_id=t.pk).exists()
    report = retention.apply(retention.due(D(2030, 1, 1)), dry_run=False)
    assert report.rules["participatiewet"].anonymised == 1
    # Figures stay: scores, ladder progress, hours of work.
    assert scores == sorted(
        MeasurementValue.objects.filter(measurement__trajectory=t).values_list(
            "item__code", "value"
        )
    )
    assert LadderProgress.objects.filter(trajectory=t).exists()
    assert WorkRecord.objects.get(trajectory=t).hours_per_week == 20
    # Words go: the employer, the correction's reason, the story, earlier versions.
    assert WorkRecord.objects.get(trajectory=t).organisation == ""
    assert set(
        Measurement.objects.filter(trajectory=t).values_list(
            "correction_reason", flat=True
        )
    ) == {""}
    assert not CaseStory.objects.filter(trajectory=t).exists()
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()
    assert not AgendaItem.history.filter(trajectory_id=t.pk).exists()
    assert set(
        EmergencyAccess.objects.filter(resident_id=t.resident_id).values_list(
            "reason", flat=True
        )
    ) == {"[verwijderd]"}
    assert audit.verify().ok


def test_destroy_reaches_every_app_through_its_handler(coordinator):
    from meedoen.evaluations.models import CaseStory
    from meedoen.measurements.models import Measurement, WorkRecord

    started = timezone.localdate() - datetime.timedelta(days=200)
    t = _rich_trajectory(
        coordinator, started=started, closed=started + datetime.timedelta(days=60),
        reason="withdrawn",
    )  # fmt: skip
    _more_of_the_file(t, coordinator)
    report = retention.apply(retention.due(), dry_run=False)
    assert report.rules["ingetrokken"].destroyed == 1
    assert not Resident.objects.filter(pk=t.resident_id).exists()
    for model in (Measurement, WorkRecord, CaseStory):
        assert not model.objects.filter(trajectory_id=t.pk).exists(), model
    assert not AgendaItem.history.filter(trajectory_id=t.pk).exists()
    assert not EmergencyAccess.objects.filter(resident_id=t.resident_id).exists()


def test_retention_never_changes_the_audit_trail(coordinator):
    """The trail's table refuses UPDATE and DELETE: retention only appends to it."""
    t = _rich_trajectory(coordinator)
    before = list(AccessEvent.objects.order_by("seq").values_list("seq", "hash"))
    retention.apply(retention.due(D(2030, 1, 1)), dry_run=False)
    after = list(AccessEvent.objects.order_by("seq").values_list("seq", "hash"))
    assert after[: len(before)] == before
    assert len(after) > len(before)
    assert AccessEvent.objects.filter(resident_id=t.resident_id).count() > 0


def test_handlers_run_in_foreign_key_order():
    """Rows that point at others go first: agenda items PROTECT trajectories, case
    stories PROTECT consents, trajectories PROTECT the resident."""
    from meedoen.core.personal_data import ordered_handlers

    order = [h.name for h in ordered_handlers()]
    assert order.index("meetings") < order.index("plans") < order.index("journeys")
    assert order.index("evaluations") < order.index("journeys")
    assert order.index("evaluations") < order.index("privacy")
    assert order.index("measurements") < order.index("journeys")
    assert order.index("journeys") < order.index("privacy") < order.index("residents")


# -- per municipality ------------------------------------------------------------------


def test_a_municipality_keeps_its_files_longer_and_only_its_own(coordinator, nijmegen):
    """One municipality's rule does not reach another's residents (tester's finding:
    a shortened global rule made 61 residents due)."""
    from meedoen.privacy.models import RetentionRule

    ours = _rich_trajectory(coordinator)
    nijmegen_coordinator = ProfessionalFactory(municipality=nijmegen)
    theirs = TrajectoryFactory(coordinator=nijmegen_coordinator, started_on=STARTED)
    trajectory_close(
        trajectory=theirs, by=nijmegen_coordinator, reason="completed", on=CLOSED
    )
    rule = RetentionRule(
        municipality=coordinator.municipality, code="participatiewet", days=4000
    )
    rule.full_clean()
    rule.save()
    ten_years = CLOSED + datetime.timedelta(days=3650)
    assert [i.resident_id for i in retention.due(ten_years)] == [theirs.resident_id]
    later = CLOSED + datetime.timedelta(days=4000)
    assert {i.resident_id for i in retention.due(later)} == {
        ours.resident_id,
        theirs.resident_id,
    }


def test_a_municipal_rule_never_shortens_the_national_term(coordinator):
    """Should a municipal row say less than the national rule (written past the
    validation), the engine still keeps the national term."""
    from meedoen.privacy.models import RetentionRule

    t = _rich_trajectory(coordinator)
    RetentionRule.objects.filter(code="participatiewet", municipality=None).update(
        days=4000
    )
    RetentionRule.objects.bulk_create(
        [
            RetentionRule(
                municipality=coordinator.municipality,
                code="participatiewet",
                name="Te kort",
                days=3650,
                legal_minimum_days=3650,
                start="closed",
                outcome="anonymise",
            )
        ]
    )
    assert retention.due(CLOSED + datetime.timedelta(days=3999)) == []
    [item] = retention.due(CLOSED + datetime.timedelta(days=4000))
    assert item.resident_id == t.resident_id
