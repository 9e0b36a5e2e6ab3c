"""Privacy policy in the admin. Which role reads which category and the national
retention rules are installation-wide: only superusers change them. A functional
administrator sets his municipality's break-the-glass policy (at most 24 hours) and may
keep his municipality's files longer than a national rule, never shorter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Field, Q, QuerySet
from django.http import HttpRequest

from meedoen.core.admin_site import MeedoenModelAdmin, MunicipalityScopedAdmin
from meedoen.privacy.models import CategoryAccess, PrivacyPolicy, RetentionRule


@admin.register(CategoryAccess)
class CategoryAccessAdmin(MeedoenModelAdmin):
    """Which role reads which category: installation-wide policy."""

    list_display = ["role", "category"]
    list_filter = ["role", "category"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(PrivacyPolicy)
class PrivacyPolicyAdmin(MunicipalityScopedAdmin):
    list_display = ["municipality", "break_glass_enabled", "break_glass_hours"]


# A municipal rule is the national rule kept longer: its administrator chooses the
# rule and the term; the rest is the national rule's (RetentionRule.clean).
MUNICIPAL_FIELDS = ["code", "days"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(MunicipalityScopedAdmin):
    list_display = [
        "name",
        "code",
        "municipality",
        "days",
        "legal_minimum_days",
        "start",
        "outcome",
        "applies_to_withdrawn",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RetentionRule]:
        """A functional administrator sees the national rules and his own."""
        qs = MeedoenModelAdmin.get_queryset(self, request)
        user: Any = request.user
        if user.is_superuser:
            return qs
        if user.municipality_id is None:
            return qs.none()
        return qs.filter(
            Q(municipality_id=user.municipality_id) | Q(municipality__isnull=True)
        )

    def _national(self, obj: RetentionRule | None) -> bool:
        return obj is not None and obj.municipality_id is None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._national(obj) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._national(obj) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return super().get_fields(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return MUNICIPAL_FIELDS if obj is None else [*MUNICIPAL_FIELDS, "name"]
        return MUNICIPAL_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser or obj is None:
            return ()
        return ["code"]  # a municipal rule keeps its code; only its term changes

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "code" and not request.user.is_superuser:
            codes = RetentionRule.objects.filter(municipality=None)
            return forms.ChoiceField(
                label=db_field.verbose_name,
                help_text=db_field.help_text,
                choices=[(r.code, f"{r.name} ({r.code})") for r in codes],
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: RetentionRule, form: Any, change: bool
    ) -> None:
        if not request.user.is_superuser and obj.municipality_id is None and change:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        super().save_model(request, obj, form, change)
