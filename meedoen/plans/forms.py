"""Forms for the one plan. Every form carries the plan version the editor saw, so the
service can refuse a change based on an older version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.categories import LifeDomain
from meedoen.core.forms import DateInput, Form, ObjectChoiceField
from meedoen.organisations.models import Organisation, Professional
from meedoen.plans.models import Action, Goal


class PlanForm(Form):
    expected_version = forms.IntegerField(
        label=_("plan version"), widget=forms.HiddenInput
    )


class GoalAddForm(PlanForm):
    service_required = ("life_domain", "description")

    life_domain = forms.ChoiceField(
        label=_("Life domain"), choices=[("", "—"), *LifeDomain.choices], required=False
    )
    description = forms.CharField(
        label=_("Goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In plain language, as the resident would say it."),
    )


class GoalStatusForm(PlanForm):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)


class ActionStatusForm(PlanForm):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)


class OwnerFieldsMixin(forms.Form):
    """Who does it: a professional of the case team, an organisation of the
    municipality, or the resident. Which combination is valid is the service's call."""

    owner_kind = forms.ChoiceField(
        label=_("Who does it"),
        choices=[("", "—"), *Action.OwnerKind.choices],
        required=False,
    )
    owner_professional = ObjectChoiceField(
        label=_("Professional (when a professional does it)"), required=False
    )
    owner_organisation = ObjectChoiceField(
        label=_("Organisation (when an organisation does it)"), required=False
    )
    due_on = forms.DateField(
        label=_("Done by"),
        widget=DateInput(),
        required=False,
        help_text=_("The resident's own small steps may go without a date."),
    )

    def set_owner_choices(
        self, team: list[Professional], organisations: list[Organisation]
    ) -> None:
        """Professionals of the case team; organisations of the municipality."""
        field = self.fields["owner_professional"]
        field.set_objects(team, label=lambda p: p.label)  # type: ignore[attr-defined]
        self.fields["owner_organisation"].set_objects(organisations)  # type: ignore[attr-defined]


class ActionAddForm(OwnerFieldsMixin, PlanForm):
    service_required = ("description", "owner_kind")

    description = forms.CharField(
        label=_("What will be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    goal = ObjectChoiceField(label=_("For the goal"), required=False)
    life_domain = forms.ChoiceField(
        label=_("Life domain (when the action serves no goal)"),
        choices=[("", "—"), *LifeDomain.choices],
        required=False,
        help_text=_("Decides who may read the action, like a goal's life domain."),
    )
    field_order = [
        "description",
        "goal",
        "life_domain",
        "owner_kind",
        "owner_professional",
        "owner_organisation",
        "due_on",
    ]

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].set_objects(goals)  # type: ignore[attr-defined]


class ActionEditForm(OwnerFieldsMixin, PlanForm):
    service_required = ("description", "owner_kind")

    description = forms.CharField(
        label=_("What will be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = [
        "description",
        "owner_kind",
        "owner_professional",
        "owner_organisation",
        "due_on",
    ]


class PlanAgreeForm(PlanForm):
    agreed_on = forms.DateField(
        label=_("Date of agreement"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("How the resident agreed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In the resident's words if possible."),
    )
