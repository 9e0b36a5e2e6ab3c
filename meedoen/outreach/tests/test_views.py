"""Outreach pages: who opens what (200, 403, 404, other municipality), the phone page
of a visit round and its write rule, bounded queries, the door's audit."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.outreach import services
from meedoen.outreach.models import Participation, Visit, Wish
from meedoen.outreach.tests import factories as f
from meedoen.web.tests.helpers import assert_queries_do_not_grow, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(arnhem, coordinator):
    klarendal, presikhaaf = f.neighbourhoods(arnhem)
    f.residents_at(arnhem, klarendal, 4, "Klarendalseweg")
    f.residents_at(arnhem, presikhaaf, 2, "Presikhaafweg")
    campaign = f.campaign(coordinator, klarendal, presikhaaf)
    worker = f.worker(arnhem, username="worker")
    (visit_round,) = services.campaign_assign(
        campaign=campaign, by=coordinator, workers=[worker],
        planned_on=timezone.localdate(),
    )  # fmt: skip
    return {"campaign": campaign, "round": visit_round, "worker": worker,
            "areas": (klarendal, presikhaaf)}  # fmt: skip


def test_the_outreach_start_page_opens_for_professionals(client, scene, outsider):
    login(client, scene["worker"])
    html = client.get(reverse("campaign_list")).content.decode()
    assert scene["campaign"].name in html
    assert reverse("visit_round", args=[scene["round"].pk]) in html
    login(client, outsider)
    response = client.get(reverse("campaign_list"))
    assert response.status_code == 200
    assert scene["campaign"].name not in response.content.decode()


@pytest.mark.parametrize(
    ("actor", "campaign_status", "round_status"),
    [
        ("coordinator", 200, 200),
        ("worker", 200, 200),
        ("team_lead", 200, 404),
        ("outsider", 404, 404),
        ("foreigner", 404, 404),
    ],
)
def test_who_opens_the_campaign_and_the_round(
    client, scene, coordinator, team_lead, outsider, foreigner, actor,
    campaign_status, round_status,
):  # fmt: skip
    user = {"coordinator": coordinator, "worker": scene["worker"],
            "team_lead": team_lead, "outsider": outsider,
            "foreigner": foreigner}[actor]  # fmt: skip
    login(client, user)
    url = reverse("campaign_detail", args=[scene["campaign"].pk])
    assert client.get(url).status_code == campaign_status
    url = reverse("visit_round", args=[scene["round"].pk])
    assert client.get(url).status_code == round_status


def test_only_the_coordinator_divides(client, scene, coordinator, team_lead):
    url = reverse("campaign_assign", args=[scene["campaign"].pk])
    login(client, team_lead)
    assert client.post(url, {}).status_code == 403
    login(client, coordinator)
    html = client.get(reverse("campaign_detail", args=[scene["campaign"].pk]))
    assert b"Divide the addresses" in html.content


def _post_visit(client, scene, visit, **data):
    url = reverse("visit_record", args=[scene["round"].pk, visit.pk])
    prefix = f"v{visit.pk}-"
    body = {prefix + "expected_version": visit.version}
    body.update({prefix + k: v for k, v in data.items()})
    return client.post(url, body)


def test_the_round_page_records_outcomes_and_audits_what_it_shows(
    client, scene, outsider
):
    worker = scene["worker"]
    visits = list(scene["round"].visits.order_by("pk"))
    login(client, worker)
    response = client.get(reverse("visit_round", args=[scene["round"].pk]))
    html = response.content.decode()
    assert html.count('class="meedoen-card meedoen-visit"') == 6
    assert visits[0].address.street in html
    shown = AccessEvent.objects.filter(via="visit_round", professional_id=worker.pk)
    assert set(shown.values_list("resident_id", flat=True)) == {
        v.address.resident_id for v in visits
    }
    assert set(shown.values_list("category", flat=True)) == {"identity", "plan"}
    response = _post_visit(client, scene, visits[0], outcome="not_home")
    assert response.status_code == 302
    response = _post_visit(client, scene, visits[1], outcome="help_wanted")
    assert response.status_code == 400  # no life domains
    response = _post_visit(
        client, scene, visits[1], outcome="help_wanted",
        life_domains=["finances"], note="Rekeningen stapelen zich op",
    )  # fmt: skip
    assert response.status_code == 302
    visits[1].refresh_from_db()
    assert visits[1].trajectory.coordinator_id == worker.pk
    # A stale form is refused with 409.
    response = _post_visit(client, scene, visits[2], outcome="declined")
    visits[2].version = 1
    response = _post_visit(client, scene, visits[2], outcome="no_help")
    assert response.status_code == 409
    # Someone else cannot record.
    login(client, outsider)
    response = _post_visit(client, scene, visits[3], outcome="declined")
    assert response.status_code == 404
    assert Visit.objects.get(pk=visits[3].pk).outcome == "planned"


def test_the_pages_keep_their_number_of_queries(
    client, scene, coordinator, django_assert_max_num_queries
):
    from meedoen.outreach.models import Address
    from meedoen.residents.tests.factories import (
        HouseholdFactory,
        HouseholdMemberFactory,
    )

    worker = scene["worker"]
    arnhem = coordinator.municipality
    counter = iter(range(1000))

    def grow(n: int) -> None:
        for _ in range(n):
            k = next(counter)
            (resident,) = f.residents_at(arnhem, scene["areas"][0], 1, f"Straat {k}")
            household = HouseholdFactory(municipality=arnhem)
            HouseholdMemberFactory(household=household, resident=resident)
            address = Address.objects.create(
                campaign=scene["campaign"], neighbourhood=scene["areas"][0],
                street=resident.street, house_number="1", postcode=resident.postcode,
                resident=resident,
            )  # fmt: skip
            Visit.objects.create(
                round=scene["round"], address=address, outcome="no_help",
                visited_on=timezone.localdate(), note="n",
            )  # fmt: skip

    login(client, worker)
    for url in (
        reverse("visit_round", args=[scene["round"].pk]),
        reverse("campaign_detail", args=[scene["campaign"].pk]),
    ):
        assert_queries_do_not_grow(
            client, url, grow, limit=40,
            django_assert_max_num_queries=django_assert_max_num_queries,
        )  # fmt: skip


@pytest.fixture
def team(arnhem, coordinator, trajectory):
    klarendal, _presikhaaf = f.neighbourhoods(arnhem)
    team = services.team_create(by=coordinator, name="Arnhem in beweging",
                                neighbourhood=klarendal)  # fmt: skip
    services.member_add(team=team, by=coordinator, resident_id=trajectory.resident_id,
                        joined_on=timezone.localdate())  # fmt: skip
    return team


@pytest.mark.parametrize(
    ("actor", "status"),
    [("coordinator", 200), ("team_lead", 404), ("outsider", 404), ("foreigner", 404)],
)
def test_a_team_is_for_its_coach(
    client, team, coordinator, team_lead, outsider, foreigner, actor, status
):
    user = {"coordinator": coordinator, "team_lead": team_lead,
            "outsider": outsider, "foreigner": foreigner}[actor]  # fmt: skip
    login(client, user)
    assert client.get(reverse("team_detail", args=[team.pk])).status_code == status
    response = client.post(reverse("theme_add", args=[team.pk]), {"theme-name": "x"})
    assert response.status_code == (302 if status == 200 else 404)


def test_the_coach_records_wishes_plans_and_confirms(
    client, team, coordinator, trajectory
):
    login(client, coordinator)
    html = client.get(reverse("team_detail", args=[team.pk])).content.decode()
    assert trajectory.resident.first_name in html
    assert AccessEvent.objects.filter(
        via="activation_team", resident_id=trajectory.resident_id
    ).exists()
    response = client.post(
        reverse("wish_add", args=[team.pk]),
        {"wish-text": "Een buurtmoestuin", "wish-neighbourhood": team.neighbourhood_id,
         "wish-contact": "Jan, 06-12345678"},
    )  # fmt: skip
    assert response.status_code == 302
    client.post(reverse("theme_add", args=[team.pk]), {"theme-name": "Groen"})
    theme = team.themes.get()
    wish = Wish.objects.get(team=team)
    response = client.post(
        reverse("wishes_group", args=[team.pk]),
        {"group-theme": theme.pk, "group-wishes": [wish.pk]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("activity_add", args=[team.pk]),
        {"activity-held_on": timezone.localdate().isoformat(),
         "activity-place": "Wijkhuis", "activity-description": "Moestuin",
         "activity-theme": theme.pk},
    )  # fmt: skip
    assert response.status_code == 302
    activity = team.activities.get()
    member = team.members.get()
    url = reverse("activity_detail", args=[team.pk, activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"members": [member.pk], "neighbours": 12})
    assert response.status_code == 302
    part = Participation.objects.get(activity=activity)
    response = client.post(
        reverse("participation_confirm", args=[team.pk, activity.pk, part.pk])
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.work_record is not None
    html = client.get(reverse("team_detail", args=[team.pk])).content.decode()
    assert "Groen" in html and "Een buurtmoestuin" in html


def test_every_page_meets_the_basics(client, scene, team, coordinator):
    from meedoen.web.tests.helpers import assert_page_basics

    activity = services.activity_plan(team=team, by=coordinator,
                                      held_on=timezone.localdate(), place="Plein",
                                      description="Opruimen")  # fmt: skip
    login(client, coordinator)
    for url in (
        reverse("campaign_list"),
        reverse("campaign_create"),
        reverse("team_create"),
        reverse("campaign_detail", args=[scene["campaign"].pk]),
        reverse("visit_round", args=[scene["round"].pk]),
        reverse("team_detail", args=[team.pk]),
        reverse("activity_detail", args=[team.pk, activity.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_basics(response.content.decode())


def test_addresses_are_imported_from_a_pasted_list_or_a_file(
    client, scene, coordinator
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meedoen.outreach.models import Address

    url = reverse("campaign_import", args=[scene["campaign"].pk])
    login(client, coordinator)
    response = client.post(
        url, {"import-text": "Rosendaalsestraat;12;6824 CK;Klarendal"}
    )
    assert response.status_code == 302
    csv = "straat;huisnummer;postcode;wijk\nWillemsplein;3;6811 KB;Presikhaaf\n"
    upload = SimpleUploadedFile("adressen.csv", csv.encode("utf-8-sig"), "text/csv")
    response = client.post(url, {"import-file": upload})
    assert response.status_code == 302
    assert Address.objects.filter(street__in=["Rosendaalsestraat", "Willemsplein"],
                                  resident__isnull=True).count() == 2  # fmt: skip
    response = client.post(url, {"import-text": "Nergens;1;6824 CK;Elders"})
    assert response.status_code == 400
    assert response.context["upload"].errors
    response = client.post(url, {})
    assert response.status_code == 400


def test_recorded_visits_show_a_form_only_when_changed(client, scene):
    worker = scene["worker"]
    visits = list(scene["round"].visits.order_by("pk"))
    login(client, worker)
    _post_visit(client, scene, visits[0], outcome="no_help")
    url = reverse("visit_round", args=[scene["round"].pk])
    html = client.get(url).content.decode()
    assert html.count("Record this visit") == 5
    assert f"?wijzig={visits[0].pk}" in html
    _post_visit(client, scene, visits[1], outcome="declined", note="Geen tijd nu")
    html = client.get(url, {"wijzig": visits[1].pk}).content.decode()
    assert "Record again" in html
    assert "Geen tijd nu</textarea>" in html
