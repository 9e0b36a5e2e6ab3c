"""Forms of the four-windows evaluation. Required fields are checked by the services
(their message is shown at the field); choices come from the selectors, scoped."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import DateInput, Form, ObjectChoiceField
from meedoen.evaluations.models import Window


class EvaluationForm(Form):
    service_required = ("title",)

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("E.g. 'Maat Werkt Klarendal 2026'."),
    )
    question = forms.CharField(
        label=_("Evaluation question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the evaluation wants to learn."),
    )


def trajectory_label(trajectory: Any) -> str:
    return f"{trajectory.resident.full_name} ({trajectory.started_on:%d-%m-%Y})"


class TrajectoryChoiceForm(Form):
    """Step 1 of adding a story: whose journey (a GET form)."""

    trajectory = ObjectChoiceField(
        label=_("Trajectory"),
        help_text=_("Only trajectories whose case team you are on."),
    )

    def __init__(self, *args: Any, trajectories: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["trajectory"]
        field.set_objects(trajectories, trajectory_label)


class StoryForm(Form):
    """Step 2: the resident's consent and the story itself."""

    service_required = ("consent", "title", "narrative", "written_on")

    trajectory = forms.IntegerField(widget=forms.HiddenInput)
    consent = ObjectChoiceField(
        label=_("The resident's consent"),
        required=False,
        help_text=_(
            "The resident's consent in force to use their story in this evaluation."
        ),
    )
    title = forms.CharField(
        label=_("Title of the story"),
        max_length=200,
        required=False,
        help_text=_(
            "A title that does not identify the resident: no name, no address."
        ),
    )
    narrative = forms.CharField(
        label=_("Story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The story, in the resident's words where possible."),
    )
    written_with_resident = forms.BooleanField(
        label=_("Written with the resident"), required=False, initial=True
    )
    written_on = forms.DateField(
        label=_("Date of the story"), widget=DateInput(), required=False
    )

    def __init__(self, *args: Any, consents: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("written_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        field: Any = self.fields["consent"]
        field.set_objects(
            consents,
            lambda c: (
                f"{c.purpose[:80]} ({c.valid_from:%d-%m-%Y} – {c.valid_until:%d-%m-%Y})"
            ),
        )


class FindingForm(Form):
    service_required = ("window", "text")

    window = forms.ChoiceField(
        label=_("Window"),
        choices=[("", "—"), *Window.choices],
        required=False,
        help_text=_("Through which of the four windows you look at the story."),
    )
    text = forms.CharField(
        label=_("Finding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the story shows through this window."),
    )
