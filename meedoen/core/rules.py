"""Who may write what: one table of rules, checked inside the services.

Every write of personal data names a rule (``"plan.change"``, ``"meeting.minutes"``,
...). The services call ``require`` before they change anything, so the web pages,
the htmx fragments, the commands and the coming API all obey the same rule, and the
templates ask the same table (``can``) to show or hide a button.

The rules themselves are predicates (django-rules) over the reader's access to one
trajectory; the privacy app registers them (``meedoen.privacy.rules``). This module is
the ground floor's mechanism and knows no domain.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied

writes = rules.RuleSet()


def register(name: str, predicate: Any) -> None:
    """Add or replace a write rule."""
    writes.set_rule(name, predicate)


def allowed(user: Any, name: str, obj: Any = None) -> bool:
    if not writes.rule_exists(name):
        raise LookupError(f"No write rule named {name!r}")
    return bool(writes.test_rule(name, user, obj))


def require(user: Any, name: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the rule allows the user this write."""
    if not allowed(user, name, obj):
        raise PermissionDenied


def permitted(user: Any, obj: Any, names: list[str] | None = None) -> frozenset[str]:
    """The names of the rules that allow the user to write ``obj``, for templates
    (``{% if "plan.change" in t.can %}``)."""
    names = names or sorted(writes)
    return frozenset(name for name in names if allowed(user, name, obj))
