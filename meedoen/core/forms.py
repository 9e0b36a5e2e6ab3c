"""Shared form plumbing: NL Design System classes on widgets, and service errors
mapped onto the fields they belong to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.HiddenInput: "",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_FORMAT)


class UtrechtFormMixin:
    """Give every widget the NL Design System class for its kind."""

    fields: dict[str, forms.Field]
    # Fields the form leaves optional so that the service's own message is shown, but
    # that are not optional for the user: they are not marked "(optional)".
    service_required: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.show_optional = not (  # type: ignore[attr-defined]
                field.required or name in self.service_required
            )
            widget = field.widget
            css = next(
                (
                    css
                    for kind, css in WIDGET_CLASSES.items()
                    if isinstance(widget, kind)
                ),
                TEXTBOX,
            )
            if css:
                widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


class Form(UtrechtFormMixin, forms.Form):
    pass


class LoginForm(UtrechtFormMixin, AuthenticationForm):
    # An explicit signature: the two-factor login wizard passes ``request`` only to
    # forms whose signature names it, and django-axes needs the request.
    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the service names
    a field the form has, otherwise at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects the page already loaded (no query per form): the value is
    the object's pk, the cleaned value the object itself."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[("", "—")], **kwargs)
        self.objects: dict[str, Any] = {}

    def set_objects(self, objects: Any, label: Any = str) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [("", "—"), *((k, label(o)) for k, o in self.objects.items())]

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.objects.get(str(value)) if value else None
