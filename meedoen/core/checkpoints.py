"""Signed checkpoints of the audit chain, kept outside the database.

The keyed chain (``meedoen.core.audit``) stops anyone without the key from rewriting
events unnoticed. It cannot show that the *newest* events were cut off and the head
row set back: what remains is a perfectly valid, shorter chain. So the head (sequence,
hash, time) is written, HMAC-signed, to a sink the database cannot reach: a file opened
``O_APPEND`` (JSON lines, ``MEEDOEN_AUDIT_CHECKPOINT_FILE``; make it append-only on the
host with ``chattr +a`` or ship it to the log collector) and, when
``MEEDOEN_AUDIT_CHECKPOINT_LOG`` is on, the log. Verification compares the chain with
every signed checkpoint: a chain shorter than the last checkpoint was truncated, an
event that differs from a checkpoint was rewritten (even by someone who had the key).

A checkpoint is written every ``MEEDOEN_AUDIT_CHECKPOINT_EVERY`` events, after the
transaction that wrote them commits (a rolled-back head is never anchored), and at
every verification, with the verification's result.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("meedoen.audit.checkpoint")

# Separates the signature of a checkpoint from the MAC of an event: one can never be
# passed off as the other.
DOMAIN = b"meedoen-audit-checkpoint\x1f"
SIGNED_FIELDS = ("seq", "hash", "at", "reason", "verified", "key_id")


class Reason:
    INTERVAL = "interval"
    VERIFY = "verify"


def keys() -> dict[str, str]:
    return dict(settings.AUDIT_HMAC_KEYS)


def current_key_id() -> str:
    return next(iter(settings.AUDIT_HMAC_KEYS))


def _signature(payload: dict[str, Any], key_id: str) -> str | None:
    secret = keys().get(key_id)
    if secret is None:
        return None
    body = {name: payload.get(name) for name in SIGNED_FIELDS}
    message = DOMAIN + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """One line of the sink. ``valid`` is False for a line that is not valid JSON,
    lacks a field, names a key we do not have or carries a wrong signature."""

    line: int
    seq: int
    hash: str
    at: str
    reason: str
    key_id: str
    valid: bool
    verified: dict[str, Any] | None = None
    raw: str = field(default="", repr=False)

    @property
    def at_datetime(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.at)
        except (TypeError, ValueError):
            return None


def path() -> Path:
    return Path(settings.MEEDOEN_AUDIT_CHECKPOINT_FILE)


def write(
    seq: int, hash_: str, *, reason: str, verified: dict[str, Any] | None = None
) -> Checkpoint:
    """Append a signed checkpoint of the head (seq, hash) to the file and the log."""
    key_id = current_key_id()
    payload: dict[str, Any] = {
        "seq": seq,
        "hash": hash_,
        "at": timezone.now().isoformat(),
        "reason": reason,
        "verified": verified,
        "key_id": key_id,
    }
    payload["sig"] = _signature(payload, key_id)
    line = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: every write lands at the end, whatever else has the file open; one
    # write() of one short line is not interleaved with another process's line.
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if settings.MEEDOEN_AUDIT_CHECKPOINT_LOG:
        logger.info("audit checkpoint %s", line)
    return _parse(0, line)


def write_after_commit(seq: int, hash_: str) -> None:
    """The interval checkpoint, called on commit: a failing sink must not undo the
    request whose events are already committed, so it is logged, not raised. The
    next verification writes a checkpoint again (and reports a sink it cannot use)."""
    try:
        write(seq, hash_, reason=Reason.INTERVAL)
    except OSError:
        logger.exception("audit checkpoint #%s could not be written", seq)


def _parse(number: int, line: str) -> Checkpoint:
    try:
        payload = json.loads(line)
        seq, hash_ = int(payload["seq"]), str(payload["hash"])
        key_id, sig = str(payload["key_id"]), str(payload["sig"])
        at, reason = str(payload["at"]), str(payload["reason"])
        verified = payload.get("verified")
    except (ValueError, KeyError, TypeError):
        return Checkpoint(number, -1, "", "", "", "", valid=False, raw=line)
    expected = _signature(payload, key_id)
    valid = expected is not None and hmac.compare_digest(expected, sig)
    return Checkpoint(
        number,
        seq,
        hash_,
        at,
        reason,
        key_id,
        valid=valid,
        verified=verified if isinstance(verified, dict) else None,
        raw=line,
    )


def read_all() -> list[Checkpoint]:
    """Every line of the sink, numbered from 1 (none when there is no file yet)."""
    target = path()
    if not target.exists():
        return []
    with target.open(encoding="utf-8", errors="replace") as handle:
        return [
            _parse(number, line.rstrip("\n"))
            for number, line in enumerate(handle, start=1)
            if line.strip()
        ]


def read_tail(size: int = 64 * 1024) -> list[Checkpoint]:
    """The last lines of the sink (for the privacy officer's panel): reads only the
    last ``size`` bytes, however long the file has grown. Line numbers are relative."""
    target = path()
    if not target.exists():
        return []
    with target.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        end = handle.tell()
        handle.seek(max(0, end - size))
        chunk = handle.read().decode("utf-8", errors="replace")
    lines = chunk.splitlines()
    if end > size and lines:
        lines = lines[1:]  # the first line is probably cut off
    return [_parse(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
