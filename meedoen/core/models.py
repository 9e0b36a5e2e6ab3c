"""The audit trail's storage: one row per read or write of a resident's personal
data, chained by a keyed hash (see ``meedoen.core.audit``). The table is append-only:
a database trigger refuses UPDATE, DELETE and TRUNCATE (migration 0003)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.categories import Category


class AccessEvent(models.Model):
    """One read or write of a resident's personal data. Append-only and chained: each
    event's hash covers its content and the previous event's hash (see audit.py)."""

    class Action(models.TextChoices):
        LIST = "list", _("seen in a list")
        READ = "read", _("read")
        WRITE = "write", _("changed")
        EXPORT = "export", _("exported")

    seq = models.BigIntegerField(
        _("sequence"), unique=True, help_text=_("Position in the chain, without gaps.")
    )
    at = models.DateTimeField(_("at"), db_index=True, help_text=_("When it happened."))
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text=_("Who; empty for a system command."),
    )
    municipality_id = models.BigIntegerField(
        _("municipality"), help_text=_("Municipality of the resident.")
    )
    resident_id = models.BigIntegerField(
        _("resident"),
        help_text=_("Whose data; a plain number so the trail survives destruction."),
    )
    action = models.CharField(
        _("action"),
        max_length=10,
        choices=Action.choices,
        help_text=_("What was done."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, help_text=_("Category.")
    )
    basis = models.CharField(
        _("basis"),
        max_length=300,
        help_text=_("Why access was allowed: case team, role, consent or reason."),
    )
    via = models.CharField(
        _("via"), max_length=200, help_text=_("Page, export, API endpoint or command.")
    )
    key_id = models.CharField(
        _("key"),
        max_length=16,
        default="",
        help_text=_("Id of the audit key (AUDIT_HMAC_KEYS) that sealed this event."),
    )
    prev_hash = models.CharField(
        _("previous hash"), max_length=64, help_text=_("Hash of the previous event.")
    )
    hash = models.CharField(
        _("hash"),
        max_length=64,
        help_text=_("HMAC-SHA256 over this event and the previous hash."),
    )

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        # The table keeps the name it had when the audit trail lived in the privacy app.
        db_table = "privacy_accessevent"
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["resident_id", "at"], name="access_resident_at"),
            models.Index(fields=["professional", "at"], name="access_professional_at"),
            # The privacy officer's unfiltered log: one municipality, newest first.
            models.Index(
                fields=["municipality_id", "seq"], name="access_municipality_seq"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.action} {self.resident_id}"


class AuditChainHead(models.Model):
    """The end of the chain: one row, locked while events are appended."""

    seq = models.BigIntegerField(
        _("last sequence"), default=0, help_text=_("Sequence of the last event.")
    )
    hash = models.CharField(
        _("last hash"),
        max_length=64,
        default="0" * 64,
        help_text=_("Hash of the last event."),
    )

    class Meta:
        db_table = "privacy_auditchainhead"
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq}"
