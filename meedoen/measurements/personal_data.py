"""Measurements: a ladder score is about work and participation; a matrix score has
the category of its domain (mental health is health data). A reader without the
category does not see the score."""

from typing import Any

from meedoen.core.categories import Category, domain_category
from meedoen.core.personal_data import registry
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
