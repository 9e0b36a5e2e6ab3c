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
    """Part of the access export: items of one kind, in one category."""

    category: str
    key: str
    title: str
    items: list[dict[str, Any]]


@dataclass(frozen=True)
class Handler:
    """What an app gives the privacy office.

    ``export(resident)`` returns the app's sections for the access export;
    ``anonymise(resident, trajectory_ids)`` blanks free text and identifying data but
    keeps what figures need; ``destroy(resident, trajectory_ids)`` deletes the app's
    rows of the resident (called in ``order``: lower first, so rows that PROTECT
    others go before them).
    """

    name: str
    export: Callable[[Any], list[ExportSection]] | None = None
    anonymise: Callable[[Any, list[int]], None] | None = None
    destroy: Callable[[Any, list[int]], None] | None = None
    order: int = 50


handlers: dict[str, Handler] = {}


def register_handler(handler: Handler) -> Handler:
    handlers[handler.name] = handler
    return handler


def ordered_handlers() -> list[Handler]:
    return sorted(handlers.values(), key=lambda h: (h.order, h.name))


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
