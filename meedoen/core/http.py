"""The request type of views behind DenyByDefaultMiddleware: the user is a logged-in
professional (the middleware sends everyone else to the login page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from meedoen.organisations.models import Professional


class AuthenticatedRequest(HttpRequest):
    user: Professional
