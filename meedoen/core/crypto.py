"""Secrets at rest: the BSN is stored encrypted and found by a keyed hash.

The encryption key and the hash key come from the environment (``BSN_ENCRYPTION_KEY``,
``BSN_HASH_KEY``). The keyed hash (HMAC-SHA256) lets us find a resident by exact BSN
without storing the number in the clear, and without a dictionary attack being possible
for someone who only has the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    derived = hashlib.sha256(key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(value: str) -> str:
    return _fernet(settings.BSN_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.BSN_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def blind_index(value: str) -> str:
    """Keyed hash of a normalised value, for exact-match lookups."""
    key = settings.BSN_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
