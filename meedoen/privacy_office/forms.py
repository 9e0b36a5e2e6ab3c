"""Forms of the privacy officer's pages: the audit trail's filters and the access
request. They only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import DateInput, Form
from meedoen.organisations.models import Professional


class AuditFilterForm(Form):
    resident = forms.CharField(
        label=_("Resident number or BSN"), max_length=20, required=False
    )
    professional = forms.ModelChoiceField(
        label=_("Professional"), queryset=Professional.objects.none(), required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(
        self, *args: Any, professionals: QuerySet[Professional], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = professionals  # type: ignore[attr-defined]


class AuditPageForm(forms.Form):
    """Where the next page of the trail starts (keyset: below this sequence number)."""

    before = forms.IntegerField(required=False, min_value=1, max_value=2**62)


class AccessRequestForm(Form):
    """A resident's request for everything held on them (AVG art. 15)."""

    resident = forms.IntegerField(
        label=_("Resident number"),
        min_value=1,
        help_text=_("The number shown in the audit log and on the resident's file."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("pdf", _("readable document (PDF)")),
            ("json", _("machine-readable (JSON)")),
        ],
        initial="pdf",
    )
