"""Template tags for showing progress on pages of other apps (the resident's file)."""

from __future__ import annotations

from typing import Any

from django import template

from meedoen.measurements import selectors

register = template.Library()


@register.simple_tag
def file_progress(user: Any, file: Any) -> dict[int, selectors.TrajectoryProgress]:
    """Progress per trajectory of a loaded resident's file: two queries and one audit
    record, whatever the number of trajectories (see selectors.progress_for_file)."""
    return selectors.progress_for_file(user, file.trajectories, file.resident)


@register.simple_tag
def progress_of(progress: dict[int, Any], trajectory: Any) -> Any:
    return progress.get(trajectory.pk)


@register.filter
def scale_label(value: Any) -> str:
    """The score with its scale label, e.g. '3, beperkt zelfredzaam' in words."""
    label = value.item.scale_labels.get(str(value.value), "")
    return f"{value.value} – {label}" if label else str(value.value)
