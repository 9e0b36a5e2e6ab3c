"""The admin (/beheer/) is for functional administrators: configuration only, never
residents' files. It logs in through the same two-factor login as the rest, and a
non-superuser sees only their own municipality's configuration."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Send the admin's login to the two-factor login."""
    next_url = request.GET.get("next", reverse("admin:index"))
    return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")


admin.site.login = admin_login  # type: ignore[method-assign]
admin.site.site_header = "meedoen – beheer"
admin.site.site_title = "meedoen beheer"


class MunicipalityScopedAdmin(admin.ModelAdmin):
    """Limit a configuration model to the administrator's own municipality."""

    municipality_path = "municipality"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        user: Any = request.user
        if user.is_superuser:
            return qs
        return qs.filter(**{self.municipality_path: user.municipality_id})
