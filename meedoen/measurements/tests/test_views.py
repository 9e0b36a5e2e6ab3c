"""Pages of measurements: recording, confirming, correcting, work records, the
progress section on the file, category restriction and need-to-know."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.journeys.models import Trajectory
from meedoen.journeys.services import case_team_add
from meedoen.journeys.tests.factories import TrajectoryFactory
from meedoen.measurements.models import Measurement, WorkRecord
from meedoen.measurements.tests.factories import (
    ladder_measurement,
    matrix_measurement,
    work_record,
)
from meedoen.web.tests.helpers import assert_queries_do_not_grow, login

pytestmark = pytest.mark.django_db


def test_record_confirm_and_see_a_ladder_measurement(client, trajectory, coordinator):
    login(client, coordinator)
    url = reverse("measurement_add", args=[trajectory.pk])
    page = client.get(url + "?instrument=participatieladder").content.decode()
    assert "Betaald werk zonder ondersteuning" in page
    response = client.post(
        url + "?instrument=participatieladder",
        {"measured_on": trajectory.started_on.isoformat(), "rung": "2"},
    )
    assert response.status_code == 400
    assert "Score Groeipotentieel: it is required." in response.content.decode()
    response = client.post(
        url + "?instrument=participatieladder",
        {
            "measured_on": trajectory.started_on.isoformat(),
            "rung": "2",
            "growth_potential": "4",
        },
    )
    m = Measurement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("measurement_detail", args=[m.pk])
    assert m.status == Measurement.Status.DRAFT
    response = client.post(reverse("measurement_confirm", args=[m.pk]))
    m.refresh_from_db()
    assert m.status == Measurement.Status.CONFIRMED
    html = client.get(reverse("resident_file", args=[trajectory.resident_id]))
    html = html.content.decode()
    assert 'role="img"' in html and "<svg" in html
    assert "2 – Sociale contacten buitenshuis" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_matrix_form_offers_not_scored_by_default(client, trajectory, coordinator):
    login(client, coordinator)
    url = reverse("measurement_add", args=[trajectory.pk]) + "?instrument=zrm"
    html = client.get(url).content.decode()
    assert "not relevant / not scored" in html
    # The coordinator's role does not read health data: no health domains offered.
    assert "Financiën" in html and "Geestelijke gezondheid" not in html
    response = client.post(
        url, {"measured_on": trajectory.started_on.isoformat(), "financien": "2"}
    )
    assert response.status_code == 302
    m = Measurement.objects.get()
    assert list(m.values.values_list("item__code", flat=True)) == ["financien"]


def test_correction_needs_a_reason_and_keeps_hidden_domains(
    client, trajectory, coordinator, neighbourhood_worker
):
    m = matrix_measurement(
        trajectory,
        {"financien": 2, "geestelijke_gezondheid": 1},
        by=neighbourhood_worker,
    )
    login(client, coordinator)
    url = reverse("measurement_correct", args=[m.pk])
    data = {"measured_on": trajectory.started_on.isoformat(), "financien": "3"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Say why the measurement is corrected." in response.content.decode()
    response = client.post(url, {**data, "reason": "Verkeerd gelezen"})
    fixed = Measurement.objects.get(supersedes=m)
    assert response["Location"] == reverse("measurement_detail", args=[fixed.pk])
    assert sorted(fixed.values.values_list("item__code", "value")) == [
        ("financien", 3),
        ("geestelijke_gezondheid", 1),
    ]
    html = client.get(reverse("measurement_detail", args=[m.pk])).content.decode()
    assert "corrected by a later version" in html


def test_an_income_consultant_does_not_see_a_mental_health_domain(
    client, trajectory, neighbourhood_worker, income_consultant
):
    matrix_measurement(
        trajectory,
        {"financien": 2, "geestelijke_gezondheid": 1},
        by=neighbourhood_worker,
    )
    health_only = matrix_measurement(
        trajectory, {"geestelijke_gezondheid": 2}, by=neighbourhood_worker
    )
    login(client, income_consultant)
    for url in (
        reverse("resident_file", args=[trajectory.resident_id]),
        reverse("measurement_list", args=[trajectory.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Financiën" in html
        assert "Geestelijke gezondheid" not in html
    response = client.get(reverse("measurement_detail", args=[health_only.pk]))
    assert response.status_code == 404
    read = AccessEvent.objects.filter(
        professional=income_consultant, action="read", via="measurement_list"
    )
    assert "health" not in set(read.values_list("category", flat=True))
    assert "income" in set(read.values_list("category", flat=True))


def test_work_record_pages(client, trajectory, coordinator):
    login(client, coordinator)
    url = reverse("work_record_add", args=[trajectory.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "paid_work", "started_on": trajectory.started_on.isoformat()}
    )
    assert response.status_code == 400
    assert "Give the contract hours per week." in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "paid_work",
            "started_on": trajectory.started_on.isoformat(),
            "hours_per_week": "24",
            "supported": "on",
            "organisation": "Bakkerij Klarendal",
        },
    )
    assert response.status_code == 302
    record = WorkRecord.objects.get()
    html = client.get(reverse("resident_file", args=[trajectory.resident_id]))
    assert "Bakkerij Klarendal" in html.content.decode()
    client.post(
        reverse("work_record_end", args=[record.pk]),
        {f"end-{record.pk}-ended_on": timezone.localdate().isoformat()},
    )
    record.refresh_from_db()
    assert record.ended_on == timezone.localdate()


@pytest.mark.parametrize("actor", ["outsider", "foreigner"])
def test_outsiders_get_404_on_every_page(
    client, request, trajectory, coordinator, actor
):
    m = ladder_measurement(trajectory, by=coordinator)
    record = work_record(trajectory, by=coordinator)
    login(client, request.getfixturevalue(actor))
    for name, arg in [
        ("measurement_list", trajectory.pk),
        ("measurement_add", trajectory.pk),
        ("measurement_detail", m.pk),
        ("measurement_confirm", m.pk),
        ("measurement_correct", m.pk),
        ("work_record_add", trajectory.pk),
        ("work_record_end", record.pk),
    ]:
        response = client.post(reverse(name, args=[arg]))
        assert response.status_code == 404, name
        if name not in ("measurement_confirm", "work_record_end"):
            assert client.get(reverse(name, args=[arg])).status_code == 404, name


def test_a_team_lead_reads_but_does_not_record(
    client, trajectory, coordinator, team_lead
):
    m = ladder_measurement(trajectory, by=coordinator, confirm=False)
    login(client, team_lead)
    assert client.get(reverse("measurement_detail", args=[m.pk])).status_code == 200
    assert client.post(reverse("measurement_confirm", args=[m.pk])).status_code == 403
    url = reverse("measurement_add", args=[trajectory.pk])
    assert client.get(url).status_code == 403
    m.refresh_from_db()
    assert m.status == Measurement.Status.DRAFT


def test_file_queries_do_not_grow_with_measurements(
    client, coordinator, income_consultant, trajectory, django_assert_max_num_queries
):
    resident = trajectory.resident
    start = timezone.localdate() - timedelta(days=300)

    def grow(n):
        for _i in range(n):
            # One running trajectory at a time: the earlier ones closed.
            Trajectory.objects.filter(resident=resident, closed_on__isnull=True).update(
                closed_on=start, closure_reason="completed"
            )
            t = TrajectoryFactory(
                coordinator=coordinator, resident=resident, started_on=start
            )
            case_team_add(trajectory=t, professional=income_consultant, by=coordinator)
            for days in (5, 100, 200):
                ladder_measurement(t, by=coordinator, on=start + timedelta(days=days))
            matrix_measurement(
                t, {"financien": 2, "huisvesting": 3}, by=coordinator, on=start
            )
            work_record(t, by=coordinator)

    login(client, coordinator)
    assert_queries_do_not_grow(
        client,
        reverse("resident_file", args=[resident.pk]),
        grow,
        small=2,
        large=6,
        # The file's own limit (28, see residents' test_file_queries_do_not_grow) plus
        # the progress section's fixed five: measurement values, work records, and one
        # audit record (three statements) of the categories it shows.
        limit=33,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )
    assert_queries_do_not_grow(
        client,
        reverse("measurement_list", args=[trajectory.pk]),
        lambda n: [ladder_measurement(trajectory, by=coordinator) for _i in range(n)],
        limit=20,
        django_assert_max_num_queries=django_assert_max_num_queries,
    )
