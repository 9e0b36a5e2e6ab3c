"""A case story is the resident's story, told with their consent: conversation notes
about them, and so are the findings coded from it."""

from meedoen.core.categories import Category
from meedoen.core.personal_data import registry
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
