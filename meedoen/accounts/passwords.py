"""A password may not be one the professional used recently (BIO 9.4.3: prevent the
reuse of earlier passwords). The hashes are kept as they were stored, so checking costs
one hash computation per remembered password, only when a password is changed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from meedoen.accounts.models import PreviousPassword


class PasswordReuseValidator:
    def __init__(self, remember: int = 5) -> None:
        self.remember = remember

    def _hashes(self, user: Any) -> list[str]:
        hashes = list(
            PreviousPassword.objects.filter(professional=user).values_list(
                "password", flat=True
            )[: self.remember]
        )
        if user.password and user.password not in hashes:
            hashes.append(user.password)  # set before the history was kept
        return hashes

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return  # a new account has no history
        if any(check_password(password, encoded) for encoded in self._hashes(user)):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        PreviousPassword.objects.create(professional=user, password=user.password)
        stale = PreviousPassword.objects.filter(professional=user).values_list(
            "pk", flat=True
        )[self.remember :]
        PreviousPassword.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self) -> str:
        return ngettext(
            "Your password cannot be your last password.",
            "Your password cannot be one of your last %(remember)d passwords.",
            self.remember,
        ) % {"remember": self.remember}
