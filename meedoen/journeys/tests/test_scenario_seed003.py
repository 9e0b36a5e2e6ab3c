"""Seed 003, "Op Koers" in Houten: talking *with* the resident, not about her.

Linda (not her real name) left her partner and became homeless; she stays in his house
only when she looks after their two young children. She has a financial administrator
(bewindvoerder) and psychological complaints, and no longer oversees her problems. At
the Houten work table (werktafel) the social team, work and income, and welfare sit with
her, untangle the problems into one action plan, and she takes steps herself. Later she
has a house and a benefit, and wants to study and work.

End to end through services and selectors only.
"""

import datetime
from itertools import pairwise
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from freezegun import freeze_time

from meedoen.casefile.caseload import caseload
from meedoen.casefile.selectors import resident_file, resident_search
from meedoen.casefile.services import resident_register
from meedoen.core.categories import LifeDomain
from meedoen.core.models import AccessEvent
from meedoen.journeys.models import Stage, StageTransition
from meedoen.journeys.selectors import journey_board, trajectory_for
from meedoen.journeys.services import (
    case_team_add,
    contact_record,
    journey_template_create_default,
    trajectory_move,
)
from meedoen.meetings.selectors import meeting_detail, meetings_for
from meedoen.meetings.services import (
    agenda_item_record,
    decision_add,
    decision_to_action,
    meeting_add_agenda_item,
    meeting_schedule,
)
from meedoen.organisations.models import Organisation, Professional
from meedoen.organisations.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.plans.models import Action
from meedoen.plans.services import plan_agree, plan_goal_add
from meedoen.privacy import scope
from meedoen.privacy.services import consent_record
from meedoen.residents.models import HouseholdMember
from meedoen.residents.services import household_create
from meedoen.residents.tests.factories import ResidentFactory

LINDA_BSN = "999993653"
TODAY = datetime.date(2025, 5, 1)


def d(month, day):
    return datetime.date(2025, month, day)


def _professional(houten, username, first, last, org_name, kind, role):
    org = OrganisationFactory(municipality=houten, name=org_name, kind=kind)
    return ProfessionalFactory(
        username=username,
        first_name=first,
        last_name=last,
        municipality=houten,
        organisation=org,
        role=role,
    )


@pytest.fixture
def frozen():
    with freeze_time("2025-05-01 12:00:00"):
        yield


@pytest.fixture
def houten(db):
    municipality = MunicipalityFactory(name="Houten", code="0321")
    journey_template_create_default(municipality=municipality)
    return municipality


@pytest.fixture
def people(houten):
    return SimpleNamespace(
        social=_professional(
            houten,
            "eva",
            "Eva",
            "Smit",
            "Sociaal team Houten",
            Organisation.Kind.NEIGHBOURHOOD_TEAM,
            # A neighbourhood-team worker who coordinates: health data is readable
            # for this role (Wmo 2015), so her GGZ action is in what Eva prints.
            Professional.Role.NEIGHBOURHOOD_WORKER,
        ),
        work=_professional(
            houten,
            "gisou",
            "Gisou",
            "Kalkhoven",
            "Houtense Werktafel",
            Organisation.Kind.WORK,
            Professional.Role.WORK_COACH,
        ),
        income=_professional(
            houten,
            "ruud",
            "Ruud",
            "Jansen",
            "Werk en Inkomen Houten",
            Organisation.Kind.INCOME,
            Professional.Role.INCOME_CONSULTANT,
        ),
        welfare=_professional(
            houten,
            "fatima",
            "Fatima",
            "El Amrani",
            "Welzijn Houten",
            Organisation.Kind.WELFARE,
            Professional.Role.WELFARE_WORKER,
        ),
        outsider=ProfessionalFactory(
            username="houten-outsider",
            first_name="Kees",
            last_name="Buiten",
            municipality=houten,
        ),
    )


def _stage(trajectory, name):
    return Stage.objects.get(template=trajectory.template, name=name)


@pytest.fixture
def linda_case(frozen, houten, people):
    """Everything that happened, from the signal on 3 March to execution in April."""
    p = people
    team = [p.social, p.work, p.income, p.welfare]

    # 3 March: the social team registers her; she is homeless, so no address.
    trajectory = resident_register(
        by=p.social,
        first_name="Linda",
        last_name="de Wit",
        birth_date=datetime.date(1996, 8, 14),
        bsn=LINDA_BSN,
        city="Houten",
        reason=(
            "Dakloos na scheiding, twee jonge kinderen, bewindvoerder, psychische "
            "klachten. Overziet haar problemen niet meer."
        ),
        started_on=d(3, 3),
    )
    linda = trajectory.resident
    assert trajectory.coordinator == p.social
    assert linda.bsn_masked == "******653"
    assert LINDA_BSN not in linda.bsn_encrypted

    # Her two young children, in one household with her.
    children = [
        ResidentFactory(
            municipality=houten,
            first_name=name,
            last_name="de Wit",
            birth_date=born,
            bsn="",
        )
        for name, born in (
            ("Noa", datetime.date(2019, 2, 1)),
            ("Sem", datetime.date(2021, 9, 20)),
        )
    ]
    household = household_create(
        by=p.social,
        name="Gezin De Wit",
        members=[(linda, HouseholdMember.Relation.HEAD)]
        + [(child, HouseholdMember.Relation.CHILD) for child in children],
    )
    assert household.members.count() == 3

    # 5 March: first conversation at the social team's office.
    trajectory_move(
        trajectory=trajectory,
        to_stage=_stage(trajectory, "Eerste gesprek"),
        by=p.social,
        on=d(3, 5),
    )
    contact_record(
        trajectory=trajectory,
        by=p.social,
        contact_on=d(3, 5),
        kind="office",
        summary="Eerste gesprek: slaapt bij vrienden en familie, kinderen om de week.",
    )

    # Welfare has no legal task of its own for her: she consents to share with it,
    # for this purpose and period. Without that consent welfare cannot join.
    with pytest.raises(ValidationError, match="consent"):
        case_team_add(
            trajectory=trajectory, professional=p.welfare, by=p.social, on=d(3, 10)
        )
    consent_record(
        resident=trajectory.resident,
        purpose="Samen met welzijn werken aan dagbesteding en een sociaal netwerk.",
        organisations=[p.welfare.organisation],
        valid_from=d(3, 10),
        valid_until=datetime.date(2026, 3, 10),
        by=p.social,
    )

    # The case team: work, income and welfare join the social team.
    for professional in (p.work, p.income, p.welfare):
        case_team_add(
            trajectory=trajectory, professional=professional, by=p.social, on=d(3, 10)
        )

    # 24 March: the work table, with Linda at the table.
    meeting = meeting_schedule(
        title="Werktafel Op Koers",
        starts_at=timezone.make_aware(datetime.datetime(2025, 3, 24, 10, 0)),
        place="Gemeentehuis Houten",
        chair=p.work,
        participants=team,
    )
    item = meeting_add_agenda_item(
        meeting=meeting,
        trajectory=trajectory,
        by=p.social,
        question="Linda overziet haar problemen niet meer: wat heeft zij nodig?",
    )
    agenda_item_record(
        item=item,
        by=p.work,
        resident_present=True,
        notes="Linda vertelt zelf haar verhaal; ze wordt rustiger als er geluisterd wordt.",
    )
    contact_record(
        trajectory=trajectory, by=p.work, contact_on=d(3, 24), kind="meeting"
    )
    trajectory_move(
        trajectory=trajectory,
        to_stage=_stage(trajectory, "Integrale analyse"),
        by=p.social,
        on=d(3, 24),
    )

    # Goals in her words, in four life domains.
    plan = trajectory.plan
    goals = {}
    for domain, text in (
        (LifeDomain.HOUSING, "Een eigen huis voor mij en de kinderen."),
        (
            LifeDomain.FINANCES,
            "Een uitkering, en samen met de bewindvoerder overzicht over mijn geld.",
        ),
        (LifeDomain.MENTAL_HEALTH, "Rust in mijn hoofd en hulp bij mijn klachten."),
        (LifeDomain.WORK_EDUCATION, "Gaan studeren en daarna aan het werk."),
    ):
        goals[domain] = plan_goal_add(
            plan=plan,
            expected_version=plan.version,
            life_domain=domain,
            description=text,
            by=p.social,
        )

    # Decisions at the table, each turned into an action in one step.
    decided = [
        (
            "Urgentieaanvraag indienen bij de urgentiecommissie, samen met Linda.",
            {"owner_kind": "professional", "owner_professional": p.social},
            LifeDomain.HOUSING,
            d(4, 4),
        ),
        (
            "Bijstandsuitkering aanvragen en afstemmen met de bewindvoerder.",
            {"owner_kind": "professional", "owner_professional": p.income},
            LifeDomain.FINANCES,
            d(4, 7),
        ),
        (
            "Contact leggen met de praktijkondersteuner GGZ.",
            {
                "owner_kind": "organisation",
                "owner_organisation": p.welfare.organisation,
            },
            LifeDomain.MENTAL_HEALTH,
            d(4, 11),
        ),
        (
            "Samen uitzoeken welke opleiding bij Linda past.",
            {"owner_kind": "professional", "owner_professional": p.work},
            LifeDomain.WORK_EDUCATION,
            d(5, 30),
        ),
        (
            "Linda schrijft zich in als woningzoekende en belt de woningcorporatie.",
            {"owner_kind": "resident"},
            LifeDomain.HOUSING,
            d(4, 1),
        ),
    ]
    actions = []
    for text, owner, domain, due in decided:
        decision = decision_add(item=item, text=text, by=p.work)
        version = plan.__class__.objects.get(pk=plan.pk).version
        action = decision_to_action(
            decision=decision, by=p.work, due_on=due, goal=goals[domain], **owner
        )
        decision.refresh_from_db()
        assert decision.action == action
        assert action.description == text
        assert plan.__class__.objects.get(pk=plan.pk).version == version + 1
        actions.append(action)

    # 7 April: the plan; 14 April: she agrees and execution starts.
    trajectory_move(
        trajectory=trajectory,
        to_stage=_stage(trajectory, "Plan"),
        by=p.social,
        on=d(4, 7),
    )
    plan.refresh_from_db()
    plan_agree(
        plan=plan,
        expected_version=plan.version,
        agreed_on=d(4, 14),
        by=p.social,
        note="Linda: 'Zo wil ik het. Ik doe zelf ook mijn deel.'",
    )
    contact_record(
        trajectory=trajectory, by=p.social, contact_on=d(4, 14), kind="office"
    )
    trajectory_move(
        trajectory=trajectory,
        to_stage=_stage(trajectory, "Uitvoering"),
        by=p.social,
        on=d(4, 14),
    )
    trajectory.refresh_from_db()
    plan.refresh_from_db()
    return SimpleNamespace(
        trajectory=trajectory,
        linda=linda,
        children=children,
        household=household,
        meeting=meeting,
        item=item,
        plan=plan,
        goals=goals,
        actions=actions,
        team=team,
        people=people,
    )


def test_the_journey_is_recorded_stage_by_stage(linda_case):
    c = linda_case
    t = c.trajectory
    assert t.stage.name == "Uitvoering"
    assert t.stage_entered_on == d(4, 14)
    assert t.stage_due_on == d(4, 14) + datetime.timedelta(days=180)
    assert t.last_contact_on == d(4, 14)
    assert t.is_open
    transitions = [
        (tr.from_stage.name if tr.from_stage else None, tr.to_stage.name, tr.moved_on)
        for tr in StageTransition.objects.filter(trajectory=t).order_by(
            "moved_on", "pk"
        )
    ]
    assert transitions == [
        (None, "Signaal of aanvraag", d(3, 3)),
        ("Signaal of aanvraag", "Eerste gesprek", d(3, 5)),
        ("Eerste gesprek", "Integrale analyse", d(3, 24)),
        ("Integrale analyse", "Plan", d(4, 7)),
        ("Plan", "Uitvoering", d(4, 14)),
    ]
    days = [(b[2] - a[2]).days for a, b in pairwise(transitions)]
    assert days == [2, 19, 14, 7]
    assert set(
        StageTransition.objects.filter(trajectory=t).values_list(
            "moved_by__username", flat=True
        )
    ) == {"eva"}


def test_household_of_linda_and_her_two_children(linda_case):
    c = linda_case
    members = {
        m.resident.first_name: m.relation
        for m in c.household.members.select_related("resident")
    }
    assert members == {"Linda": "head", "Noa": "child", "Sem": "child"}
    # The children have no file of their own: on Linda's file they are named only
    # when her trajectory is for the whole household.
    file = resident_file(c.people.social, c.linda.pk)
    assert [m["name"] for m in file.household.members if m["name"]] == [
        c.linda.full_name
    ]
    c.trajectory.household = c.household
    c.trajectory.save(update_fields=["household"])
    file = resident_file(c.people.social, c.linda.pk)
    assert {m["name"].split()[0] for m in file.household.members} == {
        "Linda",
        "Noa",
        "Sem",
    }
    assert file.household.coordinator == str(c.people.social)


def test_the_work_table_talks_with_her(linda_case):
    c = linda_case
    c.item.refresh_from_db()
    assert c.item.resident_present is True
    assert set(c.meeting.participants.all()) == set(c.team)
    for professional in c.team:
        detail = meeting_detail(professional, c.meeting.pk)
        assert [i.resident_id for i in detail.items] == [c.linda.pk]
        assert detail.hidden_items == 0
        assert [len(i.decisions) + i.hidden_decisions for i in detail.items] == [5]
    assert list(meetings_for(c.people.outsider)) == []


def test_one_plan_with_goals_and_actions_for_everyone_and_for_her(linda_case):
    c = linda_case
    plan = c.plan
    assert sorted(plan.goals.values_list("life_domain", flat=True)) == sorted(
        ["housing", "finances", "mental_health", "work_education"]
    )
    owners = {
        (a.owner_kind, a.owner_label) for a in plan.actions.all().order_by("due_on")
    }
    assert owners == {
        ("professional", "Eva Smit (Sociaal team Houten)"),
        ("professional", "Ruud Jansen (Werk en Inkomen Houten)"),
        ("organisation", "Welzijn Houten"),
        ("professional", "Gisou Kalkhoven (Houtense Werktafel)"),
        ("resident", str(Action.OwnerKind.RESIDENT.label)),
    }
    # Every action came from a decision at the table and serves one of her goals.
    assert all(a.decision.agenda_item == c.item for a in plan.actions.all())
    assert all(a.goal is not None for a in plan.actions.all())
    her_steps = plan.actions.filter(owner_kind="resident")
    assert [a.goal.life_domain for a in her_steps] == ["housing"]
    # 1 + 4 goals + 5 actions + agreement
    assert plan.version == 11
    assert plan.agreed_on == d(4, 14)
    # She agreed to the content as it stood after the last action (version 10).
    assert plan.agreed_version == 10
    assert plan.is_agreed


def test_everyone_on_the_team_sees_her_and_an_outsider_does_not(linda_case, foreigner):
    c = linda_case
    t = c.trajectory
    for professional in c.team:
        assert [r.pk for r in resident_search(professional, "Linda")] == [c.linda.pk]
        assert [r.pk for r in resident_search(professional, LINDA_BSN)] == [c.linda.pk]
        assert [x.pk for x in resident_file(professional, c.linda.pk).trajectories] == [
            t.pk
        ]
        assert trajectory_for(professional, t.pk) == t
        assert [row.pk for row in caseload(professional)] == [t.pk]
    for stranger in (c.people.outsider, foreigner):
        assert resident_search(stranger, "Linda") == []
        assert resident_search(stranger, LINDA_BSN) == []
        assert caseload(stranger) == []
        assert not scope.visible_residents(stranger).exists()
        with pytest.raises(Http404):
            resident_file(stranger, c.linda.pk)
        with pytest.raises(Http404):
            trajectory_for(stranger, t.pk)
    assert not AccessEvent.objects.filter(
        professional__in=[c.people.outsider, foreigner]
    ).exists()
    assert set(
        AccessEvent.objects.filter(resident_id=c.linda.pk).values_list(
            "professional__username", flat=True
        )
    ) == {"eva", "gisou", "ruud", "fatima"}


def test_her_signals_on_the_caseload_and_the_board(linda_case):
    c = linda_case
    (row,) = caseload(c.people.social)
    # On 1 May: her own step (1 April), the urgency request (4 April), the benefit
    # (7 April) and the GGZ contact (11 April) are past their date; the study (30 May)
    # is not.
    assert row.overdue_actions == 4
    assert row.open_actions == 5
    assert row.has_no_contact is False
    assert row.is_stuck is False
    _template, columns = journey_board(c.people.social)
    assert {col.stage.name: col.count for col in columns if col.count} == {
        "Uitvoering": 1
    }


def _plain_plan(view):
    """The printed plan as text, from the selector's read models (what plan_print
    shows)."""
    plan = view.plan
    lines = [f"Jouw plan, {view.resident.full_name}", "", "Wat we afspraken:"]
    for goal in view.goals:
        lines.append(f"- {goal.life_domain_display}: {goal.description}")
    lines += ["", "Wie doet wat, wanneer:"]
    for action in view.actions:
        who = "Jij" if action.owner_kind == "resident" else action.owner_label
        lines.append(f"- {action.description} | {who} | voor {action.due_on:%d-%m-%Y}")
    lines += ["", "Jouw team:"]
    for member in view.team:
        lines.append(f"- {member.professional}, {member.organisation}")
    if plan.agreed_on:
        lines.append(f"Akkoord op {plan.agreed_on:%d-%m-%Y}")
    return "\n".join(lines)


def test_the_printed_plan_from_the_selector_data(linda_case):
    from meedoen.plans.selectors import plan_view

    c = linda_case
    text = _plain_plan(plan_view(c.people.social, c.trajectory.pk, via="plan_print"))
    assert "Jouw plan, Linda de Wit" in text
    for expected in (
        "Urgentieaanvraag indienen bij de urgentiecommissie, samen met Linda. "
        "| Eva Smit (Sociaal team Houten) | voor 04-04-2025",
        "Bijstandsuitkering aanvragen en afstemmen met de bewindvoerder. "
        "| Ruud Jansen (Werk en Inkomen Houten) | voor 07-04-2025",
        "Contact leggen met de praktijkondersteuner GGZ. | Welzijn Houten "
        "| voor 11-04-2025",
        "Samen uitzoeken welke opleiding bij Linda past. "
        "| Gisou Kalkhoven (Houtense Werktafel) | voor 30-05-2025",
        "Linda schrijft zich in als woningzoekende en belt de woningcorporatie. "
        "| Jij | voor 01-04-2025",
        "- Eva Smit, Sociaal team Houten",
        "- Gisou Kalkhoven, Houtense Werktafel",
        "- Ruud Jansen, Werk en Inkomen Houten",
        "- Fatima El Amrani, Welzijn Houten",
        "Een eigen huis voor mij en de kinderen.",
        "Akkoord op 14-04-2025",
    ):
        assert expected in text
    # Actions in date order: her own step first.
    steps = text.split("Wie doet wat, wanneer:")[1]
    assert steps.index("Linda schrijft") < steps.index("Urgentieaanvraag")
    assert steps.index("Urgentieaanvraag") < steps.index("Samen uitzoeken")
    # Nothing the resident should not read on paper.
    assert LINDA_BSN not in text
    with pytest.raises(Http404):
        plan_view(c.people.outsider, c.trajectory.pk)


def test_the_printed_plan_page(linda_case, client):
    c = linda_case
    try:
        url = reverse("plan_print", args=[c.trajectory.pk])
    except NoReverseMatch:
        pytest.skip("the plan_print view does not exist yet")
    client.force_login(c.people.social)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for action in c.actions:
        assert action.description in html
    for name in (
        "Eva Smit",
        "Ruud Jansen",
        "Gisou Kalkhoven",
        "Welzijn Houten",
        "Sociaal team Houten",
        "Werk en Inkomen Houten",
        "Houtense Werktafel",
    ):
        assert name in html
    assert "Een eigen huis voor mij en de kinderen." in html
    assert LINDA_BSN not in html

    client.force_login(c.people.outsider)
    assert client.get(url).status_code == 404
