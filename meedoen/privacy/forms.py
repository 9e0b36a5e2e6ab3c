"""Forms for the privacy pages. They only parse input: the rules (a purpose, named
organisations of the municipality, a reason long enough) live in services.py, whose
messages are shown next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import DateInput, Form
from meedoen.organisations.models import Organisation


class ConsentForm(Form):
    service_required = ("purpose", "organisations")

    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the data will be shared for, as explained to the resident."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The organisations the resident agrees to share with."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("Last day the consent applies."),
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["valid_from"].initial = today
        self.fields["valid_until"].initial = today.replace(year=today.year + 1)


class EmergencyAccessForm(Form):
    service_required = ("reason",)

    resident = forms.CharField(
        label=_("BSN or resident number"),
        max_length=20,
        help_text=_("A BSN finds only an exact match."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why you need this file now, outside the case team. The privacy officer "
            "reads this."
        ),
    )
