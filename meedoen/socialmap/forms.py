"""Forms of the social map: an offer, the filters, the needs of a match, a referral
and its answers, a route, the import."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.core.categories import LifeDomain
from meedoen.core.forms import DateInput, Form, UtrechtFormMixin
from meedoen.socialmap.models import LANGUAGES, Offer, Referral


def _language_choices() -> list[tuple[str, Any]]:
    return [("", _("any language")), *LANGUAGES]


class OfferForm(UtrechtFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Offer
        fields = [
            "kind",
            "title",
            "description",
            "organisation",
            "provider_name",
            "neighbourhood",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "is_free",
            "price",
            "covered_by_scheme",
            "languages",
            "wheelchair_accessible",
            "near_public_transport",
            "schedule",
            "hours_per_week",
            "capacity",
            "rung",
            "contact",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self, *args: Any, organisations: Any, neighbourhoods: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = organisations
        cast(
            forms.ModelChoiceField, self.fields["neighbourhood"]
        ).queryset = neighbourhoods
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class FilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    neighbourhood = forms.TypedChoiceField(
        label=_("Neighbourhood"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    rung = forms.TypedChoiceField(
        label=_("Rung"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any rung"))] + [(str(i), str(i)) for i in range(1, 7)],
    )
    free = forms.BooleanField(label=_("Free or covered only"), required=False)

    def __init__(self, *args: Any, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("any kind")),
            *Offer.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["neighbourhood"]).choices = [
            ("", _("any neighbourhood"))
        ] + [(str(n.pk), n.name) for n in neighbourhoods]
        cast(forms.ChoiceField, self.fields["language"]).choices = _language_choices()


class NeedsForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    language = forms.ChoiceField(label=_("Speaks the language"), required=False)
    free_only = forms.BooleanField(label=_("Free or covered only"), required=False)
    wheelchair = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    nearby_only = forms.BooleanField(
        label=_("Nearby only (same neighbourhood or postcode area)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("any kind")),
            *Offer.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["language"]).choices = _language_choices()


class AddToPlanForm(Form):
    offer = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())


class ReferralForm(Form):
    offer = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Referral note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the provider should know. Write only what they need."),
    )
    shared = forms.MultipleChoiceField(
        label=_("Share with the provider"),
        required=False,
        choices=Referral.Shared.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2})
    )


class EndForm(Form):
    result = forms.ChoiceField(label=_("Result"), choices=Referral.Result.choices)


class ImportForm(Form):
    file = forms.FileField(
        label=_("Spreadsheet or HSDS file"),
        help_text=_("CSV (UTF-8), Excel (.xlsx) or Open Referral HSDS 3 JSON."),
    )


class RouteForm(Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One step a line, in order: a kind of offer (e.g. day_activity, "
            "work_experience, volunteer, job) or the number of one offer."
        ),
    )
