"""Forms for the journey pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.categories import FREE_TEXT_CATEGORIES, Category
from meedoen.core.forms import DateInput, Form
from meedoen.journeys.models import ClosureReason, Contact, Stage
from meedoen.organisations.models import Professional


def next_stage_in(stages: list[Stage], current_id: int) -> Stage | None:
    """The stage after the current one, from an already loaded list of stages."""
    current = next(s for s in stages if s.pk == current_id)
    later = [s for s in stages if s.order > current.order]
    return min(later, key=lambda s: s.order) if later else None


class TrajectoryMoveForm(Form):
    """Choose the stage to move to (the next one by default) and, when skipping or
    going back, the reason. Choices come from the (prefetched) stages of the journey."""

    to_stage = forms.TypedChoiceField(label=_("Move to stage"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you skip a stage or go back."),
    )

    def __init__(
        self, *args: Any, stages: list[Stage], current_id: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.stages = list(stages)
        self.fields["to_stage"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.order}. {s.name}")
            for s in sorted(self.stages, key=lambda s: s.order)
            if s.pk != current_id
        ]
        following = next_stage_in(self.stages, current_id)
        if following is not None:
            self.fields["to_stage"].initial = following.pk

    def clean_to_stage(self) -> Stage:
        pk = self.cleaned_data["to_stage"]
        return next(s for s in self.stages if s.pk == pk)


class TrajectoryCloseForm(Form):
    service_required = ("reason",)

    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "—"), *ClosureReason.choices],
        required=False,
    )


class ContactForm(Form):
    contact_on = forms.DateField(
        label=_("Date"), widget=DateInput(), initial=timezone.localdate
    )
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=Contact.Kind.choices)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Short and factual. Write down only what the work needs."),
    )
    summary_category = forms.ChoiceField(
        label=_("The summary contains"),
        choices=FREE_TEXT_CATEGORIES,
        initial=Category.NOTES,
        required=False,
        help_text=_(
            "Mark a summary about health, money or justice: then only colleagues "
            "whose role may read that see it."
        ),
    )

    def clean_summary_category(self) -> str:
        # Not chosen (an old form, a script): the normal case, conversation notes.
        return self.cleaned_data.get("summary_category") or Category.NOTES


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Professional) -> str:
        return obj.label


class CaseTeamAddForm(Form):
    professional = ProfessionalChoiceField(
        label=_("Professional"), queryset=Professional.objects.none()
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = colleagues  # type: ignore[attr-defined]


class HandoverOfferForm(Form):
    to_professional = ProfessionalChoiceField(
        label=_("Hand over coordination to"), queryset=Professional.objects.none()
    )
    note = forms.CharField(
        label=_("Note for the new coordinator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_professional"].queryset = colleagues  # type: ignore[attr-defined]


class HandoverDeclineForm(Form):
    service_required = ("decline_reason",)

    decline_reason = forms.CharField(
        label=_("Why do you decline?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
