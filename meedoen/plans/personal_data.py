"""The one plan. A goal belongs to the category of its life domain, and so does an
action (its goal's domain, or its own): a reader without that category does not see
the goal or action at all, not even that it exists."""

from collections import defaultdict
from typing import Any

from meedoen.core.categories import Category, domain_category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    Sections,
    by_life_domain,
    register_handler,
    registry,
)
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


# --- the privacy office's handler: access export and retention -------------------

REMOVED = "[verwijderd]"
CHANGES = {"+": "toegevoegd", "~": "gewijzigd", "-": "verwijderd"}
HISTORY_LABELS = {
    "at": "Wanneer",
    "change": "Wat",
    "by": "Door",
    "description": "Tekst",
    "status": "Stand",
}


def _history(model: Any, plan_ids: list[int]) -> dict[int, list[Any]]:
    rows: dict[int, list[Any]] = defaultdict(list)
    history = (
        model.history.filter(plan_id__in=plan_ids)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for h in history:
        rows[h.id].append(h)
    return rows


def _changes(records: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "at": h.history_date,
            "change": CHANGES.get(h.history_type, h.history_type),
            "by": str(h.history_user) if h.history_user_id else "",
            "description": h.description,
            "status": h.get_status_display(),
        }
        for h in records
    ]


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    plans = list(
        Plan.objects.filter(trajectory__resident=resident).order_by("trajectory_id")
    )
    plan_ids = [p.pk for p in plans]
    for plan in plans:
        sections.row(
            plan,
            key="plans",
            title="Uw plan",
            ref={"trajectory_id": ("Traject", plan.trajectory_id)},
            fields={
                "version": "Versie",
                "agreed_on": "U ging akkoord op",
                "agreed_version": "Met versie",
                "agreement_note": "Opmerking bij uw akkoord",
            },
        )
    # Goals and actions, each in its life domain's category, with their history;
    # a deleted one survives only in the history and is shown from its last record.
    goal_history = _history(Goal, plan_ids)
    goals = {g.pk: g for g in Goal.objects.filter(plan_id__in=plan_ids)}
    for goal_id in sorted(set(goals) | set(goal_history)):
        records = goal_history.get(goal_id, [])
        row = goals.get(goal_id) or records[-1]
        sections.row(
            row,
            key="goals",
            title="Doelen in uw plan",
            ref={"goal_id": ("Doel", goal_id)},
            fields={
                "life_domain": "Leefgebied",
                "description": "Doel",
                "status": "Stand",
            },
            values={} if goal_id in goals else {"status": "verwijderd"},
            extra={"history": ("Geschiedenis", _changes(records))},
            labels=HISTORY_LABELS,
        )
    action_history = _history(Action, plan_ids)
    actions = {
        a.pk: a
        for a in Action.objects.filter(plan_id__in=plan_ids).select_related(
            "goal", "owner_professional__organisation", "owner_organisation"
        )
    }
    for action_id in sorted(set(actions) | set(action_history)):
        records = action_history.get(action_id, [])
        action = actions.get(action_id)
        fields = {"description": "Actie", "due_on": "Uiterlijk", "status": "Stand"}
        if action is not None:
            fields |= {"owner_label": "Wie", "done_on": "Gedaan op"}
        sections.row(
            action or records[-1],
            key="actions",
            title="Acties in uw plan",
            ref={
                "action_id": ("Actie", action_id),
                "goal_id": ("Bij doel", (action or records[-1]).goal_id),
            },
            fields=fields,
            values={} if action is not None else {"status": "verwijderd"},
            extra={"history": ("Geschiedenis", _changes(records))},
            labels=HISTORY_LABELS,
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    """Goals and actions stay countable (domain, status, dates); their texts, the
    agreement note and the whole history go."""
    plans = Plan.objects.filter(trajectory__resident=resident)
    plans.update(agreement_note="")
    Goal.objects.filter(plan__in=plans).update(description=REMOVED)
    Action.objects.filter(plan__in=plans).update(description=REMOVED)
    Goal.history.filter(plan_id__in=plans.values("pk")).delete()
    Action.history.filter(plan_id__in=plans.values("pk")).delete()


def destroy(resident: Any, case_ids: list[int]) -> None:
    plan_ids = list(
        Plan.objects.filter(trajectory__resident=resident).values_list("pk", flat=True)
    )
    # Deleting goals and actions writes "deleted" history rows: the history goes last.
    Plan.objects.filter(pk__in=plan_ids).delete()
    Goal.history.filter(plan_id__in=plan_ids).delete()
    Action.history.filter(plan_id__in=plan_ids).delete()


register_handler(
    Handler(
        name="plans",
        models=(Plan, Goal, Action, Goal.history.model, Action.history.model),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
