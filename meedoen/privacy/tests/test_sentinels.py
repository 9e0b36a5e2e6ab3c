"""Planted sentinels: the one door, proved on every page.

A unique marker is planted in every categorised text field of one resident's file
(each marker knows its category, from the personal-data registry). Then every URL of
the project (the authorization matrix's table: pages, fragments, print views and
downloads, PDF and XLSX as extracted text) is requested as every persona, and:

- a response never contains a marker of a category the persona may not read for that
  resident (nor of a row whose category they may not read: a health goal's text is
  absent for an income consultant even though "plan" text is readable);
- the audit events written for the response cover every category whose marker it
  contains, and only categories the persona may read;
- the resident file, which shows everything a reader may see, contains exactly the
  markers of the categories the persona may read.

A new route without a classification fails ``test_every_url_is_classified`` in the
authorization matrix; this test then covers it automatically.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.personal_data import registry
from meedoen.journeys.services import case_team_add
from meedoen.meetings.models import Meeting
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.privacy.door import Door
from meedoen.privacy.models import EmergencyAccess
from meedoen.privacy.tests import scenario as sc
from meedoen.privacy.tests.test_authorization_matrix import (
    OFFICER,
    OUTCOMES,
    PUBLIC,
    RESEARCH,
    ROUTES,
    urls,
)
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"Mrk[a-z]+\d+Z")


@dataclass(frozen=True)
class Planted:
    marker: str
    category: str
    label: str  # Model.field#pk, for messages
    row_category: str | None


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.get_fields()
        if isinstance(f, (models.CharField, models.TextField))
        and not f.choices
        and not f.name.startswith("bsn")
        and f.name not in ("postcode",)
    ]


def _rows_of(declaration: Any, resident: Any) -> list[Any]:
    model = declaration.model
    if model is type(resident):
        return [resident]
    if not declaration.resident_path or model.__name__.startswith("Historical"):
        # The history of goals, actions and notes is exported, not shown on pages.
        return []
    return list(model._default_manager.filter(**{declaration.resident_path: resident}))


def plant(resident: Any, extra_rows: list[tuple[Any, str]]) -> dict[str, Planted]:
    """A marker in every categorised text field of the resident's rows, each
    recording its category as the registry gives it."""
    counter = itertools.count(1)
    planted: dict[str, Planted] = {}

    def put(obj: Any, field: models.Field, category: str) -> None:
        marker = f"Mrk{category}{next(counter)}Z"
        if getattr(field, "max_length", None) and len(marker) > field.max_length:
            return
        type(obj)._default_manager.filter(pk=obj.pk).update(**{field.name: marker})
        setattr(obj, field.name, marker)
        declaration = registry.of(type(obj))
        planted[marker] = Planted(
            marker,
            category,
            f"{type(obj).__name__}.{field.name}#{obj.pk}",
            declaration.row_category(obj),
        )

    for declaration in registry:
        for obj in _rows_of(declaration, resident):
            for field in _text_fields(declaration.model):
                if field.name not in declaration.fields:
                    continue
                put(obj, field, declaration.category(obj, field.name))
    for obj, name in extra_rows:
        field = obj._meta.get_field(name)
        put(obj, field, registry.category(obj, name))
    return planted


def allowed_markers(planted: dict[str, Planted], readable: frozenset[str]) -> set[str]:
    return {
        m
        for m, p in planted.items()
        if p.category in readable
        and (p.row_category is None or p.row_category in readable)
    }


@pytest.fixture
def world(
    arnhem, trajectory, coordinator, income_consultant, team_lead, outsider, foreigner
):
    world = sc.build(
        arnhem=arnhem,
        trajectory=trajectory,
        coordinator=coordinator,
        income_consultant=income_consultant,
        team_lead=team_lead,
        outsider=outsider,
        foreigner=foreigner,
    )
    from meedoen.measurements.tests.factories import ladder_measurement, work_record

    world.measurement = ladder_measurement(trajectory, by=coordinator)  # type: ignore[attr-defined]
    world.work_record = work_record(trajectory, by=coordinator)  # type: ignore[attr-defined]
    # A UWV adviser (no notes, no health) and a professional on break the glass.
    uwv_org = OrganisationFactory(
        municipality=arnhem, name="UWV Arnhem", kind=Organisation.Kind.UWV
    )
    world.uwv_adviser = ProfessionalFactory(  # type: ignore[attr-defined]
        username="uwv",
        municipality=arnhem,
        organisation=uwv_org,
        role=Professional.Role.UWV_ADVISER,
    )
    case_team_add(trajectory=trajectory, professional=world.uwv_adviser, by=coordinator)  # type: ignore[attr-defined]
    world.glass = ProfessionalFactory(  # type: ignore[attr-defined]
        username="nood", municipality=arnhem, role=Professional.Role.WORK_COACH
    )
    now = timezone.now()
    EmergencyAccess.objects.create(
        professional=world.glass,  # type: ignore[attr-defined]
        resident=world.resident,
        reason="Crisis: de coordinator is vandaag niet bereikbaar",
        granted_at=now,
        expires_at=now + timedelta(hours=2),
    )
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    world.planted = plant(world.resident, [(meeting, "minutes")])  # type: ignore[attr-defined]
    return world


PERSONAS = [
    "coordinator",
    "income_consultant",
    "welfare_worker",
    "care_worker",
    "uwv_adviser",
    "team_lead",
    "glass",
    "outsider",
    "foreigner",
    "administrator",
    "privacy_officer",
]


def _readable(world: Any, persona: str) -> frozenset[str]:
    user = getattr(world, persona)
    from meedoen.privacy import scope

    if not scope.visible_trajectories(user).filter(pk=world.trajectory.pk).exists():
        return frozenset()
    return Door(user).access(world.trajectory).readable


def _text(response: Any) -> str:
    content_type = response.get("Content-Type", "")
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if "pdf" in content_type:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if "spreadsheet" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return body.decode("utf-8", errors="replace")


# Downloads reached by a form on their page: requested with the query they need.
DOWNLOADS = {
    "access_request": [
        {"resident": "{resident}", "format": "json"},
        {"resident": "{resident}", "format": "pdf"},
    ],
}
# Pages that are *about* access rather than the resident's file: the privacy officer
# reads the reasons given for break the glass, and produces the access export, which
# holds everything of the resident by law (AVG art. 15).
OFFICER_SEES = {"EmergencyAccess.reason"}


def _expected(world: Any, persona: str, route_name: str) -> set[str]:
    planted = world.planted
    if route_name == "access_request" and persona == "privacy_officer":
        return set(planted)
    if ROUTES[route_name].kind == OFFICER:
        return (
            {m for m, p in planted.items() if p.label.split("#")[0] in OFFICER_SEES}
            if persona == "privacy_officer"
            else set()
        )
    return allowed_markers(planted, _readable(world, persona))


def _requests(world: Any):
    for name, route, url in urls(world):
        if route.kind == PUBLIC or route.post_only:
            continue
        queries = DOWNLOADS.get(name, [{}])
        for query in queries:
            params = {k: v.format(resident=world.resident.pk) for k, v in query.items()}
            yield name, url, params


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_response_holds_only_the_markers_the_persona_may_read(
    client, world, persona
):
    user = getattr(world, persona)
    login(client, user)
    failures: list[str] = []
    for name, url, params in _requests(world):
        before = (
            AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
            or 0
        )
        response = client.get(url, params)
        if response.status_code != 200:
            continue
        found = set(MARKER.findall(_text(response))) & set(world.planted)
        expected = _expected(world, persona, name)
        leaked = found - expected
        if leaked:
            failures.append(
                f"{name}{params or ''}: {sorted(world.planted[m].label for m in leaked)}"
            )
        if ROUTES[name].kind in (OFFICER, OUTCOMES, RESEARCH) or not found:
            continue
        audited = set(
            AccessEvent.objects.filter(
                seq__gt=before, resident_id=world.resident.pk, professional=user
            ).values_list("category", flat=True)
        )
        shown = {world.planted[m].category for m in found}
        if not shown <= audited:
            failures.append(
                f"{name}: shown {sorted(shown)} but audited {sorted(audited)}"
            )
        readable = _readable(world, persona) | {Category.IDENTITY}
        if not audited <= readable:
            failures.append(
                f"{name}: audited {sorted(audited - readable)} it may not read"
            )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "persona",
    [
        "coordinator",
        "income_consultant",
        "welfare_worker",
        "care_worker",
        "uwv_adviser",
        "team_lead",
        "glass",
    ],
)
def test_the_file_shows_exactly_what_the_persona_may_read(client, world, persona):
    """The resident file shows every marker the persona may read, and only those;
    its audit lists exactly the categories of what it shows."""
    user = getattr(world, persona)
    login(client, user)
    before = (
        AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    )
    response = client.get(reverse("resident_file", args=[world.resident.pk]))
    assert response.status_code == 200
    found = set(MARKER.findall(response.content.decode())) & set(world.planted)
    # Markers the file shows by design: everything of the file's own trajectory, not
    # the minutes (those are on the meeting page), the break-the-glass reason, the
    # reason of a request to join (on the coordinator's caseload) or the name's search
    # and sort keys (derived from the name, never displayed).
    expected = {
        m
        for m in _expected(world, persona, "resident_file")
        if not world.planted[m].label.startswith(
            (
                "Meeting.",
                "EmergencyAccess.",
                "Consent.",
                "Measurement.correction",
                "AccessRequest.reason",
                "Resident.search_key",
                "Resident.sort_key",
            )
        )
    }
    missing = expected - found
    assert not missing, sorted(world.planted[m].label for m in missing)
    assert found <= _expected(world, persona, "resident_file")
    audited = set(
        AccessEvent.objects.filter(
            seq__gt=before,
            resident_id=world.resident.pk,
            professional=user,
            via="resident_file",
        ).values_list("category", flat=True)
    )
    shown = {world.planted[m].category for m in found} | {
        Category.IDENTITY,
        Category.PLAN,
    }
    assert audited == shown & (_readable(world, persona) | {Category.IDENTITY})
