"""Read models: what leaves the privacy door.

A selector never hands a model instance with personal data to a template, a download
or a serializer. It builds ``Record``s: plain, read-only mappings holding only the
fields the reader may see, decided field by field by the registry
(``meedoen.core.personal_data``) and the reader's categories. Nothing is blanked on a
live model object, nothing edits ORM caches, and a record cannot be saved.

A ``Reading`` is one response's look at personal data: it builds the records and
remembers, per resident, exactly which categories it put in them. ``finish`` writes
the audit events for those categories, so the audit of a response lists what the
response contained, no more and no less.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.personal_data import NOT_PERSONAL, registry


class Record(dict[str, Any]):
    """A read-only view of one row with only the permitted fields. Templates read it
    as ``record.field``; Python code as ``record["field"]`` or ``record.field``. A
    field the reader may not see is absent, and ``record.hidden`` names its category.
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a read model is read-only")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash((self.get("_model"), self.get("pk")))


def _value(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    if isinstance(value, models.Model):
        return str(value)
    if callable(value):
        return value()
    return value


@dataclass(frozen=True)
class Subject:
    """Whose data a record is: the resident, and the municipality they live in."""

    municipality_id: int
    resident_id: int


@dataclass
class Reading:
    """One response's reading of personal data (see the module docstring)."""

    user: Any
    via: str
    action: str = AccessEvent.Action.READ
    shown: dict[Subject, set[str]] = field(default_factory=lambda: defaultdict(set))
    basis: dict[Subject, str] = field(default_factory=dict)

    def record(
        self,
        obj: Any,
        *,
        about: Subject,
        readable: Iterable[str],
        fields: Iterable[str],
        extra: Mapping[str, Any] | None = None,
    ) -> Record | None:
        """A read model of ``obj`` with those of ``fields`` the reader may see; None
        when the row as a whole belongs to a category the reader lacks. ``extra``
        adds values that are not personal data (links, permissions, counts)."""
        readable = frozenset(readable)
        declaration = registry.of(type(obj))
        row = declaration.row_category(obj)
        if row is not None and row not in readable:
            return None
        values: dict[str, Any] = {"_model": type(obj).__name__, "pk": obj.pk}
        shown: set[str] = {row} if row is not None else set()
        hidden: dict[str, str] = {}
        for name in fields:
            category = declaration.category(obj, name)
            if category == NOT_PERSONAL or category in readable:
                values[name] = _value(obj, name)
                display = getattr(obj, f"get_{name}_display", None)
                if display is not None:
                    values[f"{name}_display"] = display()
                if category != NOT_PERSONAL and values[name] not in ("", None):
                    shown.add(category)
            else:
                hidden[name] = category
        values["hidden"] = hidden
        values.update(extra or {})
        self.note(about, shown)
        return Record(values)

    def records(
        self,
        objs: Iterable[Any],
        *,
        about: Callable[[Any], Subject],
        readable: Callable[[Any], Iterable[str]] | Iterable[str],
        fields: Iterable[str],
    ) -> list[Record]:
        """Read models of several rows, leaving out rows the reader may not see."""
        fields = tuple(fields)
        result = []
        for obj in objs:
            cats = readable(obj) if callable(readable) else readable
            record = self.record(obj, about=about(obj), readable=cats, fields=fields)
            if record is not None:
                result.append(record)
        return result

    def note(self, about: Subject, categories: Iterable[str]) -> None:
        """Remember that categories of a resident's data are in the response."""
        self.shown[about] |= set(categories)

    def finish(self, basis: Callable[[Subject], str] | str) -> None:
        """Write the audit events: per resident, one per category shown (identity
        when only the fact of the resident was shown). Call once, at the end."""
        rows = []
        for subject, categories in self.shown.items():
            why = basis(subject) if callable(basis) else basis
            for category in sorted(categories or {Category.IDENTITY}):
                rows.append(
                    {
                        "professional_id": getattr(self.user, "pk", None)
                        if getattr(self.user, "is_authenticated", False)
                        else None,
                        "municipality_id": subject.municipality_id,
                        "resident_id": subject.resident_id,
                        "action": self.action,
                        "category": category,
                        "basis": why[:300],
                        "via": self.via[:200],
                    }
                )
        if rows:
            audit.append(rows)
        self.shown = defaultdict(set)

    def categories_of(self, subject: Subject) -> set[str]:
        return set(self.shown.get(subject, set()))


def subject_of(resident: Any) -> Subject:
    """The subject of a resident (anything with ``pk`` and ``municipality_id``)."""
    return Subject(int(resident.municipality_id), int(resident.pk))
