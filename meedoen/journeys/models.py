"""The journey (klantreis): templates with ordered stages, trajectories that move through
them, the case team around a trajectory, hand-overs and contact moments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.categories import FREE_TEXT_CATEGORIES, Category
from meedoen.organisations.models import Municipality, Organisation, Professional
from meedoen.privacy.models import ShareBasis
from meedoen.residents.models import Household, Resident


class JourneyTemplate(models.Model):
    """The journey as designed: ordered stages, each with the role responsible."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="journey_templates",
        help_text=_("Municipality using this journey."),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        help_text=_("Name of the journey, e.g. 'Participation journey'."),
    )
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("Used for new trajectories unless another is chosen."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("For whom this journey is, shown when a trajectory starts."),
    )
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Offered for new trajectories; running ones keep their journey."),
    )

    class Meta:
        verbose_name = _("journey template")
        verbose_name_plural = _("journey templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    """One step of a journey template."""

    template = models.ForeignKey(
        JourneyTemplate,
        on_delete=models.CASCADE,
        related_name="stages",
        help_text=_("Journey the stage belongs to."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), help_text=_("Position in the journey, lowest first.")
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Name of the stage as the team knows it."),
    )
    responsible_role = models.CharField(
        _("responsible role"),
        max_length=30,
        choices=Professional.Role.choices,
        help_text=_("Role responsible for moving the resident through this stage."),
    )
    norm_days = models.PositiveSmallIntegerField(
        _("norm (days)"),
        default=30,
        help_text=_(
            "Expected days in this stage; longer shows a signal on the caseload."
        ),
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "order"], name="unique_stage_order"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """An agreement between organisations about a journey (the transition arena's
    "who does what in which stage"): which organisation takes on what, in one stage
    or the whole journey, and how fast it answers a hand-over."""

    template = models.ForeignKey(
        JourneyTemplate,
        on_delete=models.CASCADE,
        related_name="agreements",
        help_text=_("The journey the agreement is about."),
    )
    stage = models.ForeignKey(
        Stage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreements",
        help_text=_("The stage it applies to; empty for the whole journey."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text=_("The organisation that takes this on."),
    )
    task = models.CharField(
        _("what they do"),
        max_length=300,
        help_text=_("What the organisation takes on, in a sentence."),
    )
    handover_response_days = models.PositiveSmallIntegerField(
        _("answers a hand-over within (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Working agreement: a hand-over to this organisation is answered within "
            "this many days; longer shows a signal."
        ),
    )

    class Meta:
        verbose_name = _("agreement between organisations")
        verbose_name_plural = _("agreements between organisations")
        ordering = ["template", "stage__order", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.task}"


class ClosureReason(models.TextChoices):
    COMPLETED = "completed", _("journey completed")
    WITHDRAWN = "withdrawn", _("application withdrawn")
    MOVED = "moved", _("moved away")
    DROPPED_OUT = "dropped_out", _("stopped taking part")
    OTHER = "other", _("other reason")


class Trajectory(models.Model):
    """A resident's (or household's) journey from signal to aftercare."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="trajectories",
        help_text=_("Municipality responsible."),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        related_name="trajectories",
        help_text=_("The resident the trajectory is for."),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        help_text=_("Set when the trajectory is for the whole household."),
    )
    template = models.ForeignKey(
        JourneyTemplate,
        on_delete=models.PROTECT,
        related_name="trajectories",
        help_text=_("Journey followed."),
    )
    stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        related_name="trajectories",
        help_text=_("Current stage."),
    )
    stage_entered_on = models.DateField(
        _("in stage since"), help_text=_("Date the current stage was entered.")
    )
    stage_due_on = models.DateField(
        _("stage norm ends"),
        db_index=True,
        help_text=_(
            "Entered date plus the stage norm; later than this counts as stuck."
        ),
    )
    coordinator = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        related_name="coordinated_trajectories",
        help_text=_("The one professional who keeps the plan together."),
    )
    started_on = models.DateField(
        _("started on"), help_text=_("Date of the signal or application.")
    )
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_("Date the trajectory closed."),
    )
    closure_reason = models.CharField(
        _("reason for closing"),
        max_length=20,
        choices=ClosureReason.choices,
        blank=True,
        help_text=_(
            "Why the trajectory closed; the stage it closed in shows where residents stop."
        ),
    )
    is_return = models.BooleanField(
        _("return"),
        default=False,
        help_text=_(
            "The resident had an earlier trajectory that closed: counted apart in "
            "reports (re-entry)."
        ),
    )
    last_contact_on = models.DateField(
        _("last contact"),
        null=True,
        blank=True,
        help_text=_("Date of the latest contact with the resident."),
    )
    reason = models.TextField(
        _("reason for the trajectory"),
        blank=True,
        help_text=_("Why the trajectory started, in a few words."),
    )
    reason_category = models.CharField(
        _("the reason contains"),
        max_length=20,
        choices=FREE_TEXT_CATEGORIES,
        default=Category.NOTES,
        help_text=_(
            "Category of the reason's text: who may read it (health data only for "
            "roles with a basis for it)."
        ),
    )

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-started_on"]
        indexes = [
            models.Index(
                fields=["municipality", "closed_on"], name="trajectory_muni_open"
            ),
            models.Index(
                fields=["coordinator", "closed_on"], name="trajectory_coord_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} – {self.template}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class StageTransition(models.Model):
    """A move from one stage to another: when, by whom, and why if a stage was skipped."""

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="transitions",
        help_text=_("The trajectory."),
    )
    from_stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Stage left; empty at the start."),
    )
    to_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="+", help_text=_("Stage entered.")
    )
    moved_on = models.DateField(_("date"), help_text=_("Date of the move."))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Professional who moved the trajectory."),
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Required when a stage is skipped or the journey goes back."),
    )

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["moved_on", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class CaseTeamMember(models.Model):
    """A professional on a trajectory's case team. Membership is what gives need-to-know."""

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="team",
        help_text=_("The trajectory."),
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_memberships",
        help_text=_("The professional."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Organisation the professional takes part for."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=20,
        choices=ShareBasis.choices,
        default=ShareBasis.LEGAL_TASK,
        help_text=_("Why the organisation may see the resident's data."),
    )
    consent = models.ForeignKey(
        "privacy.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("The consent this membership rests on, when the basis is consent."),
    )
    joined_on = models.DateField(
        _("joined on"), help_text=_("Start of the membership.")
    )
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("End of the membership; access ends with it."),
    )

    class Meta:
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        indexes = [
            models.Index(
                fields=["professional", "ended_on"], name="caseteam_prof_active"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "professional"],
                condition=models.Q(ended_on__isnull=True),
                name="unique_active_member",
            )
        ]

    def __str__(self) -> str:
        return str(self.professional)

    @property
    def basis_label(self) -> str:
        if self.basis == ShareBasis.LEGAL_TASK:
            return str(self.organisation.legal_task or self.get_basis_display())
        return str(_("consent: %(purpose)s") % {"purpose": self.consent})


class Handover(models.Model):
    """A warm hand-over of coordination to another organisation: offered, then decided."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="handovers",
        help_text=_("The trajectory."),
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Coordinator who offers the hand-over."),
    )
    to_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_received",
        help_text=_("Professional asked to take over coordination."),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("What the new coordinator needs to know.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OFFERED,
        help_text=_("Where the hand-over stands."),
    )
    offered_on = models.DateField(_("offered on"), help_text=_("Date of the offer."))
    decided_on = models.DateField(
        _("decided on"),
        null=True,
        blank=True,
        help_text=_("Date of acceptance or decline."),
    )
    decline_reason = models.TextField(
        _("reason for declining"),
        blank=True,
        help_text=_("Why the hand-over was declined."),
    )

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["-offered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=models.Q(status="offered"),
                name="one_open_handover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory} → {self.to_professional}"


class AccessRequest(models.Model):
    """A professional asks the coordinator of a running trajectory to be added to its
    case team (for example after finding the resident already registered). Until the
    coordinator accepts, the asker sees nothing of the file."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the coordinator")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="access_requests",
        help_text=_("The trajectory whose case team the professional asks to join."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_requests",
        help_text=_("Who asks."),
    )
    reason = models.TextField(
        _("why"),
        help_text=_("Why the professional needs to work with this resident."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        help_text=_("Where the request stands."),
    )
    requested_on = models.DateField(_("asked on"), help_text=_("Date of the request."))
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, help_text=_("Date of the answer.")
    )

    class Meta:
        verbose_name = _("request to join a case team")
        verbose_name_plural = _("requests to join a case team")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "requested_by"],
                condition=models.Q(status="open"),
                name="one_open_access_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requested_by} → {self.trajectory_id}"


class Contact(models.Model):
    """A contact moment with the resident (home visit, call, the table)."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("home visit")
        OFFICE = "office", _("conversation at the office")
        PHONE = "phone", _("phone call")
        MEETING = "meeting", _("at the table")
        WALK_IN = "walk_in", _("walk-in")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="contacts",
        help_text=_("The trajectory."),
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Professional who had the contact."),
    )
    contact_on = models.DateField(_("date"), help_text=_("Date of the contact."))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("How the contact took place."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Short, factual summary (conversation notes)."),
    )
    summary_category = models.CharField(
        _("the summary contains"),
        max_length=20,
        choices=FREE_TEXT_CATEGORIES,
        default=Category.NOTES,
        help_text=_("Category of the summary's text: who may read it."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-contact_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.contact_on}"
