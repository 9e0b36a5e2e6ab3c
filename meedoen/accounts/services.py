"""Enrolment codes: issuing (by a functional administrator or the ``enrolment_code``
command) and redeeming (by the professional, before the set-up of the authenticator
app)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user

from meedoen.accounts.models import EnrolmentCode
from meedoen.organisations.models import Professional

# 32 symbols without look-alikes (0/O, 1/I): 12 of them are 60 bits, typed in three
# groups of four.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
INVALID = _(
    "This code is not valid. It may be mistyped, used or expired: ask your "
    "functional administrator for a new one."
)


@dataclass(frozen=True)
class IssuedCode:
    enrolment_code: EnrolmentCode
    code: str  # shown once, never stored


def _normalise(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", code.upper())[: CODE_LENGTH * 2]


def _hash(code: str) -> str:
    # Keyed with SECRET_KEY: the database alone does not allow guessing codes offline.
    return salted_hmac(
        "meedoen.accounts.EnrolmentCode", _normalise(code), algorithm="sha256"
    ).hexdigest()


def _validity() -> timedelta:
    return timedelta(hours=settings.MEEDOEN_ENROLMENT_CODE_HOURS)


@transaction.atomic
def enrolment_code_issue(
    *, professional: Professional, by: Professional | None
) -> IssuedCode:
    """Issue a one-time enrolment code for ``professional``.

    Earlier unused codes stop working, and the professional's second-factor devices
    (authenticator app, recovery codes) are removed: a code is issued for a first
    enrolment or to replace a lost phone. ``by`` is None for the command line.
    """
    if (
        by is not None
        and not by.is_superuser
        and by.municipality_id != professional.municipality_id
    ):
        raise PermissionDenied
    now = timezone.now()
    EnrolmentCode.objects.filter(
        professional=professional, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    for device in devices_for_user(professional, confirmed=None):
        device.delete()
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    enrolment_code = EnrolmentCode.objects.create(
        professional=professional,
        code_hash=_hash(code),
        issued_by=by,
        issued_at=now,
        expires_at=now + _validity(),
    )
    shown = "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))
    return IssuedCode(enrolment_code, shown)


def enrolment_code_redeem(*, professional: Professional, code: str) -> EnrolmentCode:
    """Use ``code`` for ``professional``: one conditional UPDATE, so a code works once
    even when two requests race. Every refusal reads the same."""
    now = timezone.now()
    matching = EnrolmentCode.objects.filter(
        professional=professional,
        code_hash=_hash(code),
        used_at__isnull=True,
        expires_at__gt=now,
    )
    if matching.update(used_at=now) != 1:
        raise ValidationError(INVALID, code="invalid")
    return EnrolmentCode.objects.get(professional=professional, code_hash=_hash(code))
