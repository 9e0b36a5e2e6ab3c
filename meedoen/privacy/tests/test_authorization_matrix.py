"""The authorization matrix: every URL of the project, tried as every kind of user.

Every URL pattern (except the admin under beheer/, i18n/ and static files) must be
classified in ``ROUTES``; a new view that is not fails ``test_every_url_is_classified``,
so nobody can add a page without deciding who may see it. Each URL is then requested,
with its path filled from a real scenario (see scenario.py), as:

- anonymous: sent to the login page, never a page;
- a professional of another municipality: 403/404 for everything resident-bound;
- a professional of the same municipality not on the case team: 404 (existence of the
  resident does not leak);
- case team members without a category: the file and plan leave that category out;
- the coordinator: 200 on every page;
- a team lead: reads the file, cannot change anything (403/404);
- an administrator and a privacy officer: no resident data (403/404);
- the privacy officer: only their own municipality's audit trail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from meedoen.core import middleware
from meedoen.privacy.tests import scenario as sc
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # marked @public: the login page, logging out
ACCOUNT = "account"  # the user's own second factor: no resident data at all
GENERAL = "general"  # lists and forms of the user's own work, scoped inside
RESIDENT = "resident_bound"  # one resident's data (or a meeting about residents)
OFFICER = "privacy_officer"  # the privacy officer's pages
# One evaluation (four windows): policy adviser, team lead and coordinator of the
# municipality only. The scenario holds no evaluation, so these are requested here only
# anonymously (any pk fills the path); meedoen/evaluations/tests/test_views.py tries
# them role by role.
EVALUATION = "evaluation"
# Aggregate outcome figures (suppressed, no names) for policy advisers and team leads;
# the pseudonymised research export for policy advisers only.
# The front door's questions: visible to who took them and their team (see
# meedoen/casefile/front_door.py and its tests); requested here only anonymously.
FRONT_DOOR = "front_door"
OUTCOMES = "outcomes"
RESEARCH = "research_export"
# The social map's offers and routes (no resident data; create, change, import and
# routes for administrators and providers) and the answers to a referral (by the
# receiving organisation only): the scenario holds no offer or referral, so these are
# requested here only anonymously (any pk fills the path);
# meedoen/socialmap/tests/test_views.py tries them role by role.
SOCIAL_MAP = "social_map"
REFERRAL = "referral"
# Outreach: a campaign for its coordinator, workers and team leads; a visit round for
# its worker and the campaign's coordinator; an activation team for its coach (see
# meedoen/outreach/tests/test_views.py). Requested here only anonymously.
OUTREACH = "outreach"


@dataclass(frozen=True)
class Route:
    kind: str
    # Path parameters and the scenario attribute whose pk fills them.
    params: dict[str, str] = field(default_factory=dict)
    post_only: bool = False
    # Pages a team lead may read (their team's caseload, without writes).
    team_lead_reads: bool = False
    # Answered only by the professional a hand-over is offered to (refused by the
    # service for everyone else who can see the trajectory).
    addressee_only: bool = False


def _r(obj: str, **more: str) -> dict[str, str]:
    return {"pk": obj, **more}


ROUTES: dict[str, Route] = {
    # Public
    "login": Route(PUBLIC),
    "logout": Route(PUBLIC, post_only=True),
    # The second factor (django-two-factor-auth)
    "two_factor:login": Route(ACCOUNT),
    "two_factor:setup": Route(ACCOUNT),
    "enrolment_code": Route(ACCOUNT),
    "two_factor:qr": Route(ACCOUNT),
    "two_factor:setup_complete": Route(ACCOUNT),
    "two_factor:backup_tokens": Route(ACCOUNT),
    "two_factor:profile": Route(ACCOUNT),
    "two_factor:disable": Route(ACCOUNT),
    # The user's own work
    "caseload": Route(GENERAL),
    "journey_board": Route(GENERAL),
    "resident_search": Route(GENERAL),
    "resident_register": Route(GENERAL),
    "question_list": Route(GENERAL),
    "question_create": Route(GENERAL),
    "question_detail": Route(FRONT_DOOR, _r("trajectory")),
    "question_answer": Route(FRONT_DOOR, _r("trajectory"), post_only=True),
    "question_refer": Route(FRONT_DOOR, _r("trajectory"), post_only=True),
    "resident_merge": Route(RESIDENT, {"pk": "resident"}),
    # From the registration's duplicate check: the posted registration data must
    # identify the resident (refused otherwise), so no resident id leaks a file.
    "resident_return": Route(GENERAL, post_only=True),
    "access_request_create": Route(GENERAL, post_only=True),
    "meeting_list": Route(GENERAL),
    "meeting_create": Route(GENERAL),
    "emergency_access": Route(GENERAL),
    "evaluation_list": Route(GENERAL),
    "evaluation_create": Route(GENERAL),
    # One resident
    "resident_file": Route(RESIDENT, {"pk": "resident"}, team_lead_reads=True),
    "trajectory_move": Route(RESIDENT, _r("trajectory")),
    "trajectory_close": Route(RESIDENT, _r("trajectory")),
    "contact_add": Route(RESIDENT, _r("trajectory")),
    "case_team_add": Route(RESIDENT, _r("trajectory")),
    "handover_offer": Route(RESIDENT, _r("trajectory")),
    "handover_accept": Route(
        RESIDENT, _r("handover"), post_only=True, addressee_only=True
    ),
    "handover_decline": Route(RESIDENT, _r("handover"), addressee_only=True),
    "access_request_answer": Route(RESIDENT, _r("access_request"), post_only=True),
    "plan_edit": Route(RESIDENT, _r("trajectory"), team_lead_reads=True),
    "plan_print": Route(RESIDENT, _r("trajectory"), team_lead_reads=True),
    "plan_goal_add": Route(RESIDENT, _r("trajectory"), post_only=True),
    "plan_goal_status": Route(
        RESIDENT, _r("trajectory", goal_id="finances_goal"), post_only=True
    ),
    "plan_action_add": Route(RESIDENT, _r("trajectory"), post_only=True),
    "plan_action_status": Route(
        RESIDENT, _r("trajectory", action_id="action"), post_only=True
    ),
    "plan_action_edit": Route(RESIDENT, _r("trajectory", action_id="action")),
    "plan_agree": Route(RESIDENT, _r("trajectory"), post_only=True),
    "meeting_detail": Route(RESIDENT, _r("meeting")),
    "meeting_add_agenda_item": Route(RESIDENT, _r("meeting"), post_only=True),
    "meeting_save_minutes": Route(RESIDENT, _r("meeting"), post_only=True),
    "agenda_item_record": Route(RESIDENT, _r("agenda_item"), post_only=True),
    "decision_add": Route(RESIDENT, _r("agenda_item"), post_only=True),
    "decision_to_action": Route(RESIDENT, _r("decision"), post_only=True),
    "consent_list": Route(RESIDENT, _r("resident"), team_lead_reads=True),
    "consent_add": Route(RESIDENT, _r("resident")),
    "consent_withdraw": Route(RESIDENT, _r("consent")),
    "measurement_list": Route(RESIDENT, _r("trajectory"), team_lead_reads=True),
    "measurement_add": Route(RESIDENT, _r("trajectory")),
    "measurement_detail": Route(
        RESIDENT, {"measurement_id": "measurement"}, team_lead_reads=True
    ),
    "measurement_confirm": Route(
        RESIDENT, {"measurement_id": "measurement"}, post_only=True
    ),
    "measurement_correct": Route(RESIDENT, {"measurement_id": "measurement"}),
    "work_record_add": Route(RESIDENT, _r("trajectory")),
    "work_record_end": Route(RESIDENT, {"record_id": "work_record"}, post_only=True),
    # A household: seen through its members' trajectories
    "household_start": Route(RESIDENT, _r("resident")),
    "household_detail": Route(RESIDENT, _r("household"), team_lead_reads=True),
    "household_edit": Route(RESIDENT, _r("household"), post_only=True),
    "household_member_add": Route(RESIDENT, _r("household")),
    "household_member_end": Route(
        RESIDENT, _r("household", member_id="household_member"), post_only=True
    ),
    "household_plan": Route(RESIDENT, _r("household"), team_lead_reads=True),
    # Evaluations (four windows)
    "evaluation_detail": Route(EVALUATION, _r("trajectory")),
    "evaluation_pdf": Route(EVALUATION, _r("trajectory")),
    "evaluation_story_add": Route(EVALUATION, _r("trajectory")),
    "evaluation_finding_add": Route(EVALUATION, _r("trajectory")),
    # Outcomes (aggregates) and the research export
    "outcome_report": Route(OUTCOMES),
    "outcome_report_csv": Route(OUTCOMES),
    "outcome_report_xlsx": Route(OUTCOMES),
    "outcome_report_pdf": Route(OUTCOMES),
    "research_export": Route(RESEARCH),
    # The privacy officer
    "audit_log": Route(OFFICER),
    "emergency_review": Route(OFFICER),
    "access_request": Route(OFFICER),
    "emergency_access_review": Route(OFFICER, _r("emergency"), post_only=True),
    # The social map (sociale kaart): offers, matching, referrals, routes
    "offer_list": Route(GENERAL),
    "offer_export": Route(GENERAL),
    "route_list": Route(GENERAL),
    "referral_overview": Route(GENERAL),
    "referral_inbox": Route(GENERAL),
    "offer_create": Route(SOCIAL_MAP),
    "offer_import": Route(SOCIAL_MAP),
    "offer_detail": Route(SOCIAL_MAP, _r("trajectory")),
    "offer_edit": Route(SOCIAL_MAP, _r("trajectory")),
    "route_create": Route(SOCIAL_MAP),
    "route_detail": Route(SOCIAL_MAP, _r("trajectory")),
    "socialmap_match": Route(RESIDENT, _r("trajectory"), team_lead_reads=True),
    "socialmap_add_to_plan": Route(RESIDENT, _r("trajectory"), post_only=True),
    "referral_create": Route(RESIDENT, _r("trajectory"), post_only=True),
    "referral_send": Route(REFERRAL, _r("trajectory"), post_only=True),
    "referral_answer": Route(REFERRAL, _r("trajectory"), post_only=True),
    # Outreach: home-visit campaigns and activation teams
    "campaign_list": Route(GENERAL),
    "campaign_create": Route(GENERAL),
    "team_create": Route(GENERAL),
    "campaign_detail": Route(OUTREACH, _r("trajectory")),
    "campaign_assign": Route(OUTREACH, _r("trajectory"), post_only=True),
    "campaign_import": Route(OUTREACH, _r("trajectory"), post_only=True),
    "visit_round": Route(OUTREACH, _r("trajectory")),
    "visit_record": Route(
        OUTREACH, _r("trajectory", visit_id="trajectory"), post_only=True
    ),
    "team_detail": Route(OUTREACH, _r("trajectory")),
    "team_member_add": Route(OUTREACH, _r("trajectory"), post_only=True),
    "wish_add": Route(OUTREACH, _r("trajectory"), post_only=True),
    "theme_add": Route(OUTREACH, _r("trajectory"), post_only=True),
    "wishes_group": Route(OUTREACH, _r("trajectory"), post_only=True),
    "activity_add": Route(OUTREACH, _r("trajectory"), post_only=True),
    "activity_detail": Route(OUTREACH, _r("trajectory", activity_id="trajectory")),
    "participation_confirm": Route(
        OUTREACH,
        _r("trajectory", activity_id="trajectory", participation_id="trajectory"),
        post_only=True,
    ),
}

SKIPPED_PREFIXES = ("beheer/", "i18n/", "static/", "media/")


@dataclass
class Pattern:
    name: str
    route: str
    callback: Any


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[Pattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            namespace = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _walk(p.url_patterns, prefix + str(p.pattern), namespace)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = f"{ns}{p.name}" if p.name else route
            yield Pattern(name=name, route=route, callback=p.callback)


def project_patterns() -> list[Pattern]:
    return [
        p
        for p in _walk(get_resolver().url_patterns)
        if not p.route.lstrip("^").startswith(SKIPPED_PREFIXES)
    ]


def _is_public(callback: Any) -> bool:
    module = getattr(callback, "__module__", "")
    public_modules = getattr(middleware, "PUBLIC_MODULES", ())
    return bool(getattr(callback, "privacy_public", False)) or module.startswith(
        tuple(public_modules)
    )


# The table itself


def test_every_url_is_classified():
    names = {p.name for p in project_patterns()}
    unclassified = sorted(names - set(ROUTES))
    assert not unclassified, (
        "URL patterns without a privacy classification in ROUTES "
        f"(decide who may see them): {unclassified}"
    )


def test_the_table_has_no_stale_entries():
    names = {p.name for p in project_patterns()}
    assert not sorted(set(ROUTES) - names)


def test_every_view_is_public_or_behind_the_deny_by_default_middleware():
    assert "meedoen.core.middleware.DenyByDefaultMiddleware" in settings.MIDDLEWARE
    for p in project_patterns():
        route = ROUTES.get(p.name)
        if route is None:
            continue  # reported by test_every_url_is_classified
        # Public exactly when marked public: nothing is public by accident, and
        # nothing marked public is hiding in a protected row of the table.
        assert _is_public(p.callback) == (route.kind == PUBLIC), p.name


# Requests


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
    # A confirmed ladder measurement and a work record for the measurement pages.
    from meedoen.measurements.tests.factories import ladder_measurement, work_record

    world.measurement = ladder_measurement(trajectory, by=coordinator)  # type: ignore[attr-defined]
    world.work_record = work_record(trajectory, by=coordinator)  # type: ignore[attr-defined]
    return world


def urls(world: sc.Scenario, *kinds: str) -> Iterator[tuple[str, Route, str]]:
    for p in project_patterns():
        route = ROUTES.get(p.name)
        if route is None or (kinds and route.kind not in kinds):
            continue
        kwargs = {key: getattr(world, attr).pk for key, attr in route.params.items()}
        yield p.name, route, reverse(p.name, kwargs=kwargs or None)


def _check(failures: list[str], ok: bool, label: str, response: Any) -> None:
    if not ok:
        failures.append(f"{label}: {response.status_code}")


def _resident_data(world: sc.Scenario) -> tuple[str, ...]:
    r = world.resident
    return (r.full_name, r.last_name, r.bsn_masked, sc.HEALTH_GOAL, sc.FINANCES_GOAL)


def _leaks(world: sc.Scenario, response: Any) -> str | None:
    html = response.content.decode(errors="replace")
    return next((text for text in _resident_data(world) if text in html), None)


def test_anonymous_visitors_are_sent_to_login_everywhere(client, world):
    login(client)
    login_url = reverse("login")
    failures: list[str] = []
    for name, route, url in urls(world):
        if route.kind == PUBLIC:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            ok = response.status_code == 302 and response["Location"].startswith(
                login_url
            )
            _check(failures, ok, f"{method.upper()} {name}", response)
    assert not failures, failures


@pytest.mark.parametrize(
    "actor", ["foreigner", "outsider", "administrator", "privacy_officer"]
)
def test_no_resident_data_for_users_without_need_to_know(client, world, actor):
    """Other municipality, not on the team, administrator, privacy officer: every
    resident-bound URL is refused, 404 where existence must not leak."""
    user = getattr(world, actor)
    login(client, user)
    failures: list[str] = []
    for name, route, url in urls(world, RESIDENT):
        response = client.get(url)
        allowed = {405} if route.post_only else {404}
        if actor in ("administrator", "privacy_officer", "foreigner"):
            allowed |= {403}
        _check(failures, response.status_code in allowed, f"GET {name}", response)
        response = client.post(url)
        allowed = {404} if actor == "outsider" else {403, 404}
        _check(failures, response.status_code in allowed, f"POST {name}", response)
    assert not failures, failures


@pytest.mark.parametrize(
    "actor", ["foreigner", "outsider", "administrator", "privacy_officer"]
)
def test_general_pages_show_nothing_of_a_resident_without_need_to_know(
    client, world, actor
):
    login(client, getattr(world, actor))
    failures: list[str] = []
    for name, _route, url in urls(world, GENERAL, ACCOUNT):
        response = client.get(url)
        if response.status_code not in (200, 302, 403, 404, 405):
            failures.append(f"GET {name}: {response.status_code}")
        leak = _leaks(world, response)
        if leak:
            failures.append(f"GET {name} shows {leak!r}")
    assert not failures, failures


@pytest.mark.parametrize(
    "actor",
    [
        "foreigner",
        "outsider",
        "administrator",
        "coordinator",
        "team_lead",
        "income_consultant",
    ],
)
def test_privacy_officer_pages_are_for_the_privacy_officer_only(client, world, actor):
    login(client, getattr(world, actor))
    failures: list[str] = []
    for name, route, url in urls(world, OFFICER):
        response = client.get(url)
        allowed = {405} if route.post_only else {403}
        _check(failures, response.status_code in allowed, f"GET {name}", response)
        response = client.post(url)
        _check(failures, response.status_code == 403, f"POST {name}", response)
    assert not failures, failures


def test_the_privacy_officer_sees_the_officer_pages(client, world):
    login(client, world.privacy_officer)
    failures: list[str] = []
    for name, route, url in urls(world, OFFICER):
        response = client.get(url)
        expected = 405 if route.post_only else 200
        _check(failures, response.status_code == expected, f"GET {name}", response)
    assert not failures, failures


def test_a_privacy_officer_of_another_municipality_sees_nothing_of_ours(
    client, world, nijmegen
):
    officer = sc.privacy_officer(nijmegen, username="officer-nijmegen")
    login(client, officer)
    response = client.get(reverse("audit_log"), {"resident": world.resident.pk})
    assert response.status_code == 200
    assert "No access events match these filters." in response.content.decode()
    html = client.get(reverse("emergency_review")).content.decode()
    assert world.emergency.reason not in html
    response = client.post(
        reverse("emergency_access_review", args=[world.emergency.pk])
    )
    assert response.status_code == 404
    world.emergency.refresh_from_db()
    assert world.emergency.reviewed_at is None


def test_the_coordinator_opens_every_page(client, world):
    login(client, world.coordinator)
    failures: list[str] = []
    for name, route, url in urls(world, GENERAL, RESIDENT):
        response = client.get(url)
        if route.post_only:
            expected = 405
        elif route.addressee_only:
            # The scenario's hand-over is offered *by* the coordinator: only the
            # addressee answers it, the coordinator gets 403.
            expected = 403
        else:
            expected = 200
        _check(failures, response.status_code == expected, f"GET {name}", response)
    assert not failures, failures


def _team_lead_failures(
    client: Any, world: sc.Scenario, addressee_only: bool
) -> list[str]:
    login(client, world.team_lead)
    failures: list[str] = []
    for name, route, url in urls(world, RESIDENT):
        if route.addressee_only != addressee_only:
            continue
        response = client.get(url)
        if route.team_lead_reads:
            expected = {200}
        elif route.post_only:
            expected = {405}
        else:
            expected = {403, 404}
        _check(failures, response.status_code in expected, f"GET {name}", response)
        if not route.team_lead_reads:
            response = client.post(url)
            _check(
                failures, response.status_code in {403, 404}, f"POST {name}", response
            )
    return failures


def test_a_team_lead_reads_the_file_but_changes_nothing(client, world):
    assert not _team_lead_failures(client, world, addressee_only=False)


def test_a_team_lead_cannot_answer_a_hand_over_offered_to_someone_else(client, world):
    login(client, world.team_lead)
    for name in ("handover_accept", "handover_decline"):
        client.post(reverse(name, args=[world.handover.pk]), {"decline_reason": "x"})
    world.handover.refresh_from_db()
    world.trajectory.refresh_from_db()
    assert world.handover.status == "offered"
    assert world.trajectory.coordinator_id == world.coordinator.pk


def test_hand_over_pages_refuse_a_team_lead_with_403_or_404(client, world):
    assert not _team_lead_failures(client, world, addressee_only=True)


def test_general_pages_open_for_professionals(client, world):
    failures: list[str] = []
    for actor in ("coordinator", "team_lead", "outsider", "foreigner"):
        login(client, getattr(world, actor))
        for name, route, url in urls(world, GENERAL):
            response = client.get(url)
            expected = 405 if route.post_only else 200
            _check(
                failures,
                response.status_code == expected,
                f"{actor} GET {name}",
                response,
            )
    assert not failures, failures


# Categories: a team member sees the file, without the categories their role lacks.

CATEGORY_CASES = [
    # (member, text that must not show, text that must show as a positive control)
    ("income_consultant", sc.HEALTH_GOAL, sc.FINANCES_GOAL),
    ("welfare_worker", sc.FINANCES_GOAL, None),
    ("welfare_worker", sc.HEALTH_GOAL, None),
    ("care_worker", sc.FINANCES_GOAL, sc.HEALTH_GOAL),
    ("coordinator", sc.HEALTH_GOAL, sc.FINANCES_GOAL),
    ("team_lead", sc.HEALTH_GOAL, None),
    ("team_lead", sc.FINANCES_GOAL, None),
]


@pytest.mark.parametrize("page", ["resident_file", "plan_edit", "plan_print"])
@pytest.mark.parametrize(("actor", "hidden", "shown"), CATEGORY_CASES)
def test_team_members_do_not_see_categories_their_role_lacks(
    client, world, actor, hidden, shown, page
):
    login(client, getattr(world, actor))
    pk = world.resident.pk if page == "resident_file" else world.trajectory.pk
    response = client.get(reverse(page, args=[pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(world.resident.full_name) in html
    assert hidden not in html
    if shown:
        assert shown in html


@pytest.mark.parametrize(
    "actor",
    [
        "foreigner",
        "outsider",
        "administrator",
        "privacy_officer",
        "coordinator",
        "income_consultant",
    ],
)
def test_outcome_pages_are_for_policy_advisers_and_team_leads(client, world, actor):
    login(client, getattr(world, actor))
    failures: list[str] = []
    for name, _route, url in urls(world, OUTCOMES, RESEARCH):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            _check(
                failures,
                response.status_code == 403,
                f"{method.upper()} {name}",
                response,
            )
    assert not failures, failures


def test_outcome_pages_open_for_a_policy_adviser_and_a_team_lead(client, world):
    from meedoen.organisations.models import Professional
    from meedoen.organisations.tests.factories import ProfessionalFactory

    adviser = ProfessionalFactory(
        username="adviser",
        municipality=world.coordinator.municipality,
        role=Professional.Role.POLICY_ADVISER,
    )
    failures: list[str] = []
    for actor in (adviser, world.team_lead):
        login(client, actor)
        for name, route, url in urls(world, OUTCOMES, RESEARCH):
            response = client.get(url)
            expected = (
                403 if route.kind == RESEARCH and actor.role != adviser.role else 200
            )
            _check(
                failures,
                response.status_code == expected,
                f"{actor.role} GET {name}",
                response,
            )
            leak = _leaks(world, response)
            if leak:
                failures.append(f"{actor.role} GET {name} shows {leak!r}")
    assert not failures, failures
