"""Small display helpers for the templates; no rules, no queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_since(value: date | None) -> int | None:
    """Whole days from a date until today."""
    if value is None:
        return None
    return (timezone.localdate() - value).days


@register.filter
def is_overdue(action: Any) -> bool:
    """An open action past its due date."""
    due_on = getattr(action, "due_on", None)
    return (
        getattr(action, "status", None) == "open"
        and due_on is not None
        and due_on < timezone.localdate()
    )


@register.filter
def is_past(value: date | None) -> bool:
    """A date before today."""
    return value is not None and value < timezone.localdate()
