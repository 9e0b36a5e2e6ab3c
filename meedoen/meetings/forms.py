"""Forms for the table. Only parsing; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.core.categories import LifeDomain
from meedoen.core.forms import DATETIME_FORMAT, DateTimeInput, Form, ObjectChoiceField
from meedoen.organisations.models import Professional
from meedoen.plans.forms import OwnerFieldsMixin


class ParticipantsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Professional) -> str:
        return obj.label


class MeetingCreateForm(Form):
    title = forms.CharField(
        label=_("Title"), max_length=150, help_text=_("E.g. 'Werktafel Klarendal'.")
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=150,
        help_text=_("Where, e.g. the neighbourhood living room."),
    )
    participants = ParticipantsField(
        label=_("Participants"),
        queryset=Professional.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You chair the meeting and take part yourself."),
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = colleagues  # type: ignore[attr-defined]


class AgendaItemAddForm(Form):
    trajectory = ObjectChoiceField(label=_("Resident"))
    question = forms.CharField(
        label=_("Question for the table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, trajectories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trajectory"].set_objects(  # type: ignore[attr-defined]
            trajectories, label=lambda t: f"{t.resident.full_name} ({t.stage})"
        )


PRESENCE_CHOICES = [("", _("not recorded")), ("yes", _("yes")), ("no", _("no"))]


class AgendaItemRecordForm(Form):
    resident_present = forms.TypedChoiceField(
        label=_("Was the resident at the table?"),
        choices=PRESENCE_CHOICES,
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(
        label=_("Version"), widget=forms.HiddenInput, min_value=1
    )

    def __init__(self, *args: Any, meeting_started: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not meeting_started:
            field = self.fields["resident_present"]
            field.disabled = True
            field.help_text = _(
                "Presence is recorded on or after the day of the meeting."
            )


def _life_domain_field(label: Any, help_text: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "—"), *LifeDomain.choices],
        required=False,
        help_text=help_text,
    )


class DecisionAddForm(Form):
    service_required = ("text",)

    text = forms.CharField(
        label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    life_domain = _life_domain_field(
        _("Life domain"),
        _(
            "What the decision is about decides who may read it; without one it "
            "counts as conversation notes."
        ),
    )


class DecisionToActionForm(OwnerFieldsMixin, Form):
    service_required = ("owner_kind",)

    life_domain = _life_domain_field(
        _("Life domain of the action"),
        _("Decides who may read the action in the plan, like a goal's life domain."),
    )
    field_order = [
        "life_domain",
        "owner_kind",
        "owner_professional",
        "owner_organisation",
        "due_on",
    ]


class MinutesForm(Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    version = forms.IntegerField(
        label=_("Version"), widget=forms.HiddenInput, min_value=1
    )
