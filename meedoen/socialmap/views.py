"""Pages of the social map: offers (list, detail, create and edit, import and export),
matching a trajectory's resident to offers, referrals (the case team's overview, the
provider's inbox) and routes."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.core import rules
from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.core.tenancy import tenant_id
from meedoen.organisations.models import Municipality, Organisation
from meedoen.plans.models import Action
from meedoen.plans.services import plan_action_add
from meedoen.socialmap import exchange, selectors, services
from meedoen.socialmap.forms import (
    AddToPlanForm,
    DeclineForm,
    EndForm,
    FilterForm,
    ImportForm,
    NeedsForm,
    OfferForm,
    ReferralForm,
    RouteForm,
)
from meedoen.socialmap.matching import Needs, language_name
from meedoen.socialmap.models import Offer, Referral, Route, RouteStep

NAV = "socialmap"


def offer_list(request: AuthenticatedRequest) -> HttpResponse:
    neighbourhoods = list(selectors.neighbourhoods_of(request.user))
    form = FilterForm(request.GET or None, neighbourhoods=neighbourhoods)
    filters = selectors.OfferFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.OfferFilters(
            q=d["q"],
            kind=d["kind"],
            neighbourhood=d["neighbourhood"],
            free=d["free"],
            language=d["language"],
            rung=d["rung"],
        )
    try:
        page = min(max(1, int(request.GET.get("page", "1"))), 10_000)
    except ValueError:
        page = 1
    offers, total = selectors.offer_list(request.user, filters, page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "offers": offers,
        "total": total,
        "page": page,
        "has_next": page * selectors.PAGE_SIZE < total,
        "query": query.urlencode(),
        "can_add": selectors.can_add_offers(request.user),
        "is_admin": selectors.is_administrator(request.user),
        "nav": NAV,
    }
    return render(request, "socialmap/offer_list.html", context)


def offer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    context = {
        "offer": offer,
        "languages": [language_name(c) for c in offer.language_codes],
        "can_change": rules.allowed(request.user, "offer.change", offer),
        "nav": NAV,
    }
    return render(request, "socialmap/offer_detail.html", context)


def _offer_form(request: AuthenticatedRequest, offer: Offer) -> HttpResponse:
    user = request.user
    organisations = Organisation.objects.filter(municipality_id=tenant_id(user))
    if not selectors.is_administrator(user):
        organisations = organisations.filter(pk=user.organisation_id or 0)
    form = OfferForm(
        request.POST or None,
        instance=offer,
        organisations=organisations,
        neighbourhoods=selectors.neighbourhoods_of(user),
    )
    if not selectors.is_administrator(user):
        field = cast(forms.ModelChoiceField, form.fields["organisation"])
        field.required = True
        field.empty_label = None
    if request.method == "POST" and form.is_valid():
        offer = form.save(commit=False)
        try:
            services.offer_save(
                offer=offer, by=user, expected_version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            apply_validation_error(cast(Any, form), exc)
        else:
            messages.success(request, _("The offer was saved."))
            return redirect("offer_detail", offer.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "socialmap/offer_form.html",
        {"form": form, "offer": offer, "nav": NAV},
        status=status,
    )


def offer_create(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.can_add_offers(request.user):
        raise PermissionDenied
    offer = Offer(municipality_id=tenant_id(request.user))
    return _offer_form(request, offer)


def offer_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _offer_form(request, selectors.offer_for_change(request.user, pk))


def offer_import(request: AuthenticatedRequest) -> HttpResponse:
    if not rules.allowed(request.user, "socialmap.manage"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        municipality = Municipality.objects.get(pk=tenant_id(request.user))
        content = upload.read(10 * 1024 * 1024)
        if upload.name.lower().endswith(".json"):
            try:
                result = exchange.import_hsds(json.loads(content), municipality)
            except (ValueError, AttributeError, TypeError):
                result = exchange.ImportResult(
                    errors=[_("The file is not valid HSDS JSON.")]
                )
        else:
            result = exchange.import_offers(content, upload.name, municipality)
        errors = result.errors
        if not errors:
            messages.success(
                request,
                _("%(created)s offers added, %(updated)s changed.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("offer_list")
    status = 400 if errors or (form.is_bound and form.errors) else 200
    return render(
        request,
        "socialmap/offer_import.html",
        {"form": form, "errors": errors, "nav": NAV},
        status=status,
    )


def offer_export(request: AuthenticatedRequest) -> HttpResponse:
    """The social map as Open Referral HSDS 3 JSON (no personal data)."""
    municipality = Municipality.objects.get(pk=tenant_id(request.user))
    response = JsonResponse(
        exchange.export_hsds(municipality), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="sociale-kaart-hsds.json"'
    return response


# --- matching -----------------------------------------------------------------------


def match(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    form = NeedsForm(request.GET or None)
    needs = Needs()
    if form.is_valid():
        d = form.cleaned_data
        needs = Needs(
            free_only=d["free_only"],
            language=d["language"],
            wheelchair=d["wheelchair"],
            nearby_only=d["nearby_only"],
            kind=d["kind"],
        )
    view = selectors.match_view(request.user, pk, needs)
    plan_version = None
    if "plan.change" in view.can:
        from meedoen.plans.models import Plan

        plan_version = (
            Plan.objects.filter(trajectory_id=pk)
            .values_list("version", flat=True)
            .first()
        )
    context = {
        "view": view,
        "form": form,
        "plan_version": plan_version,
        "shared_choices": Referral.Shared.choices,
        "nav": "residents",
    }
    return render(request, "socialmap/match.html", context)


@require_POST
def match_add_to_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add an offer to the plan in one step: an action for the resident with the
    offer's title and a life domain."""
    t = selectors.trajectory_for_write(request.user, pk, "plan.change")
    form = AddToPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The offer was not added: choose a life domain."))
        return redirect("socialmap_match", pk)
    offer = selectors.offer_for(request.user, form.cleaned_data["offer"])
    try:
        plan_action_add(
            plan=t.plan,
            expected_version=form.cleaned_data["version"],
            description=f"{offer.title} ({offer.provider})",
            owner_kind=Action.OwnerKind.RESIDENT,
            due_on=form.cleaned_data.get("due_on"),
            by=request.user,
            life_domain=form.cleaned_data["life_domain"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Added to the plan: %(title)s.") % {"title": offer.title}
        )
    return redirect("socialmap_match", pk)


@require_POST
def referral_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    t = selectors.trajectory_for_write(request.user, pk, "referral.propose")
    form = ReferralForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The referral was not made: choose an offer."))
        return redirect("socialmap_match", pk)
    offer = selectors.offer_for(request.user, form.cleaned_data["offer"])
    try:
        services.referral_propose(
            trajectory=t,
            by=request.user,
            offer=offer,
            note=form.cleaned_data["note"],
            shared=form.cleaned_data["shared"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Referral proposed: %(title)s.") % {"title": offer.title}
        )
    return redirect("socialmap_match", pk)


@require_POST
def referral_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ref = selectors.referral_for_send(request.user, pk)
    try:
        services.referral_step(referral=ref, to=Referral.State.SENT, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The referral was sent."))
    return redirect("socialmap_match", ref.trajectory_id)


def referral_overview(request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.referral_overview(request.user)
    context = {
        "rows": rows,
        "days": selectors.response_days(),
        "late": sum(1 for r in rows if r["late"]),
        "nav": NAV,
    }
    return render(request, "socialmap/referral_overview.html", context)


def referral_inbox(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "rows": selectors.provider_inbox(request.user),
        "decline_form": DeclineForm(),
        "end_form": EndForm(),
        "nav": NAV,
    }
    return render(request, "socialmap/referral_inbox.html", context)


ANSWERS = {
    "accept": Referral.State.ACCEPTED,
    "decline": Referral.State.DECLINED,
    "start": Referral.State.STARTED,
    "end": Referral.State.ENDED,
}


@require_POST
def referral_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ref = selectors.referral_for_answer(request.user, pk)
    to = ANSWERS.get(request.POST.get("step", ""))
    if to is None:
        raise Http404
    try:
        services.referral_step(
            referral=ref,
            to=to,
            by=request.user,
            reason=request.POST.get("reason", "")[:2000],
            result=request.POST.get("result", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The referral was updated."))
    return redirect("referral_inbox")


# --- routes -------------------------------------------------------------------------


def route_list(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "routes": list(selectors.routes_of(request.user)),
        "can_manage": rules.allowed(request.user, "socialmap.manage"),
        "nav": NAV,
    }
    return render(request, "socialmap/route_list.html", context)


def route_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    route, figures, limit = selectors.route_view(request.user, pk)
    context = {"route": route, "figures": figures, "limit": limit, "nav": NAV}
    return render(request, "socialmap/route_detail.html", context)


def _steps(text: str, municipality_id: int) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for number, line in enumerate(
        (line.strip() for line in text.splitlines() if line.strip()), start=1
    ):
        if line.isdigit():
            offer = Offer.objects.filter(
                pk=int(line), municipality_id=municipality_id
            ).first()
            if offer is None:
                raise ValidationError(
                    _("Step %(n)s: there is no offer %(pk)s.")
                    % {"n": number, "pk": line}
                )
            steps.append({"order": number, "offer": offer, "kind": ""})
        elif line in Offer.Kind.values:
            steps.append({"order": number, "offer": None, "kind": line})
        else:
            raise ValidationError(
                _(
                    "Step %(n)s: '%(text)s' is neither a kind of offer nor an offer number."
                )
                % {"n": number, "text": line}
            )
    if not steps:
        raise ValidationError(_("Give at least one step."))
    return steps


def route_create(request: AuthenticatedRequest) -> HttpResponse:
    if not rules.allowed(request.user, "socialmap.manage"):
        raise PermissionDenied
    form = RouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        municipality_id = tenant_id(request.user)
        try:
            steps = _steps(form.cleaned_data["steps"], municipality_id)
        except ValidationError as exc:
            form.add_error("steps", exc)
        else:
            route = Route.objects.create(
                municipality_id=municipality_id,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
            RouteStep.objects.bulk_create(RouteStep(route=route, **s) for s in steps)
            messages.success(request, _("The route was saved."))
            return redirect("route_detail", route.pk)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "kinds": Offer.Kind.choices, "nav": NAV}
    return render(request, "socialmap/route_form.html", context, status=status)
