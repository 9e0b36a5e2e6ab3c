"""Residents (inwoners) and the households they live in."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core import crypto
from meedoen.organisations.models import Municipality, Neighbourhood
from meedoen.residents import names

# The name retention gives an anonymised resident (with an empty BSN): not listed again.
ANONYMISED = "geanonimiseerd"


class ResidentQuerySet(models.QuerySet["Resident"]):
    def anonymised(self) -> ResidentQuerySet:
        return self.filter(first_name=ANONYMISED, bsn_hash="")


class Resident(models.Model):
    """The person the work is for. Personal data: read it only through the privacy app."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="residents",
        help_text=_("Municipality the resident lives in."),
    )
    first_name = models.CharField(
        _("first name"), max_length=100, help_text=_("First name or names.")
    )
    name_prefix = models.CharField(
        _("prefix"),
        max_length=20,
        blank=True,
        help_text=_("Surname prefix, e.g. 'van der'."),
    )
    last_name = models.CharField(
        _("last name"), max_length=100, help_text=_("Surname.")
    )
    birth_date = models.DateField(_("date of birth"), help_text=_("Date of birth."))
    bsn_encrypted = models.TextField(
        _("BSN (encrypted)"),
        blank=True,
        help_text=_("Citizen service number, encrypted at rest."),
    )
    bsn_hash = models.CharField(
        _("BSN search key"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "Keyed hash of the BSN, for exact-match search without storing the number in the clear."
        ),
    )
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text=_("Phone number.")
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Email address."))
    street = models.CharField(
        _("street"), max_length=150, blank=True, help_text=_("Street name.")
    )
    house_number = models.CharField(
        _("house number"),
        max_length=20,
        blank=True,
        help_text=_("House number with addition."),
    )
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, help_text=_("Postcode, e.g. 6822 AB.")
    )
    city = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("Town or city.")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        help_text=_("Neighbourhood of the address."),
    )
    created_at = models.DateTimeField(
        _("registered at"),
        auto_now_add=True,
        help_text=_("When the resident was registered."),
    )
    search_key = models.CharField(
        _("search key"),
        max_length=250,
        blank=True,
        editable=False,
        help_text=_(
            "First name, prefix and surname in lower case without accents, for search "
            "(kept by the model)."
        ),
    )
    sort_key = models.CharField(
        _("sort key"),
        max_length=250,
        blank=True,
        editable=False,
        help_text=_("Surname without prefix, then first name: the Dutch name order."),
    )

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["sort_key"]
        indexes = [
            models.Index(
                fields=["municipality", "sort_key"], name="resident_muni_sort"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {
            "first_name",
            "name_prefix",
            "last_name",
        } & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key", "sort_key"}
        super().save(*args, **kwargs)

    def refresh_name_keys(self) -> None:
        """Keep the search and sort keys in step with the name (see names.py)."""
        parts = (self.first_name, self.name_prefix, self.last_name)
        self.search_key = names.search_key(*parts)
        self.sort_key = names.sort_key(*parts)

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.first_name, self.name_prefix, self.last_name) if part
        )

    @property
    def address(self) -> str:
        line = " ".join(part for part in (self.street, self.house_number) if part)
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (line, place) if part)

    def age(self, on: date | None = None) -> int:
        on = on or date.today()
        born = self.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def set_bsn(self, bsn: str) -> None:
        """Store a (validated, compact) BSN encrypted, with its search key."""
        self.bsn_encrypted = crypto.encrypt(bsn) if bsn else ""
        self.bsn_hash = crypto.blind_index(bsn) if bsn else ""

    @property
    def bsn(self) -> str:
        return crypto.decrypt(self.bsn_encrypted) if self.bsn_encrypted else ""

    @property
    def bsn_masked(self) -> str:
        """The BSN as shown on screens: only the last three digits."""
        return f"******{self.bsn[-3:]}" if self.bsn_encrypted else ""


class Household(models.Model):
    """People living together: one household, one plan, one coordinator.

    The household has no coordinator field of its own: its coordinator is the
    coordinator of its members' running trajectories (one source of truth, so a
    hand-over of the trajectory is a hand-over of the household). See
    ``meedoen.casefile.households``."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="households",
        help_text=_("Municipality of the household."),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        help_text=_("How the team refers to the household, e.g. 'Family Jansen'."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_(
            "Raised by every change to the household or its members: a change based "
            "on an older version is refused (optimistic locking)."
        ),
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    """A resident's place in a household."""

    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        PARTNER = "partner", _("partner")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        OTHER = "other", _("other household member")

    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="members",
        help_text=_("The household."),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="household_memberships",
        help_text=_(
            "The resident; a resident lives in one household at a time (one running "
            "membership)."
        ),
    )
    relation = models.CharField(
        _("relation"),
        max_length=20,
        choices=Relation.choices,
        help_text=_("Relation to the head of household."),
    )
    started_on = models.DateField(
        _("member since"),
        default=date.today,
        help_text=_("Date the resident came to live in the household."),
    )
    ended_on = models.DateField(
        _("member until"),
        null=True,
        blank=True,
        help_text=_(
            "Date the resident left the household; empty while they live there."
        ),
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(ended_on__isnull=True),
                name="one_running_household_per_resident",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} ({self.get_relation_display()})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
