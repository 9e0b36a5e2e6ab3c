"""Measurements: a ladder score is about work and participation; a matrix score has
the category of its domain (mental health is health data). A reader without the
category does not see the score."""

from typing import Any

from meedoen.core.categories import Category, domain_category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    Sections,
    register_handler,
    registry,
)
from meedoen.measurements.models import (
    Instrument,
    InstrumentItem,
    LadderProgress,
    Measurement,
    MeasurementValue,
    WorkRecord,
)

WORK = Category.WORK


def item_category(instrument: Any, item: Any) -> str:
    """The category of a scored item: work for the ladder, the domain's for a matrix."""
    if instrument.kind == Instrument.Kind.LADDER:
        return WORK
    return domain_category(item.life_domain)


def value_category(value: Any) -> str:
    return item_category(value.measurement.instrument, value.item)


registry.register(
    Measurement,
    fields={
        "instrument": Category.PLAN,
        "measured_on": Category.PLAN,
        "professional": Category.PLAN,
        "status": Category.PLAN,
        "confirmed_at": Category.PLAN,
        "supersedes": Category.PLAN,
        "correction_reason": Category.NOTES,
        "created_at": Category.PLAN,
    },
    not_personal=["trajectory"],
    resident_path="trajectory__resident",
)
registry.register(
    MeasurementValue,
    fields={"item": value_category, "value": value_category},
    not_personal=["measurement"],
    row=value_category,
    resident_path="measurement__trajectory__resident",
)
registry.register(
    LadderProgress,
    fields={
        name: WORK
        for name in (
            "baseline_on",
            "baseline_rung",
            "latest_on",
            "latest_rung",
            "growth_potential",
            "six_month_on",
            "six_month_rung",
        )
    },
    not_personal=["trajectory"],
    row=WORK,
    resident_path="trajectory__resident",
)
registry.register(
    WorkRecord,
    fields={
        name: WORK
        for name in (
            "kind",
            "started_on",
            "ended_on",
            "hours_per_week",
            "supported",
            "education_kind",
            "organisation",
            "recorded_by",
        )
    },
    not_personal=["trajectory"],
    row=WORK,
    resident_path="trajectory__resident",
)
registry.not_personal(Instrument, InstrumentItem)


# --- the privacy office's handler: access export and retention -------------------


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    measurements = list(
        Measurement.objects.filter(trajectory__resident=resident)
        .select_related("instrument", "professional__organisation")
        .prefetch_related("values__item")
        .order_by("measured_on", "pk")
    )
    for m in measurements:
        ref = {
            "trajectory_id": ("Traject", m.trajectory_id),
            "measurement_id": ("Meting", m.pk),
            "measured_on": ("Gemeten op", m.measured_on),
        }
        sections.row(
            m,
            key="measurements",
            title="Metingen",
            ref=ref,
            fields={
                "instrument": "Instrument",
                "professional": "Door",
                "status": "Stand",
                "confirmed_at": "Vastgesteld op",
                "supersedes": "Verbetert meting",
                "correction_reason": "Waarom verbeterd",
            },
            values={
                "professional": m.professional.label,
                "supersedes": m.supersedes_id,
            },
        )
        for value in sorted(m.values.all(), key=lambda v: v.item.order):
            sections.row(
                value,
                key="scores",
                title="Scores van metingen",
                ref={**ref, "instrument": ("Instrument", str(m.instrument))},
                fields={"item": "Onderdeel", "value": "Score"},
            )
    for progress in LadderProgress.objects.filter(trajectory__resident=resident):
        sections.row(
            progress,
            key="ladder_progress",
            title="Uw plaats op de participatieladder",
            ref={"trajectory_id": ("Traject", progress.trajectory_id)},
            fields={
                "baseline_on": "Eerste meting",
                "baseline_rung": "Trede bij de eerste meting",
                "growth_potential": "Groeipotentieel",
                "six_month_on": "Meting na zes maanden",
                "six_month_rung": "Trede na zes maanden",
                "latest_on": "Laatste meting",
                "latest_rung": "Trede bij de laatste meting",
            },
        )
    records = WorkRecord.objects.filter(trajectory__resident=resident).select_related(
        "recorded_by__organisation"
    )
    for record in records.order_by("started_on", "pk"):
        sections.row(
            record,
            key="work_records",
            title="Werk, opleiding en vrijwilligerswerk",
            ref={"trajectory_id": ("Traject", record.trajectory_id)},
            fields={
                "kind": "Soort",
                "organisation": "Werkgever of school",
                "education_kind": "Soort opleiding",
                "started_on": "Begonnen op",
                "ended_on": "Gestopt op",
                "hours_per_week": "Uren per week",
                "supported": "Met ondersteuning",
                "recorded_by": "Vastgelegd door",
            },
            values={"recorded_by": record.recorded_by.label},
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    """Scores, rungs, hours and dates stay (the outcome figures); the reason of a
    correction and the employer or school go."""
    Measurement.objects.filter(trajectory__resident=resident).update(
        correction_reason=""
    )
    WorkRecord.objects.filter(trajectory__resident=resident).update(organisation="")


def destroy(resident: Any, case_ids: list[int]) -> None:
    Measurement.objects.filter(trajectory__resident=resident).delete()
    LadderProgress.objects.filter(trajectory__resident=resident).delete()
    WorkRecord.objects.filter(trajectory__resident=resident).delete()


register_handler(
    Handler(
        name="measurements",
        models=(Measurement, MeasurementValue, LadderProgress, WorkRecord),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
