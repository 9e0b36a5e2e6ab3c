"""The table. An agenda item is about one resident: its question, presence and notes
are conversation notes about them; a decision has the category of its life domain
(notes when it has none). The minutes are about everyone on the agenda: they are
conversation notes of each of them (see ``meetings.selectors``: only a reader who may
read the notes of every resident on the agenda reads the minutes)."""

from typing import Any

from meedoen.core.categories import Category, domain_category
from meedoen.core.personal_data import registry
from meedoen.meetings.models import AgendaItem, Decision, Meeting

NOTES = Category.NOTES


def decision_category(decision: Any) -> str:
    return domain_category(decision.life_domain) if decision.life_domain else NOTES


meeting_fields = {"minutes": NOTES}
meeting_meta = [
    "municipality", "title", "starts_at", "place", "chair", "participants",
    "minutes_version",
]  # fmt: skip
registry.register(Meeting, fields=meeting_fields, not_personal=meeting_meta)
item_fields = {
    "trajectory": Category.IDENTITY,
    "question": NOTES,
    "resident_present": Category.PLAN,
    "notes": NOTES,
}
registry.register(
    AgendaItem,
    fields=item_fields,
    not_personal=["meeting", "order", "version"],
    resident_path="trajectory__resident",
)
registry.register(
    Decision,
    fields={
        "text": decision_category,
        "life_domain": decision_category,
        "action": decision_category,
        "created_at": decision_category,
    },
    not_personal=["agenda_item"],
    row=decision_category,
    resident_path="agenda_item__trajectory__resident",
)
history = [
    "history_id", "history_date", "history_change_reason", "history_type",
    "history_user",
]  # fmt: skip
registry.register(
    Meeting.history.model,
    fields=meeting_fields,
    not_personal=[m for m in meeting_meta if m != "participants"] + history,
)
registry.register(
    AgendaItem.history.model,
    fields=item_fields,
    not_personal=["meeting", "order", "version", *history],
    resident_path="trajectory__resident",
)
