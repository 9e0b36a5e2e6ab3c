from typing import Any

from django.contrib import admin
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


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "days", "start", "outcome", "applies_to_withdrawn"]
