"""Evaluating with the four windows: case stories written with or about a resident
(with their consent), findings coded on the resident, professional, organisation and
policy windows, grouped in an evaluation (as the Klarendal evaluation did)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Municipality
from meedoen.privacy.models import Consent


class Window(models.TextChoices):
    RESIDENT = "resident", _("resident (lifeworld)")
    PROFESSIONAL = "professional", _("professional")
    ORGANISATION = "organisation", _("organisation and preconditions")
    POLICY = "policy", _("policy and governance")


class Evaluation(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="evaluations",
        help_text=_("Municipality."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("E.g. 'Maat Werkt Klarendal 2026'.")
    )
    question = models.TextField(
        _("evaluation question"),
        blank=True,
        help_text=_("What the evaluation wants to learn."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who started it."),
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When it was started.")
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CaseStory(models.Model):
    """A narrative written with or about a resident; only with the resident's consent."""

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="stories",
        help_text=_("The evaluation."),
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        related_name="stories",
        help_text=_("Whose journey it tells."),
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        related_name="stories",
        help_text=_("The resident's consent to use their story."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("A title that does not identify the resident."),
    )
    narrative = models.TextField(
        _("story"), help_text=_("The story, in the resident's words where possible.")
    )
    written_with_resident = models.BooleanField(
        _("written with the resident"),
        default=True,
        help_text=_("Written together with the resident."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who wrote it."),
    )
    written_on = models.DateField(_("written on"), help_text=_("Date of the story."))

    class Meta:
        verbose_name = _("case story")
        verbose_name_plural = _("case stories")
        ordering = ["written_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    story = models.ForeignKey(
        CaseStory,
        on_delete=models.CASCADE,
        related_name="findings",
        help_text=_("The story."),
    )
    window = models.CharField(
        _("window"),
        max_length=15,
        choices=Window.choices,
        help_text=_("Which of the four windows."),
    )
    text = models.TextField(
        _("finding"), help_text=_("What the story shows through this window.")
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["window", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
