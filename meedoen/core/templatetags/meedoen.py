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
    return action.status == "open" and action.due_on < timezone.localdate()


@register.filter
def past_norm(trajectory: Any) -> bool:
    """Longer in the current stage than the stage norm."""
    return bool(trajectory.stage_due_on < timezone.localdate())


@register.simple_tag
def stage_state(stage: Any, trajectory: Any) -> str:
    """'done', 'current' or 'todo' for one stage of a trajectory's journey."""
    if stage.pk == trajectory.stage_id:
        return "current"
    return "done" if stage.order < trajectory.stage.order else "todo"
