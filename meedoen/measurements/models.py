"""Measuring progress: instruments as data, immutable measurements, work and education.

An instrument (the participation ladder, the self-sufficiency matrix, or one an
administrator loads) has a version and items with a scale. A measurement is a draft
until confirmed; once confirmed it never changes: a correction is a new measurement
that supersedes it, with a reason (formal history, as Open Object keeps it).
``LadderProgress`` keeps baseline and latest per trajectory so outcome reports over a
hundred thousand trajectories stay one indexed query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.journeys.models import Trajectory


class Instrument(models.Model):
    class Kind(models.TextChoices):
        LADDER = "ladder", _("ladder (one rung and growth potential)")
        MATRIX = "matrix", _("matrix (domains on a scale)")

    code = models.SlugField(
        _("code"), help_text=_("Stable code, e.g. 'participatieladder'.")
    )
    version = models.CharField(
        _("version"), max_length=20, help_text=_("Version, e.g. '2017'.")
    )
    name = models.CharField(
        _("name"), max_length=150, help_text=_("Name as professionals know it.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        help_text=_("How the items are scored."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the instrument measures and its source."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Offered for new measurements.")
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="unique_instrument_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class InstrumentItem(models.Model):
    """One scored item: a ladder rung, the growth potential, or a matrix domain."""

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="items",
        help_text=_("The instrument."),
    )
    code = models.SlugField(_("code"), help_text=_("Stable code of the item."))
    label = models.CharField(
        _("label"), max_length=150, help_text=_("Name of the item, e.g. 'Financiën'.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), help_text=_("Position in the instrument.")
    )
    min_value = models.SmallIntegerField(
        _("lowest score"), default=1, help_text=_("Lowest allowed score.")
    )
    max_value = models.SmallIntegerField(
        _("highest score"), help_text=_("Highest allowed score.")
    )
    scale_labels = models.JSONField(
        _("scale labels"),
        default=dict,
        blank=True,
        help_text=_('Label per score, e.g. {"1": "acute problematiek"}.'),
    )
    criteria = models.JSONField(
        _("criteria"),
        default=dict,
        blank=True,
        help_text=_(
            "Per-score criteria texts; empty unless a licensee loads them (e.g. the ZRM's)."
        ),
    )
    required = models.BooleanField(
        _("always required"),
        default=False,
        help_text=_(
            "Required in every measurement; other items are scored only when relevant to the case."
        ),
    )
    life_domain = models.CharField(
        _("life domain"),
        max_length=30,
        blank=True,
        help_text=_(
            "Life domain of the item (decides its data category, e.g. health)."
        ),
    )

    class Meta:
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="unique_item_code"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Measurement(models.Model):
    """A dated score on an instrument for a trajectory, by a professional."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONFIRMED = "confirmed", _("confirmed")
        SUPERSEDED = "superseded", _("corrected by a later version")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="measurements",
        help_text=_("The trajectory."),
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="measurements",
        help_text=_("The instrument."),
    )
    measured_on = models.DateField(
        _("measured on"),
        help_text=_("Date the situation was assessed (material date)."),
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="measurements",
        help_text=_("Who measured."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Draft, confirmed or superseded."),
    )
    confirmed_at = models.DateTimeField(
        _("confirmed at"),
        null=True,
        blank=True,
        help_text=_("When it was confirmed (formal date)."),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text=_("The confirmed measurement this one corrects."),
    )
    correction_reason = models.TextField(
        _("reason for correction"),
        blank=True,
        help_text=_("Why the earlier version was wrong."),
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When it was entered.")
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "pk"]
        indexes = [
            models.Index(
                fields=["trajectory", "instrument", "status", "measured_on"],
                name="measurement_lookup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.measured_on}"


class MeasurementValue(models.Model):
    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.CASCADE,
        related_name="values",
        help_text=_("The measurement."),
    )
    item = models.ForeignKey(
        InstrumentItem,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The item scored."),
    )
    value = models.SmallIntegerField(
        _("score"), help_text=_("The score on the item's scale.")
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "item"], name="unique_value_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


class LadderProgress(models.Model):
    """Baseline and latest ladder rung per trajectory, kept by the measurement services
    (Primero/HOPE: copy baseline and latest onto the case so outcomes are cheap)."""

    trajectory = models.OneToOneField(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="ladder",
        help_text=_("The trajectory."),
    )
    baseline_on = models.DateField(
        _("baseline date"), help_text=_("Date of the first confirmed measurement.")
    )
    baseline_rung = models.PositiveSmallIntegerField(
        _("baseline rung"), help_text=_("Rung at the baseline.")
    )
    latest_on = models.DateField(
        _("latest date"), help_text=_("Date of the latest confirmed measurement.")
    )
    latest_rung = models.PositiveSmallIntegerField(
        _("latest rung"), help_text=_("Rung at the latest measurement.")
    )
    growth_potential = models.PositiveSmallIntegerField(
        _("growth potential"),
        null=True,
        blank=True,
        help_text=_("Latest growth potential."),
    )
    six_month_on = models.DateField(
        _("six-month follow-up date"),
        null=True,
        blank=True,
        help_text=_(
            "Date of the last confirmed measurement at least the minimum number of "
            "days after the baseline and within six calendar months of the start."
        ),
    )
    six_month_rung = models.PositiveSmallIntegerField(
        _("six-month follow-up rung"),
        null=True,
        blank=True,
        help_text=_("Rung at that follow-up."),
    )

    class Meta:
        verbose_name = _("ladder progress")
        verbose_name_plural = _("ladder progress")

    def __str__(self) -> str:
        return f"{self.baseline_rung} → {self.latest_rung}"


class WorkRecord(models.Model):
    """Paid work, education or volunteering, recorded as it happens, so outcomes such
    as 'paid work of 16 hours or more' are computed, not ticked by hand."""

    class Kind(models.TextChoices):
        PAID_WORK = "paid_work", _("paid work")
        EDUCATION = "education", _("education")
        VOLUNTEERING = "volunteering", _("volunteering")

    class EducationKind(models.TextChoices):
        LANGUAGE = "language", _("language course or civic integration")
        VOCATIONAL = "vocational", _("vocational education (mbo)")
        HIGHER = "higher", _("higher education (hbo/wo)")
        COURSE = "course", _("course or training")
        OTHER = "other", _("other")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="work_records",
        help_text=_("The trajectory."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=15,
        choices=Kind.choices,
        help_text=_("Paid work, education or volunteering."),
    )
    started_on = models.DateField(_("started on"), help_text=_("First day."))
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("Last day, if it ended.")
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Contract hours per week (paid work)."),
    )
    supported = models.BooleanField(
        _("with support"),
        default=False,
        help_text=_("Wage subsidy, job coach, sheltered work or top-up benefit."),
    )
    education_kind = models.CharField(
        _("kind of education"),
        max_length=15,
        choices=EducationKind.choices,
        blank=True,
        help_text=_("For education."),
    )
    organisation = models.CharField(
        _("employer or school"), max_length=150, blank=True, help_text=_("Where.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who recorded it."),
    )

    class Meta:
        verbose_name = _("work or education record")
        verbose_name_plural = _("work and education records")
        ordering = ["started_on", "pk"]
        indexes = [
            models.Index(fields=["kind", "started_on"], name="workrecord_kind_start")
        ]
        constraints = [
            models.CheckConstraint(
                name="paid_work_has_hours",
                condition=~models.Q(kind="paid_work")
                | models.Q(hours_per_week__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"
