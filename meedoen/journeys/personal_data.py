"""The journey of a resident: where they are, who works with them, and what was said.

Free texts are notes unless the writer marked them as health, income, work or justice
data (``reason_category``, ``summary_category``): then only readers of that category
see them."""

from collections.abc import Iterator
from typing import Any

from meedoen.core.categories import Category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    RetentionCase,
    Sections,
    chosen_by_writer,
    register_handler,
    registry,
)
from meedoen.journeys.models import (
    AccessRequest,
    Agreement,
    CaseTeamMember,
    ClosureReason,
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


# --- the privacy office's handler: access export and retention -------------------


def _label(professional: Any) -> str:
    return professional.label if professional is not None else ""


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    trajectories = list(
        Trajectory.objects.filter(resident=resident)
        .select_related("template", "stage", "coordinator__organisation")
        .prefetch_related("template__stages")
        .order_by("started_on", "pk")
    )
    ids = [t.pk for t in trajectories]
    for t in trajectories:
        ref = {"trajectory_id": ("Traject", t.pk)}
        sections.row(
            t,
            key="trajectories",
            title="Uw trajecten",
            ref=ref,
            fields={
                "template": "Soort traject",
                "started_on": "Gestart op",
                "stage": "Nu in de stap",
                "stage_entered_on": "In deze stap sinds",
                "stage_due_on": "Deze stap duurt volgens plan tot",
                "coordinator": "Vaste contactpersoon",
                "last_contact_on": "Laatste contact",
                "closed_on": "Afgesloten op",
                "closure_reason": "Waarom afgesloten",
                "reason": "Waarom dit traject",
            },
            values={"coordinator": _label(t.coordinator)},
            extra={
                "stages": (
                    "De stappen",
                    " → ".join(s.name for s in t.template.stages.all()),
                )
            },
        )
    transitions = StageTransition.objects.filter(trajectory_id__in=ids).select_related(
        "from_stage", "to_stage", "moved_by__organisation"
    )
    for tr in transitions.order_by("moved_on", "pk"):
        sections.row(
            tr,
            key="stage_moves",
            title="Stappen in uw traject",
            ref={
                "trajectory_id": ("Traject", tr.trajectory_id),
                "moved_on": ("Datum", tr.moved_on),
            },
            fields={
                "from_stage": "Van",
                "to_stage": "Naar",
                "moved_by": "Door",
                "reason": "Waarom",
            },
            values={
                "from_stage": str(tr.from_stage) if tr.from_stage_id else "start",
                "moved_by": _label(tr.moved_by),
            },
        )
    team = CaseTeamMember.objects.filter(trajectory_id__in=ids).select_related(
        "professional__organisation", "organisation", "consent"
    )
    for m in team.order_by("joined_on", "pk"):
        sections.row(
            m,
            key="case_team",
            title="Wie met u samenwerkt, en waarom zij uw gegevens mogen zien",
            ref={"trajectory_id": ("Traject", m.trajectory_id)},
            fields={
                "professional": "Wie",
                "organisation": "Organisatie",
                "basis_label": "Grond",
                "joined_on": "Vanaf",
                "ended_on": "Tot",
            },
            values={"professional": _label(m.professional)},
        )
    handovers = Handover.objects.filter(trajectory_id__in=ids).select_related(
        "offered_by__organisation", "to_professional__organisation"
    )
    for h in handovers.order_by("offered_on", "pk"):
        sections.row(
            h,
            key="handovers",
            title="Overdrachten van uw traject",
            ref={
                "trajectory_id": ("Traject", h.trajectory_id),
                "offered_on": ("Aangeboden op", h.offered_on),
            },
            fields={
                "offered_by": "Door",
                "to_professional": "Aan",
                "status": "Stand",
                "decided_on": "Besloten op",
                "note": "Toelichting",
                "decline_reason": "Waarom afgewezen",
            },
            values={
                "offered_by": _label(h.offered_by),
                "to_professional": _label(h.to_professional),
            },
        )
    contacts = Contact.objects.filter(trajectory_id__in=ids).select_related(
        "professional__organisation"
    )
    for c in contacts.order_by("contact_on", "pk"):
        sections.row(
            c,
            key="contacts",
            title="Contact met u",
            ref={
                "trajectory_id": ("Traject", c.trajectory_id),
                "contact_on": ("Datum", c.contact_on),
            },
            fields={
                "kind": "Soort contact",
                "professional": "Met",
                "summary": "Verslag",
            },
            values={"professional": _label(c.professional)},
        )
    requests = AccessRequest.objects.filter(trajectory_id__in=ids).select_related(
        "requested_by__organisation"
    )
    for r in requests.order_by("requested_on", "pk"):
        sections.row(
            r,
            key="access_requests",
            title="Verzoeken om in uw team te komen",
            ref={
                "trajectory_id": ("Traject", r.trajectory_id),
                "requested_on": ("Gevraagd op", r.requested_on),
            },
            fields={
                "requested_by": "Gevraagd door",
                "reason": "Waarom",
                "status": "Antwoord",
                "decided_on": "Beantwoord op",
            },
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    """Free texts go; stages, dates, moves, team and contacts stay countable."""
    trajectories = Trajectory.objects.filter(resident=resident)
    trajectories.update(reason="")
    StageTransition.objects.filter(trajectory__in=trajectories).update(reason="")
    Handover.objects.filter(trajectory__in=trajectories).update(
        note="", decline_reason=""
    )
    Contact.objects.filter(trajectory__in=trajectories).update(summary="")
    AccessRequest.objects.filter(trajectory__in=trajectories).update(reason="")
    # Memberships keep their basis ("consent") but no longer point at the consent,
    # which goes with the privacy handler.
    CaseTeamMember.objects.filter(
        trajectory__in=trajectories, consent__isnull=False
    ).update(consent=None)


def destroy(resident: Any, case_ids: list[int]) -> None:
    """Trajectories go, with their moves, team, hand-overs and contacts (cascade)."""
    Trajectory.objects.filter(resident=resident).delete()


def cases() -> Iterator[RetentionCase]:
    """Every trajectory, ordered by resident: the files retention rules govern."""
    rows = Trajectory.objects.order_by("resident_id", "pk").values_list(
        "resident_id", "municipality_id", "pk", "template__name",
        "started_on", "closed_on", "closure_reason",
    )  # fmt: skip
    for resident_id, municipality_id, pk, name, started, closed, why in rows.iterator(
        chunk_size=2000
    ):
        yield RetentionCase(
            resident_id=resident_id,
            municipality_id=municipality_id,
            case_id=pk,
            label=name,
            started_on=started,
            closed_on=closed,
            withdrawn=why == ClosureReason.WITHDRAWN,
        )


register_handler(
    Handler(
        name="journeys",
        models=(
            Trajectory,
            StageTransition,
            CaseTeamMember,
            Handover,
            Contact,
            AccessRequest,
        ),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
        cases=cases,
    )
)
