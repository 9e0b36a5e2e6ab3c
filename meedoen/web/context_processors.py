"""What the navigation may offer: asked of the same rules the pages themselves obey
(no role names in templates). A section is offered when the check its pages run lets
the user in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from meedoen.evaluations.selectors import can_read as reads_evaluations
from meedoen.outcomes.indicators import require_reader as require_outcome_reader
from meedoen.outcomes.services import require_policy_adviser
from meedoen.privacy.scope import has_resident_scope
from meedoen.privacy_office.selectors import require_privacy_officer


def _passes(check: Callable[[Any], object], user: Any) -> bool:
    try:
        check(user)
    except PermissionDenied:
        return False
    return True


def sections_for(user: Any) -> frozenset[str]:
    """The sections of the site the user's pages would open for them."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    sections: set[str] = set()
    if has_resident_scope(user):
        sections |= {"caseload", "residents", "questions", "meetings", "board"}
        sections.add("emergency")
        sections.add("outreach")
    if getattr(user, "municipality_id", None):
        sections.add("socialmap")
    if reads_evaluations(user):
        sections.add("evaluations")
    if _passes(require_outcome_reader, user):
        sections.add("outcomes")
    if _passes(require_policy_adviser, user):
        sections.add("research")
    if _passes(require_privacy_officer, user):
        sections.add("privacy_office")
        sections.discard("emergency")
    return frozenset(sections)


def navigation(request: HttpRequest) -> dict[str, Any]:
    sections = sections_for(request.user)
    return {"has_resident_scope": "caseload" in sections, "sections": sections}
