"""The resident's right of access: everything of her, nothing of anyone else."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from meedoen.casefile.selectors import resident_file
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.journeys.services import contact_record
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.meetings.services import (
    agenda_item_record,
    decision_add,
    meeting_add_agenda_item,
    meeting_schedule,
)
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.plans.services import (
    plan_action_add,
    plan_action_set_status,
    plan_goal_add,
)
from meedoen.privacy_office import export
from meedoen.residents.models import Resident
from meedoen.residents.services import household_create
from meedoen.residents.tests.factories import ResidentFactory
from meedoen.residents.tests.factories import test_bsn as make_bsn

OTHER = {
    "bsn": make_bsn(4242),
    "phone": "0611122233",
    "street": "Geheimstraat",
    "house_number": "777",
    "postcode": "9999 ZZ",
    "notes": "Alleen-over-de-buurman-besproken",
    "decision": "Besluit-voor-de-buurman",
    "summary": "Gesprek-met-de-buurman",
}


@pytest.fixture
def scene(resident, trajectory, coordinator):
    """Her file with plan, contact and a meeting; a second resident in the same
    household and on the same meeting, with data of his own."""
    Resident.objects.filter(pk=resident.pk).update(
        phone="0687654321", email="inwoner@example.org"
    )
    resident.refresh_from_db()
    plan = trajectory.plan
    goal = plan_goal_add(
        plan=plan,
        expected_version=plan.version,
        life_domain="finances",
        description="Schulden op orde krijgen",
        by=coordinator,
    )
    action = plan_action_add(
        plan=plan,
        expected_version=plan.version,
        description="Aanmelden bij schuldhulp",
        owner_kind="resident",
        due_on=timezone.localdate(),
        goal=goal,
        by=coordinator,
    )
    plan_action_set_status(
        action=action, expected_version=plan.version, status="done", by=coordinator
    )
    contact_record(
        trajectory=trajectory,
        by=coordinator,
        contact_on=timezone.localdate(),
        kind="home_visit",
        summary="Huisbezoek, gesproken over de post",
    )

    other = ResidentFactory(
        municipality=resident.municipality,
        first_name="Bert",
        last_name="Buurman",
        phone=OTHER["phone"],
        street=OTHER["street"],
        house_number=OTHER["house_number"],
        postcode=OTHER["postcode"],
        bsn=OTHER["bsn"],
    )
    other_trajectory = TrajectoryFactory(coordinator=coordinator, resident=other)
    contact_record(
        trajectory=other_trajectory,
        by=coordinator,
        contact_on=timezone.localdate(),
        kind="phone",
        summary=OTHER["summary"],
    )
    household_create(
        by=coordinator,
        name="Huishouden Test",
        members=[(resident, "head"), (other, "partner")],
    )
    meeting = meeting_schedule(
        title="Werktafel Klarendal",
        starts_at=timezone.now(),
        place="Wijkhuis",
        chair=coordinator,
    )
    mine = meeting_add_agenda_item(
        meeting=meeting, trajectory=trajectory, by=coordinator, question="Hulp bij werk"
    )
    agenda_item_record(
        item=mine, by=coordinator, resident_present=True, notes="Zij wil werken"
    )
    decision_add(item=mine, text="Afspraak met werkcoach maken", by=coordinator)
    his = meeting_add_agenda_item(
        meeting=meeting, trajectory=other_trajectory, by=coordinator
    )
    agenda_item_record(
        item=his, by=coordinator, resident_present=False, notes=OTHER["notes"]
    )
    decision_add(item=his, text=OTHER["decision"], by=coordinator)

    # Reads through the selector, so the audit trail has something to show.
    resident_file(coordinator, resident.pk)
    resident_file(coordinator, other.pk)
    return {"resident": resident, "other": other}


def test_export_contains_every_category_her_data_and_the_audit(scene, coordinator):
    resident = scene["resident"]
    data = export.access_request(resident)
    assert set(data["categories"]) == set(Category.values)
    identity = data["categories"][Category.IDENTITY]
    assert identity["bsn"] == resident.bsn
    assert identity["phone"] == "0687654321"
    assert identity["household"]["members"] == [
        {"name": "Bert Buurman", "relation": "partner"}
    ]
    income = data["categories"][Category.INCOME]
    assert [g["description"] for g in income["goals"]] == ["Schulden op orde krijgen"]
    assert income["goals"][0]["history"]
    assert income["actions"][0]["status"] == "gedaan"
    assert len(income["actions"][0]["history"]) == 2  # added, then done
    plan = data["categories"][Category.PLAN]
    assert len(plan["trajectories"]) == 1
    assert plan["trajectories"][0]["case_team"]
    notes = data["categories"][Category.NOTES]
    assert [m["notes"] for m in notes["meetings"]] == ["Zij wil werken"]
    assert notes["contacts"][0]["summary"] == "Huisbezoek, gesproken over de post"
    reads = [e for e in data["access"]["events"] if e["action_code"] == "read"]
    assert reads
    assert reads[0]["professional"] == str(coordinator)
    assert reads[0]["organisation"] == "Wijkteam Klarendal"
    assert reads[0]["via"] == "resident_file"

    raw = export.access_request_json(data)
    text = raw.decode("utf-8")
    assert resident.bsn in text
    assert "Schulden op orde krijgen" in text
    assert (
        json.loads(raw)["meta"]["answer_due_on"]
        == export.one_month_after(timezone.localdate()).isoformat()
    )


def test_export_contains_nothing_of_another_resident(scene):
    raw = export.access_request_json(export.access_request(scene["resident"]))
    for key, value in OTHER.items():
        assert value.encode() not in raw, key
    other = scene["other"]
    assert f'"resident_id": {other.pk},'.encode() not in raw


def test_export_is_recorded_for_every_category(scene):
    resident = scene["resident"]
    export.access_request(resident)
    events = AccessEvent.objects.filter(
        resident_id=resident.pk, action=AccessEvent.Action.EXPORT
    )
    assert sorted(events.values_list("category", flat=True)) == sorted(Category.values)
    assert {e.via for e in events} == {"access_request"}


def test_pdf_is_a_pdf(scene):
    pdf = export.access_request_pdf(export.access_request(scene["resident"]))
    assert pdf.startswith(b"%PDF")


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
    assert data["categories"]["identity"]["bsn"] == resident.bsn
    events = AccessEvent.objects.filter(
        resident_id=resident.pk, via="command:access_request"
    )
    assert events.count() == len(Category.values)
    assert all(e.professional_id is None for e in events)
    assert all(e.action == AccessEvent.Action.EXPORT for e in events)


def test_command_json_only(resident, tmp_path: Path):
    out = StringIO()
    call_command(
        "access_request",
        str(resident.pk),
        "--out",
        str(tmp_path),
        "--format",
        "json",
        stdout=out,
    )
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
