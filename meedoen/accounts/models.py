"""Account security beyond the password: the one-time codes with which a professional
enrols an authenticator app, and the hashes of their previous passwords."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentCode(models.Model):
    """A one-time code with which a professional enrols their first authenticator app,
    or a new one after losing their phone. A functional administrator issues it; it is
    shown once, stored only as a keyed hash, works once and expires (72 hours)."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolment_codes",
        verbose_name=_("professional"),
        help_text=_("Professional who may enrol an authenticator app with this code."),
    )
    code_hash = models.CharField(
        _("code hash"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("Keyed hash of the code; the code itself is shown once only."),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("Administrator who issued the code; empty when issued by command."),
    )
    issued_at = models.DateTimeField(
        _("issued at"),
        default=timezone.now,
        editable=False,
        help_text=_("When the code was issued."),
    )
    expires_at = models.DateTimeField(
        _("expires at"),
        editable=False,
        help_text=_("After this moment the code no longer works."),
    )
    used_at = models.DateTimeField(
        _("used at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the professional used the code; a code works once."),
    )

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return str(
            _("enrolment code for %(professional)s")
            % {"professional": self.professional}
        )


class PreviousPassword(models.Model):
    """The hash of a password a professional used before, so that it is not chosen
    again (meedoen.accounts.passwords.PasswordReuseValidator)."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="previous_passwords",
        help_text=_("Professional who used the password."),
    )
    password = models.CharField(
        _("password hash"),
        max_length=128,
        help_text=_("The password's hash as it was stored; never the password."),
    )
    changed_at = models.DateTimeField(
        _("changed at"),
        default=timezone.now,
        help_text=_("When this password was set."),
    )

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.professional} {self.changed_at:%Y-%m-%d}"
