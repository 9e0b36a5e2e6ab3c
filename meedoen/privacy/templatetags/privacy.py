"""Template tags of the privacy door, for pages of other apps."""

from __future__ import annotations

from typing import Any

from django import template

from meedoen.privacy import selectors

register = template.Library()


@register.simple_tag
def file_access_log(user: Any, file: Any) -> Any:
    """The latest access events of the resident on a loaded file, for its coordinator
    (None for everyone else): one bounded query, see selectors.file_access_log."""
    return selectors.file_access_log(user, file.resident, file.trajectories)
