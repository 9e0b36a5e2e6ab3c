"""Outreach's personal data: categories as the registry says (an address is personal
only when linked), the access export, anonymising and destroying, and the retention of
a neighbour's contact on a wish."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from meedoen.core.categories import Category
from meedoen.core.personal_data import (
    NOT_PERSONAL,
    handlers,
    ordered_handlers,
    registry,
)
from meedoen.outreach import personal_data, services
from meedoen.outreach.models import Address, Participation, TeamMember, Visit, Wish
from meedoen.outreach.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(arnhem, coordinator, trajectory):
    klarendal, _presikhaaf = f.neighbourhoods(arnhem)
    resident = trajectory.resident
    Address.objects.all().delete()
    resident.neighbourhood = klarendal
    resident.save()
    campaign = f.campaign(coordinator, klarendal)
    (visit_round,) = services.campaign_assign(
        campaign=campaign, by=coordinator, workers=[coordinator],
        planned_on=timezone.localdate(),
    )  # fmt: skip
    visit = visit_round.visits.get(address__resident=resident)
    services.visit_record(visit=visit, by=coordinator, outcome="no_help",
                          expected_version=1, note="Redt zich goed")  # fmt: skip
    team = services.team_create(by=coordinator, name="Team", neighbourhood=klarendal)
    member = services.member_add(team=team, by=coordinator, resident_id=resident.pk,
                                 joined_on=timezone.localdate())  # fmt: skip
    activity = services.activity_plan(team=team, by=coordinator,
                                      held_on=timezone.localdate(), place="Plein",
                                      description="Opruimen")  # fmt: skip
    services.participation_record(activity=activity, by=coordinator,
                                  members=[member], neighbours=4)  # fmt: skip
    return {"resident": resident, "visit": visit, "team": team, "area": klarendal}


def test_an_address_is_personal_only_when_linked(scene):
    linked = scene["visit"].address
    assert registry.category(linked, "street") == Category.IDENTITY
    loose = Address(street="Straat", house_number="1")
    assert registry.category(loose, "street") == NOT_PERSONAL
    wish = Wish(text="Bankjes")
    assert registry.category(wish, "text") == NOT_PERSONAL
    wish.contact = "Jan"
    assert registry.category(wish, "text") == Category.NOTES


def test_the_access_export_holds_the_visits_and_the_team(scene):
    sections = handlers["outreach"].export(scene["resident"])
    keys = {s.key for s in sections}
    assert {"outreach_addresses", "outreach_visits", "activation_teams",
            "activation_participation"} <= keys  # fmt: skip
    notes = [s for s in sections if s.category == Category.NOTES]
    assert any(i.get("note") == "Redt zich goed" for s in notes for i in s.items)


def test_outreach_goes_before_the_residents_and_the_journeys():
    order = [h.name for h in ordered_handlers()]
    assert order.index("outreach") < order.index("residents")


def test_anonymise_and_destroy(scene):
    resident = scene["resident"]
    personal_data.anonymise(resident, [])
    visit = Visit.objects.get(pk=scene["visit"].pk)
    assert visit.note == "" and visit.outcome == "no_help"
    assert visit.address.resident_id is None
    personal_data.destroy(resident, [])
    assert not TeamMember.objects.filter(resident=resident).exists()
    assert not Participation.objects.filter(member__resident=resident).exists()


def test_a_neighbours_contact_is_kept_a_year(scene, coordinator):
    old = services.wish_record(
        team=scene["team"], by=coordinator, text="Moestuin", neighbourhood=scene["area"],
        contact="Jan, 06-1", recorded_on=timezone.localdate() - datetime.timedelta(days=400),
    )  # fmt: skip
    new = services.wish_record(
        team=scene["team"], by=coordinator, text="Bankjes", neighbourhood=scene["area"],
        contact="Piet, 06-2",
    )  # fmt: skip
    assert personal_data.wish_contacts_expire(timezone.localdate()) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.contact == "" and new.contact == "Piet, 06-2"


def test_the_retention_command(scene, coordinator):
    from io import StringIO

    from django.core.management import call_command

    services.wish_record(
        team=scene["team"], by=coordinator, text="Moestuin", neighbourhood=scene["area"],
        contact="Jan", recorded_on=timezone.localdate() - datetime.timedelta(days=400),
    )  # fmt: skip
    out = StringIO()
    call_command("wish_contacts_expire", stdout=out)
    assert "1 contacts blanked" in out.getvalue()


def test_the_audit_trail_says_outreach_in_words():
    from django.utils import translation

    from meedoen.privacy.audit_words import basis_words, via_words

    with translation.override("en"):
        assert via_words("visit_round") == "a round of home visits"
        assert via_words("visit_record") == "recording a home visit"
        assert via_words("activation_team") == "an activation team"
        assert basis_words("outreach campaign #4: visitor") == (
            "home visit of campaign 4"
        )
        assert basis_words("activation team #2: coach") == "coach of activation team 2"
