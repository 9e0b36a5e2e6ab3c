"""The front door: a question or signal that reaches the municipality (at the walk-in,
at the door, by phone, from a partner) before anyone has a trajectory, and the record
of residents merged because they were registered twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core import crypto
from meedoen.core.categories import FREE_TEXT_CATEGORIES, Category
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Municipality, Organisation, Team
from meedoen.residents.models import Resident


class Question(models.Model):
    """A question or signal at the front door, with or without knowing who it is
    about; triaged later: answered, referred, or a trajectory started."""

    class Channel(models.TextChoices):
        WALK_IN = "walk_in", _("walk-in")
        HOME_VISIT = "home_visit", _("at the door (home visit)")
        PHONE = "phone", _("phone")
        PARTNER = "partner", _("referral by a partner")
        OTHER = "other", _("other")

    class Outcome(models.TextChoices):
        OPEN = "open", _("waiting for triage")
        ANSWERED = "answered", _("answered")
        REFERRED = "referred", _("referred")
        TRAJECTORY = "trajectory", _("trajectory started")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Municipality that received the question."),
    )
    channel = models.CharField(
        _("how it came in"),
        max_length=20,
        choices=Channel.choices,
        help_text=_("Walk-in, home visit, phone or a partner."),
    )
    received_on = models.DateField(_("received on"), help_text=_("Date it came in."))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Professional who took it."),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        help_text=_("The team whose front door it came to; its members triage it."),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        help_text=_("The resident it is about, once known."),
    )
    first_name = models.CharField(
        _("first name"), max_length=100, blank=True, help_text=_("If given.")
    )
    name_prefix = models.CharField(
        _("prefix"), max_length=20, blank=True, help_text=_("If given.")
    )
    last_name = models.CharField(
        _("last name"), max_length=100, blank=True, help_text=_("If given.")
    )
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, help_text=_("If given.")
    )
    bsn_encrypted = models.TextField(
        _("BSN (encrypted)"), blank=True, help_text=_("If given, encrypted at rest.")
    )
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text=_("To call back.")
    )
    street = models.CharField(
        _("street"), max_length=150, blank=True, help_text=_("If given.")
    )
    house_number = models.CharField(
        _("house number"), max_length=20, blank=True, help_text=_("If given.")
    )
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, help_text=_("If given.")
    )
    text = models.TextField(
        _("question or signal"), help_text=_("What was asked or seen, in a few words.")
    )
    text_category = models.CharField(
        _("the text contains"),
        max_length=20,
        choices=FREE_TEXT_CATEGORIES,
        default=Category.NOTES,
        help_text=_("Category of the text: who may read it."),
    )
    life_domains = models.JSONField(
        _("life domains"),
        default=list,
        blank=True,
        help_text=_("The life domains the question is about (codes)."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        default=Outcome.OPEN,
        help_text=_("Where the question stands after triage."),
    )
    outcome_note = models.TextField(
        _("how it was handled"),
        blank=True,
        help_text=_("The answer given, or why and to whom it was referred."),
    )
    referred_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Organisation it was referred to."),
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        help_text=_("The trajectory it started."),
    )
    handled_on = models.DateField(
        _("handled on"), null=True, blank=True, help_text=_("Date of the triage.")
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who triaged it."),
    )

    class Meta:
        verbose_name = _("question or signal")
        verbose_name_plural = _("questions and signals")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(
                fields=["municipality", "outcome", "received_on"],
                name="question_muni_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_on}"

    @property
    def person(self) -> str:
        """The name as given at the front door, if any."""
        return " ".join(
            p for p in (self.first_name, self.name_prefix, self.last_name) if p
        )

    @property
    def bsn(self) -> str:
        return crypto.decrypt(self.bsn_encrypted) if self.bsn_encrypted else ""


class ResidentMerge(models.Model):
    """Two files that turned out to be one resident, merged: everything of the
    removed resident moved to the kept one. The audit trail keeps the removed number,
    and this record ties it to the kept one (the privacy officer's log follows it)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Municipality of the resident."),
    )
    kept = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="merges",
        help_text=_("The resident kept."),
    )
    removed_id = models.BigIntegerField(
        _("removed resident number"),
        help_text=_("The number of the duplicate that was merged into the kept one."),
    )
    reason = models.TextField(_("reason"), help_text=_("Why they are the same person."))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who merged them."),
    )
    merged_at = models.DateTimeField(
        _("merged at"), auto_now_add=True, help_text=_("When.")
    )

    class Meta:
        verbose_name = _("merged resident")
        verbose_name_plural = _("merged residents")
        ordering = ["-merged_at"]
        indexes = [models.Index(fields=["removed_id"], name="merge_removed")]

    def __str__(self) -> str:
        return f"{self.removed_id} → {self.kept_id}"
