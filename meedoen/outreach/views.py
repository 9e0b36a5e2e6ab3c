"""Outreach pages. Views parse, call and render; the rules live in the services and
selectors (through the door)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.core import rules
from meedoen.core.forms import apply_validation_error
from meedoen.core.http import AuthenticatedRequest
from meedoen.core.readmodel import Record
from meedoen.core.tenancy import tenant_id
from meedoen.organisations.models import Professional
from meedoen.outreach import forms, selectors, services
from meedoen.outreach.models import (
    Activity,
    Participation,
    TeamMember,
    Theme,
    Visit,
)
from meedoen.privacy import scope


def _require_scope(request: AuthenticatedRequest) -> None:
    if not scope.has_resident_scope(request.user):
        raise PermissionDenied


# -- campaigns ------------------------------------------------------------------------


def campaign_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_scope(request)
    campaigns = list(
        selectors.visible_campaigns(request.user).order_by("-starts_on", "pk")[:100]
    )
    totals = {(r["campaign_id"]): r for r in _totals(c.pk for c in campaigns)}
    rounds = list(
        selectors.VisitRound.objects.filter(
            worker_id=request.user.pk,
            campaign__municipality_id=tenant_id(request.user),
        )
        .select_related("campaign")
        .order_by("-planned_on", "pk")[:20]
    )
    teams = list(selectors.visible_teams(request.user).select_related("neighbourhood"))
    context = {
        "campaigns": [(c, totals.get(c.pk, {})) for c in campaigns],
        "rounds": rounds,
        "teams": teams,
        "nav": "outreach",
    }
    return render(request, "outreach/campaign_list.html", context)


def _totals(campaign_ids: Any) -> list[dict[str, Any]]:
    rows = selectors.progress(list(campaign_ids))
    totals: dict[int, dict[str, Any]] = {}
    for r in rows:
        t = totals.setdefault(
            r["campaign_id"],
            {"campaign_id": r["campaign_id"], **dict.fromkeys(selectors.PROGRESS, 0)},
        )
        for k in selectors.PROGRESS:
            t[k] += r[k]
    return list(totals.values())


def campaign_create(request: AuthenticatedRequest) -> HttpResponse:
    _require_scope(request)
    form = forms.CampaignForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                campaign = services.campaign_create(
                    by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The campaign was created."))
                return redirect("campaign_detail", campaign.pk)
        status = 400
    return render(
        request,
        "outreach/campaign_create.html",
        {"form": form, "nav": "outreach"},
        status=status,
    )


def _workers(user: Professional) -> Any:
    """Whom the coordinator divides addresses over: themselves and their teams'
    members."""
    return (
        Professional.objects.filter(
            Q(pk=user.pk) | Q(teams__in=user.teams.all()),
            municipality_id=tenant_id(user),
            is_active=True,
        )
        .exclude(role__in=scope.NO_RESIDENT_SCOPE)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def _campaign(
    request: AuthenticatedRequest,
    pk: int,
    assign: Any = None,
    upload: Any = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.campaign_page(request.user, pk)
    context: dict[str, Any] = {"page": page, "nav": "outreach"}
    if "campaign.assign" in page.can:
        areas = page.campaign.neighbourhoods.order_by("name")
        context["assign"] = assign or forms.AssignForm(
            workers=_workers(request.user),
            areas=areas,
            initial={"planned_on": timezone.localdate()},
            prefix="assign",
        )
        context["upload"] = upload or forms.ImportForm(prefix="import")
    return render(request, "outreach/campaign_detail.html", context, status=status)


def campaign_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _campaign(request, pk)


@require_POST
def campaign_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for(request.user, pk)
    rules.require(
        request.user,
        "campaign.assign",
        selectors.campaign_access(request.user, campaign),
    )
    form = forms.AssignForm(
        request.POST,
        workers=_workers(request.user),
        areas=campaign.neighbourhoods.all(),
        prefix="assign",
    )
    if form.is_valid():
        try:
            rounds = services.campaign_assign(
                campaign=campaign,
                by=request.user,
                workers=list(form.cleaned_data["workers"]),
                planned_on=form.cleaned_data["planned_on"],
                neighbourhood=form.cleaned_data["neighbourhood"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Round %(n)s was divided over %(w)s workers.")
                % {"n": rounds[0].number, "w": len(rounds)},
            )
            return redirect("campaign_detail", pk)
    return _campaign(request, pk, assign=form, status=400)


@require_POST
def campaign_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for(request.user, pk)
    rules.require(
        request.user,
        "campaign.assign",
        selectors.campaign_access(request.user, campaign),
    )
    form = forms.ImportForm(request.POST, request.FILES, prefix="import")
    if form.is_valid():
        try:
            added = services.addresses_import(
                campaign=campaign, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("%(n)s addresses were added.") % {"n": added})
            return redirect("campaign_detail", pk)
    return _campaign(request, pk, upload=form, status=400)


# -- a round, on the phone ----------------------------------------------------------


def _visit_form(
    request: AuthenticatedRequest, card: dict[str, Any], coordinators: Any, data: Any
) -> forms.VisitForm:
    visit = card["visit"]
    initial: dict[str, Any] = {"expected_version": visit.version}
    if visit.get("outcome") not in (None, "planned"):
        initial.update(outcome=visit.get("outcome"), note=visit.get("note") or "")
    prefix = f"v{visit.pk}"
    if card["known"]:
        return forms.KnownVisitForm(
            data, coordinators=coordinators, initial=initial, prefix=prefix
        )
    return forms.UnknownVisitForm(data, initial=initial, prefix=prefix)


def _round(
    request: AuthenticatedRequest,
    pk: int,
    failed: tuple[int, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.round_page(request.user, pk)
    coordinators = services.coordinator_choices(request.user)
    # A form for the addresses still to visit, and for the one being changed: a
    # round of a hundred addresses stays light on a phone.
    editing = request.GET.get("wijzig", "")
    cards = []
    for card in page.cards:
        visit = card["visit"]
        form = None
        changeable = "visit.record" in page.can and not visit.get("started")
        if changeable:
            if failed is not None and failed[0] == visit.pk:
                form = failed[1]
            elif visit.get("outcome") == "planned" or editing == str(visit.pk):
                form = _visit_form(request, card, coordinators, None)
        cards.append({**card, "form": form, "changeable": changeable})
    done = sum(1 for c in page.cards if c["visit"].get("outcome") != "planned")
    context = {
        "page": page,
        "cards": cards,
        "done": done,
        "nav": "outreach",
    }
    return render(request, "outreach/visit_round.html", context, status=status)


def visit_round(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _round(request, pk)


@require_POST
def visit_record(request: AuthenticatedRequest, pk: int, visit_id: int) -> HttpResponse:
    visit_round_, access = selectors.round_for(request.user, pk)
    rules.require(request.user, "visit.record", access)
    visit = (
        Visit.objects.filter(round=visit_round_, pk=visit_id)
        .select_related("address")
        .first()
    )
    if visit is None:
        raise Http404
    card = {
        "visit": Record({"pk": visit.pk, "version": visit.version}),
        "known": visit.address.resident_id is not None,
    }
    coordinators = services.coordinator_choices(request.user)
    form = _visit_form(request, card, coordinators, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.visit_record(
                visit=visit,
                by=request.user,
                outcome=data["outcome"],
                expected_version=data["expected_version"],
                note=data.get("note", ""),
                life_domains=data.get("life_domains", []),
                coordinator=data.get("coordinator"),
                person=form.person(),
            )
        except services.VisitChangedError as exc:
            apply_validation_error(form, exc)
            return _round(request, pk, failed=(visit.pk, form), status=409)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if saved.trajectory_id:
                messages.success(
                    request,
                    _("Recorded. A trajectory was started with one coordinator."),
                )
            else:
                messages.success(request, _("Recorded."))
            return redirect(reverse("visit_round", args=[pk]) + f"#visit-{visit.pk}")
    return _round(request, pk, failed=(visit.pk, form), status=400)


# -- activation teams ---------------------------------------------------------------


def team_create(request: AuthenticatedRequest) -> HttpResponse:
    _require_scope(request)
    form = forms.TeamForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                team = services.team_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The activation team was created."))
                return redirect("team_detail", team.pk)
        status = 400
    return render(
        request,
        "outreach/team_create.html",
        {"form": form, "nav": "outreach"},
        status=status,
    )


def _team(
    request: AuthenticatedRequest,
    pk: int,
    failed: Any = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.team_page(request.user, pk)
    themes = list(Theme.objects.filter(team=page.team).order_by("name"))
    wishes = [w for t in page.themes for w in t["wishes"]]
    built: dict[str, Any] = {}
    if "activation_team.change" in page.can:
        built = {
            "member": forms.MemberForm(
                initial={"joined_on": timezone.localdate()}, prefix="member"
            ),
            "wish": forms.WishForm(
                user=request.user,
                themes=themes,
                members=page.members,
                initial={"neighbourhood": page.team.neighbourhood_id},
                prefix="wish",
            ),
            "theme": forms.ThemeForm(prefix="theme"),
            "group": forms.GroupForm(themes=themes, wishes=wishes, prefix="group"),
            "activity": forms.ActivityForm(themes=themes, prefix="activity"),
        }
        if failed is not None:
            built[failed.prefix] = failed
    context = {"page": page, "forms": built, "nav": "outreach"}
    return render(request, "outreach/team_detail.html", context, status=status)


def team_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _team(request, pk)


def _team_post(
    request: AuthenticatedRequest,
    pk: int,
    form: Any,
    change: Any,
    success: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("team_detail", pk)
    return _team(request, pk, failed=form, status=400)


def _members(team: Any) -> list[Any]:
    return list(TeamMember.objects.filter(team=team, left_on__isnull=True))


@require_POST
def team_member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team, _access = selectors.team_for(request.user, pk)
    form = forms.MemberForm(request.POST, prefix="member")
    return _team_post(
        request,
        pk,
        form,
        lambda d: services.member_add(
            team=team,
            by=request.user,
            resident_id=d["resident"],
            joined_on=d["joined_on"],
        ),
        _("The resident joined the team."),
    )


@require_POST
def wish_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team, _access = selectors.team_for(request.user, pk)
    members = [
        _Named(m.pk, "") for m in _members(team)
    ]  # labels are not shown on a post
    form = forms.WishForm(
        request.POST,
        user=request.user,
        themes=Theme.objects.filter(team=team),
        members=members,
        prefix="wish",
    )
    return _team_post(
        request,
        pk,
        form,
        lambda d: services.wish_record(
            team=team,
            by=request.user,
            text=d["text"],
            neighbourhood=d["neighbourhood"],
            contact=d["contact"],
            theme=d["theme"],
            recorded_by=(
                TeamMember.objects.get(pk=d["recorded_by"].pk)
                if d["recorded_by"]
                else None
            ),
        ),
        _("The wish was recorded."),
    )


class _Named:
    def __init__(self, pk: int, name: str) -> None:
        self.pk = pk
        self.name = name


@require_POST
def theme_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team, _access = selectors.team_for(request.user, pk)
    form = forms.ThemeForm(request.POST, prefix="theme")
    return _team_post(
        request,
        pk,
        form,
        lambda d: services.theme_create(team=team, by=request.user, name=d["name"]),
        _("The theme was added."),
    )


@require_POST
def wishes_group(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team, _access = selectors.team_for(request.user, pk)
    wishes = [{"pk": w, "text": ""} for w in team.wishes.values_list("pk", flat=True)]
    form = forms.GroupForm(
        request.POST,
        themes=Theme.objects.filter(team=team),
        wishes=wishes,
        prefix="group",
    )
    return _team_post(
        request,
        pk,
        form,
        lambda d: services.wishes_group(
            team=team,
            by=request.user,
            theme=d["theme"],
            wish_ids=[int(w) for w in d["wishes"]],
        ),
        _("The wishes were grouped."),
    )


@require_POST
def activity_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team, _access = selectors.team_for(request.user, pk)
    form = forms.ActivityForm(
        request.POST, themes=Theme.objects.filter(team=team), prefix="activity"
    )
    return _team_post(
        request,
        pk,
        form,
        lambda d: services.activity_plan(team=team, by=request.user, **d),
        _("The activity was planned."),
    )


def _activity(
    request: AuthenticatedRequest,
    pk: int,
    activity_id: int,
    failed: Any = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.activity_page(request.user, pk, activity_id)
    form = None
    if "activation_team.change" in page.can and page.activity.held_on <= (
        timezone.localdate()
    ):
        form = failed or forms.ParticipationForm(
            members=[r["member"] for r in page.rows],
            initial={
                "neighbours": page.activity.neighbours,
                "members": [
                    str(r["member"].pk) for r in page.rows if r["participation"]
                ],
            },
        )
    context = {"page": page, "form": form, "nav": "outreach"}
    return render(request, "outreach/activity_detail.html", context, status=status)


def activity_detail(
    request: AuthenticatedRequest, pk: int, activity_id: int
) -> HttpResponse:
    if request.method != "POST":
        return _activity(request, pk, activity_id)
    team, _access = selectors.team_for(request.user, pk)
    activity = Activity.objects.filter(team=team, pk=activity_id).first()
    if activity is None:
        raise Http404
    members = _members(team)
    form = forms.ParticipationForm(
        request.POST, members=[_Named(m.pk, "") for m in members]
    )
    if form.is_valid():
        chosen = {int(v) for v in form.cleaned_data["members"]}
        try:
            services.participation_record(
                activity=activity,
                by=request.user,
                members=[m for m in members if m.pk in chosen],
                neighbours=form.cleaned_data["neighbours"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Participation was recorded."))
            return redirect("activity_detail", pk, activity_id)
    return _activity(request, pk, activity_id, failed=form, status=400)


@require_POST
def participation_confirm(
    request: AuthenticatedRequest, pk: int, activity_id: int, participation_id: int
) -> HttpResponse:
    team, _access = selectors.team_for(request.user, pk)
    participation = Participation.objects.filter(
        pk=participation_id, activity__team=team, activity_id=activity_id
    ).first()
    if participation is None:
        raise Http404
    try:
        saved = services.participation_confirm(
            participation=participation, by=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if saved.work_record_id:
            messages.success(
                request, _("Confirmed. It counts as unpaid work on their ladder.")
            )
        else:
            messages.warning(
                request,
                _(
                    "Confirmed. It does not count on their ladder yet: they have no "
                    "running trajectory whose case team you are on."
                ),
            )
    return redirect("activity_detail", pk, activity_id)
