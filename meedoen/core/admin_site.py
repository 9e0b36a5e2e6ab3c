"""The admin (/beheer/) is for functional administrators: configuration only, never
residents' files. It logs in through the same two-factor login as the rest, and a
non-superuser sees only their own municipality's configuration.

Every model admin derives from ``MeedoenModelAdmin`` (or an inline from
``MeedoenInlineMixin``): an object outside the administrator's reach is a 404 (not a
redirect that tells it exists), and every choice list (foreign keys, many-to-many) holds
only the administrator's own municipality (``scope_choices``; superusers see all). A
model the scoping does not know offers no choices to a non-superuser: deny by default.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Send the admin's login to the two-factor login."""
    next_url = request.GET.get("next", reverse("admin:index"))
    return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")


admin.site.login = admin_login  # type: ignore[method-assign]
admin.site.site_header = "meedoen – beheer"
admin.site.site_title = "meedoen beheer"
# Every admin date-and-time field (also in third-party admins, such as django-otp's)
# with a label for its date box and its time box.
AdminSplitDateTime.template_name = "meedoen/admin/split_datetime.html"


MUNICIPALITY = "organisations.Municipality"


def held_permissions(user: Any) -> QuerySet[Permission]:
    """The permissions the user holds, directly or through a group."""
    names = user.get_all_permissions()
    held = [
        p.pk
        for p in Permission.objects.select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in names
    ]
    return Permission.objects.filter(pk__in=held)


def scope_choices(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Limit a choice list to what the administrator may choose: his own
    municipality's rows, the groups whose permissions he holds himself, no single
    permissions and no superusers. Superusers choose from everything."""
    if user.is_superuser:
        return queryset
    model: type[Model] = queryset.model
    municipality_id = user.municipality_id
    if municipality_id is None:
        return queryset.none()
    # By name: the core floor imports no app's models.
    if model._meta.label == MUNICIPALITY:
        return queryset.filter(pk=municipality_id)
    if model is get_user_model():
        return queryset.filter(municipality_id=municipality_id, is_superuser=False)
    if model is Group:
        not_held = Permission.objects.exclude(pk__in=held_permissions(user))
        return queryset.exclude(permissions__in=not_held)
    if model is Permission:
        return queryset.none()
    if any(f.name == "municipality" for f in model._meta.get_fields()):
        return queryset.filter(municipality_id=municipality_id)
    return queryset.none()


class MeedoenInlineMixin:
    """Scoped choice lists for an inline or a model admin."""

    def get_field_queryset(
        self, db: Any, db_field: Any, request: HttpRequest
    ) -> QuerySet[Any]:
        queryset = super().get_field_queryset(db, db_field, request)  # type: ignore[misc]
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return scope_choices(queryset, request.user)


class LabelledFormSetMixin:
    """A table row's fields have only the column header above them: give each its
    field name and row number as accessible name (axe: every form element has a
    label), the "delete" box included."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)  # type: ignore[misc]
        row = _("new row") if index is None else _("row %(n)d") % {"n": index + 1}
        for field in form.fields.values():
            label = field.label or ""
            field.widget.attrs.setdefault("aria-label", f"{label} ({row})")


class MeedoenTabularInline(MeedoenInlineMixin, admin.TabularInline):
    """A tabular inline with scoped choices and labelled fields."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (LabelledFormSetMixin, formset), {})


class MeedoenModelAdmin(MeedoenInlineMixin, admin.ModelAdmin):
    """A model admin whose missing or out-of-reach objects are a 404."""

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> HttpResponse:
        raise Http404


class MunicipalityScopedAdmin(MeedoenModelAdmin):
    """Limit a configuration model to the administrator's own municipality; a
    non-superuser's new or changed row belongs to his municipality, whatever is
    posted."""

    municipality_path = "municipality"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        user: Any = request.user
        if user.is_superuser:
            return qs
        if user.municipality_id is None:
            return qs.none()
        return qs.filter(**{self.municipality_path: user.municipality_id})

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        user: Any = request.user
        if not user.is_superuser and self.municipality_path == "municipality":
            obj.municipality_id = user.municipality_id
        super().save_model(request, obj, form, change)


class GroupAdmin(MeedoenModelAdmin, DjangoGroupAdmin):
    """Django's group admin (superusers only) with the permissions as one labelled
    list instead of the two-box filter, whose icons carry ARIA a span may not have."""

    filter_horizontal = ()


admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)
