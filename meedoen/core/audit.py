"""The audit trail: every read and write of a resident's personal data is recorded here.

Evidence that survives a database administrator, in three layers:

1. **A keyed chain.** Events form one chain. Each event stores the hash of the
   previous event and an HMAC-SHA256 over its own content plus that previous hash,
   with a key from the environment (``AUDIT_HMAC_KEYS``, never in the database) whose
   id it records, so keys can rotate. Without the key nobody can write an event, or
   recompute the chain after changing one, that verifies.
2. **Signed checkpoints outside the database** (``meedoen.core.checkpoints``): the
   head is anchored every ``MEEDOEN_AUDIT_CHECKPOINT_EVERY`` events and at every
   verification, so a chain cut short (tail deleted, head row set back) or rewritten
   before a checkpoint is found, even by someone who had the key.
3. **An append-only table**: a trigger refuses UPDATE, DELETE and TRUNCATE on the
   events (migration ``core/0003``); with the grants of docs/deployment.md the
   application's database role cannot lift it.

``verify`` walks the chain and names each kind of tampering (``Problem``).

Cost per page: one short transaction with three statements (lock the head, one
multi-row INSERT for all residents and categories on the page, update the head),
however many residents the page shows. See docs/architecture.md for scale.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meedoen.core import checkpoints
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent, AuditChainHead

GENESIS = "0" * 64
# Separates an event's MAC from a checkpoint's signature (checkpoints.DOMAIN).
DOMAIN = b"meedoen-audit-event\x1f"
CONTENT = (
    "seq", "at", "professional_id", "municipality_id", "resident_id",
    "action", "category", "basis", "via", "key_id",
)  # fmt: skip


def _message(values: dict[str, Any], prev_hash: str) -> bytes:
    at: datetime = values["at"]
    fields = [
        str(values["seq"]),
        at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        str(values["professional_id"] or ""),
        str(values["municipality_id"]),
        str(values["resident_id"]),
        values["action"],
        values["category"],
        values["basis"],
        values["via"],
        values["key_id"],
        prev_hash,
    ]
    return "\x1f".join(fields).encode()


def seal(values: dict[str, Any], prev_hash: str) -> str | None:
    """The event's MAC under its key; None when that key is not configured."""
    secret = settings.AUDIT_HMAC_KEYS.get(values["key_id"])
    if secret is None:
        return None
    message = DOMAIN + _message(values, prev_hash)
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def plain_digest(values: dict[str, Any], prev_hash: str) -> str:
    """The unkeyed SHA-256 the chain used before it was keyed. Never used to seal;
    only to recognise a chain someone recomputed without the key."""
    return hashlib.sha256(_message(values, prev_hash)).hexdigest()


def _values(event: AccessEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in CONTENT}


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
    key_id = checkpoints.current_key_id()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        first, seq, prev = head.seq, head.seq, head.hash
        events = []
        for row in rows:
            seq += 1
            event = AccessEvent(seq=seq, at=now, key_id=key_id, prev_hash=prev, **row)
            event.hash = prev = seal(_values(event), event.prev_hash) or ""
            events.append(event)
        AccessEvent.objects.bulk_create(events, batch_size=500)
        AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
        every = max(1, int(settings.MEEDOEN_AUDIT_CHECKPOINT_EVERY))
        if events and seq // every > first // every:
            # Anchored only once committed: a rolled-back head must not be a checkpoint.
            transaction.on_commit(
                lambda: checkpoints.write_after_commit(seq, prev), robust=True
            )
    return events


class Problem:
    """The kinds of tampering ``verify`` tells apart."""

    EDITED = "edited"
    DELETED = "deleted"
    TRUNCATED = "truncated"
    RECOMPUTED = "recomputed"
    UNKNOWN_KEY = "unknown_key"
    HEAD_MISMATCH = "head_mismatch"
    CHECKPOINT_SIGNATURE = "checkpoint_signature"

    LABELS = {
        EDITED: "edited event",
        DELETED: "deleted events in the middle",
        TRUNCATED: "truncated tail",
        RECOMPUTED: "recomputed chain or wrong key",
        UNKNOWN_KEY: "sealed with a key that is not configured",
        HEAD_MISMATCH: "head mismatch",
        CHECKPOINT_SIGNATURE: "checkpoint signature invalid",
    }


@dataclass(frozen=True)
class Tampering:
    kind: str
    first: int
    last: int
    detail: str

    def __str__(self) -> str:
        where = (
            f"#{self.first}"
            if self.first == self.last
            else (f"#{self.first}–#{self.last}")
        )
        return f"{Problem.LABELS[self.kind]} at {where}: {self.detail}"


@dataclass
class VerifyResult:
    checked: int
    problems: list[Tampering] = field(default_factory=list)
    head_seq: int = 0
    anchors: int = 0
    last_checkpoint: checkpoints.Checkpoint | None = None
    written: checkpoints.Checkpoint | None = None
    sink_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_break(self) -> int | None:
        return min((p.first for p in self.problems), default=None)

    @property
    def problem(self) -> str:
        return str(min(self.problems, key=lambda p: p.first)) if self.problems else ""

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


def _stream(chunk: int, limit: int) -> Iterator[tuple[Any, ...]]:
    """Events in chain order up to ``limit``, in keyset pages: constant memory."""
    fields = (*CONTENT, "prev_hash", "hash")
    last = 0
    while True:
        page = list(
            AccessEvent.objects.filter(seq__gt=last, seq__lte=limit)
            .order_by("seq")
            .values_list(*fields)[:chunk]
        )
        if not page:
            return
        yield from page
        last = page[-1][0]


@dataclass
class _Walk:
    """The state of one walk along the chain; see ``verify``."""

    anchors: dict[int, list[checkpoints.Checkpoint]]
    problems: list[Tampering] = field(default_factory=list)
    expected: int = 1
    prev: str = GENESIS
    checked: int = 0
    # A run of consecutive events whose MAC does not match: (first, last, all plain).
    run: tuple[int, int, bool] | None = None

    def add(self, kind: str, first: int, last: int, detail: str) -> None:
        previous = self.problems[-1] if self.problems else None
        if previous and previous.kind == kind and previous.last == first - 1:
            self.problems[-1] = Tampering(kind, previous.first, last, previous.detail)
        else:
            self.problems.append(Tampering(kind, first, last, detail))

    def close_run(self, *, successor_links: bool | None) -> None:
        """Name a run of bad events: hashes recomputed (with the unkeyed digest, or
        so that the next event no longer links, or up to the end of the chain) or
        contents edited under their original hashes."""
        if self.run is None:
            return
        first, last, plain = self.run
        self.run = None
        if plain:
            self.add(
                Problem.RECOMPUTED, first, last, "hashes recomputed without the key"
            )
        elif successor_links is False or (successor_links is None and last > first):
            self.add(Problem.RECOMPUTED, first, last, "hashes made with another key")
        else:
            self.add(Problem.EDITED, first, last, "changed after it was written")

    def step(self, row: tuple[Any, ...]) -> None:
        values = dict(zip(CONTENT, row[: len(CONTENT)], strict=True))
        prev_hash, stored = row[len(CONTENT)], row[len(CONTENT) + 1]
        seq = values["seq"]
        after_gap = seq != self.expected
        if after_gap:
            self.close_run(successor_links=None)
            self.add(
                Problem.DELETED, self.expected, seq - 1, "events missing from the chain"
            )
        links = prev_hash == self.prev
        mac = seal(values, prev_hash)
        if mac is None:
            self.close_run(successor_links=None)
            self.add(Problem.UNKNOWN_KEY, seq, seq, f"key {values['key_id']!r}")
        elif not hmac.compare_digest(mac, stored):
            plain = stored == plain_digest(values, prev_hash)
            if self.run is None:
                self.run = (seq, seq, plain)
            else:
                self.run = (self.run[0], seq, self.run[2] and plain)
        else:
            if self.run is not None:
                self.close_run(successor_links=links)
            elif not links and not after_gap:
                self.add(Problem.RECOMPUTED, seq, seq, "link to the previous event")
        for anchor in self.anchors.get(seq, ()):
            if anchor.hash != stored:
                self.add(
                    Problem.RECOMPUTED,
                    seq,
                    seq,
                    f"differs from the signed checkpoint of {anchor.at}",
                )
                break
        self.prev, self.expected = stored, seq + 1
        self.checked += 1


def verify(*, chunk: int = 20_000, checkpoint: bool = True) -> VerifyResult:
    """Walk the chain, compare it with the signed checkpoints and the head, report
    every kind of tampering found, and (``checkpoint``) anchor the head again."""
    # Checkpoints before the head: every checkpoint read is then at or below the head
    # read (checkpoints are written after their events commit).
    lines = checkpoints.read_all()
    anchors: dict[int, list[checkpoints.Checkpoint]] = {}
    for line in lines:
        if line.valid:
            anchors.setdefault(line.seq, []).append(line)
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    last_anchor = max((c for c in lines if c.valid), key=lambda c: c.seq, default=None)
    walk = _Walk(anchors)
    for line in lines:
        if not line.valid:
            walk.add(
                Problem.CHECKPOINT_SIGNATURE,
                max(line.seq, 0),
                max(line.seq, 0),
                f"line {line.line} of {checkpoints.path().name} is not signed by us",
            )
    limit = max(head_seq, last_anchor.seq if last_anchor else 0)
    for row in _stream(chunk, limit):
        walk.step(row)
    walk.close_run(successor_links=None)
    last_seq, last_hash = walk.expected - 1, walk.prev
    if last_anchor is not None and last_anchor.seq > last_seq:
        walk.add(
            Problem.TRUNCATED,
            last_seq + 1,
            last_anchor.seq,
            f"the chain ends at #{last_seq}, the signed checkpoint of "
            f"{last_anchor.at} records #{last_anchor.seq}",
        )
    elif head_seq > last_seq:
        walk.add(
            Problem.TRUNCATED,
            last_seq + 1,
            head_seq,
            f"the chain ends at #{last_seq}, the head records #{head_seq}",
        )
    if head_seq < last_seq:
        walk.add(
            Problem.HEAD_MISMATCH,
            head_seq,
            head_seq,
            f"the head was set back to #{head_seq}; events up to #{last_seq} exist",
        )
    elif head_seq == last_seq and head_hash != last_hash:
        walk.add(
            Problem.HEAD_MISMATCH, head_seq, head_seq, "the head's hash is not the last"
        )
    result = VerifyResult(
        walk.checked,
        sorted(walk.problems, key=lambda p: (p.first, p.kind)),
        head_seq=head_seq,
        anchors=sum(len(v) for v in anchors.values()),
        last_checkpoint=last_anchor,
    )
    if checkpoint:
        try:
            result.written = checkpoints.write(
                head_seq,
                head_hash,
                reason=checkpoints.Reason.VERIFY,
                verified={
                    "ok": result.ok,
                    "checked": result.checked,
                    "problems": sorted(result.kinds()),
                },
            )
        except OSError as exc:
            result.sink_error = str(exc)
    return result


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
