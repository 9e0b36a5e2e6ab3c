"""The table. An agenda item is about one resident: its question, presence and notes
are conversation notes about them; a decision has the category of its life domain
(notes when it has none). The minutes are about everyone on the agenda: they are
conversation notes of each of them (see ``meetings.selectors``: only a reader who may
read the notes of every resident on the agenda reads the minutes)."""

from typing import Any

from meedoen.core.categories import Category, domain_category
from meedoen.core.personal_data import (
    ExportSection,
    Handler,
    Sections,
    register_handler,
    registry,
)
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


# --- the privacy office's handler: access export and retention -------------------
# Only this resident's agenda items and decisions: never the minutes (about everyone
# at the table) or other residents' items.

CHANGES = {"+": "toegevoegd", "~": "gewijzigd", "-": "verwijderd"}


def _meeting(item: Any) -> dict[str, tuple[str, Any]]:
    return {
        "trajectory_id": ("Traject", item.trajectory_id),
        "meeting": ("Overleg", item.meeting.title),
        "starts_at": ("Wanneer", item.meeting.starts_at),
        "place": ("Waar", item.meeting.place),
    }


def export(resident: Any) -> list[ExportSection]:
    sections = Sections()
    items = list(
        AgendaItem.objects.filter(trajectory__resident=resident)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    history: dict[int, list[dict[str, Any]]] = {item.pk: [] for item in items}
    records = (
        AgendaItem.history.filter(id__in=list(history))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for h in records:
        history[h.id].append(
            {
                "at": h.history_date,
                "change": CHANGES.get(h.history_type, h.history_type),
                "by": str(h.history_user) if h.history_user_id else "",
                "question": h.question,
                "notes": h.notes,
            }
        )
    for item in items:
        sections.row(
            item,
            key="agenda_items",
            title="Overleggen waar over u is gesproken",
            ref=_meeting(item),
            fields={
                "question": "Vraag aan het overleg",
                "resident_present": "U was erbij",
                "notes": "Besproken",
            },
            extra={"history": ("Eerdere versies", history[item.pk])},
            labels={"at": "Wanneer", "change": "Wat", "by": "Door"},
        )
    decisions = Decision.objects.filter(agenda_item__in=[i.pk for i in items])
    by_item = {item.pk: item for item in items}
    for decision in decisions.order_by("pk"):
        sections.row(
            decision,
            key="decisions",
            title="Besluiten in overleggen over u",
            ref=_meeting(by_item[decision.agenda_item_id]),
            fields={
                "text": "Besluit",
                "life_domain": "Leefgebied",
                "created_at": "Vastgelegd op",
            },
            extra={"action_id": ("Werd actie in uw plan", decision.action_id)},
        )
    return sections.result()


def anonymise(resident: Any, case_ids: list[int]) -> None:
    """Presence stays (who came to the table counts); questions, notes, decisions'
    texts and the earlier versions go."""
    items = AgendaItem.objects.filter(trajectory__resident=resident)
    Decision.objects.filter(agenda_item__in=items).update(text="")
    AgendaItem.history.filter(id__in=items.values("pk")).delete()
    items.update(notes="", question="")


def destroy(resident: Any, case_ids: list[int]) -> None:
    """Agenda items PROTECT their trajectory, so they go first; decisions follow
    them (cascade); deleting writes history rows, so the history goes last."""
    ids = list(
        AgendaItem.objects.filter(trajectory__resident=resident).values_list(
            "pk", flat=True
        )
    )
    AgendaItem.objects.filter(pk__in=ids).delete()
    AgendaItem.history.filter(id__in=ids).delete()


register_handler(
    Handler(
        name="meetings",
        models=(AgendaItem, Decision, AgendaItem.history.model),
        export=export,
        anonymise=anonymise,
        destroy=destroy,
    )
)
