"""The registry of personal data: which field of which model holds which category,
declared once, next to each model (in each app's ``personal_data.py``), and the
handlers each domain app gives the privacy office for the right of access and for
retention.

Why a registry: the rule "a professional reads only the categories their role and
basis allow" must hold on every page, fragment, download, command and API endpoint.
Read models are built from these declarations (``meedoen.core.readmodel``), so a new
page cannot show a field without its category deciding who may see it, and the audit
event of a response lists exactly the categories it contained.

A field's category is either fixed (``Category.IDENTITY`` for a name) or follows the
row (a goal's text has the category of its life domain; a free text the writer
classified has the category the writer chose). A model whose rows as a whole belong to
a category (a goal about mental health: its very existence is health data) declares a
``row`` category: readers without it do not see the row at all.

Every field of every model of the project is either categorised here or explicitly
marked as not personal data of residents; ``meedoen/core/tests/test_personal_data.py``
fails for a field that is neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

from meedoen.core.categories import Category

# A category, or a function of the row that gives one.
CategorySource = str | Callable[[Any], str]

NOT_PERSONAL = "not_personal"


@dataclass(frozen=True)
class ModelDeclaration:
    """The personal data of one model."""

    model: type[models.Model]
    fields: dict[str, CategorySource]
    not_personal: frozenset[str]
    row: CategorySource | None = None
    # How to reach the resident the row is about, as an ORM path (for checks and
    # handlers); empty for models that are not about one resident.
    resident_path: str = ""

    def category(self, obj: Any, name: str) -> str:
        """The category of one field of a row; NOT_PERSONAL for metadata."""
        if name in self.not_personal:
            return NOT_PERSONAL
        source = self.fields[name]
        return source(obj) if callable(source) else source

    def row_category(self, obj: Any) -> str | None:
        """The category of the row as a whole, if the row itself is categorised."""
        if self.row is None:
            return None
        return self.row(obj) if callable(self.row) else self.row

    def declared(self) -> set[str]:
        return set(self.fields) | set(self.not_personal)


@dataclass
class Registry:
    declarations: dict[type[models.Model], ModelDeclaration] = field(
        default_factory=dict
    )

    def register(
        self,
        model: type[models.Model],
        *,
        fields: Mapping[str, CategorySource] | None = None,
        not_personal: Iterable[str] = ("id",),
        row: CategorySource | None = None,
        resident_path: str = "",
    ) -> ModelDeclaration:
        """Declare the personal data of a model. ``fields`` maps field names (and
        computed attributes the read models show) to categories; ``not_personal``
        names the fields that are not personal data of residents."""
        declaration = ModelDeclaration(
            model=model,
            fields=dict(fields or {}),
            not_personal=frozenset(not_personal) | {"id"},
            row=row,
            resident_path=resident_path,
        )
        overlap = set(declaration.fields) & declaration.not_personal
        if overlap:
            raise ValueError(f"{model.__name__}: both personal and not: {overlap}")
        self.declarations[model] = declaration
        return declaration

    def not_personal(self, *models_: type[models.Model]) -> None:
        """Declare models that hold no personal data of residents at all
        (configuration, the municipality's own organisation)."""
        for model in models_:
            names = [f.name for f in model._meta.get_fields() if f.concrete]
            self.register(model, not_personal=names)

    def of(self, model: type[models.Model]) -> ModelDeclaration:
        try:
            return self.declarations[model]
        except KeyError:
            raise LookupError(
                f"{model.__name__} has no personal-data declaration; add one to its "
                "app's personal_data.py"
            ) from None

    def category(self, obj: Any, name: str) -> str:
        return self.of(type(obj)).category(obj, name)

    def __iter__(self) -> Iterator[ModelDeclaration]:
        return iter(self.declarations.values())


registry = Registry()


def by_life_domain(attribute: str) -> Callable[[Any], str]:
    """The category of a row's life domain (e.g. a goal's), read from ``attribute``."""
    from meedoen.core.categories import domain_category

    def category(obj: Any) -> str:
        return domain_category(getattr(obj, attribute, None))

    return category


def chosen_by_writer(attribute: str) -> Callable[[Any], str]:
    """A free text the writer classified: its category is stored next to it."""

    def category(obj: Any) -> str:
        return str(getattr(obj, attribute, "") or Category.NOTES)

    return category


# Handlers for the privacy office: each domain app registers what it holds on a
# resident (for the right of access, AVG art. 15) and how to anonymise or destroy it
# (retention). The privacy office knows no domain model; it asks the handlers.


@dataclass(frozen=True)
class ExportSection:
    """Part of the access export: items of one kind, in one category. ``labels``
    names every key of the items in plain Dutch (the document is for the resident)."""

    category: str
    key: str
    title: str
    items: list[dict[str, Any]]
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RetentionCase:
    """One file a retention rule governs (a trajectory), as the retention engine
    needs it: whose, since when, closed when and how, and the journey's name."""

    resident_id: int
    municipality_id: int
    case_id: int
    label: str
    started_on: date
    closed_on: date | None
    withdrawn: bool


@dataclass(frozen=True)
class Handler:
    """What an app gives the privacy office.

    ``models``: the models whose rows about a resident this handler exports and
    retains (every model with a ``resident_path`` belongs to one handler; a test
    holds that). ``export(resident)`` returns the app's sections for the access
    export. ``anonymise(resident, case_ids)`` blanks free text and identifying data but
    keeps what figures need; ``destroy(resident, case_ids)`` deletes the app's rows of
    the resident. The engine calls them in dependency order (``ordered_handlers``).
    ``cases()`` yields the files retention rules govern (the journeys app's
    trajectories), ordered by resident.
    """

    name: str
    models: tuple[type[models.Model], ...] = ()
    export: Callable[[Any], list[ExportSection]] | None = None
    anonymise: Callable[[Any, list[int]], None] | None = None
    destroy: Callable[[Any, list[int]], None] | None = None
    cases: Callable[[], Iterable[RetentionCase]] | None = None


handlers: dict[str, Handler] = {}


def register_handler(handler: Handler) -> Handler:
    handlers[handler.name] = handler
    return handler


def _references(handler: Handler) -> set[type[models.Model]]:
    """The models a handler's rows point at (foreign keys that hold rows back or
    follow them; history tables' unconstrained keys do not)."""
    targets: set[type[models.Model]] = set()
    for model in handler.models:
        for f in model._meta.get_fields():
            if f.many_to_one or f.one_to_one:
                remote = getattr(f, "remote_field", None)
                on_delete = getattr(remote, "on_delete", None)
                if f.concrete and on_delete is not models.DO_NOTHING:
                    targets.add(f.related_model)  # type: ignore[arg-type]
    return targets


def ordered_handlers() -> list[Handler]:
    """Handlers in the order their rows can go: a handler whose rows point at
    another handler's rows (an agenda item PROTECTs its trajectory) comes first.
    Derived from the foreign keys, so a new app needs no number to slot in."""
    remaining = sorted(handlers.values(), key=lambda h: h.name)
    owner = {m: h.name for h in remaining for m in h.models}
    after: dict[str, set[str]] = {
        h.name: {owner[t] for t in _references(h) if t in owner} - {h.name}
        for h in remaining
    }
    # Kahn's algorithm: take the handlers nothing still unplaced points at.
    ordered: list[Handler] = []
    while remaining:
        pointed_at = {name for h in remaining for name in after[h.name]}
        ready = [h for h in remaining if h.name not in pointed_at]
        if not ready:
            names = ", ".join(h.name for h in remaining)
            raise RuntimeError(f"Personal-data handlers point at each other: {names}")
        ordered.extend(ready)
        remaining = [h for h in remaining if h not in ready]
    return ordered


class Sections:
    """Sorts a handler's export items into sections by the registry's categories.

    ``row`` turns one model row into one item per category its fields belong to: a
    trajectory's dates in the plan's section, its reason in the category the writer
    chose, a goal in its life domain's. ``ref`` (e.g. the trajectory's number and
    date) is repeated in each part so the resident can put them together.
    """

    def __init__(self) -> None:
        self._sections: dict[tuple[str, str], ExportSection] = {}

    def add(
        self,
        category: str,
        key: str,
        title: str,
        item: dict[str, Any],
        labels: Mapping[str, str],
    ) -> None:
        section = self._sections.setdefault(
            (category, key), ExportSection(category, key, title, [], dict(labels))
        )
        section.items.append(item)

    def row(
        self,
        obj: Any,
        *,
        key: str,
        title: str,
        fields: Mapping[str, str],
        ref: Mapping[str, tuple[str, Any]] | None = None,
        values: Mapping[str, Any] | None = None,
        extra: Mapping[str, tuple[str, Any]] | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """``fields`` maps declared fields to labels; ``values`` overrides how a
        field's value is shown; ``extra`` adds (label, value) pairs that go with the
        row's own category (e.g. its history); ``labels`` names the keys of nested
        items (a history's rows)."""
        declaration = registry.of(type(obj))
        values = values or {}
        parts: dict[str, dict[str, Any]] = {}
        for name in fields:
            category = declaration.category(obj, name)
            value = values[name] if name in values else export_value(obj, name)
            parts.setdefault(category, {})[name] = value
        own = declaration.row_category(obj) or max(
            (c for c in parts if c != NOT_PERSONAL),
            key=lambda c: len(parts[c]),
            default=Category.PLAN,
        )
        parts.setdefault(own, {}).update(parts.pop(NOT_PERSONAL, {}))
        for name, (_label, value) in (extra or {}).items():
            parts[own][name] = value
        head = {name: value for name, (_label, value) in (ref or {}).items()}
        names = {**(labels or {}), **fields}
        for name, (label, _value) in {**(ref or {}), **(extra or {})}.items():
            names[name] = label
        for category, part in parts.items():
            self.add(category, key, title, {**head, **part}, names)

    def result(self) -> list[ExportSection]:
        return list(self._sections.values())


def export_value(obj: Any, name: str) -> Any:
    """A field's value as the export shows it: the label of a choice, the name of a
    related row, the value itself otherwise. Call under the document's language."""
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return str(display()) if getattr(obj, name) not in ("", None) else ""
    value = getattr(obj, name)
    if isinstance(value, models.Model):
        return str(value)
    if callable(value):
        return value()
    return value


def _declare_audit_trail() -> None:
    """The audit trail itself: which resident was accessed is identity data; the rest
    describes the access, not the resident. Read only by the privacy office."""
    from meedoen.core.models import AccessEvent, AuditChainHead

    registry.register(
        AccessEvent,
        fields={"resident_id": Category.IDENTITY},
        not_personal=[
            "seq",
            "at",
            "professional",
            "municipality_id",
            "action",
            "category",
            "basis",
            "via",
            "key_id",
            "prev_hash",
            "hash",
        ],
    )
    registry.not_personal(AuditChainHead)


_declare_audit_trail()
