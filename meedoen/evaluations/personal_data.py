"""A case story is the resident's story, told with their consent: conversation notes
about them, and so are the findings coded from it."""

from typing import Any

from meedoen.core.categories import Category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    Sections,
    register_handler,
    registry,
)
from meedoen.evaluations.models import CaseStory, Evaluation, Finding

NOTES = Category.NOTES

registry.register(
    CaseStory,
    fields={
        "title": NOTES,
        "narrative": NOTES,
        "written_with_resident": NOTES,
        "consent": Category.PLAN,
    },
    not_personal=["evaluation", "trajectory", "author", "written_on"],
    row=NOTES,
    resident_path="trajectory__resident",
)
registry.register(
    Finding,
    fields={"window": NOTES, "text": NOTES},
    not_personal=["story"],
    row=NOTES,
    resident_path="story__trajectory__resident",
)
registry.not_personal(Evaluation)


# --- the privacy office's handler: access export and retention -------------------


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    stories = (
        CaseStory.objects.filter(trajectory__resident=resident)
        .select_related("evaluation", "author__organisation")
        .prefetch_related("findings")
        .order_by("written_on", "pk")
    )
    for story in stories:
        ref = {
            "story_id": ("Verhaal", story.pk),
            "evaluation": ("Evaluatie", story.evaluation.title),
        }
        sections.row(
            story,
            key="case_stories",
            title="Uw verhaal in een evaluatie",
            ref=ref,
            fields={
                "title": "Titel",
                "narrative": "Verhaal",
                "written_with_resident": "Samen met u geschreven",
                "consent": "Met uw toestemming",
            },
            values={"consent": story.consent_id},
            extra={
                "author": ("Geschreven door", story.author.label),
                "written_on": ("Geschreven op", story.written_on),
            },
        )
        for finding in story.findings.all():
            sections.row(
                finding,
                key="findings",
                title="Wat de evaluatie uit uw verhaal haalde",
                ref=ref,
                fields={"window": "Venster", "text": "Bevinding"},
            )
    return sections.result()


def _remove(resident: Any) -> None:
    # A story is kept only with the resident's consent, and the consent goes with
    # retention: the story and its findings go with it (the evaluation stays).
    CaseStory.objects.filter(trajectory__resident=resident).delete()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    _remove(resident)


def destroy(resident: Any, case_ids: list[int]) -> None:
    _remove(resident)


register_handler(
    Handler(
        name="evaluations",
        models=(CaseStory, Finding),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
