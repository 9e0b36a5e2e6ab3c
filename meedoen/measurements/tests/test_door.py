"""The measurement pages through the one door: read models, the audit of exactly the
categories shown on the reader's true basis (break the glass is never "case_team"),
the write rules checked inside the services and asked for the buttons, and charts
whose SVG coordinates stay numbers in Dutch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from meedoen.core.models import AccessEvent
from meedoen.measurements import services
from meedoen.measurements.tests.factories import (
    ladder,
    ladder_measurement,
    matrix_measurement,
    work_record,
    zrm,
)
from meedoen.privacy.models import EmergencyAccess
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def glass(resident, outsider):
    now = timezone.now()
    return EmergencyAccess.objects.create(
        professional=outsider,
        resident=resident,
        reason="Crisis: de coordinator is vandaag niet bereikbaar",
        granted_at=now,
        expires_at=now + timedelta(hours=2),
    )


def _last_seq():
    return (
        AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    )


def _events(user, via, before):
    return list(AccessEvent.objects.filter(seq__gt=before, professional=user, via=via))


@pytest.mark.parametrize("page", ["measurement_add", "work_record_add"])
def test_the_write_pages_audit_the_name_they_show(
    client, coordinator, trajectory, page
):
    login(client, coordinator)
    before = _last_seq()
    response = client.get(reverse(page, args=[trajectory.pk]))
    assert response.status_code == 200
    assert trajectory.resident.full_name in response.content.decode()
    events = _events(coordinator, page, before)
    assert {e.category for e in events} == {"identity"}
    assert all(e.basis.startswith("case_team; ") for e in events)


@pytest.mark.parametrize("page", ["measurement_list", "measurement_detail"])
def test_break_the_glass_reads_measurements_on_its_own_basis(
    client, coordinator, outsider, trajectory, glass, page
):
    measurement = ladder_measurement(trajectory, by=coordinator)
    work_record(trajectory, by=coordinator)
    login(client, outsider)
    before = _last_seq()
    arg = trajectory.pk if page == "measurement_list" else measurement.pk
    response = client.get(reverse(page, args=[arg]))
    assert response.status_code == 200
    html = response.content.decode()
    events = _events(outsider, page, before)
    assert events
    assert {e.basis for e in events} == {f"break_the_glass #{glass.pk}: {glass.reason}"}
    # Break the glass only reads: no buttons to record, confirm or correct.
    assert reverse("measurement_add", args=[trajectory.pk]) not in html
    assert reverse("measurement_correct", args=[measurement.pk]) not in html
    assert reverse("work_record_add", args=[trajectory.pk]) not in html


def test_measurement_list_audits_what_it_shows(client, coordinator, trajectory):
    ladder_measurement(trajectory, by=coordinator)
    work_record(trajectory, by=coordinator)
    login(client, coordinator)
    before = _last_seq()
    response = client.get(reverse("measurement_list", args=[trajectory.pk]))
    assert response.status_code == 200
    events = _events(coordinator, "measurement_list", before)
    assert {e.category for e in events} == {"identity", "plan", "work"}
    assert all(e.basis.startswith("case_team; ") for e in events)


def test_team_lead_sees_no_write_buttons(client, coordinator, team_lead, trajectory):
    measurement = ladder_measurement(trajectory, by=coordinator)
    login(client, team_lead)
    html = client.get(reverse("measurement_list", args=[trajectory.pk])).content
    assert reverse("measurement_add", args=[trajectory.pk]).encode() not in html
    html = client.get(reverse("measurement_detail", args=[measurement.pk])).content
    assert reverse("measurement_correct", args=[measurement.pk]).encode() not in html


def test_the_services_check_the_write_rules(
    coordinator, team_lead, outsider, trajectory, glass
):
    measurement = ladder_measurement(trajectory, by=coordinator, confirm=False)
    record = work_record(trajectory, by=coordinator)
    today = timezone.localdate()
    for who in (team_lead, outsider):
        with pytest.raises(PermissionDenied):
            services.measurement_record(
                trajectory=trajectory,
                instrument=ladder(),
                measured_on=today,
                values={"rung": 3, "growth_potential": 4},
                by=who,
            )
        with pytest.raises(PermissionDenied):
            services.measurement_confirm(measurement=measurement, by=who)
        with pytest.raises(PermissionDenied):
            services.work_record_end(record=record, ended_on=today, by=who)


COORDINATE = re.compile(r'\b(?:x|y|x1|x2|y1|y2|cx|cy|viewBox|d)="([^"]*)"')


def test_charts_write_coordinates_with_a_decimal_point_in_dutch(
    client, coordinator, trajectory
):
    from meedoen.journeys.models import Trajectory

    start = timezone.localdate() - timedelta(days=97)
    Trajectory.objects.filter(pk=trajectory.pk).update(started_on=start)
    trajectory.started_on = start
    for days, rung in ((0, 2), (41, 3), (97, 4)):
        ladder_measurement(
            trajectory, by=coordinator, on=start + timedelta(days=days), rung=rung
        )
    from meedoen.core.categories import domain_category
    from meedoen.privacy.door import access_for

    readable = access_for(coordinator, trajectory).readable
    domains = [
        item.code
        for item in zrm().items.all()
        if domain_category(item.life_domain) in readable
    ]
    for days, score in ((0, 2), (97, 3)):
        matrix_measurement(
            trajectory,
            {code: score for code in domains},
            by=coordinator,
            on=start + timedelta(days=days),
        )
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    with translation.override("nl"):
        for url in (
            reverse("measurement_list", args=[trajectory.pk]),
            reverse("resident_file", args=[trajectory.resident_id]),
        ):
            response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            assert '<html lang="nl"' in html
            svg = "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
            coordinates = COORDINATE.findall(svg)
            assert coordinates, url
            assert any("." in c for c in coordinates), "no fractional coordinate"
            assert not [c for c in coordinates if "," in c], url
            assert svg.count("<svg") >= 2, "both the ladder and the matrix chart"
            # Every coordinate is a valid number (a path's commands aside).
            for value in coordinates:
                for number in re.split(r"[\sMLHVZmlhvz]+", value):
                    if number:
                        float(number)
