"""Which data belongs to which category, and the default role configuration.

Plan goals are categorised by their life domain, so a health goal is shown only to
those who may read health data. The defaults follow the law as summarised in
DOMAIN.md; the default role configuration is data (migration 0002_default_policy).
"""

from __future__ import annotations

from typing import Any

from meedoen.core.categories import Category, domain_category


def restrict_trajectory(trajectory: Any, readable: frozenset[str]) -> set[str]:
    """Drop what the reader may not see from a trajectory loaded with its prefetches
    (goals, actions, contacts, agenda items), in memory, before anything renders it.
    Returns the categories actually shown, for the audit trail."""
    shown: set[str] = {str(Category.IDENTITY), str(Category.PLAN)} & readable
    trajectory.readable_categories = readable
    trajectory.hidden_categories = frozenset(Category.values) - readable
    plan = getattr(trajectory, "plan", None)
    caches = getattr(plan, "_prefetched_objects_cache", {})
    if "goals" in caches:
        goals = [
            g for g in caches["goals"] if domain_category(g.life_domain) in readable
        ]
        shown |= {domain_category(g.life_domain) for g in goals}
        caches["goals"]._result_cache = goals
    if "actions" in caches:
        actions = [
            a
            for a in caches["actions"]
            if domain_category(a.goal.life_domain if a.goal_id else None) in readable
        ]
        caches["actions"]._result_cache = actions
    own = getattr(trajectory, "_prefetched_objects_cache", {})
    if Category.NOTES not in readable:
        # Conversation notes are blanked, the fact of the contact or meeting stays.
        for contact in own.get("contacts", []):
            contact.summary = ""
        for item in own.get("agenda_items", []):
            item.notes = ""
    elif own.get("contacts") or own.get("agenda_items"):
        shown.add(Category.NOTES)
    return shown
