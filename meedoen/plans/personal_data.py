"""The one plan. A goal belongs to the category of its life domain, and so does an
action (its goal's domain, or its own): a reader without that category does not see
the goal or action at all, not even that it exists."""

from typing import Any

from meedoen.core.categories import Category, domain_category
from meedoen.core.personal_data import by_life_domain, registry
from meedoen.plans.models import Action, Goal, Plan

PLAN = Category.PLAN


def action_category(action: Any) -> str:
    return domain_category(action.domain)


registry.register(
    Plan,
    fields={
        "version": PLAN,
        "content_version": PLAN,
        "agreed_on": PLAN,
        "agreed_version": PLAN,
        "agreement_note": Category.NOTES,
        "updated_at": PLAN,
        "is_agreed": PLAN,
    },
    not_personal=["trajectory"],
    resident_path="trajectory__resident",
)
goal_fields = {
    "life_domain": by_life_domain("life_domain"),
    "description": by_life_domain("life_domain"),
    "status": by_life_domain("life_domain"),
    "created_at": by_life_domain("life_domain"),
}
registry.register(
    Goal,
    fields=goal_fields,
    not_personal=["plan"],
    row=by_life_domain("life_domain"),
    resident_path="plan__trajectory__resident",
)
action_fields = {
    name: action_category
    for name in (
        "goal", "description", "life_domain", "owner_kind", "owner_professional",
        "owner_organisation", "due_on", "status", "done_on", "created_at",
        "owner_label", "domain", "domain_label",
    )
}  # fmt: skip
registry.register(
    Action,
    fields=action_fields,
    not_personal=["plan"],
    row=action_category,
    resident_path="plan__trajectory__resident",
)
history = ["history_id", "history_date", "history_change_reason", "history_type"]
registry.register(
    Goal.history.model,
    fields=goal_fields | {"history_user": by_life_domain("life_domain")},
    not_personal=["plan", *history],
    row=by_life_domain("life_domain"),
    resident_path="plan__trajectory__resident",
)


def historical_action_category(record: Any) -> str:
    if record.life_domain:
        return domain_category(record.life_domain)
    goal = Goal.objects.filter(pk=record.goal_id).first() if record.goal_id else None
    return domain_category(goal.life_domain if goal else "")


registry.register(
    Action.history.model,
    fields={
        name: historical_action_category
        for name in (
            "goal",
            "description",
            "life_domain",
            "owner_kind",
            "owner_professional",
            "owner_organisation",
            "due_on",
            "status",
            "done_on",
            "created_at",
            "history_user",
        )
    },
    not_personal=["plan", *history],
    row=historical_action_category,
    resident_path="plan__trajectory__resident",
)
