"""Personal data of outreach.

- A campaign, its rounds, an activation team, its themes and activities are the
  municipality's own work: no personal data (an activity counts neighbours, it does
  not name them).
- An address is personal data only when it is linked to a resident: then it is their
  identity data. An address of an imported list nobody is linked to says nothing about
  a person.
- A visit is about the resident of the address: its outcome and life domains are plan
  data, its note is a conversation note.
- A team member and their participation are about the member: that they take part in
  an activation team is work data (a step on the participation ladder).
- A wish is about a neighbour who is not a registered resident: its text is a note;
  the contact (name and phone), given only if the neighbour wants to help, is identity
  data. Wishes are kept for the team's work only (``wish_contacts_expire``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from meedoen.core.categories import Category
from meedoen.core.personal_data import (
    NOT_PERSONAL,
    ExportSection,
    Handler,
    Sections,
    register_handler,
    registry,
)
from meedoen.outreach.models import (
    ActivationTeam,
    Activity,
    Address,
    Campaign,
    Participation,
    TeamMember,
    Theme,
    Visit,
    VisitRound,
    Wish,
)

IDENTITY = Category.IDENTITY


def linked_address(obj: Any) -> str:
    """An address is the resident's identity data once it is linked to them."""
    return IDENTITY if getattr(obj, "resident_id", None) else NOT_PERSONAL


def contact_given(obj: Any) -> str:
    """A wish's text is a note about a person only when a contact is given."""
    return Category.NOTES if getattr(obj, "contact", "") else NOT_PERSONAL


registry.not_personal(Campaign, VisitRound, ActivationTeam, Theme, Activity)
registry.register(
    Address,
    fields={
        "street": linked_address,
        "house_number": linked_address,
        "postcode": linked_address,
        "resident": IDENTITY,
    },
    not_personal=["campaign", "neighbourhood", "source"],
    resident_path="resident",
)
registry.register(
    Visit,
    fields={
        "outcome": Category.PLAN,
        "life_domains": Category.PLAN,
        "domains": Category.PLAN,
        "note": Category.NOTES,
        "visited_on": Category.PLAN,
        "trajectory": Category.PLAN,
    },
    not_personal=["round", "address", "recorded_by", "version"],
    resident_path="address__resident",
)
registry.register(
    TeamMember,
    fields={
        "resident": IDENTITY,
        "joined_on": Category.WORK,
        "left_on": Category.WORK,
    },
    not_personal=["team"],
    resident_path="resident",
)
registry.register(
    Participation,
    fields={
        "member": Category.WORK,
        "confirmed_on": Category.WORK,
        "work_record": Category.WORK,
    },
    not_personal=["activity", "confirmed_by"],
    resident_path="member__resident",
)
registry.register(
    Wish,
    fields={"text": contact_given, "contact": IDENTITY},
    not_personal=[
        "team",
        "neighbourhood",
        "recorded_by",
        "theme",
        "recorded_on",
    ],
)


# --- the privacy office's handler: access export and retention -------------------


def _visits_of(resident: Any) -> Q:
    """Visits at the resident's address, and the visit that started their trajectory
    (someone else living at a linked address)."""
    return Q(address__resident=resident) | Q(trajectory__resident=resident)


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    for a in Address.objects.filter(resident=resident).select_related("campaign"):
        sections.row(
            a,
            key="outreach_addresses",
            title="Huisbezoeken: uw adres",
            ref={"campaign": ("Campagne", a.campaign.name)},
            fields={
                "street": "Straat",
                "house_number": "Huisnummer",
                "postcode": "Postcode",
            },
        )
    visits = Visit.objects.filter(_visits_of(resident)).exclude(
        outcome=Visit.Outcome.PLANNED
    )
    for v in visits.select_related("round__campaign").order_by("visited_on", "pk"):
        sections.row(
            v,
            key="outreach_visits",
            title="Huisbezoeken",
            ref={"campaign": ("Campagne", v.round.campaign.name)},
            fields={
                "visited_on": "Bezocht op",
                "outcome": "Uitkomst",
                "domains": "Leefgebieden",
                "note": "Notitie van het gesprek",
            },
            values={"domains": ", ".join(v.domains)},
        )
    members = TeamMember.objects.filter(resident=resident).select_related("team")
    for m in members:
        sections.row(
            m,
            key="activation_teams",
            title="Activeringsteams",
            ref={"team": ("Team", m.team.name)},
            fields={"joined_on": "Lid sinds", "left_on": "Lid tot"},
        )
    parts = Participation.objects.filter(member__resident=resident).select_related(
        "activity__team"
    )
    for p in parts.order_by("activity__held_on", "pk"):
        sections.row(
            p,
            key="activation_participation",
            title="Meegedaan aan activiteiten",
            ref={
                "activity": ("Activiteit", p.activity.description[:80]),
                "held_on": ("Datum", p.activity.held_on),
            },
            fields={"confirmed_on": "Bevestigd door de coach op"},
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    """The notes go, and the link between the resident and the address; outcomes and
    counts stay for the campaign's figures."""
    Visit.objects.filter(_visits_of(resident)).update(note="")
    Address.objects.filter(resident=resident).update(resident=None)


def destroy(resident: Any, case_ids: list[int]) -> None:
    Visit.objects.filter(_visits_of(resident)).delete()
    Address.objects.filter(resident=resident).update(resident=None)
    TeamMember.objects.filter(resident=resident).delete()  # participations with it


def wish_contacts_expire(today: date, keep_days: int = 365) -> int:
    """Retention of wishes: a neighbour's contact is kept for a year after the wish was
    recorded, then blanked (the wish itself is then no personal data)."""
    return (
        Wish.objects.filter(recorded_on__lt=today - timedelta(days=keep_days))
        .exclude(contact="")
        .update(contact="")
    )


register_handler(
    Handler(
        name="outreach",
        models=(Address, Visit, TeamMember, Participation),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
