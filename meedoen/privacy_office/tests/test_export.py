"""The resident's right of access: everything of her, sorted by category, nothing of
anyone else. The export is built from the apps' handlers only."""

import datetime
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.personal_data import handlers, registry
from meedoen.evaluations.models import CaseStory, Evaluation, Finding
from meedoen.journeys.models import Contact, Handover
from meedoen.journeys.services import case_team_add, next_stage, trajectory_move
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.measurements.models import LadderProgress, Measurement, WorkRecord
from meedoen.measurements.tests.factories import ladder_measurement, matrix_measurement
from meedoen.meetings.models import AgendaItem, Decision, Meeting
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.models import Action, Goal
from meedoen.privacy.models import Consent, EmergencyAccess
from meedoen.privacy_office import export
from meedoen.residents.models import Resident
from meedoen.residents.services import household_create
from meedoen.residents.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

# Stored in another form than shown: the BSN is exported decrypted (checked apart),
# its keyed search hash is a lookup key, not data about the resident.
# Stored forms of what the export shows otherwise: the BSN (decrypted), the name's
# search and sort keys (derived from the name, which is exported), a question's BSN.
NOT_SHOWN_AS_STORED = {
    (Resident, "bsn_encrypted"),
    (Resident, "bsn_hash"),
    (Resident, "search_key"),
    (Resident, "sort_key"),
    ("Question", "bsn_encrypted"),
}


def _full_file(resident, coordinator, meeting, evaluation):
    """One row of every kind the file holds, made directly (the services have their
    own tests): a trajectory with a move, team, hand-over, contact, plan, goal and
    action (with history), an agenda item and decision, consent, an emergency access,
    measurements with scores, ladder progress, a work record, a case story."""
    t = TrajectoryFactory(coordinator=coordinator, resident=resident, reason="r")
    trajectory_move(trajectory=t, to_stage=next_stage(t), by=coordinator, reason="m")
    welfare = OrganisationFactory(
        municipality=resident.municipality, kind=Organisation.Kind.WELFARE
    )
    consent = Consent.objects.create(
        municipality=resident.municipality, resident=resident, purpose="p",
        valid_from=timezone.localdate(), recorded_by=coordinator,
        valid_until=timezone.localdate() + datetime.timedelta(days=300),
    )  # fmt: skip
    consent.recipients.add(welfare)
    worker = ProfessionalFactory(
        municipality=resident.municipality, organisation=welfare,
        role=Professional.Role.WELFARE_WORKER,
    )  # fmt: skip
    case_team_add(trajectory=t, professional=worker, by=coordinator)
    Handover.objects.create(
        trajectory=t, offered_by=coordinator, to_professional=worker, note="n",
        status="declined", decline_reason="d", offered_on=timezone.localdate(),
    )  # fmt: skip
    Contact.objects.create(
        trajectory=t, professional=coordinator, contact_on=timezone.localdate(),
        kind="phone", summary="s", summary_category=Category.HEALTH,
    )  # fmt: skip
    plan = t.plan
    plan.agreement_note = "a"
    plan.save()
    goal = Goal.objects.create(plan=plan, life_domain="finances", description="g")
    goal.description = "g2"
    goal.save()  # a second history row
    for text in ("x", "gone"):
        action = Action.objects.create(
            plan=plan, goal=goal, description=text, owner_kind="resident",
            due_on=timezone.localdate(),
        )  # fmt: skip
    action.delete()  # survives only in the history, and is exported from there
    loose = Action.objects.create(
        plan=plan, description="y", owner_kind="resident", life_domain="mental_health",
        due_on=timezone.localdate(),
    )  # fmt: skip
    item = AgendaItem.objects.create(meeting=meeting, trajectory=t, question="q")
    item.notes = "n2"
    item.save()
    Decision.objects.create(agenda_item=item, text="t", life_domain="housing")
    Decision.objects.create(agenda_item=item, text="t2", action=loose)
    EmergencyAccess.objects.create(
        professional=worker, resident=resident, reason="e",
        granted_at=timezone.now(), expires_at=timezone.now(),
    )  # fmt: skip
    m = matrix_measurement(t, {"financien": 2, "huisvesting": 3}, by=coordinator)
    Measurement.objects.filter(pk=m.pk).update(correction_reason="c")
    ladder_measurement(t, by=coordinator)
    assert LadderProgress.objects.filter(trajectory=t).exists()
    WorkRecord.objects.create(
        trajectory=t, kind="paid_work", started_on=timezone.localdate(),
        hours_per_week=20, organisation="o", recorded_by=coordinator,
    )  # fmt: skip
    story = CaseStory.objects.create(
        evaluation=evaluation, trajectory=t, consent=consent, title="ti",
        narrative="na", author=coordinator, written_on=timezone.localdate(),
    )  # fmt: skip
    Finding.objects.create(story=story, window="resident", text="f")
    from meedoen.socialmap.models import Referral

    Referral.objects.create(
        municipality=resident.municipality, trajectory=t, organisation=welfare,
        state="declined", note="rn", decline_reason="rd", shared_fields="name",
        basis="consent", consent=consent, proposed_at=timezone.now(),
        proposed_by=coordinator,
    )  # fmt: skip
    from meedoen.casefile.models import Question, ResidentMerge
    from meedoen.journeys.models import AccessRequest

    asker = ProfessionalFactory(municipality=resident.municipality)
    AccessRequest.objects.create(
        trajectory=t, requested_by=asker, reason="a", requested_on=timezone.localdate()
    )
    Question.objects.create(
        municipality=resident.municipality, channel="walk_in", resident=resident,
        received_on=timezone.localdate(), received_by=coordinator, text="q",
        first_name="f", phone="1", street="s", house_number="1", postcode="1",
    )  # fmt: skip
    ResidentMerge.objects.create(
        municipality=resident.municipality, kept=resident, removed_id=999999,
        reason="m", merged_by=coordinator,
    )  # fmt: skip
    from meedoen.outreach import models as outreach

    campaign = outreach.Campaign.objects.create(
        municipality=resident.municipality, name="c", starts_on=timezone.localdate(),
        ends_on=timezone.localdate(), coordinator=coordinator,
    )  # fmt: skip
    area = NeighbourhoodFactory(municipality=resident.municipality)
    address = outreach.Address.objects.create(
        campaign=campaign, neighbourhood=area, street="s", house_number="1",
        postcode="1", resident=resident,
    )  # fmt: skip
    visit_round = outreach.VisitRound.objects.create(
        campaign=campaign, number=1, worker=coordinator, planned_on=campaign.starts_on
    )
    outreach.Visit.objects.create(
        round=visit_round, address=address, outcome="no_help", note="v",
        visited_on=timezone.localdate(),
    )  # fmt: skip
    team = outreach.ActivationTeam.objects.create(
        municipality=resident.municipality, name="a", neighbourhood=area,
        coach=coordinator,
    )  # fmt: skip
    member = outreach.TeamMember.objects.create(
        team=team, resident=resident, joined_on=timezone.localdate()
    )
    activity = outreach.Activity.objects.create(
        team=team, held_on=timezone.localdate(), place="p", description="d"
    )
    outreach.Participation.objects.create(
        activity=activity, member=member, confirmed_on=timezone.localdate()
    )
    return t


def _text_fields(declaration):
    """The personal free-text fields of a model: where anything can be written."""
    for f in declaration.model._meta.get_fields():
        if (
            isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name in declaration.fields
            and (declaration.model, f.name) not in NOT_SHOWN_AS_STORED
            and (declaration.model.__name__, f.name) not in NOT_SHOWN_AS_STORED
        ):
            yield f


def _plant(resident, prefix):
    """A unique marker in every categorised text field of every row of the resident,
    found through the registry: a model added later is covered without a change."""
    markers = {}
    for declaration in registry:
        if not declaration.resident_path:
            continue
        fields = list(_text_fields(declaration))
        if not fields:
            continue
        rows = declaration.model.objects.filter(
            **{declaration.resident_path: resident.pk}
        )
        pks = list(rows.values_list("pk", flat=True))
        assert pks, f"the full file has no {declaration.model.__name__}: add one"
        for pk in pks:
            for f in fields:
                marker = f"{prefix}{len(markers):03d}Z"
                assert len(marker) <= (f.max_length or 100)
                declaration.model.objects.filter(pk=pk).update(**{f.name: marker})
                markers[marker] = f"{declaration.model.__name__}.{f.name}"
    return markers


@pytest.fixture
def two_files(coordinator, arnhem):
    """Her file and her partner's, in one household and on one meeting, each with a
    marker in every categorised text field."""
    meeting = Meeting.objects.create(
        municipality=arnhem, title="Werktafel", starts_at=timezone.now(),
        place="Wijkhuis", chair=coordinator, minutes="MINUTESZ",
    )  # fmt: skip
    evaluation = Evaluation.objects.create(
        municipality=arnhem, title="Evaluatie", created_by=coordinator
    )
    her = ResidentFactory(municipality=arnhem)
    him = ResidentFactory(municipality=arnhem)
    household_create(
        by=coordinator, name="Huishouden", members=[(her, "head"), (him, "partner")]
    )
    for resident in (her, him):
        _full_file(resident, coordinator, meeting, evaluation)
    return {"her": her, "him": him, "mine": _plant(her, "Q"), "his": _plant(him, "W")}


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_categorised_field_is_in_the_export_and_nothing_of_anyone_else(
    two_files,
):
    her = Resident.objects.get(pk=two_files["her"].pk)
    data = export.access_request(her)
    raw = export.access_request_json(data).decode()
    text = _pdf_text(export.access_request_pdf(data))
    for marker, where in two_files["mine"].items():
        assert marker in raw, f"{where} is missing from the JSON export"
        assert marker in text, f"{where} is missing from the PDF"
    for marker, where in two_files["his"].items():
        # Of his data only his name (as a member of her household) may be there.
        if (
            where.startswith("Resident.")
            and where
            not in (
                "Resident.first_name",
                "Resident.name_prefix",
                "Resident.last_name",
            )
        ) or not where.startswith("Resident."):
            assert marker not in raw and marker not in text, where
    assert "MINUTESZ" not in raw
    assert her.bsn in raw and her.bsn in text


def test_each_item_is_in_its_category(two_files):
    data = export.access_request(two_files["her"])
    marker = {where: m for m, where in two_files["mine"].items()}

    def keys_with(category, text):
        return {
            s["key"]
            for s in data["categories"][category]["sections"]
            if text in json.dumps(s["items"], default=str)
        }

    # A goal about finances is income data, with its whole history.
    assert keys_with(Category.INCOME, marker["Goal.description"]) == {"goals"}
    # A contact summary the writer marked as health is health data.
    assert keys_with(Category.HEALTH, marker["Contact.summary"]) == {"contacts"}
    # An action without a goal takes its own life domain (mental health).
    healthy = [
        s for s in data["categories"][Category.HEALTH]["sections"]
        if s["key"] == "actions"
    ]  # fmt: skip
    assert healthy and healthy[0]["items"]
    # Scores: the matrix by domain; work records and the ladder are work data.
    work = {s["key"] for s in data["categories"][Category.WORK]["sections"]}
    assert {"work_records", "ladder_progress"} <= work
    scores = {
        c for c, cat in data["categories"].items()
        for s in cat["sections"] if s["key"] == "scores"
    }  # fmt: skip
    assert len(scores) > 1
    # The trajectory's reason is notes (the writer's default), its dates the plan's.
    assert keys_with(Category.NOTES, marker["Trajectory.reason"]) == {"trajectories"}
    assert keys_with(Category.PLAN, marker["Trajectory.reason"]) == set()
    plan = {s["key"] for s in data["categories"][Category.PLAN]["sections"]}
    assert {"trajectories", "case_team", "consents", "plans"} <= plan
    notes = {s["key"] for s in data["categories"][Category.NOTES]["sections"]}
    assert {"agenda_items", "case_stories", "findings"} <= notes
    identity = data["categories"][Category.IDENTITY]["sections"]
    [household] = [s for s in identity if s["key"] == "household"]
    [him] = household["items"][0]["members"]
    assert him == {
        "name": Resident.objects.get(pk=two_files["him"].pk).full_name,
        "relation": "partner",
    }


def test_every_key_has_a_dutch_label(two_files):
    """The PDF shows labels, never field names: every key of every item, nested
    ones (a history's) included, is named by its section."""
    data = export.access_request(two_files["her"])
    for category in data["categories"].values():
        for section in category["sections"]:
            for item in section["items"]:
                keys = set(item)
                for value in item.values():
                    if isinstance(value, list):
                        keys |= {k for entry in value for k in entry}
                missing = keys - set(section["labels"])
                assert not missing, (section["key"], missing)


def test_every_model_about_a_resident_has_a_handler():
    """A new app's model about a resident must come with a handler, or the export
    and retention would silently leave it out."""
    owned = {m for h in handlers.values() for m in h.models}
    missing = [
        d.model._meta.label
        for d in registry
        if d.resident_path and d.model not in owned
    ]
    assert not missing, f"models about a resident without a handler: {missing}"
    for handler in handlers.values():
        assert handler.export and handler.anonymise and handler.destroy, handler.name


@pytest.fixture
def scene(resident, trajectory, coordinator):
    """Her file with a contact, reads through the selector for the audit trail."""
    from meedoen.casefile.selectors import resident_file
    from meedoen.journeys.services import contact_record

    Resident.objects.filter(pk=resident.pk).update(
        phone="0687654321", email="inwoner@example.org"
    )
    resident.refresh_from_db()
    contact_record(
        trajectory=trajectory, by=coordinator, contact_on=timezone.localdate(),
        kind="home_visit", summary="Huisbezoek, gesproken over de post",
    )  # fmt: skip
    resident_file(coordinator, resident.pk)
    return {"resident": resident}


def test_export_has_every_category_and_the_audit(scene, coordinator):
    resident = scene["resident"]
    data = export.access_request(resident)
    assert data["meta"]["format_version"] == 2
    assert set(data["categories"]) == set(Category.values)
    [me] = [
        s for s in data["categories"][Category.IDENTITY]["sections"]
        if s["key"] == "resident"
    ]  # fmt: skip
    assert me["items"][0]["bsn_encrypted"] == resident.bsn
    assert me["items"][0]["phone"] == "0687654321"
    assert me["labels"]["bsn_encrypted"] == "BSN"
    reads = [e for e in data["access"]["events"] if e["action_code"] == "read"]
    assert reads
    assert reads[0]["professional"] == str(coordinator)
    assert reads[0]["organisation"] == "Wijkteam Klarendal"
    assert reads[0]["via"] == "resident_file"
    raw = export.access_request_json(data)
    assert (
        json.loads(raw)["meta"]["answer_due_on"]
        == export.one_month_after(timezone.localdate()).isoformat()
    )


def test_export_is_recorded_for_every_category(scene):
    resident = scene["resident"]
    export.access_request(resident)
    events = AccessEvent.objects.filter(
        resident_id=resident.pk, action=AccessEvent.Action.EXPORT
    )
    assert sorted(events.values_list("category", flat=True)) == sorted(Category.values)
    assert {e.via for e in events} == {"access_request"}


def test_pdf_is_a_readable_dutch_pdf(scene):
    pdf = export.access_request_pdf(export.access_request(scene["resident"]))
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "Inzage in uw gegevens" in text
    assert "Huisbezoek, gesproken over de post" in text
    assert "Wie uw dossier heeft bekeken" in text


def test_command_writes_both_files(scene, tmp_path: Path):
    resident = scene["resident"]
    out = StringIO()
    call_command("access_request", str(resident.pk), "--out", str(tmp_path), stdout=out)
    paths = [Path(line) for line in out.getvalue().split()]
    assert sorted(p.suffix for p in paths) == [".json", ".pdf"]
    assert all(p.exists() for p in paths)
    pdf = next(p for p in paths if p.suffix == ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    data = json.loads(next(p for p in paths if p.suffix == ".json").read_bytes())
    assert resident.bsn in json.dumps(data["categories"]["identity"])
    events = AccessEvent.objects.filter(
        resident_id=resident.pk, via="command:access_request"
    )
    assert events.count() == len(Category.values)
    assert all(e.professional_id is None for e in events)
    assert all(e.action == AccessEvent.Action.EXPORT for e in events)


def test_command_json_only(resident, tmp_path: Path):
    out = StringIO()
    call_command(
        "access_request", str(resident.pk), "--out", str(tmp_path),
        "--format", "json", stdout=out,
    )  # fmt: skip
    assert [Path(p).suffix for p in out.getvalue().split()] == [".json"]


def test_web_helper_only_for_the_privacy_officer_of_the_municipality(
    resident, coordinator, foreigner
):
    officer = ProfessionalFactory(
        municipality=resident.municipality, role=Professional.Role.PRIVACY_OFFICER
    )
    file = export.access_request_file(officer, resident.pk, "json")
    assert file.filename.endswith(".json")
    assert json.loads(file.content)["meta"]["resident_id"] == resident.pk
    assert AccessEvent.objects.filter(
        professional=officer, action=AccessEvent.Action.EXPORT
    ).exists()
    with pytest.raises(PermissionDenied):
        export.access_request_file(coordinator, resident.pk)
    other_officer = ProfessionalFactory(
        municipality=foreigner.municipality, role=Professional.Role.PRIVACY_OFFICER
    )
    with pytest.raises(Http404):
        export.access_request_file(other_officer, resident.pk)


def test_one_month_after_clamps_to_the_end_of_the_month():
    assert export.one_month_after(datetime.date(2025, 1, 31)) == datetime.date(
        2025, 2, 28
    )
    assert export.one_month_after(datetime.date(2025, 12, 15)) == datetime.date(
        2026, 1, 15
    )


def test_the_privacy_officer_downloads_an_access_request(client, resident, arnhem):
    officer = ProfessionalFactory(municipality=arnhem, role="privacy_officer")
    client.force_login(officer)
    assert client.get(reverse("access_request")).status_code == 200
    response = client.get(
        reverse("access_request"), {"resident": resident.pk, "format": "json"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="inzage-')
    assert resident.bsn.encode() in response.content
    pdf = client.get(
        reverse("access_request"), {"resident": resident.pk, "format": "pdf"}
    )
    assert pdf.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(
        resident_id=resident.pk, action="export", professional=officer
    ).exists()


def test_only_the_privacy_officer_downloads_access_requests(
    client, resident, coordinator
):
    client.force_login(coordinator)
    response = client.get(
        reverse("access_request"), {"resident": resident.pk, "format": "json"}
    )
    assert response.status_code == 403
