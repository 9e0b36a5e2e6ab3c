"""Deny by default: every view requires a logged-in professional of a municipality,
unless it is explicitly marked public with ``@public``. Which residents a view may then
show is decided by ``meedoen.privacy.scope``, never by the view itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as reachable without login (login page, health check)."""
    view.privacy_public = True  # type: ignore[attr-defined]
    return view


class DenyByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        args: Any,
        kwargs: Any,
    ) -> HttpResponse | None:
        if getattr(view_func, "privacy_public", False):
            return None
        module = getattr(view_func, "__module__", "")
        if module.startswith("django.contrib.admin") or module.startswith(
            "django.views.static"
        ):
            return (
                None  # the admin checks staff rights itself; it holds no resident data
            )
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not getattr(request.user, "municipality_id", None):
            raise PermissionDenied
        return None
