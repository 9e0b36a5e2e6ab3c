"""The audit trail: every read and write of a resident's personal data is recorded here.

Tamper-evidence: events form one hash chain. Each event stores the hash of the previous
event and a SHA-256 over its own content plus that previous hash; the chain head (one
row) holds the last sequence number and hash. ``verify`` recomputes the chain and
reports the first break: an edited row no longer matches its hash, a deleted row leaves
a gap in the sequence, and cutting off the tail no longer reaches the head.

Cost per page: one short transaction with three statements (lock the head, one
multi-row INSERT for all residents and categories on the page, update the head),
however many residents the page shows. See docs/architecture.md for scale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent, AuditChainHead

GENESIS = "0" * 64


def _digest(event: AccessEvent, prev_hash: str) -> str:
    at: datetime = event.at
    fields = [
        str(event.seq),
        at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        str(event.professional_id or ""),
        str(event.municipality_id),
        str(event.resident_id),
        event.action,
        event.category,
        event.basis,
        event.via,
        prev_hash,
    ]
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def record(
    *,
    user: Any,
    residents: Iterable[Any],
    action: str,
    via: str,
    basis: str,
    categories: Iterable[str] = (Category.IDENTITY,),
) -> None:
    """Record that ``user`` did ``action`` on the given residents' data."""
    professional_id = user.pk if getattr(user, "is_authenticated", False) else None
    categories = list(categories)
    rows = [(r.municipality_id, r.pk, c) for r in residents for c in categories]
    if rows:
        append(
            (
                {
                    "professional_id": professional_id,
                    "municipality_id": municipality_id,
                    "resident_id": resident_id,
                    "action": action,
                    "category": category,
                    "basis": basis[:300],
                    "via": via[:200],
                }
                for municipality_id, resident_id, category in rows
            )
        )


def record_list(*, user: Any, residents: Iterable[Any], via: str, basis: str) -> None:
    """Record that residents' names were shown in a list (identity only)."""
    record(
        user=user,
        residents=residents,
        action=AccessEvent.Action.LIST,
        via=via,
        basis=basis,
        categories=[Category.IDENTITY],
    )


def append(rows: Iterable[dict[str, Any]]) -> list[AccessEvent]:
    """Append events to the chain in one short transaction."""
    now = timezone.now()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        seq, prev = head.seq, head.hash
        events = []
        for row in rows:
            seq += 1
            event = AccessEvent(seq=seq, at=now, prev_hash=prev, **row)
            event.hash = prev = _digest(event, event.prev_hash)
            events.append(event)
        AccessEvent.objects.bulk_create(events, batch_size=500)
        AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return events


@dataclass
class VerifyResult:
    checked: int
    first_break: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_break is None


def _stream(chunk: int) -> Iterator[tuple[Any, ...]]:
    """Events in chain order, in keyset pages: constant memory at any size."""
    fields = (
        "seq", "at", "professional_id", "municipality_id", "resident_id",
        "action", "category", "basis", "via", "prev_hash", "hash",
    )  # fmt: skip
    last = 0
    while True:
        page = list(
            AccessEvent.objects.filter(seq__gt=last)
            .order_by("seq")
            .values_list(*fields)[:chunk]
        )
        if not page:
            return
        yield from page
        last = page[-1][0]


def verify(*, chunk: int = 20_000) -> VerifyResult:
    """Walk the chain from the start and report the first break."""
    expected_seq, prev = 1, GENESIS
    checked = 0
    for (
        seq,
        at,
        prof,
        muni,
        res,
        action,
        category,
        basis,
        via,
        prev_hash,
        stored,
    ) in _stream(chunk):
        if seq != expected_seq:
            return VerifyResult(checked, expected_seq, "missing event (deleted)")
        event = AccessEvent(
            seq=seq, at=at, professional_id=prof, municipality_id=muni, resident_id=res,
            action=action, category=category, basis=basis, via=via,
        )  # fmt: skip
        if prev_hash != prev or _digest(event, prev) != stored:
            return VerifyResult(checked, seq, "event changed after it was written")
        prev = stored
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        return VerifyResult(
            checked, expected_seq, "events missing at the end of the chain"
        )
    return VerifyResult(checked)


def record_write(
    *, user: Any, trajectory: Any, via: str, category: str = Category.PLAN
) -> None:
    """Record a change to a resident's data made through a trajectory (services call
    this inside their transaction, so the event and the change commit together)."""
    role = getattr(user, "role", "") or "system"
    append(
        [
            {
                "professional_id": user.pk
                if getattr(user, "is_authenticated", False)
                else None,
                "municipality_id": trajectory.municipality_id,
                "resident_id": trajectory.resident_id,
                "action": AccessEvent.Action.WRITE,
                "category": category,
                "basis": f"case_team; {role}",
                "via": via,
            }
        ]
    )
