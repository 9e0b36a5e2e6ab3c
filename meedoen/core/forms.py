"""Shared form plumbing: NL Design System classes on widgets, and service errors
mapped onto the fields they belong to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)

from meedoen.core import validators

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
        for field in self.fields.values():
            _bound(field)
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


def _bound(field: forms.Field) -> None:
    """Bounds at the edge for every field (meedoen.core.validators): text without
    control or direction characters and not longer than a real note, dates in a sane
    range, whole numbers that fit the database."""
    if isinstance(field, forms.CharField):
        if field.max_length is None:
            field.max_length = validators.MAX_TEXT
            field.validators.append(MaxLengthValidator(validators.MAX_TEXT))
        field.validators.append(validators.no_control_characters)
    elif isinstance(field, forms.ModelChoiceField):
        _bound_choice_keys(field)
    elif isinstance(field, forms.DateField):
        field.validators.append(validators.sane_date)
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.max_value = validators.MAX_INT
            field.validators.append(MaxValueValidator(validators.MAX_INT))
        if field.min_value is None:
            field.min_value = -validators.MAX_INT
            field.validators.append(MinValueValidator(-validators.MAX_INT))


def _bound_choice_keys(field: forms.ModelChoiceField) -> None:
    """A chosen row is named by its whole-number key: anything else (or a number the
    database cannot hold) is an invalid choice, not a database error."""
    if field.to_field_name is not None:
        return
    if field.queryset is None:
        return
    pk = field.queryset.model._meta.pk
    if pk is None or pk.get_internal_type() not in (
        "AutoField",
        "BigAutoField",
        "IntegerField",
        "BigIntegerField",
    ):
        return
    original = field.clean

    def clean(value: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value]
        for one in values:
            if one in field.empty_values:
                continue
            text = str(one).strip()
            if not text.isascii() or not text.isdigit() or len(text) > 18:
                raise ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text[:20]},
                )
        return original(value)

    field.clean = clean  # type: ignore[method-assign]


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
