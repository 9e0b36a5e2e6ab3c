"""The social map (sociale kaart): what residents can be referred to, referrals to it
with their follow-up, and routes from one kind of offer to the next.

An offer is not personal data (it describes an activity or service). A referral is:
it says that a resident was sent somewhere, and it may share their data with the
receiving organisation on a recorded basis (``meedoen.privacy`` ShareBasis)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Municipality, Neighbourhood, Organisation
from meedoen.privacy.models import Consent, ShareBasis

RUNG_VALIDATORS = [MinValueValidator(1), MaxValueValidator(6)]

# Languages an offer can be given in (ISO 639-1 codes), with their names.
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
    ("so", _("Somali")),
    ("fa", _("Persian")),
    ("de", _("German")),
]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]


class Offer(models.Model):
    """One activity or service on the social map of a municipality."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("volunteer place")
        DAY_ACTIVITY = "day_activity", _("day activity")
        COURSE = "course", _("course or training")
        BUDDY = "buddy", _("buddy project")
        SPORT = "sport", _("sport and exercise")
        LANGUAGE = "language", _("language lessons")
        WORK_EXPERIENCE = "work_experience", _("work-experience place")
        JOB = "job", _("job")
        SERVICE = "service", _("service")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Municipality whose social map holds the offer."),
    )
    hsds_id = models.UUIDField(
        _("exchange id"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Identifier in Open Referral (HSDS) exchanges."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, help_text=_("Kind of offer.")
    )
    title = models.CharField(
        _("title"), max_length=150, help_text=_("Name of the offer.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What a participant does there.")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        help_text=_("Organisation of the municipality that provides the offer."),
    )
    provider_name = models.CharField(
        _("provider"),
        max_length=150,
        blank=True,
        help_text=_("Provider's name when it is not an organisation in meedoen."),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        help_text=_("Neighbourhood where the offer takes place."),
    )
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Street and number.")
    )
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, help_text=_("Postcode, e.g. 6822 AB.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("For distances (optional)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("For distances (optional)."),
    )
    is_free = models.BooleanField(
        _("free"), default=True, help_text=_("Participation costs nothing.")
    )
    price = models.DecimalField(
        _("price in euros"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What participation costs, when it is not free."),
    )
    covered_by_scheme = models.BooleanField(
        _("covered by a scheme"),
        default=False,
        help_text=_("A benefit or the meedoen scheme pays the costs."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        help_text=_("Language codes, separated by commas, e.g. nl,ar,tr."),
    )
    wheelchair_accessible = models.BooleanField(
        _("wheelchair accessible"), default=False, help_text=_("Without steps.")
    )
    near_public_transport = models.BooleanField(
        _("near public transport"),
        default=False,
        help_text=_("A bus stop or station close by."),
    )
    schedule = models.CharField(
        _("schedule"),
        max_length=200,
        blank=True,
        help_text=_("When, e.g. 'Tuesday and Thursday 10:00-12:00'."),
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours a week"),
        null=True,
        blank=True,
        help_text=_("For a job or work-experience place."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places available.")
    )
    rung = models.PositiveSmallIntegerField(
        _("typical rung"),
        null=True,
        blank=True,
        validators=RUNG_VALIDATORS,
        help_text=_("Rung of the participation ladder the offer usually fits (1-6)."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Who to call or write to: name, phone, email."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Shown and matched.")
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised by every change: a stale edit is refused."),
    )
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, help_text=_("Last change.")
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title", "pk"]
        indexes = [
            models.Index(fields=["municipality", "is_active", "kind"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "hsds_id"], name="unique_offer_hsds_id"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider(self) -> str:
        return str(self.organisation) if self.organisation_id else self.provider_name

    @property
    def language_codes(self) -> list[str]:
        return [c.strip() for c in self.languages.split(",") if c.strip()]


class Referral(models.Model):
    """A resident referred to an offer or an organisation, with its follow-up."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        STARTED = "started", _("started")
        ENDED = "ended", _("ended")

    class Result(models.TextChoices):
        COMPLETED = "completed", _("completed")
        DROPPED_OUT = "dropped_out", _("dropped out")

    class Shared(models.TextChoices):
        NAME = "name", _("name")
        CONTACT = "contact", _("phone and email")
        NOTE = "note", _("the referral note")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Municipality of the trajectory."),
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="referrals",
        help_text=_("Trajectory the referral belongs to."),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        help_text=_("Offer the resident is referred to."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        help_text=_("Receiving organisation."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=State.choices,
        default=State.PROPOSED,
        help_text=_("Where the referral stands."),
    )
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=Result.choices,
        blank=True,
        help_text=_("How it ended."),
    )
    note = models.TextField(
        _("referral note"),
        blank=True,
        help_text=_("What the receiving organisation should know."),
    )
    decline_reason = models.TextField(
        _("reason for declining"), blank=True, help_text=_("Why it was declined.")
    )
    shared_fields = models.CharField(
        _("shared with the provider"),
        max_length=100,
        blank=True,
        help_text=_("What of the resident the provider sees (name, contact, note)."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=20,
        choices=ShareBasis.choices,
        blank=True,
        help_text=_("Why the data may be shared."),
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The consent the sharing rests on."),
    )
    proposed_at = models.DateTimeField(_("proposed at"), help_text=_("Proposed."))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who proposed it."),
    )
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True, help_text=_("Sent.")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who sent it."),
    )
    answered_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, help_text=_("Accepted or declined.")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who accepted or declined it."),
    )
    started_at = models.DateTimeField(
        _("started at"), null=True, blank=True, help_text=_("Started.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who recorded the start."),
    )
    ended_at = models.DateTimeField(
        _("ended at"), null=True, blank=True, help_text=_("Ended.")
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who recorded the end."),
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-proposed_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["state", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()} #{self.pk}"

    @property
    def shared(self) -> list[str]:
        return [s for s in self.shared_fields.split(",") if s]

    @property
    def target(self) -> str:
        if self.offer_id:
            return str(self.offer)
        return str(self.organisation or "")


class Route(models.Model):
    """A route between offers, e.g. day activities, then a work-experience place,
    then volunteering, then paid work."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Municipality of the route."),
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("Route name."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the route is for.")
    )

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RouteStep(models.Model):
    """One step of a route: a kind of offer, or one offer."""

    route = models.ForeignKey(
        Route,
        on_delete=models.CASCADE,
        related_name="steps",
        help_text=_("The route."),
    )
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("1, 2, 3..."))
    kind = models.CharField(
        _("kind of offer"),
        max_length=20,
        choices=Offer.Kind.choices,
        blank=True,
        help_text=_("Every offer of this kind counts for the step."),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Or one offer."),
    )

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["route", "order"]

    def __str__(self) -> str:
        return str(self.offer) if self.offer_id else self.get_kind_display()
