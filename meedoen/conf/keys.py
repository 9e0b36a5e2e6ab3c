"""Keys read from the environment at start-up, validated before anything runs.

Imports nothing of the project, so the settings module can use it.
"""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured

# HMAC-SHA256 wants a key of at least its output size: 32 bytes.
MIN_AUDIT_KEY_LENGTH = 32
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


def parse_audit_keys(raw: str) -> dict[str, str]:
    """``AUDIT_HMAC_KEYS``: comma-separated ``id:secret`` pairs. The first signs new
    audit events and checkpoints; the others only verify what they signed before
    (rotation: put the new key first, keep the old ones as long as their events are
    kept). Refused: a malformed pair, a repeated id, a secret under 32 characters."""
    keys: dict[str, str] = {}
    for pair in (part.strip() for part in raw.split(",")):
        if not pair:
            continue
        key_id, sep, secret = pair.partition(":")
        key_id, secret = key_id.strip(), secret.strip()
        if not sep or not KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                "AUDIT_HMAC_KEYS: write each key as id:secret, the id 1 to 16 "
                "letters, digits, '-' or '_'."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"AUDIT_HMAC_KEYS: key id {key_id!r} twice.")
        if len(secret) < MIN_AUDIT_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"AUDIT_HMAC_KEYS: the key {key_id!r} is too short; use at least "
                f"{MIN_AUDIT_KEY_LENGTH} random characters "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        keys[key_id] = secret
    return keys


MIN_SECRET_LENGTH = 32


def require_secret(name: str, value: str) -> str:
    """A key for personal data at rest (the BSN's encryption and search key): refused
    at start-up when it is too short to be a key."""
    if len(value.strip()) < MIN_SECRET_LENGTH:
        raise ImproperlyConfigured(
            f"{name} is too short; use at least {MIN_SECRET_LENGTH} random characters "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    return value.strip()
