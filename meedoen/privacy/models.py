"""What the privacy door needs as data: categories per role, consent, break-the-glass,
the municipality's privacy policy, retention rules, and the audit trail.

Policy is data, not code: a functional administrator changes it in the admin.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meedoen.core.categories import Category
from meedoen.organisations.models import Municipality, Organisation, Professional
from meedoen.residents.models import Resident

# Break the glass is for an emergency: a few hours, never more than a day.
MAX_BREAK_GLASS_HOURS = 24


class ShareBasis(models.TextChoices):
    """Why an organisation may see a resident's data (its grondslag)."""

    LEGAL_TASK = "legal_task", _("the organisation's own legal task")
    CONSENT = "consent", _("the resident's consent")


class CategoryAccess(models.Model):
    """A role may read a category of a resident it has need-to-know for."""

    role = models.CharField(
        _("role"),
        max_length=30,
        choices=Professional.Role.choices,
        help_text=_("Professional role."),
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=Category.choices,
        help_text=_("Category of personal data."),
    )

    # Every change of policy is kept: who changed what, when (the admin's history).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category access")
        verbose_name_plural = _("category access")
        ordering = ["role", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "category"], name="unique_role_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.get_category_display()}"


class PrivacyPolicy(models.Model):
    """A municipality's privacy settings."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="privacy_policy",
        help_text=_("The municipality."),
    )
    break_glass_enabled = models.BooleanField(
        _("break the glass allowed"),
        default=True,
        help_text=_(
            "Whether professionals may get temporary access outside need-to-know, with a reason."
        ),
    )
    break_glass_hours = models.PositiveSmallIntegerField(
        _("break the glass hours"),
        default=4,
        validators=[
            MinValueValidator(1),
            MaxValueValidator(
                MAX_BREAK_GLASS_HOURS,
                message=_("Emergency access lasts at most %(limit_value)s hours."),
            ),
        ],
        help_text=_("How long emergency access lasts: a few hours, at most 24."),
    )

    # Every change of policy is kept: who changed what, when (the admin's history).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("privacy policy")
        verbose_name_plural = _("privacy policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(break_glass_hours__gte=1)
                & models.Q(break_glass_hours__lte=MAX_BREAK_GLASS_HOURS),
                name="break_glass_hours_at_most_a_day",
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality)


class Consent(models.Model):
    """The resident's consent to share their data for a purpose, with named
    organisations, for a period. Withdrawal ends the access resting on it at once."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Municipality of the resident."),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="consents",
        help_text=_("Resident who gives consent."),
    )
    purpose = models.TextField(
        _("purpose"),
        help_text=_("What the data will be shared for, as explained to the resident."),
    )
    recipients = models.ManyToManyField(
        Organisation,
        related_name="consents",
        verbose_name=_("organisations"),
        help_text=_("Organisations the resident agrees to share with."),
    )
    valid_from = models.DateField(
        _("valid from"), help_text=_("First day of the consent.")
    )
    valid_until = models.DateField(
        _("valid until"), help_text=_("Last day of the consent.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who recorded the consent."),
    )
    recorded_at = models.DateTimeField(
        _("recorded at"), auto_now_add=True, help_text=_("When it was recorded.")
    )
    withdrawn_on = models.DateField(
        _("withdrawn on"),
        null=True,
        blank=True,
        help_text=_("Date the resident withdrew the consent."),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-valid_from", "-pk"]

    def __str__(self) -> str:
        return self.purpose[:60]


class EmergencyAccess(models.Model):
    """Break the glass: temporary access outside need-to-know, with a stated reason."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        help_text=_("Who asked for access."),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="emergency_accesses",
        help_text=_("Whose file."),
    )
    reason = models.TextField(
        _("reason"), help_text=_("Why access was needed outside need-to-know.")
    )
    granted_at = models.DateTimeField(
        _("granted at"), help_text=_("Start of the access.")
    )
    expires_at = models.DateTimeField(
        _("expires at"), db_index=True, help_text=_("End of the access.")
    )
    reviewed_at = models.DateTimeField(
        _("reviewed at"),
        null=True,
        blank=True,
        help_text=_("When the privacy officer reviewed it."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Privacy officer who reviewed it."),
    )

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.professional} → {self.resident_id}"


# What a municipal retention rule takes over from the national rule it lengthens.
INHERITED_FROM_NATIONAL = (
    "name",
    "legal_source",
    "start",
    "outcome",
    "applies_to_withdrawn",
    "legal_minimum_days",
)


class RetentionRule(models.Model):
    """How long a kind of file is kept, and from which moment.

    A rule without municipality is the national rule, kept by the system's operators
    (superusers); a municipality may add its own rule with the same code to keep files
    longer, never shorter (``clean``). No rule is shorter than the legal minimum of its
    law (``legal_minimum_days``, and at least ``defaults.LEGAL_MINIMUM_DAYS``)."""

    class Start(models.TextChoices):
        CREATED = "created", _("from the start of the trajectory")
        CLOSED = "closed", _("from the closure of the trajectory")

    class Outcome(models.TextChoices):
        ANONYMISE = "anonymise", _("anonymise (keep figures)")
        DESTROY = "destroy", _("destroy")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retention_rules",
        verbose_name=_("municipality"),
        help_text=_(
            "Municipality that keeps these files longer than the national rule; "
            "empty for the national rule."
        ),
    )
    code = models.SlugField(
        _("code"), help_text=_("Short code, e.g. 'participatiewet'.")
    )
    name = models.CharField(
        _("name"), max_length=150, help_text=_("Name of the kind of file.")
    )
    legal_source = models.CharField(
        _("legal source"), max_length=200, blank=True, help_text=_("Article of law.")
    )
    days = models.PositiveIntegerField(
        _("retention (days)"), help_text=_("How long the file is kept.")
    )
    legal_minimum_days = models.PositiveIntegerField(
        _("legal minimum (days)"),
        default=0,
        help_text=_("The law's minimum retention term; no rule may be shorter."),
    )
    start = models.CharField(
        _("counted"),
        max_length=10,
        choices=Start.choices,
        help_text=_("From which moment."),
    )
    outcome = models.CharField(
        _("then"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.ANONYMISE,
        help_text=_("What happens when due."),
    )
    applies_to_withdrawn = models.BooleanField(
        _("for withdrawn applications"),
        default=False,
        help_text=_("Applies to trajectories closed as withdrawn."),
    )

    # Every change of policy is kept: who changed what, when (the admin's history).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["name", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(municipality__isnull=True),
                name="unique_national_retention_code",
                violation_error_message=_(
                    "There is already a national rule with this code."
                ),
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"],
                name="unique_municipal_retention_code",
                violation_error_message=_(
                    "Your municipality already has a rule with this code."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(days__gte=models.F("legal_minimum_days")),
                name="retention_at_least_the_legal_minimum",
            ),
        ]

    def __str__(self) -> str:
        if self.municipality_id:
            return f"{self.name} ({self.municipality})"
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.municipality_id is not None and (national := self.national()):
            self._inherit(national)
        super().save(*args, **kwargs)

    def national(self) -> RetentionRule | None:
        """The national rule this municipal rule lengthens."""
        return RetentionRule.objects.filter(code=self.code, municipality=None).first()

    def minimum_days(self) -> int:
        """The legal minimum: what the row says, and never less than the law's."""
        from meedoen.privacy.defaults import LEGAL_MINIMUM_DAYS

        return max(self.legal_minimum_days, LEGAL_MINIMUM_DAYS.get(self.code, 0))

    def _inherit(self, national: RetentionRule) -> None:
        """A municipal rule is the national one, kept longer."""
        for name in INHERITED_FROM_NATIONAL:
            setattr(self, name, getattr(national, name))

    def clean_fields(self, exclude: Any = None) -> None:
        if self.municipality_id is not None and (national := self.national()):
            self._inherit(national)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if self.municipality_id is not None:
            national = self.national()
            if national is None:
                raise ValidationError(
                    {
                        "code": _(
                            "There is no national retention rule with this code: a "
                            "municipality can only lengthen a national rule."
                        )
                    }
                )
            self._inherit(national)
            if self.days is not None and self.days < national.days:
                raise ValidationError(
                    {
                        "days": _(
                            "A municipality can only lengthen the national retention "
                            "term of %(national)d days for %(name)s, not shorten it."
                        )
                        % {"national": national.days, "name": national.name}
                    }
                )
        minimum = self.minimum_days()
        if self.days is not None and self.days < minimum:
            raise ValidationError(
                {
                    "days": _(
                        "A retention term of %(days)d days is shorter than the legal "
                        "minimum of %(minimum)d days for %(name)s (%(source)s)."
                    )
                    % {
                        "days": self.days,
                        "minimum": minimum,
                        "name": self.name,
                        "source": self.legal_source or self.code,
                    }
                }
            )
