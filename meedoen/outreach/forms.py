"""Forms of the outreach pages: labels on every field, choices limited to the user's
municipality (the services check again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.core.categories import LifeDomain
from meedoen.core.forms import DateInput, Form, ObjectChoiceField
from meedoen.core.tenancy import tenant_id
from meedoen.organisations.models import Neighbourhood, Professional
from meedoen.outreach.models import Visit


def _areas(user: Professional) -> Any:
    return Neighbourhood.objects.filter(municipality_id=tenant_id(user)).order_by(
        "name"
    )


class CampaignForm(Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    starts_on = forms.DateField(label=_("First day of visits"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day of visits"), widget=DateInput())
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods"),
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The addresses of the residents registered there are visited."),
    )
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: bring the professionals around a household back to one."
        ),
    )

    def __init__(self, *args: Any, user: Professional, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = _areas(user)  # type: ignore[attr-defined]


class AssignForm(Form):
    workers = forms.ModelMultipleChoiceField(
        label=_("Frontline workers"),
        queryset=Professional.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The addresses still to reach are divided over them, street by street."
        ),
    )
    planned_on = forms.DateField(label=_("Day of the round"), widget=DateInput())
    neighbourhood = forms.ModelChoiceField(
        label=_("Only this neighbourhood"),
        queryset=Neighbourhood.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, workers: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = workers  # type: ignore[attr-defined]
        self.fields["workers"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: p.get_full_name() or p.username
        )
        self.fields["neighbourhood"].queryset = areas  # type: ignore[attr-defined]


class ImportForm(Form):
    text = forms.CharField(
        label=_("Addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One address a line: street; house number; postcode; neighbourhood."
        ),
    )
    file = forms.FileField(
        label=_("Or a CSV file"),
        required=False,
        help_text=_("The same columns, separated by semicolons or commas."),
    )

    MAX_BYTES = 2_000_000

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("Save the file as CSV in UTF-8 and try again.")
                ) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the addresses or choose a file."))
        return data


OUTCOMES = [c for c in Visit.Outcome.choices if c[0] != Visit.Outcome.PLANNED]


class VisitForm(Form):
    """One address's outcome, on the phone: big choices, a short note; for help
    wanted the life domains, and who coordinates (or, at an address without a known
    resident, who the person is)."""

    outcome = forms.ChoiceField(
        label=_("What happened at the door?"),
        choices=OUTCOMES,
        widget=forms.RadioSelect,
    )
    life_domains = forms.MultipleChoiceField(
        label=_("Help wanted with"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Short note of the conversation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def person(self) -> dict[str, Any] | None:
        return None


class UnknownVisitForm(VisitForm):
    """At an address nobody is registered at: help wanted registers the person (the
    intake's duplicate check applies), with the visitor as coordinator."""

    first_name = forms.CharField(
        label=_("First name (if help is wanted)"), required=False, max_length=100
    )
    last_name = forms.CharField(
        label=_("Last name (if help is wanted)"), required=False, max_length=100
    )
    birth_date = forms.DateField(
        label=_("Date of birth (if help is wanted)"),
        required=False,
        widget=DateInput(),
    )

    def person(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        return {
            "first_name": data.get("first_name", ""),
            "last_name": data.get("last_name", ""),
            "birth_date": data.get("birth_date"),
        }


class KnownVisitForm(UnknownVisitForm):
    """At an address with a registered resident: help wanted starts their trajectory,
    with the visitor or the chosen professional as coordinator; or, when someone else
    living there wants help, registers that person (the visitor coordinates)."""

    coordinator = ObjectChoiceField(
        label=_("Coordinator if help is wanted"),
        required=False,
        help_text=_("Empty: you become the coordinator."),
    )

    def __init__(self, *args: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].set_objects(  # type: ignore[attr-defined]
            coordinators, lambda p: p.get_full_name() or p.username
        )
        self.fields["first_name"].label = _("Someone else living here: first name")
        self.fields["last_name"].label = _("Someone else living here: last name")
        self.fields["birth_date"].label = _("Someone else living here: date of birth")

    def person(self) -> dict[str, Any] | None:
        person = super().person()
        return person if person and person["first_name"] else None


class TeamForm(Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none()
    )

    def __init__(self, *args: Any, user: Professional, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = _areas(user)  # type: ignore[attr-defined]


class MemberForm(Form):
    resident = forms.IntegerField(
        label=_("Resident number"),
        min_value=1,
        help_text=_(
            "The number on the resident's file; you must work with their file."
        ),
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())


class WishForm(Form):
    text = forms.CharField(
        label=_("Wish"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none()
    )
    theme = ObjectChoiceField(label=_("Theme"), required=False)
    recorded_by = ObjectChoiceField(label=_("Asked by (team member)"), required=False)
    contact = forms.CharField(
        label=_("Contact"),
        required=False,
        max_length=150,
        help_text=_("Only if the neighbour wants to help: name and phone or e-mail."),
    )

    def __init__(
        self, *args: Any, user: Professional, themes: Any, members: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = _areas(user)  # type: ignore[attr-defined]
        self.fields["theme"].set_objects(themes)  # type: ignore[attr-defined]
        self.fields["recorded_by"].set_objects(  # type: ignore[attr-defined]
            members, lambda m: m.name
        )


class ThemeForm(Form):
    name = forms.CharField(label=_("Theme"), max_length=150)


class GroupForm(Form):
    theme = ObjectChoiceField(label=_("Put the chosen wishes under theme"))
    wishes = forms.MultipleChoiceField(
        label=_("Wishes"), choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, themes: Any, wishes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].set_objects(themes)  # type: ignore[attr-defined]
        self.fields["wishes"].choices = [  # type: ignore[attr-defined]
            (str(w["pk"]), w["text"]) for w in wishes
        ]


class ActivityForm(Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    theme = ObjectChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].set_objects(themes)  # type: ignore[attr-defined]


class ParticipationForm(Form):
    members = forms.MultipleChoiceField(
        label=_("Team members who took part"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    neighbours = forms.IntegerField(
        label=_("Number of neighbours who took part"), min_value=0, max_value=100000
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [  # type: ignore[attr-defined]
            (str(m.pk), m.name) for m in members
        ]
