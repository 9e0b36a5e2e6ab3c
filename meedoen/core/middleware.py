"""Deny by default: every view requires a logged-in professional of a municipality who
passed the second factor, unless it is explicitly marked public with ``@public``.
Which residents a view may then show is decided by ``meedoen.privacy.scope``, never by
the view itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Third-party views that check rights themselves: the admin (staff only, holds no
# resident data; still behind the second factor), the second-factor enrolment pages,
# and the OpenID Connect hand-shake.
SELF_GUARDED = ("django.contrib.admin", "django.views.static")
# Without a second factor yet, only its set-up (behind an enrolment code) is open.
SECOND_FACTOR_SETUP = ("two_factor.", "meedoen.accounts.views")
PUBLIC_MODULES = ("mozilla_django_oidc.",)


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as reachable without login (login page, health check)."""
    view.privacy_public = True  # type: ignore[attr-defined]
    return view


def has_second_factor(request: HttpRequest) -> bool:
    user: Any = request.user
    if settings.MEEDOEN_DEMO_LOGIN_WITHOUT_2FA:
        return True
    if request.session.get("meedoen_second_factor") == "oidc":
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


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
        module = getattr(view_func, "__module__", "")
        if getattr(view_func, "privacy_public", False) or module.startswith(
            PUBLIC_MODULES
        ):
            return None
        if not request.user.is_authenticated:
            if module.startswith(SELF_GUARDED):
                return None  # the admin sends anonymous users to our login itself
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not has_second_factor(request):
            if module.startswith(SECOND_FACTOR_SETUP):
                return None
            return redirect("two_factor:setup")
        if module.startswith(SELF_GUARDED):
            return None  # staff rights are the admin's own check
        if not getattr(request.user, "municipality_id", None):
            raise PermissionDenied
        return None


class RefuseNulBytesMiddleware:
    """No field of meedoen holds a NUL character, and PostgreSQL text cannot: a query
    parameter or form value with one is refused at the edge (400), before any view
    filters or saves with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request.GET) or (
            request.method == "POST"
            and request.content_type
            in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _has_nul(request.POST)
        ):
            return HttpResponseBadRequest(
                _("The request contains a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(data: Any) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in data.lists()
    )
