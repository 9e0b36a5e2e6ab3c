"""Helpers for view tests: log in with the interface in English (so tests do not
depend on the Dutch catalogue), and assert that a page runs a number of queries that
does not grow with the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def login(client: Any, user: Any = None) -> Any:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def assert_queries_do_not_grow(
    client: Any,
    url: str,
    grow: Callable[[int], None],
    *,
    small: int = 3,
    large: int = 15,
    limit: int,
    django_assert_max_num_queries: Any,
) -> None:
    """Grow the data to ``small``, count; grow to ``large``, count: equal, and under
    ``limit`` both times."""
    grow(small)
    client.get(url)  # warm up: sessions, content types
    with django_assert_max_num_queries(limit):
        n_small = count_queries(client, url)
    grow(large - small)
    with django_assert_max_num_queries(limit):
        n_large = count_queries(client, url)
    assert n_small == n_large, f"{n_small} queries for {small}, {n_large} for {large}"


def assert_page_basics(html: str) -> None:
    """What every page owes to accessibility and to the coming Content Security Policy."""
    assert '<html lang="' in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html
    assert "<main" in html
    assert " style=" not in html
    assert "<script>" not in html
    for chunk in html.split("<script")[1:]:
        assert " src=" in chunk.split(">")[0]
