"""The one plan: goals per life domain, actions with an owner, the resident's agreement.

A plan carries a ``version`` for optimistic locking: every change names the version it
was based on, and a change based on an older version is refused (see services.py).
Goals and actions keep a full history of changes (django-simple-history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meedoen.core.categories import LifeDomain
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Organisation


class Plan(models.Model):
    """The one plan of a trajectory."""

    trajectory = models.OneToOneField(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="plan",
        help_text=_("The trajectory."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised on every change; protects against overwriting."),
    )
    content_version = models.PositiveIntegerField(
        _("content version"),
        default=1,
        help_text=_(
            "The version at the last change of goals or actions themselves; progress "
            "(an action done) does not change it, so the agreement still holds."
        ),
    )
    agreed_on = models.DateField(
        _("agreed on"),
        null=True,
        blank=True,
        help_text=_("Date the resident agreed to this version of the plan."),
    )
    agreed_version = models.PositiveIntegerField(
        _("agreed version"),
        null=True,
        blank=True,
        help_text=_("Plan version the resident agreed to."),
    )
    agreement_note = models.TextField(
        _("agreement note"),
        blank=True,
        help_text=_("How the resident agreed, in their words if possible."),
    )
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, help_text=_("Last change.")
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return str(_("Plan of %(resident)s") % {"resident": self.trajectory.resident})

    @property
    def is_agreed(self) -> bool:
        """Agreed, and no goal or action changed since (progress does not count)."""
        return self.agreed_version is not None and (
            self.agreed_version >= self.content_version
        )


class Goal(models.Model):
    """What the resident wants to reach in one life domain."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("working on it")
        REACHED = "reached", _("reached")
        DROPPED = "dropped", _("no longer pursued")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="goals", help_text=_("The plan.")
    )
    life_domain = models.CharField(
        _("life domain"),
        max_length=30,
        choices=LifeDomain.choices,
        help_text=_("Life domain of the goal."),
    )
    description = models.TextField(
        _("goal"),
        help_text=_("The goal in plain language, as the resident would say it."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text=_("Where the goal stands."),
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When the goal was added.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["life_domain", "pk"]

    def __str__(self) -> str:
        return self.description


class Action(models.Model):
    """Who does what by when. The owner is a professional, an organisation, or the resident."""

    class OwnerKind(models.TextChoices):
        PROFESSIONAL = "professional", _("professional")
        ORGANISATION = "organisation", _("organisation")
        RESIDENT = "resident", _("the resident")

    class Status(models.TextChoices):
        OPEN = "open", _("to do")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="actions", help_text=_("The plan.")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("Goal the action serves, if any."),
    )
    description = models.TextField(
        _("action"), help_text=_("What will be done, in plain language.")
    )
    life_domain = models.CharField(
        _("life domain"),
        max_length=30,
        choices=LifeDomain.choices,
        blank=True,
        help_text=_(
            "Life domain of an action without a goal; an action with a goal takes "
            "the goal's. Decides who may read it."
        ),
    )
    owner_kind = models.CharField(
        _("who"),
        max_length=15,
        choices=OwnerKind.choices,
        help_text=_("Kind of owner."),
    )
    owner_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        help_text=_("Professional who does it."),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        help_text=_("Organisation that does it."),
    )
    due_on = models.DateField(
        _("due on"),
        null=True,
        blank=True,
        help_text=_(
            "Date by which it is done; the resident's own small steps may go without."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        help_text=_("Where the action stands."),
    )
    done_on = models.DateField(
        _("done on"), null=True, blank=True, help_text=_("Date it was done.")
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When the action was added.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_status_due"),
            models.Index(
                fields=["owner_professional", "status"], name="action_owner_status"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="action_has_owner",
                condition=(
                    models.Q(
                        owner_kind="professional", owner_professional__isnull=False
                    )
                    | models.Q(
                        owner_kind="organisation", owner_organisation__isnull=False
                    )
                    | models.Q(owner_kind="resident")
                ),
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def domain(self) -> str:
        """The action's life domain: its goal's, else its own."""
        if self.goal_id is not None and self.goal is not None:
            return str(self.goal.life_domain)
        return str(self.life_domain)

    @property
    def domain_label(self) -> str:
        """The action's life domain as the interface names it."""
        return str(LifeDomain(self.domain).label) if self.domain else ""

    @property
    def owner_label(self) -> str:
        if self.owner_kind == self.OwnerKind.PROFESSIONAL and self.owner_professional:
            return self.owner_professional.label
        if self.owner_kind == self.OwnerKind.ORGANISATION and self.owner_organisation:
            return str(self.owner_organisation)
        return str(self.OwnerKind.RESIDENT.label)
