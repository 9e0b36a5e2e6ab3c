from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from meedoen.core.admin_site import MunicipalityScopedAdmin
from meedoen.organisations.models import (
    Municipality,
    Neighbourhood,
    Organisation,
    Professional,
    Team,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return (
            qs
            if request.user.is_superuser
            else qs.filter(pk=request.user.municipality_id)
        )


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "kind", "parent", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "kind", "legal_task", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "neighbourhood", "municipality"]
    search_fields = ["name"]


@admin.register(Professional)
class ProfessionalAdmin(MunicipalityScopedAdmin, UserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "organisation",
        "is_active",
    ]
    list_filter = ["role", "is_active", "organisation"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("meedoen"), {"fields": ("municipality", "organisation", "role", "teams")}),
    )
    filter_horizontal = ("teams", "groups", "user_permissions")
