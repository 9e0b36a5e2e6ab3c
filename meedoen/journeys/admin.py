from django.contrib import admin

from meedoen.core.admin_site import MeedoenTabularInline, MunicipalityScopedAdmin
from meedoen.journeys.models import JourneyTemplate, Stage


class StageInline(MeedoenTabularInline):
    model = Stage
    extra = 1
    ordering = ["order"]


@admin.register(JourneyTemplate)
class JourneyTemplateAdmin(MunicipalityScopedAdmin):
    """The journey (klantreis) as designed: stages, responsible roles, norms."""

    list_display = ["name", "is_default", "municipality"]
    inlines = [StageInline]
