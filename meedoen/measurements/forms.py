"""Forms for measurements and work records. A measurement form has one select per
item of the instrument the user may score; matrix domains start on "not relevant /
not scored", because scoring only the relevant domains is the normal way. Validation
is the service's: the form's fields are optional so the service's message shows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import DateInput, Form
from meedoen.measurements.models import Instrument, InstrumentItem, WorkRecord


def _item_choices(item: InstrumentItem, empty: str) -> list[tuple[str, str]]:
    choices = [("", empty)]
    for value in range(item.min_value, item.max_value + 1):
        label = item.scale_labels.get(str(value), "")
        choices.append((str(value), f"{value} – {label}" if label else str(value)))
    return choices


class MeasurementForm(Form):
    service_required: tuple[str, ...] = ("measured_on",)

    measured_on = forms.DateField(
        label=_("Date of the measurement"),
        widget=DateInput(),
        required=False,
        initial=timezone.localdate,
    )

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        items: list[InstrumentItem],
        **kwargs: Any,
    ) -> None:
        self.instrument = instrument
        self.items = items
        self.service_required = (
            "measured_on",
            *(item.code for item in items if item.required),
        )
        super().__init__(*args, **kwargs)
        for item in items:
            empty = "—" if item.required else str(_("not relevant / not scored"))
            self.fields[item.code] = forms.ChoiceField(
                label=item.label,
                choices=_item_choices(item, empty),
                required=False,
            )
            self.fields[item.code].show_optional = False  # type: ignore[attr-defined]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def item_values(self) -> dict[str, int | None]:
        return {
            item.code: int(self.cleaned_data[item.code])
            if self.cleaned_data.get(item.code)
            else None
            for item in self.items
        }


class MeasurementCorrectForm(MeasurementForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was wrong in the earlier version."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service_required = (*self.service_required, "reason")
        self.fields["reason"].show_optional = False  # type: ignore[attr-defined]


class WorkRecordForm(Form):
    service_required = ("kind", "started_on")

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "—"), *WorkRecord.Kind.choices],
        required=False,
    )
    started_on = forms.DateField(
        label=_("First day"), widget=DateInput(), required=False
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        max_digits=4,
        decimal_places=1,
        help_text=_("Contract hours per week; required for paid work."),
    )
    supported = forms.BooleanField(
        label=_(
            "With support (wage subsidy, job coach, sheltered work or top-up benefit)"
        ),
        required=False,
    )
    education_kind = forms.ChoiceField(
        label=_("Kind of education"),
        choices=[("", "—"), *WorkRecord.EducationKind.choices],
        required=False,
        help_text=_("Required for education."),
    )
    organisation = forms.CharField(
        label=_("Employer or school"), required=False, max_length=150
    )


class WorkRecordEndForm(Form):
    service_required = ("ended_on",)

    ended_on = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        required=False,
        initial=timezone.localdate,
    )
