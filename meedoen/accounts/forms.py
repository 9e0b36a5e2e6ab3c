from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import Form


class EnrolmentCodeForm(Form):
    code = forms.CharField(
        label=_("Enrolment code"),
        max_length=40,
        help_text=_(
            "The code your functional administrator gave you, like ABCD-EFGH-JKLM."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
