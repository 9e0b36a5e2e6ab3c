"""The audit trail: who read or wrote which resident's data, when, and on which basis."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Categories of personal data; which roles may read which is configuration."""

    IDENTITY = "identity", _("identity and contact")
    INCOME = "income", _("income and debts")
    WORK = "work", _("work and education")
    HEALTH = "health", _("health and care")
    JUSTICE = "justice", _("justice")
    NOTES = "notes", _("conversation notes")
    PLAN = "plan", _("plan and journey")


class AccessEvent(models.Model):
    """One read or write of a resident's personal data. Append-only."""

    class Action(models.TextChoices):
        LIST = "list", _("seen in a list")
        READ = "read", _("read")
        WRITE = "write", _("changed")
        EXPORT = "export", _("exported")

    at = models.DateTimeField(
        _("at"), auto_now_add=True, db_index=True, help_text=_("When it happened.")
    )
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
        help_text=_("What was done with the data."),
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=Category.choices,
        help_text=_("Category of the data."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=200,
        help_text=_("Why access was allowed: case team, role, consent or reason."),
    )
    via = models.CharField(
        _("via"), max_length=200, help_text=_("Page, export, API endpoint or command.")
    )

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["resident_id", "at"], name="access_resident_at"),
            models.Index(fields=["professional", "at"], name="access_professional_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.professional_id} {self.action} {self.resident_id}"
