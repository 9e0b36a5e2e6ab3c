"""Organisations, teams and professionals in the admin.

Professionals are where privileges live, so their admin is locked down (the tester's
findings): nobody changes their own account's privileges, not even a superuser; only
superusers set superuser, staff and single permissions; a functional administrator
manages only his own municipality's professionals (no superusers) and grants no group
whose permissions he does not hold and no guarded role he does not hold himself. The
locked fields are read-only on the page, and ``save_model``/``save_related`` refuse a
forged POST that changes them anyway."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Field, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from meedoen.core.admin_site import MeedoenModelAdmin, MunicipalityScopedAdmin
from meedoen.organisations.models import (
    Municipality,
    Neighbourhood,
    Organisation,
    Professional,
    Team,
)

Role = Professional.Role

# The fields that decide what an account may see or do.
PRIVILEGES = (
    "is_superuser",
    "is_staff",
    "groups",
    "user_permissions",
    "role",
    "municipality",
    "organisation",
    "teams",
)
# Only a superuser sets these, on anyone.
SUPERUSER_ONLY = ("is_superuser", "is_staff", "user_permissions")
# Roles a functional administrator grants only when he holds the role himself.
GUARDED_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.ADMINISTRATOR})
MANY_TO_MANY = ("groups", "user_permissions", "teams")


def grantable_roles(user: Any) -> set[str]:
    """The roles this administrator may give a professional."""
    if user.is_superuser:
        return set(Role.values)
    return {r for r in Role.values if r not in GUARDED_ROLES or r == user.role}


@admin.register(Municipality)
class MunicipalityAdmin(MeedoenModelAdmin):
    list_display = ["name", "code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Municipality]:
        qs = super().get_queryset(request)
        user: Any = request.user
        return qs if user.is_superuser else qs.filter(pk=user.municipality_id)


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
    list_filter = [
        "role",
        "is_active",
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("meedoen"), {"fields": ("municipality", "organisation", "role", "teams")}),
    )
    # Check boxes, not the two-box filter: every box has its label (axe), and the
    # dates Django keeps are not for editing.
    filter_horizontal = ()
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Professional]:
        qs = super().get_queryset(request)
        if not request.user.is_superuser:
            qs = qs.filter(is_superuser=False)
        return qs

    def locked_fields(self, request: HttpRequest, obj: Professional | None) -> set[str]:
        """The privilege fields this administrator may not change on ``obj``."""
        user: Any = request.user
        locked: set[str] = set()
        if not user.is_superuser:
            locked |= {*SUPERUSER_ONLY, "municipality"}
            if obj is not None and obj.role not in grantable_roles(user):
                locked.add("role")
        if obj is not None and obj.pk == user.pk:
            locked |= set(PRIVILEGES)
        return locked

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[Any, ...]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly  # the add form has only username and password
        return readonly + sorted(self.locked_fields(request, obj) - set(readonly))

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name in ("teams", "groups"):
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_choice_field(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "role":
            allowed = grantable_roles(request.user)
            kwargs["choices"] = [c for c in Role.choices if c[0] in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Professional, form: Any, change: bool
    ) -> None:
        user: Any = request.user
        if change:
            before = Professional.objects.get(pk=obj.pk)
            for name in self.locked_fields(request, before) - set(MANY_TO_MANY):
                attname = getattr(Professional._meta.get_field(name), "attname", name)
                if getattr(obj, attname) != getattr(before, attname):
                    raise PermissionDenied
            if obj.role != before.role and obj.role not in grantable_roles(user):
                raise PermissionDenied
        elif not user.is_superuser:
            obj.is_superuser = obj.is_staff = False
            obj.role = Role.COORDINATOR
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        obj = form.instance
        locked = self.locked_fields(request, obj if change else None)
        if not change and not request.user.is_superuser:
            locked |= set(MANY_TO_MANY)
        if locked & set(MANY_TO_MANY) & set(form.cleaned_data):
            raise PermissionDenied
        super().save_related(request, form, formsets, change)
