"""A full scenario for the privacy tests: one resident of Arnhem with a trajectory,
plan (a health goal and a finances goal), action, contact, meeting with agenda item and
decision, an open hand-over, a consent that brings welfare and care onto the case team,
and an expired break-the-glass access waiting for review. Around it every kind of user
the authorization matrix tries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from meedoen.core.categories import LifeDomain
from meedoen.journeys.services import case_team_add, contact_record, handover_offer
from meedoen.meetings.services import (
    decision_add,
    meeting_add_agenda_item,
    meeting_schedule,
)
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.models import Action
from meedoen.plans.services import plan_action_add, plan_goal_add
from meedoen.privacy.models import EmergencyAccess
from meedoen.privacy.services import consent_record

HEALTH_GOAL = "Afspraak met de POH-GGZ over somberheid"
FINANCES_GOAL = "Schulden saneren met budgetbeheer"


def welfare_organisation(municipality: Any) -> Organisation:
    return OrganisationFactory(
        municipality=municipality,
        name="Welzijn Rijnstad",
        kind=Organisation.Kind.WELFARE,
    )


def care_organisation(municipality: Any) -> Organisation:
    return OrganisationFactory(
        municipality=municipality, name="Zorggroep Arnhem", kind=Organisation.Kind.CARE
    )


def welfare_worker(municipality: Any, organisation: Organisation) -> Professional:
    return ProfessionalFactory(
        username="welfare",
        first_name="Ilse",
        last_name="Jansen",
        municipality=municipality,
        organisation=organisation,
        role=Professional.Role.WELFARE_WORKER,
    )


def care_worker(municipality: Any, organisation: Organisation) -> Professional:
    return ProfessionalFactory(
        username="care",
        first_name="Bram",
        last_name="Peters",
        municipality=municipality,
        organisation=organisation,
        role=Professional.Role.CARE_WORKER,
    )


def privacy_officer(municipality: Any, username: str = "officer") -> Professional:
    return ProfessionalFactory(
        username=username,
        first_name="Petra",
        last_name="Visser",
        municipality=municipality,
        role=Professional.Role.PRIVACY_OFFICER,
    )


@dataclass
class Scenario:
    arnhem: Any
    trajectory: Any
    resident: Any
    coordinator: Professional
    income_consultant: Professional
    welfare_worker: Professional
    care_worker: Professional
    team_lead: Professional
    outsider: Professional
    foreigner: Professional
    administrator: Professional
    privacy_officer: Professional
    health_goal: Any
    finances_goal: Any
    action: Any
    contact: Any
    meeting: Any
    agenda_item: Any
    decision: Any
    handover: Any
    consent: Any
    emergency: EmergencyAccess
    access_request: Any
    household: Any = None
    household_member: Any = None


def build(
    *,
    arnhem: Any,
    trajectory: Any,
    coordinator: Professional,
    income_consultant: Professional,
    team_lead: Professional,
    outsider: Professional,
    foreigner: Professional,
) -> Scenario:
    today = timezone.localdate()
    resident = trajectory.resident
    # A name no page text can contain by chance ("Post" would match "Postcode"), so
    # the leak checks cannot flake on a random surname.
    resident.first_name, resident.last_name = "Zwaantje", "Knoopsgat-Vermeulen"
    resident.save(update_fields=["first_name", "last_name"])
    welfare_org = welfare_organisation(arnhem)
    care_org = care_organisation(arnhem)
    welfare = welfare_worker(arnhem, welfare_org)
    care = care_worker(arnhem, care_org)
    consent = consent_record(
        resident=resident,
        purpose="Begeleiding naar dagbesteding en zorg",
        organisations=[welfare_org, care_org],
        valid_from=today - timedelta(days=10),
        valid_until=today + timedelta(days=365),
        by=coordinator,
    )
    case_team_add(trajectory=trajectory, professional=welfare, by=coordinator)
    case_team_add(trajectory=trajectory, professional=care, by=coordinator)
    plan = trajectory.plan
    health = plan_goal_add(
        plan=plan,
        expected_version=plan.version,
        life_domain=LifeDomain.MENTAL_HEALTH,
        description=HEALTH_GOAL,
        by=coordinator,
    )
    finances = plan_goal_add(
        plan=plan,
        expected_version=plan.version,
        life_domain=LifeDomain.FINANCES,
        description=FINANCES_GOAL,
        by=coordinator,
    )
    action = plan_action_add(
        plan=plan,
        expected_version=plan.version,
        description="Kennismaken bij de buurtkamer",
        owner_kind=Action.OwnerKind.PROFESSIONAL,
        owner_professional=welfare,
        due_on=today + timedelta(days=14),
        by=coordinator,
        life_domain="social_network",
    )
    contact = contact_record(
        trajectory=trajectory,
        by=coordinator,
        contact_on=today,
        kind="home_visit",
        summary="Kennismaking thuis",
    )
    meeting = meeting_schedule(
        title="Werktafel Klarendal",
        starts_at=timezone.now() + timedelta(days=2),
        place="Wijkhuis",
        chair=coordinator,
        participants=[income_consultant],
    )
    item = meeting_add_agenda_item(
        meeting=meeting, trajectory=trajectory, by=coordinator
    )
    decision = decision_add(item=item, text="Budgetcoach inschakelen", by=coordinator)
    handover = handover_offer(
        trajectory=trajectory,
        to_professional=income_consultant,
        by=coordinator,
        note="Inkomen staat voorop",
    )
    glass_user = ProfessionalFactory(username="glass", municipality=arnhem)
    now = timezone.now()
    from meedoen.journeys.services import access_request_make

    access_request = access_request_make(
        trajectory=trajectory,
        by=glass_user,
        reason="Ik ken haar van de inloop en help met de aanvraag",
    )
    # Her household: she and a partner without a file of his own.
    from meedoen.residents.models import HouseholdMember
    from meedoen.residents.services import household_create
    from meedoen.residents.tests.factories import ResidentFactory

    partner = ResidentFactory(municipality=arnhem)
    household = household_create(
        by=coordinator,
        name="Huishouden Knoopsgat",
        members=[
            (resident, HouseholdMember.Relation.HEAD),
            (partner, HouseholdMember.Relation.PARTNER),
        ],
    )
    emergency = EmergencyAccess.objects.create(
        professional=glass_user,
        resident=resident,
        reason="Crisismelding in de nacht, coordinator onbereikbaar",
        granted_at=now - timedelta(hours=10),
        expires_at=now - timedelta(hours=6),
    )
    return Scenario(
        arnhem=arnhem,
        trajectory=trajectory,
        resident=resident,
        coordinator=coordinator,
        income_consultant=income_consultant,
        welfare_worker=welfare,
        care_worker=care,
        team_lead=team_lead,
        outsider=outsider,
        foreigner=foreigner,
        administrator=ProfessionalFactory(
            username="admin", municipality=arnhem, administrator=True
        ),
        privacy_officer=privacy_officer(arnhem),
        health_goal=health,
        finances_goal=finances,
        action=action,
        contact=contact,
        meeting=meeting,
        agenda_item=item,
        decision=decision,
        handover=handover,
        consent=consent,
        access_request=access_request,
        emergency=emergency,
        household=household,
        household_member=household.members.get(resident=partner),
    )
