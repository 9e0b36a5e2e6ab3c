"""Forms for residents. Only parsing: BSN, postcode and the rest are checked by the
service, whose messages are shown next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.casefile.models import Question
from meedoen.core.categories import FREE_TEXT_CATEGORIES, Category, LifeDomain
from meedoen.core.forms import DateInput, Form, ObjectChoiceField
from meedoen.journeys.models import JourneyTemplate
from meedoen.organisations.models import Neighbourhood, Organisation, Team


class ResidentSearchForm(Form):
    q = forms.CharField(
        label=_("Name, postcode or BSN"),
        max_length=100,
        required=False,
        help_text=_("At least two characters. A BSN finds only an exact match."),
    )


class ResidentRegisterForm(Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    name_prefix = forms.CharField(label=_("Prefix"), max_length=20, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    bsn = forms.CharField(
        label=_("BSN"),
        # Room for spaces and dots as people type them ("111 222 333"); the service
        # normalises and checks the number itself.
        max_length=20,
        required=False,
        help_text=_("Citizen service number: nine digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    street = forms.CharField(label=_("Street"), max_length=150, required=False)
    house_number = forms.CharField(
        label=_("House number"), max_length=20, required=False
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the trajectory"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the trajectory starts, in a few words."),
    )
    reason_category = forms.ChoiceField(
        label=_("The reason contains"),
        choices=FREE_TEXT_CATEGORIES,
        initial=Category.NOTES,
        required=False,
        help_text=_(
            "Mark a reason about health, money or justice: then only colleagues "
            "whose role may read that see it."
        ),
    )

    def clean_reason_category(self) -> str:
        # Not chosen (an old form, a script): the normal case, conversation notes.
        return self.cleaned_data.get("reason_category") or Category.NOTES

    template = forms.ModelChoiceField(
        label=_("Journey"),
        queryset=JourneyTemplate.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("Which journey the trajectory follows."),
    )
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirmed_new = forms.BooleanField(
        label=_("This is someone else: register a new resident"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self, *args: Any, neighbourhoods: Any, templates: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        field: Any = self.fields["template"]
        field.queryset = (
            templates if templates is not None else JourneyTemplate.objects.none()
        )
        default = next((t for t in field.queryset if t.is_default), None)
        if default is not None:
            field.initial = default.pk

    def evidence(self) -> dict[str, Any]:
        """What identifies the person at the desk, for the duplicate check."""
        d = self.cleaned_data
        return {
            "first_name": d["first_name"],
            "name_prefix": d.get("name_prefix", ""),
            "last_name": d["last_name"],
            "birth_date": d["birth_date"],
            "bsn": d.get("bsn", ""),
            "postcode": d.get("postcode", ""),
            "house_number": d.get("house_number", ""),
        }


class DuplicateChoiceForm(Form):
    """What the registrar does with a resident who may be the person at the desk."""

    resident = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why you need to work with them"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


SIGNAL_CHOICES = [
    ("", _("all")),
    ("overdue", _("overdue actions")),
    ("no_contact", _("no contact for six weeks")),
    ("stuck", _("longer than the stage norm")),
    ("follow_up", _("follow-up measurement due")),
    ("no_role", _("no one with the stage's role on the team")),
    ("handover_late", _("hand-over waiting longer than agreed")),
]


class CaseloadFilterForm(Form):
    signaal = forms.ChoiceField(
        label=_("Signal"), choices=SIGNAL_CHOICES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from meedoen.core import trajectory_signals

        self.fields["signaal"].choices = [  # type: ignore[attr-defined]
            *SIGNAL_CHOICES,
            *((s.name, s.label) for s in trajectory_signals.registered()),
        ]


class QuestionForm(Form):
    """A question or signal at the front door; who it is about is optional."""

    service_required = ("text",)

    channel = forms.ChoiceField(
        label=_("How did it come in?"), choices=Question.Channel.choices
    )
    received_on = forms.DateField(
        label=_("Date"), widget=DateInput(), initial=timezone.localdate
    )
    text = forms.CharField(
        label=_("Question or signal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In a few words, what was asked or seen."),
    )
    text_category = forms.ChoiceField(
        label=_("The text contains"),
        choices=FREE_TEXT_CATEGORIES,
        initial=Category.NOTES,
        required=False,
    )
    life_domains = forms.MultipleChoiceField(
        label=_("About"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    name_prefix = forms.CharField(label=_("Prefix"), max_length=20, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=DateInput(), required=False
    )
    bsn = forms.CharField(label=_("BSN"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    street = forms.CharField(label=_("Street"), max_length=150, required=False)
    house_number = forms.CharField(
        label=_("House number"), max_length=20, required=False
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    team = forms.ModelChoiceField(
        label=_("Front door of team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Its members triage the question with you."),
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.queryset = teams

    def clean_text_category(self) -> str:
        return self.cleaned_data.get("text_category") or Category.NOTES


class QuestionAnswerForm(Form):
    service_required = ("note",)

    note = forms.CharField(
        label=_("What was answered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionReferForm(Form):
    organisation = forms.ModelChoiceField(
        label=_("Referred to"), queryset=Organisation.objects.none()
    )
    note = forms.CharField(
        label=_("Why, and what was agreed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations


class MergeForm(Form):
    """Two files of one person: the other file's number, and why."""

    service_required = ("reason",)

    other = forms.IntegerField(
        label=_("Number of the other file"),
        min_value=1,
        max_value=2**62,
        help_text=_("The resident number shown in the other file's address bar."),
    )
    reason = forms.CharField(
        label=_("Why they are the same person"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- households ----------------------------------------------------------------------


def _relation_choices() -> list[tuple[str, Any]]:
    from meedoen.residents.models import HouseholdMember

    return [("", "—"), *HouseholdMember.Relation.choices]


class HouseholdStartForm(Form):
    service_required = ("name", "relation")

    name = forms.CharField(
        label=_("Name of the household"),
        max_length=150,
        required=False,
        help_text=_("How the team refers to the household, e.g. 'Family Jansen'."),
    )
    relation = forms.ChoiceField(
        label=_("This resident is"), choices=_relation_choices, required=False
    )
    started_on = forms.DateField(
        label=_("Living together since"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: today."),
    )


class HouseholdVersionForm(Form):
    expected_version = forms.IntegerField(
        label=_("household version"), widget=forms.HiddenInput
    )


class HouseholdEditForm(HouseholdVersionForm):
    service_required = ("name",)

    name = forms.CharField(
        label=_("Name of the household"), max_length=150, required=False
    )


class HouseholdMemberAddForm(HouseholdVersionForm):
    service_required = ("resident", "relation")

    resident = ObjectChoiceField(
        label=_("Resident"),
        required=False,
        help_text=_(
            "Residents whose file you may see and who live in no household now. "
            "Register someone new first."
        ),
    )
    relation = forms.ChoiceField(
        label=_("Relation"), choices=_relation_choices, required=False
    )
    started_on = forms.DateField(
        label=_("Member since"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: today."),
    )

    def __init__(self, *args: Any, residents: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].set_objects(  # type: ignore[attr-defined]
            residents, label=lambda r: f"{r.full_name} ({r.birth_date:%d-%m-%Y})"
        )


class HouseholdMemberEndForm(HouseholdVersionForm):
    ended_on = forms.DateField(
        label=_("Left the household on"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: today."),
    )
