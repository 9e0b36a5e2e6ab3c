"""Outreach: home-visit campaigns and activation teams.

A campaign covers the addresses of chosen neighbourhoods. An address is personal data
only when it is linked to a resident (``meedoen.outreach.personal_data``). Addresses
are divided over frontline workers in visit rounds; a visit per address per round
records its outcome, and "help wanted" starts a trajectory through the front door.

An activation team (residents, often on benefits, with a coach) asks neighbours what
they would like to see happen: wishes, grouped into themes, become activities, and the
members' participation, confirmed by the coach, counts as unpaid work.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.categories import LifeDomain


class Campaign(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Municipality that runs the campaign."),
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("Campaign name."))
    starts_on = models.DateField(_("starts on"), help_text=_("First day of visits."))
    ends_on = models.DateField(_("ends on"), help_text=_("Last day of visits."))
    neighbourhoods = models.ManyToManyField(
        "organisations.Neighbourhood",
        related_name="+",
        verbose_name=_("neighbourhoods"),
        help_text=_("The neighbourhoods whose addresses are visited."),
    )
    goal = models.TextField(
        _("goal"),
        blank=True,
        help_text=_("What the campaign wants to reach, in a sentence or two."),
    )
    coordinator = models.ForeignKey(
        "organisations.Professional",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Professional who runs the campaign and divides the addresses."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    """One address of a campaign; linked to a resident when one is registered there."""

    class Source(models.TextChoices):
        RESIDENTS = "residents", _("registered residents")
        IMPORT = "import", _("imported list")

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="addresses",
        help_text=_("The campaign."),
    )
    neighbourhood = models.ForeignKey(
        "organisations.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Neighbourhood of the address."),
    )
    street = models.CharField(_("street"), max_length=150, help_text=_("Street."))
    house_number = models.CharField(
        _("house number"), max_length=20, help_text=_("House number and addition.")
    )
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, help_text=_("Postcode.")
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A resident registered at this address, when known."),
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=Source.choices,
        default=Source.RESIDENTS,
        help_text=_("Where the address came from."),
    )

    class Meta:
        ordering = ["street", "house_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "postcode", "street", "house_number"],
                name="unique_campaign_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}"


class VisitRound(models.Model):
    """A frontline worker's share of the addresses for one round of visits."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="rounds",
        help_text=_("The campaign."),
    )
    number = models.PositiveSmallIntegerField(
        _("round"), help_text=_("First, second, ... round of the campaign.")
    )
    worker = models.ForeignKey(
        "organisations.Professional",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Frontline worker who makes these visits."),
    )
    planned_on = models.DateField(_("planned on"), help_text=_("Day of the round."))

    class Meta:
        ordering = ["campaign", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number", "worker"], name="unique_round_worker"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.number}"


class Visit(models.Model):
    """One address in one round: planned, then its outcome."""

    class Outcome(models.TextChoices):
        PLANNED = "planned", _("not visited yet")
        NOT_HOME = "not_home", _("not at home")
        DECLINED = "declined", _("declined")
        NO_HELP = "no_help", _("no help needed")
        HELP_WANTED = "help_wanted", _("help wanted")

    # Outcomes where someone was spoken to.
    REACHED = (Outcome.DECLINED, Outcome.NO_HELP, Outcome.HELP_WANTED)

    round = models.ForeignKey(
        VisitRound,
        on_delete=models.CASCADE,
        related_name="visits",
        help_text=_("The round."),
    )
    address = models.ForeignKey(
        Address,
        on_delete=models.CASCADE,
        related_name="visits",
        help_text=_("The address."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=Outcome.choices,
        default=Outcome.PLANNED,
        help_text=_("What happened at the door."),
    )
    life_domains = models.JSONField(
        _("life domains"),
        default=list,
        blank=True,
        help_text=_("For help wanted: the life domains (codes)."),
    )
    note = models.TextField(
        _("conversation note"),
        blank=True,
        help_text=_("A short note of the conversation."),
    )
    visited_on = models.DateField(
        _("visited on"), null=True, blank=True, help_text=_("Day of the visit.")
    )
    recorded_by = models.ForeignKey(
        "organisations.Professional",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who recorded the outcome."),
    )
    trajectory = models.ForeignKey(
        "journeys.Trajectory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The trajectory the visit started."),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["round", "address__street", "address__house_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "address"], name="unique_visit_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def domains(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels.get(d, d)) for d in self.life_domains]


class ActivationTeam(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Municipality of the team."),
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("Team name."))
    neighbourhood = models.ForeignKey(
        "organisations.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Neighbourhood the team works in."),
    )
    coach = models.ForeignKey(
        "organisations.Professional",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Professional who coaches the team."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A resident on an activation team."""

    team = models.ForeignKey(
        ActivationTeam,
        on_delete=models.CASCADE,
        related_name="members",
        help_text=_("The team."),
    )
    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The resident."),
    )
    joined_on = models.DateField(_("joined on"), help_text=_("First day on the team."))
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("Last day, if they left.")
    )

    class Meta:
        ordering = ["team", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "resident"], name="unique_team_member"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Theme(models.Model):
    team = models.ForeignKey(
        ActivationTeam,
        on_delete=models.CASCADE,
        related_name="themes",
        help_text=_("The team."),
    )
    name = models.CharField(_("theme"), max_length=150, help_text=_("Theme name."))

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Wish(models.Model):
    """What a neighbour would like to see happen, recorded by a team member."""

    team = models.ForeignKey(
        ActivationTeam,
        on_delete=models.CASCADE,
        related_name="wishes",
        help_text=_("The team."),
    )
    text = models.TextField(_("wish"), help_text=_("The wish, in a few words."))
    neighbourhood = models.ForeignKey(
        "organisations.Neighbourhood",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Neighbourhood of the neighbour."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=150,
        blank=True,
        help_text=_("Name and phone or e-mail, only if the neighbour wants to help."),
    )
    recorded_by = models.ForeignKey(
        TeamMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Team member who asked."),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        help_text=_("Theme the wish belongs to."),
    )
    recorded_on = models.DateField(_("recorded on"), help_text=_("Day it was asked."))

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Activity(models.Model):
    team = models.ForeignKey(
        ActivationTeam,
        on_delete=models.CASCADE,
        related_name="activities",
        help_text=_("The team."),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Theme the activity answers."),
    )
    held_on = models.DateField(_("date"), help_text=_("Day of the activity."))
    place = models.CharField(_("place"), max_length=150, help_text=_("Where."))
    description = models.TextField(
        _("description"), help_text=_("What happens, for whom.")
    )
    neighbours = models.PositiveIntegerField(
        _("neighbours taking part"),
        default=0,
        help_text=_("How many neighbours took part (a count, no names)."),
    )

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"


class Participation(models.Model):
    """A team member took part in an activity; confirmed by the coach, it counts as
    unpaid work (a volunteering work record on their trajectory)."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="participations",
        help_text=_("The activity."),
    )
    member = models.ForeignKey(
        TeamMember,
        on_delete=models.CASCADE,
        related_name="participations",
        help_text=_("The team member."),
    )
    confirmed_on = models.DateField(
        _("confirmed on"), null=True, blank=True, help_text=_("Confirmed by the coach.")
    )
    confirmed_by = models.ForeignKey(
        "organisations.Professional",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Coach who confirmed."),
    )
    work_record = models.ForeignKey(
        "measurements.WorkRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The unpaid-work record it counts in."),
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="unique_participation"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
