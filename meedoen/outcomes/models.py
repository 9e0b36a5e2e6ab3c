"""Keys for pseudonymised research exports: one secret per key, so the same key gives
the same pseudonyms (an evaluator can link two exports) and a new key gives unlinkable
ones."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.organisations.models import Municipality


def new_secret() -> str:
    return secrets.token_hex(32)


class ResearchExportKey(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="research_export_keys",
        help_text=_("Municipality whose residents the key pseudonymises."),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the key is for, e.g. 'Evaluation TNO 2025'."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=64,
        default=new_secret,
        editable=False,
        help_text=_("Random secret for the pseudonyms; never shown."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who created the key."),
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When the key was created.")
    )

    class Meta:
        verbose_name = _("research export key")
        verbose_name_plural = _("research export keys")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unique_research_key_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
