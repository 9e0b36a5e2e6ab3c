"""Outreach through the one door, with planted markers: a linked address, a visit's
note and a team member's name are shown only on the pages whose readers have a ground
for them (the round's worker and the campaign's coordinator; the team's coach), every
showing is audited with that ground, and the figures pages show none of them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.outreach import services
from meedoen.outreach.models import Address, Visit
from meedoen.outreach.tests import factories as f
from meedoen.residents.models import Resident
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"Mrk[a-z]+\d+Z")


@pytest.fixture
def world(arnhem, coordinator, trajectory, team_lead, outsider, foreigner,
          income_consultant):  # fmt: skip
    klarendal, _presikhaaf = f.neighbourhoods(arnhem)
    (neighbour,) = f.residents_at(arnhem, klarendal, 1, "Klarendalseweg")
    campaign = f.campaign(coordinator, klarendal)
    worker = ProfessionalFactory(
        username="worker", municipality=arnhem, role=Professional.Role.WORK_COACH
    )
    (visit_round,) = services.campaign_assign(
        campaign=campaign, by=coordinator, workers=[worker],
        planned_on=timezone.localdate(),
    )  # fmt: skip
    visit = visit_round.visits.get()
    services.visit_record(visit=visit, by=worker, outcome="no_help",
                          expected_version=1, note="x")  # fmt: skip
    Address.objects.filter(pk=visit.address_id).update(street="Mrkidentity1Z")
    Visit.objects.filter(pk=visit.pk).update(note="Mrknotes2Z")
    team = services.team_create(by=coordinator, name="Team", neighbourhood=klarendal)
    services.member_add(team=team, by=coordinator, resident_id=trajectory.resident_id,
                        joined_on=timezone.localdate())  # fmt: skip
    Resident.objects.filter(pk=trajectory.resident_id).update(last_name="Mrkidentity3Z")
    services.wish_record(team=team, by=coordinator, text="Mrknotes4Z",
                         neighbourhood=klarendal, contact="Mrkidentity5Z")  # fmt: skip
    adviser = ProfessionalFactory(
        username="adviser", municipality=arnhem, role=Professional.Role.POLICY_ADVISER
    )
    return {
        "users": {"coordinator": coordinator, "worker": worker,
                  "team_lead": team_lead, "outsider": outsider,
                  "foreigner": foreigner, "income_consultant": income_consultant,
                  "adviser": adviser},
        "neighbour": neighbour, "trajectory": trajectory,
        "urls": {
            "campaign_list": reverse("campaign_list"),
            "campaign_detail": reverse("campaign_detail", args=[campaign.pk]),
            "visit_round": reverse("visit_round", args=[visit_round.pk]),
            "team_detail": reverse("team_detail", args=[team.pk]),
            "outcome_report": reverse("outcome_report"),
        },
    }  # fmt: skip


# Which page may show which markers to whom (everything else: none).
SHOWS = {
    ("visit_round", "worker"): {"Mrkidentity1Z", "Mrknotes2Z"},
    ("visit_round", "coordinator"): {"Mrkidentity1Z", "Mrknotes2Z"},
    ("team_detail", "coordinator"): {"Mrkidentity3Z", "Mrknotes4Z", "Mrkidentity5Z"},
}
OPENS = {
    ("visit_round", "worker"),
    ("visit_round", "coordinator"),
    ("team_detail", "coordinator"),
    ("campaign_detail", "worker"),
    ("campaign_detail", "coordinator"),
    ("campaign_detail", "team_lead"),
    ("outcome_report", "team_lead"),
    ("outcome_report", "adviser"),
}


@pytest.mark.parametrize(
    "persona",
    ["coordinator", "worker", "team_lead", "outsider", "foreigner",
     "income_consultant", "adviser"],
)  # fmt: skip
def test_markers_only_where_the_reader_has_a_ground(client, world, persona):
    user = world["users"][persona]
    login(client, user)
    failures = []
    for page, url in world["urls"].items():
        before = AccessEvent.objects.order_by("-seq").values_list("seq", flat=True)
        before = before.first() or 0
        response = client.get(url)
        opens = (page, persona) in OPENS or (
            page == "campaign_list" and persona != "adviser"
        )
        if opens != (response.status_code == 200):
            failures.append(f"{page}: {response.status_code}")
            continue
        found = set(MARKER.findall(response.content.decode()))
        expected = SHOWS.get((page, persona), set())
        if found != expected:
            failures.append(
                f"{page}: shows {sorted(found)}, expected {sorted(expected)}"
            )
        if found:
            events = AccessEvent.objects.filter(seq__gt=before, professional=user)
            audited = set(events.values_list("resident_id", "category"))
            if page == "visit_round":
                need = {(world["neighbour"].pk, "identity"),
                        (world["neighbour"].pk, "notes")}  # fmt: skip
                basis = "outreach campaign #"
            else:
                need = {(world["trajectory"].resident_id, "identity")}
                basis = "activation team #"
            if not need <= audited:
                failures.append(f"{page}: audited {sorted(audited)}")
            if not all(
                b.startswith(basis) for b in events.values_list("basis", flat=True)
            ):
                failures.append(
                    f"{page}: basis {set(events.values_list('basis', flat=True))}"
                )
    assert not failures, failures
