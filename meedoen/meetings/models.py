"""The table: multidisciplinary meetings (MDO, werktafel) with the resident at the table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meedoen.core.categories import LifeDomain
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Municipality
from meedoen.plans.models import Action


class Meeting(models.Model):
    """A meeting of professionals from several organisations, with residents on the agenda."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("Municipality organising the meeting."),
    )
    title = models.CharField(
        _("title"), max_length=150, help_text=_("E.g. 'Werktafel Klarendal'.")
    )
    starts_at = models.DateTimeField(
        _("date and time"), db_index=True, help_text=_("When the meeting starts.")
    )
    place = models.CharField(
        _("place"),
        max_length=150,
        help_text=_("Where, e.g. the neighbourhood living room."),
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
        help_text=_("Who chairs the meeting."),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="meetings",
        blank=True,
        verbose_name=_("participants"),
        help_text=_("Professionals at the table."),
    )
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("Minutes of the meeting.")
    )
    minutes_version = models.PositiveIntegerField(
        _("minutes version"),
        default=1,
        help_text=_(
            "Raised on every change of the minutes; protects against overwriting."
        ),
    )
    history = HistoricalRecords(excluded_fields=["participants"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """A resident's trajectory on the agenda of a meeting."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="agenda",
        help_text=_("The meeting."),
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        help_text=_("Trajectory discussed."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=1, help_text=_("Position on the agenda.")
    )
    question = models.TextField(
        _("question"), blank=True, help_text=_("What the table is asked to help with.")
    )
    resident_present = models.BooleanField(
        _("resident present"),
        null=True,
        blank=True,
        help_text=_("Whether the resident was at the table; empty until the meeting."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("What was discussed."))
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_(
            "Raised on every change of presence or notes; protects against overwriting."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "trajectory"], name="unique_agenda_trajectory"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.trajectory.resident}"


class Decision(models.Model):
    """A decision at the table; it can become a plan action in one step."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="decisions",
        help_text=_("Agenda item."),
    )
    text = models.TextField(_("decision"), help_text=_("What was decided."))
    life_domain = models.CharField(
        _("life domain"),
        max_length=30,
        choices=LifeDomain.choices,
        blank=True,
        help_text=_(
            "Life domain the decision is about; decides who may read it. Without one "
            "it counts as conversation notes."
        ),
    )
    action = models.OneToOneField(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision",
        help_text=_("The plan action this decision became."),
    )
    created_at = models.DateTimeField(
        _("created at"),
        auto_now_add=True,
        help_text=_("When the decision was recorded."),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text
