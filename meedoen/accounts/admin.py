"""Functional administrators issue enrolment codes in the admin (/beheer/): choose the
professional, save, and the code is shown once. A code is never edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.models import EnrolmentCode
from meedoen.accounts.services import enrolment_code_issue
from meedoen.core.admin_site import MunicipalityScopedAdmin, scope_choices
from meedoen.organisations.models import Professional


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(MunicipalityScopedAdmin):
    municipality_path = "professional__municipality"
    list_display = ["professional", "issued_at", "expires_at", "used_at", "issued_by"]
    list_select_related = ["professional", "issued_by"]
    search_fields = ["professional__username", "professional__last_name"]
    fields = ["professional"]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        user: Any = request.user
        if db_field.name == "professional" and not user.is_superuser:
            # Own municipality, no superusers (scope_choices), active only.
            kwargs["queryset"] = scope_choices(
                Professional.objects.filter(is_active=True), user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: EnrolmentCode, form: Any, change: bool
    ) -> None:
        issued = enrolment_code_issue(
            professional=obj.professional,
            by=request.user,  # type: ignore[arg-type]
        )
        saved = issued.enrolment_code
        obj.pk, obj.issued_at, obj.expires_at = (
            saved.pk,
            saved.issued_at,
            saved.expires_at,
        )
        request.meedoen_enrolment_code = issued.code  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: EnrolmentCode, post_url_continue: Any = None
    ) -> HttpResponse:
        """Show the code, once: it is in no message, cookie or later page."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Enrolment code issued"),
            "enrolment_code": obj,
            "code": request.meedoen_enrolment_code,  # type: ignore[attr-defined]
        }
        return TemplateResponse(
            request, "admin/accounts/enrolmentcode/issued.html", context
        )
