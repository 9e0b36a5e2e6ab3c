"""The social map holds no personal data; a referral does: that a resident was
referred, where to, and what was shared on which basis (plan data), with the note and
the reason for declining as conversation notes."""

from typing import Any

from meedoen.core.categories import Category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    Sections,
    register_handler,
    registry,
)
from meedoen.socialmap.models import Offer, Referral, Route, RouteStep

PLAN = Category.PLAN

registry.not_personal(Offer, Route, RouteStep)
registry.register(
    Referral,
    fields={
        "offer": PLAN,
        "organisation": PLAN,
        "state": PLAN,
        "result": PLAN,
        "note": Category.NOTES,
        "decline_reason": Category.NOTES,
        "shared_fields": PLAN,
        "basis": PLAN,
        "consent": PLAN,
        "proposed_at": PLAN,
        "proposed_by": PLAN,
        "sent_at": PLAN,
        "sent_by": PLAN,
        "answered_at": PLAN,
        "answered_by": PLAN,
        "started_at": PLAN,
        "started_by": PLAN,
        "ended_at": PLAN,
        "ended_by": PLAN,
        "target": PLAN,
    },
    not_personal=["municipality", "trajectory"],
    resident_path="trajectory__resident",
)

REMOVED = "[verwijderd]"


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    referrals = (
        Referral.objects.filter(trajectory__resident=resident)
        .select_related("offer", "organisation")
        .order_by("proposed_at", "pk")
    )
    for referral in referrals:
        sections.row(
            referral,
            key="referrals",
            title="Verwijzingen",
            ref={"trajectory_id": ("Traject", referral.trajectory_id)},
            fields={
                "target": "Naar",
                "state": "Stand",
                "result": "Afloop",
                "proposed_at": "Voorgesteld op",
                "sent_at": "Verstuurd op",
                "answered_at": "Beantwoord op",
                "started_at": "Begonnen op",
                "ended_at": "Beëindigd op",
                "shared_fields": "Gedeeld met de aanbieder",
                "basis": "Grondslag",
                "note": "Toelichting bij de verwijzing",
                "decline_reason": "Reden van afwijzing",
            },
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    """Referrals stay countable (where to, state, dates: the routes need them); the
    texts and the link to the consent go."""
    referrals = Referral.objects.filter(trajectory__resident=resident)
    referrals.exclude(note="").update(note=REMOVED)
    referrals.exclude(decline_reason="").update(decline_reason=REMOVED)
    # The consent goes with the privacy handler (which runs after this one); the
    # basis "consent" stays recorded.
    referrals.exclude(consent=None).update(consent=None)


def destroy(resident: Any, case_ids: list[int]) -> None:
    Referral.objects.filter(trajectory__resident=resident).delete()


register_handler(
    Handler(
        name="socialmap",
        models=(Referral,),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
