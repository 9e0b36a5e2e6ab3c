"""Reads of meetings. A participant sees the agenda items of residents they may see;
the others show only as a count, without names."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.tenancy import tenant_id
from meedoen.meetings.models import AgendaItem, Decision, Meeting
from meedoen.organisations.models import Professional
from meedoen.privacy import scope


def meetings_for(user: Professional) -> QuerySet[Meeting]:
    """Meetings the user takes part in or chairs, in the user's municipality."""
    if not scope.has_resident_scope(user):
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(municipality_id=tenant_id(user))
        .filter(Q(participants=user) | Q(chair=user))
        .distinct()
        .select_related("chair")
        .annotate(agenda_count=Count("agenda", distinct=True))
        # Meta.ordering is dropped in GROUP BY queries: order explicitly.
        .order_by("-starts_at", "-pk")
    )


@dataclass
class MeetingDetail:
    meeting: Meeting
    items: list[AgendaItem]
    hidden_items: int


def meeting_detail(
    user: Professional, meeting_id: int, *, via: str = "meeting"
) -> MeetingDetail:
    try:
        meeting = (
            meetings_for(user)
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Professional.objects.select_related("organisation"),
                )
            )
            .get(pk=meeting_id)
        )
    except Meeting.DoesNotExist:
        raise Http404 from None
    visible = scope.visible_trajectory_ids(user)
    items = list(
        meeting.agenda.filter(trajectory_id__in=visible)
        .select_related("trajectory__resident", "trajectory__plan", "trajectory__stage")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("action").order_by("pk"),
            ),
            Prefetch(
                "trajectory__team",
                queryset=scope.active_memberships().select_related(
                    "professional", "organisation", "consent"
                ),
                to_attr="active_team",
            ),
        )
        .order_by("order", "pk")
    )
    hidden = meeting.agenda.exclude(trajectory_id__in=visible).count()
    audit.record(
        user=user,
        residents=[i.trajectory.resident for i in items],
        action=AccessEvent.Action.READ,
        via=via,
        basis=scope.basis_for(user),
        categories=[Category.IDENTITY, Category.PLAN],
    )
    return MeetingDetail(meeting=meeting, items=items, hidden_items=hidden)


def agenda_item_for(user: Professional, item_id: int) -> AgendaItem:
    """One agenda item of a meeting the user takes part in, for a resident they may see."""
    try:
        return (
            AgendaItem.objects.filter(
                meeting__in=meetings_for(user),
                trajectory_id__in=scope.visible_trajectory_ids(user),
            )
            .select_related("meeting", "trajectory__plan", "trajectory__resident")
            .get(pk=item_id)
        )
    except AgendaItem.DoesNotExist:
        raise Http404 from None


def meeting_for(user: Professional, meeting_id: int) -> Meeting:
    """A meeting the user takes part in or chairs; 404 otherwise."""
    try:
        return meetings_for(user).get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None


def decision_for(user: Professional, decision_id: int) -> Decision:
    """A decision on an agenda item the user may see (see ``agenda_item_for``)."""
    try:
        return (
            Decision.objects.filter(
                agenda_item__meeting__in=meetings_for(user),
                agenda_item__trajectory_id__in=scope.visible_trajectory_ids(user),
            )
            .select_related("agenda_item__meeting", "agenda_item__trajectory__plan")
            .prefetch_related(
                Prefetch(
                    "agenda_item__trajectory__team",
                    queryset=scope.active_memberships().select_related(
                        "professional__organisation"
                    ),
                    to_attr="active_team",
                )
            )
            .get(pk=decision_id)
        )
    except Decision.DoesNotExist:
        raise Http404 from None
