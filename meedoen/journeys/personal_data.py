"""The journey of a resident: where they are, who works with them, and what was said.

Free texts are notes unless the writer marked them as health, income, work or justice
data (``reason_category``, ``summary_category``): then only readers of that category
see them."""

from meedoen.core.categories import Category
from meedoen.core.personal_data import chosen_by_writer, registry
from meedoen.journeys.models import (
    AccessRequest,
    Agreement,
    CaseTeamMember,
    Contact,
    Handover,
    JourneyTemplate,
    Stage,
    StageTransition,
    Trajectory,
)

PLAN = Category.PLAN

registry.register(
    Trajectory,
    fields={
        "resident": Category.IDENTITY,
        "household": Category.IDENTITY,
        "template": PLAN,
        "stage": PLAN,
        "stage_entered_on": PLAN,
        "stage_due_on": PLAN,
        "coordinator": PLAN,
        "started_on": PLAN,
        "closed_on": PLAN,
        "closure_reason": PLAN,
        "last_contact_on": PLAN,
        "reason": chosen_by_writer("reason_category"),
        "reason_category": PLAN,
        "is_open": PLAN,
        "is_return": PLAN,
    },
    not_personal=["municipality"],
    resident_path="resident",
)
registry.register(
    StageTransition,
    fields={
        "from_stage": PLAN,
        "to_stage": PLAN,
        "moved_on": PLAN,
        "moved_by": PLAN,
        # Why a stage was skipped or the journey went back: conversation notes.
        "reason": Category.NOTES,
    },
    not_personal=["trajectory"],
    resident_path="trajectory__resident",
)
registry.register(
    CaseTeamMember,
    fields={
        "professional": PLAN,
        "organisation": PLAN,
        "basis": PLAN,
        "consent": PLAN,
        "joined_on": PLAN,
        "ended_on": PLAN,
        "basis_label": PLAN,
    },
    not_personal=["trajectory"],
    resident_path="trajectory__resident",
)
registry.register(
    Handover,
    fields={
        "offered_by": PLAN,
        "to_professional": PLAN,
        "status": PLAN,
        "offered_on": PLAN,
        "decided_on": PLAN,
        "note": Category.NOTES,
        "decline_reason": Category.NOTES,
    },
    not_personal=["trajectory"],
    resident_path="trajectory__resident",
)
registry.register(
    Contact,
    fields={
        "professional": PLAN,
        "contact_on": PLAN,
        "kind": PLAN,
        "summary": chosen_by_writer("summary_category"),
        "summary_category": PLAN,
    },
    not_personal=["trajectory"],
    resident_path="trajectory__resident",
)
registry.register(
    AccessRequest,
    fields={
        "requested_by": PLAN,
        "status": PLAN,
        "requested_on": PLAN,
        "decided_on": PLAN,
        # Why a professional needs the file: about the resident, so notes.
        "reason": Category.NOTES,
    },
    not_personal=["trajectory"],
    resident_path="trajectory__resident",
)
registry.not_personal(JourneyTemplate, Stage, Agreement)
