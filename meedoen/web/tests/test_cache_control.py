"""No page or download of the application stays in a browser's cache: on a shared
computer the next user must not find a resident's file in the history or the cache.
Every URL pattern of the project is requested (the enumeration of the authorization
matrix), as each kind of user, and every answer, whatever its status, says
``Cache-Control: no-store, private``. Static files keep their own long caching."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils.cache import get_max_age

from meedoen.organisations.models import Professional
from meedoen.organisations.tests.factories import ProfessionalFactory
from meedoen.privacy.tests import test_authorization_matrix as matrix
from meedoen.web.tests.helpers import login

# The authorization matrix's scenario and its enumeration of every URL pattern.
world = matrix.world
urls = matrix.urls

pytestmark = pytest.mark.django_db


def _no_store(response: Any) -> bool:
    directives = {
        part.strip().split("=")[0].lower()
        for part in response.get("Cache-Control", "").split(",")
    }
    return {"no-store", "private"} <= directives and "public" not in directives


def _policy_adviser(world: Any) -> Professional:
    return ProfessionalFactory(
        username="adviser",
        municipality=world.coordinator.municipality,
        role=Professional.Role.POLICY_ADVISER,
    )


def _failures(client: Any, world: Any, label: str) -> tuple[list[str], set[int]]:
    failures: list[str] = []
    statuses: set[int] = set()
    # Logging out last: it would end the session for the URLs after it.
    every = sorted(urls(world), key=lambda item: item[0] == "logout")
    for name, _route, url in every:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            statuses.add(response.status_code)
            if not _no_store(response):
                failures.append(
                    f"{label} {method.upper()} {name} ({response.status_code}): "
                    f"{response.get('Cache-Control')!r}"
                )
    return failures, statuses


@pytest.mark.parametrize(
    "actor",
    [
        "anonymous",
        "coordinator",
        "team_lead",
        "privacy_officer",
        "administrator",
        "policy_adviser",
    ],
)
def test_every_url_answers_no_store(client, world, actor):
    if actor == "policy_adviser":
        login(client, _policy_adviser(world))
    elif actor != "anonymous":
        login(client, getattr(world, actor))
    failures, statuses = _failures(client, world, actor)
    assert not failures, failures
    # Positive control: the pages and refusals were really served, not all redirects.
    if actor != "anonymous":
        assert 200 in statuses, statuses


@pytest.mark.parametrize(
    ("actor", "name", "params", "content_type"),
    [
        ("team_lead", "outcome_report_csv", {}, "text/csv"),
        ("team_lead", "outcome_report_xlsx", {}, "application/vnd.openxmlformats"),
        ("team_lead", "outcome_report_pdf", {}, "application/pdf"),
        ("privacy_officer", "access_request", {"format": "json"}, "application/json"),
        ("privacy_officer", "access_request", {"format": "pdf"}, "application/pdf"),
    ],
)
def test_downloads_answer_no_store(client, world, actor, name, params, content_type):
    login(client, getattr(world, actor))
    if name == "access_request":
        params = {**params, "resident": world.resident.pk}
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert _no_store(response), response.get("Cache-Control")


def test_the_print_view_and_the_file_answer_no_store(client, world):
    login(client, world.coordinator)
    for url in (
        reverse("plan_print", args=[world.trajectory.pk]),
        reverse("resident_file", args=[world.resident.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert _no_store(response), (url, response.get("Cache-Control"))


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_keep_their_own_caching(client, world):
    login(client, world.coordinator)
    response = client.get("/static/meedoen/theme.css")
    assert response.status_code == 200
    assert not _no_store(response)
    assert get_max_age(response) is not None
