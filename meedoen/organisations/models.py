"""Who works with residents: municipalities, their partner organisations, teams and
professionals, and the neighbourhoods they work in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A municipality: the tenant. Nothing crosses from one municipality to another."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("Official name, e.g. Arnhem."),
    )
    code = models.CharField(
        _("CBS code"),
        max_length=4,
        unique=True,
        help_text=_("Four-digit municipality code of Statistics Netherlands (CBS)."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A district (wijk) or a neighbourhood (buurt) within a district."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("district (wijk)")
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood (buurt)")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        help_text=_("Municipality the area lies in."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Name of the district or neighbourhood.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.DISTRICT,
        help_text=_("District or neighbourhood."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("For a neighbourhood: the district it belongs to."),
    )

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unique_neighbourhood_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# The organisation's own legal task by kind, filled in when an organisation is created;
# the administrator can change it. Welfare and care have no task of their own for these
# residents: sharing with them rests on consent (DOMAIN.md, "Law and privacy").
DEFAULT_LEGAL_TASKS = {
    "work": "Participatiewet",
    "income": "Participatiewet",
    "neighbourhood_team": "Wmo 2015",
    "uwv": "Wet SUWI",
    "debt_help": "Wet gemeentelijke schuldhulpverlening",
    "social_work_company": "Participatiewet",
}


class Organisation(models.Model):
    """A partner at the table: the municipality's own departments and its partners."""

    class Kind(models.TextChoices):
        WORK = "work", _("work")
        INCOME = "income", _("income")
        NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("neighbourhood team")
        UWV = "uwv", _("UWV")
        WELFARE = "welfare", _("welfare")
        DEBT_HELP = "debt_help", _("debt help")
        CARE = "care", _("care")
        SOCIAL_WORK_COMPANY = "social_work_company", _("social work company")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Municipality this organisation works for in meedoen."),
    )
    name = models.CharField(
        _("name"), max_length=150, help_text=_("Name as residents know it.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=Kind.choices,
        help_text=_("Domain the organisation works in."),
    )
    legal_task = models.CharField(
        _("legal task"),
        max_length=200,
        blank=True,
        help_text=_(
            "Law under which the organisation processes residents' data for its own "
            "task, e.g. 'Participatiewet'. Empty: joining a case team needs the "
            "resident's consent."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unique_organisation_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and not self.legal_task:
            self.legal_task = DEFAULT_LEGAL_TASKS.get(self.kind, "")
        super().save(*args, **kwargs)


class Team(models.Model):
    """A team of professionals, e.g. the social team of Klarendal or the work coaches."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="teams",
        help_text=_("Municipality of the team."),
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("Name of the team."))
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        help_text=_("Area the team works in, if it works in one area."),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unique_team_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Professional(AbstractUser):
    """A professional who logs in: a coordinator, a domain professional, a team lead."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        WORK_COACH = "work_coach", _("work coach")
        INCOME_CONSULTANT = "income_consultant", _("income consultant")
        NEIGHBOURHOOD_WORKER = "neighbourhood_worker", _("neighbourhood team worker")
        UWV_ADVISER = "uwv_adviser", _("UWV adviser")
        DEBT_COUNSELLOR = "debt_counsellor", _("debt counsellor")
        WMO_CONSULTANT = "wmo_consultant", _("Wmo consultant")
        WELFARE_WORKER = "welfare_worker", _("welfare worker")
        CARE_WORKER = "care_worker", _("care worker")
        JOB_COACH = "job_coach", _("job coach")
        TEAM_LEAD = "team_lead", _("team lead")
        POLICY_ADVISER = "policy_adviser", _("policy adviser or evaluator")
        PRIVACY_OFFICER = "privacy_officer", _("privacy officer")
        ADMINISTRATOR = "administrator", _("functional administrator")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="professionals",
        help_text=_(
            "Municipality this professional works for; empty only for system operators."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="professionals",
        help_text=_("Organisation that employs the professional."),
    )
    role = models.CharField(
        _("role"),
        max_length=30,
        choices=Role.choices,
        default=Role.COORDINATOR,
        help_text=_(
            "Role decides which residents and which data the professional may see."
        ),
    )
    teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="members",
        verbose_name=_("teams"),
        help_text=_("Teams the professional belongs to."),
    )

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def label(self) -> str:
        """Name with organisation, as shown in team lists."""
        if self.organisation_id:
            return f"{self} ({self.organisation})"
        return str(self)
