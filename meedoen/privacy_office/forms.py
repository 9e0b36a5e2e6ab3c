"""Forms of the privacy officer's pages: the audit trail's filters and the access
request. They only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import DateInput, Form
from meedoen.organisations.models import Professional

# Matches named when a name is not unique (then the username decides).
MATCHES_SHOWN = 5


class AuditFilterForm(Form):
    resident = forms.CharField(
        label=_("Resident number or BSN"), max_length=20, required=False
    )
    # A text field looked up on submit, not a list of every professional: a large
    # city has thousands, and the page rendered them all on every visit.
    professional = forms.CharField(
        label=_("Professional"),
        max_length=150,
        required=False,
        help_text=_("Username, number or (part of the) name."),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(
        self, *args: Any, professionals: QuerySet[Professional], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.professionals = professionals

    def clean_professional(self) -> Professional | None:
        """The one professional of the municipality the text names: by number, by
        username, or by a name that only one of them has (at most two queries)."""
        text = " ".join(self.cleaned_data["professional"].split())
        if not text:
            return None
        if text.isdigit():
            found = list(self.professionals.filter(pk=int(text))[:1])
        else:
            found = list(self.professionals.filter(username__iexact=text)[:1])
            if not found:
                found = list(
                    self.professionals.annotate(
                        full=Concat("first_name", Value(" "), "last_name")
                    ).filter(Q(full__icontains=text) | Q(last_name__icontains=text))[
                        :MATCHES_SHOWN
                    ]
                )
        if not found:
            raise ValidationError(_("No professional of this municipality matches."))
        if len(found) > 1:
            names = ", ".join(f"{p.get_full_name()} ({p.username})" for p in found)
            raise ValidationError(
                _("Several professionals match: %(names)s. Type the username.")
                % {"names": names}
            )
        return found[0]


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
