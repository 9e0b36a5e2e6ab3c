"""Pages of a household: start one from a resident's file, see and change it, add
and end members, and the household plan. Views parse, call and render; the rules
live in ``meedoen.casefile.households``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.casefile import households, selectors
from meedoen.casefile.forms import (
    HouseholdEditForm,
    HouseholdMemberAddForm,
    HouseholdMemberEndForm,
    HouseholdStartForm,
)
from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.privacy import scope
from meedoen.residents.models import Resident


def household_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start a household from a resident's file (the resident is its first member)."""
    try:
        resident = scope.visible_residents(request.user).get(pk=pk)
    except Resident.DoesNotExist:
        raise Http404 from None
    if not households.may_start(request.user, resident):
        raise PermissionDenied
    existing = households.household_for_file(
        request.user, resident, via="household_start"
    )
    form = HouseholdStartForm(request.POST or None)
    status = 200
    if existing is None and request.method == "POST":
        if form.is_valid():
            try:
                household = households.household_start(
                    resident=resident, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The household was recorded."))
                return redirect("household_detail", household.pk)
        status = 400
    header = selectors.resident_header(request.user, resident, via="household_start")
    context = {
        "form": form,
        "resident": header,
        "resident_id": resident.pk,
        "existing": existing,
        "nav": "residents",
    }
    return render(request, "casefile/household_start.html", context, status=status)


def _detail(
    request: AuthenticatedRequest,
    pk: int,
    *,
    failed: Any = None,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    page = households.household_page(request.user, pk)
    forms: dict[str, Any] = {}
    if "household.change" in page.can:
        initial = {"expected_version": page.version}
        forms["edit"] = HouseholdEditForm(
            initial={**initial, "name": page.name}, prefix="edit"
        )
        for m in page.members:
            forms[f"end-{m.pk}"] = HouseholdMemberEndForm(
                initial=initial, prefix=f"end-{m.pk}"
            )
        if failed is not None and failed.prefix in forms:
            if conflict:
                data = failed.data.copy()
                data[failed.add_prefix("expected_version")] = str(page.version)
                failed.data = data
            forms[failed.prefix] = failed
    context = {
        "household": page,
        "forms": forms,
        "member_rows": [(m, forms.get(f"end-{m.pk}")) for m in page.members],
        "conflict": conflict,
        "nav": "residents",
    }
    return render(request, "casefile/household_detail.html", context, status=status)


def household_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _save(
    request: AuthenticatedRequest, pk: int, form: Any, change: Any, success: str
) -> HttpResponse:
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except households.HouseholdChangedError:
            return _detail(request, pk, failed=form, conflict=True, status=409)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(reverse("household_detail", args=[pk]))
    return _detail(request, pk, failed=form, status=400)


@require_POST
def household_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    household = households.household_for_change(request.user, pk)
    form = HouseholdEditForm(request.POST, prefix="edit")
    return _save(
        request,
        pk,
        form,
        lambda d: households.household_update(
            household=household, by=request.user, **d
        ),
        _("The household was changed."),
    )


@require_POST
def household_member_end(
    request: AuthenticatedRequest, pk: int, member_id: int
) -> HttpResponse:
    household = households.household_for_change(request.user, pk)
    member = households.current_member(household, member_id)
    form = HouseholdMemberEndForm(request.POST, prefix=f"end-{member_id}")
    return _save(
        request,
        pk,
        form,
        lambda d: households.household_member_end(member=member, by=request.user, **d),
        _("The membership was ended."),
    )


def household_member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a member: a page of its own, because choosing shows residents' names (a
    list, recorded as such)."""
    household = households.household_for_change(request.user, pk)
    residents = households.addable_residents(request.user, household)
    form = HouseholdMemberAddForm(
        request.POST or None,
        residents=residents,
        initial={"expected_version": household.version},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                households.household_member_add(
                    household=household, by=request.user, **form.cleaned_data
                )
            except households.HouseholdChangedError as exc:
                apply_validation_error(form, exc)
                data = request.POST.copy()
                data["expected_version"] = str(household.version)
                form.data = data
                status = 409
            except ValidationError as exc:
                apply_validation_error(form, exc)
                status = 400
            else:
                messages.success(request, _("The member was added to the household."))
                return redirect("household_detail", pk)
        else:
            status = 400
    # The names in the choice are shown: recorded as seen in a list.
    selectors.resident_list(request.user, residents, via="household_member_add")
    context = {
        "form": form,
        "household": household,
        "nav": "residents",
    }
    return render(request, "casefile/household_member_add.html", context, status=status)


def household_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = households.household_plan(request.user, pk)
    return render(
        request,
        "casefile/household_plan.html",
        {"plan": plan, "nav": "residents"},
    )
