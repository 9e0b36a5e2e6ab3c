"""Business rules of the journey: start, move, close, the case team, hand-overs, contact.

Every write is one transaction; callers (web views, commands, tests) pass the acting
professional as ``by``. Rule violations raise ``django.core.exceptions.ValidationError``
with a message fit for the person who made the request.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, rules
from meedoen.core.categories import FREE_TEXT_CATEGORIES, Category
from meedoen.journeys.models import (
    AccessRequest,
    CaseTeamMember,
    ClosureReason,
    Contact,
    Handover,
    JourneyTemplate,
    Stage,
    StageTransition,
    Trajectory,
)
from meedoen.organisations.models import Municipality, Professional
from meedoen.privacy.door import access_for
from meedoen.privacy.scope import active_memberships
from meedoen.privacy.services import sharing_basis
from meedoen.residents.models import Household, Resident

DEFAULT_STAGES: list[tuple[str, str, int]] = [
    # (name, responsible role, norm in days)
    ("Signaal of aanvraag", Professional.Role.COORDINATOR, 14),
    ("Eerste gesprek", Professional.Role.COORDINATOR, 14),
    ("Integrale analyse", Professional.Role.COORDINATOR, 30),
    ("Plan", Professional.Role.COORDINATOR, 21),
    ("Uitvoering", Professional.Role.COORDINATOR, 180),
    ("Evaluatie", Professional.Role.COORDINATOR, 30),
    ("Afsluiting", Professional.Role.COORDINATOR, 14),
    ("Nazorg", Professional.Role.NEIGHBOURHOOD_WORKER, 90),
]


def _check_text_category(category: str, field: str) -> None:
    """A free text's category is one a writer may choose (notes, health, ...)."""
    if category not in dict(FREE_TEXT_CATEGORIES):
        raise ValidationError({field: _("Choose what the text contains.")})


def _same_municipality(*objects: object) -> bool:
    ids = {getattr(obj, "municipality_id", None) for obj in objects if obj is not None}
    return len(ids) == 1 and None not in ids


@transaction.atomic
def journey_template_create_default(*, municipality: Municipality) -> JourneyTemplate:
    """The default participation journey: signal to aftercare, editable in the admin."""
    template, created = JourneyTemplate.objects.get_or_create(
        municipality=municipality,
        name="Participatietraject",
        defaults={"is_default": True},
    )
    if created:
        Stage.objects.bulk_create(
            Stage(
                template=template,
                order=i,
                name=name,
                responsible_role=role,
                norm_days=norm,
            )
            for i, (name, role, norm) in enumerate(DEFAULT_STAGES, start=1)
        )
    return template


def _enter_stage(trajectory: Trajectory, stage: Stage, on: date) -> None:
    trajectory.stage = stage
    trajectory.stage_entered_on = on
    trajectory.stage_due_on = on + timedelta(days=stage.norm_days)


@transaction.atomic
def trajectory_start(
    *,
    resident: Resident,
    coordinator: Professional,
    by: Professional,
    template: JourneyTemplate | None = None,
    household: Household | None = None,
    started_on: date | None = None,
    reason: str = "",
    reason_category: str = Category.NOTES,
    is_return: bool | None = None,
) -> Trajectory:
    """Start a trajectory in its first stage, with the coordinator on the case team.
    Its plan is made by the intake that calls this (``casefile.services``). A
    resident with an earlier (closed) trajectory returns: ``is_return`` is set, so
    reports count re-entry apart."""
    if not _same_municipality(resident, coordinator, by, household, template):
        raise ValidationError(
            _("Everyone involved must belong to the same municipality.")
        )
    if coordinator.organisation_id is None:
        raise ValidationError(_("The coordinator must belong to an organisation."))
    _check_text_category(reason_category, "reason_category")
    template = template or JourneyTemplate.objects.get(
        municipality_id=resident.municipality_id, is_default=True
    )
    if not template.is_active:
        raise ValidationError(
            {
                "template": _("The journey '%(name)s' is no longer in use.")
                % {"name": template}
            }
        )
    if Trajectory.objects.filter(resident=resident, closed_on__isnull=True).exists():
        raise ValidationError(
            _("This resident already has a running trajectory; work in that one.")
        )
    if is_return is None:
        is_return = Trajectory.objects.filter(resident=resident).exists()
    first = template.stages.order_by("order").first()
    if first is None:
        raise ValidationError(
            _("The journey '%(name)s' has no stages.") % {"name": template}
        )
    started_on = started_on or timezone.localdate()
    trajectory = Trajectory(
        municipality_id=resident.municipality_id,
        resident=resident,
        household=household,
        template=template,
        coordinator=coordinator,
        started_on=started_on,
        reason=reason,
        reason_category=reason_category,
        is_return=is_return,
    )
    _enter_stage(trajectory, first, started_on)
    trajectory.save()
    StageTransition.objects.create(
        trajectory=trajectory,
        from_stage=None,
        to_stage=first,
        moved_on=started_on,
        moved_by=by,
    )
    _membership_create(trajectory, coordinator, started_on)
    audit.record_write(user=by, trajectory=trajectory, via="trajectory_start")
    return trajectory


def next_stage(trajectory: Trajectory) -> Stage | None:
    return (
        Stage.objects.filter(
            template_id=trajectory.template_id, order__gt=trajectory.stage.order
        )
        .order_by("order")
        .first()
    )


@transaction.atomic
def trajectory_move(
    *,
    trajectory: Trajectory,
    to_stage: Stage,
    by: Professional,
    reason: str = "",
    on: date | None = None,
) -> StageTransition:
    """Move a trajectory to another stage. The next stage needs no reason; skipping a
    stage or going back does."""
    trajectory = (
        Trajectory.objects.select_for_update(of=("self",))
        .select_related("stage")
        .get(pk=trajectory.pk)
    )
    rules.require(by, "trajectory.move", access_for(by, trajectory))
    if trajectory.closed_on is not None:
        raise ValidationError(
            _("This trajectory is closed; it cannot move to another stage.")
        )
    if to_stage.template_id != trajectory.template_id:
        raise ValidationError(_("That stage belongs to another journey."))
    current = trajectory.stage
    if to_stage.pk == current.pk:
        raise ValidationError(
            _("The trajectory is already in the stage '%(stage)s'.")
            % {"stage": current}
        )
    following = next_stage(trajectory)
    is_next = following is not None and following.pk == to_stage.pk
    if not is_next and not reason.strip():
        if to_stage.order < current.order:
            raise ValidationError(
                {"reason": _("Going back to an earlier stage needs a reason.")}
            )
        raise ValidationError(
            {
                "reason": _("Skipping the stage '%(stage)s' needs a reason.")
                % {"stage": following}
            }
        )
    on = on or timezone.localdate()
    if on < trajectory.stage_entered_on:
        raise ValidationError(
            {
                "on": _(
                    "The date of the move cannot lie before the date the current stage started."
                )
            }
        )
    transition = StageTransition.objects.create(
        trajectory=trajectory,
        from_stage=current,
        to_stage=to_stage,
        moved_on=on,
        moved_by=by,
        reason=reason.strip(),
    )
    _enter_stage(trajectory, to_stage, on)
    trajectory.save(update_fields=["stage", "stage_entered_on", "stage_due_on"])
    audit.record_write(user=by, trajectory=trajectory, via="trajectory_move")
    return transition


@transaction.atomic
def trajectory_close(
    *, trajectory: Trajectory, by: Professional, reason: str, on: date | None = None
) -> Trajectory:
    """Close a trajectory with a reason; the stage it closes in shows where people stop."""
    if reason not in ClosureReason.values:
        raise ValidationError(
            {"closure_reason": _("Choose why the trajectory closes.")}
        )
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    rules.require(by, "trajectory.close", access_for(by, trajectory))
    if trajectory.closed_on is not None:
        raise ValidationError(_("This trajectory is already closed."))
    on = on or timezone.localdate()
    if on < trajectory.started_on:
        raise ValidationError({"on": _("A trajectory cannot close before it started.")})
    trajectory.closed_on = on
    trajectory.closure_reason = reason
    trajectory.save(update_fields=["closed_on", "closure_reason"])
    audit.record_write(user=by, trajectory=trajectory, via="trajectory_close")
    return trajectory


def _membership_create(
    trajectory: Trajectory, professional: Professional, on: date
) -> CaseTeamMember:
    """Every membership records its basis: the organisation's legal task or the
    resident's consent. Without a basis the professional cannot join."""
    organisation = professional.organisation
    if organisation is None:
        raise ValidationError(_("The professional must belong to an organisation."))
    basis, consent = sharing_basis(
        resident=trajectory.resident, organisation=organisation, on=on
    )
    return CaseTeamMember.objects.create(
        trajectory=trajectory,
        professional=professional,
        organisation=organisation,
        basis=basis,
        consent=consent,
        joined_on=on,
    )


@transaction.atomic
def case_team_add(
    *,
    trajectory: Trajectory,
    professional: Professional,
    by: Professional,
    on: date | None = None,
) -> CaseTeamMember:
    """Add a professional to the case team: from now on they have need-to-know."""
    rules.require(by, "case_team.add", access_for(by, trajectory))
    if not _same_municipality(trajectory, professional):
        raise ValidationError(
            _("Only professionals of the same municipality can join the case team.")
        )
    if professional.organisation_id is None:
        raise ValidationError(_("The professional must belong to an organisation."))
    on = on or timezone.localdate()
    if (
        active_memberships(on)
        .filter(trajectory=trajectory, professional=professional)
        .exists()
    ):
        raise ValidationError(
            _("%(name)s is already on the case team.") % {"name": professional}
        )
    membership = _membership_create(trajectory, professional, on)
    audit.record_write(user=by, trajectory=trajectory, via="case_team_add")
    return membership


@transaction.atomic
def case_team_end(
    *, membership: CaseTeamMember, by: Professional, on: date | None = None
) -> CaseTeamMember:
    """End a membership; access ends with it. The coordinator cannot leave this way."""
    # Read the stored state: the caller's object may predate a hand-over or an end.
    membership = (
        CaseTeamMember.objects.select_for_update(of=("self",))
        .select_related("trajectory")
        .get(pk=membership.pk)
    )
    rules.require(by, "case_team.end", access_for(by, membership.trajectory))
    if membership.professional_id == membership.trajectory.coordinator_id:
        raise ValidationError(
            _("Hand over coordination before the coordinator leaves the team.")
        )
    if membership.ended_on is not None and membership.ended_on <= timezone.localdate():
        raise ValidationError(_("This membership has already ended."))
    membership.ended_on = on or timezone.localdate()
    membership.save(update_fields=["ended_on"])
    audit.record_write(user=by, trajectory=membership.trajectory, via="case_team_end")
    return membership


@transaction.atomic
def handover_offer(
    *,
    trajectory: Trajectory,
    to_professional: Professional,
    by: Professional,
    note: str = "",
) -> Handover:
    """The coordinator offers coordination to a professional of another organisation."""
    if not rules.allowed(by, "handover.offer", access_for(by, trajectory)):
        raise ValidationError(_("Only the coordinator can offer a hand-over."))
    if not _same_municipality(trajectory, to_professional):
        raise ValidationError(_("Hand-overs stay within the municipality."))
    if to_professional.organisation_id == by.organisation_id:
        raise ValidationError(
            {
                "to_professional": _(
                    "A hand-over goes to a professional of another organisation."
                )
            }
        )
    if trajectory.handovers.filter(status=Handover.Status.OFFERED).exists():
        raise ValidationError(_("A hand-over is already waiting for an answer."))
    return Handover.objects.create(
        trajectory=trajectory,
        offered_by=by,
        to_professional=to_professional,
        note=note,
        offered_on=timezone.localdate(),
    )


@transaction.atomic
def handover_accept(*, handover: Handover, by: Professional) -> Handover:
    """The receiving professional accepts: they become coordinator and join the team."""
    handover = (
        Handover.objects.select_for_update(of=("self",))
        .select_related("trajectory")
        .get(pk=handover.pk)
    )
    if handover.to_professional_id != by.pk:
        raise ValidationError(
            _("Only the professional it was offered to can accept a hand-over.")
        )
    if handover.status != Handover.Status.OFFERED:
        raise ValidationError(_("This hand-over was already answered."))
    if by.organisation_id is None:
        raise ValidationError(_("The professional must belong to an organisation."))
    today = timezone.localdate()
    handover.status = Handover.Status.ACCEPTED
    handover.decided_on = today
    handover.save(update_fields=["status", "decided_on"])
    trajectory = handover.trajectory
    trajectory.coordinator = by
    trajectory.save(update_fields=["coordinator"])
    if (
        not active_memberships(today)
        .filter(trajectory=trajectory, professional=by)
        .exists()
    ):
        _membership_create(trajectory, by, today)
    audit.record_write(user=by, trajectory=trajectory, via="handover_accept")
    return handover


@transaction.atomic
def handover_decline(*, handover: Handover, by: Professional, reason: str) -> Handover:
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.to_professional_id != by.pk:
        raise ValidationError(
            _("Only the professional it was offered to can decline a hand-over.")
        )
    if handover.status != Handover.Status.OFFERED:
        raise ValidationError(_("This hand-over was already answered."))
    if not reason.strip():
        raise ValidationError(
            {
                "decline_reason": _(
                    "Say why you decline, so the coordinator can look further."
                )
            }
        )
    handover.status = Handover.Status.DECLINED
    handover.decided_on = timezone.localdate()
    handover.decline_reason = reason.strip()
    handover.save(update_fields=["status", "decided_on", "decline_reason"])
    return handover


@transaction.atomic
def contact_record(
    *,
    trajectory: Trajectory,
    by: Professional,
    contact_on: date,
    kind: str,
    summary: str = "",
    summary_category: str = Category.NOTES,
) -> Contact:
    """Record a contact with the resident; keeps the 'no contact' signal current."""
    rules.require(by, "contact.record", access_for(by, trajectory))
    if kind not in Contact.Kind.values:
        raise ValidationError({"kind": _("Choose how the contact took place.")})
    _check_text_category(summary_category, "summary_category")
    if contact_on > timezone.localdate():
        raise ValidationError({"contact_on": _("A contact cannot lie in the future.")})
    if contact_on < trajectory.started_on:
        raise ValidationError(
            {"contact_on": _("A contact cannot lie before the trajectory started.")}
        )
    contact = Contact.objects.create(
        trajectory=trajectory,
        professional=by,
        contact_on=contact_on,
        kind=kind,
        summary=summary,
        summary_category=summary_category,
    )
    Trajectory.objects.filter(pk=trajectory.pk).filter(
        Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=contact_on)
    ).update(last_contact_on=contact_on)
    audit.record_write(
        user=by, trajectory=trajectory, via="contact_record", category=summary_category
    )
    return contact


@transaction.atomic
def access_request_make(
    *, trajectory: Trajectory, by: Professional, reason: str
) -> AccessRequest:
    """Ask the coordinator to be added to a running trajectory's case team. The asker
    sees nothing of the file until the coordinator accepts; the request is recorded
    in the resident's audit trail."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need to work with them.")})
    if not _same_municipality(trajectory, by):
        raise ValidationError(_("Requests stay within the municipality."))
    if trajectory.closed_on is not None:
        raise ValidationError(_("This trajectory is closed."))
    if active_memberships().filter(trajectory=trajectory, professional=by).exists():
        raise ValidationError(_("You are already on this case team."))
    if AccessRequest.objects.filter(
        trajectory=trajectory, requested_by=by, status=AccessRequest.Status.OPEN
    ).exists():
        raise ValidationError(_("Your request is already waiting for an answer."))
    request = AccessRequest.objects.create(
        trajectory=trajectory,
        requested_by=by,
        reason=reason.strip(),
        requested_on=timezone.localdate(),
    )
    audit.record_write(
        user=by,
        trajectory=trajectory,
        via="access_request_make",
        category=Category.NOTES,
    )
    return request


@transaction.atomic
def access_request_answer(
    *, request: AccessRequest, by: Professional, accept: bool
) -> AccessRequest:
    """The coordinator answers: accepting adds the asker to the case team (with the
    basis their organisation has: legal task or the resident's consent)."""
    request = (
        AccessRequest.objects.select_for_update(of=("self",))
        .select_related("trajectory", "requested_by__organisation")
        .get(pk=request.pk)
    )
    if not rules.allowed(
        by, "access_request.answer", access_for(by, request.trajectory)
    ):
        raise ValidationError(_("Only the coordinator answers a request to join."))
    if request.status != AccessRequest.Status.OPEN:
        raise ValidationError(_("This request was already answered."))
    if accept:
        case_team_add(
            trajectory=request.trajectory, professional=request.requested_by, by=by
        )
    request.status = (
        AccessRequest.Status.ACCEPTED if accept else AccessRequest.Status.DECLINED
    )
    request.decided_on = timezone.localdate()
    request.save(update_fields=["status", "decided_on"])
    audit.record_write(
        user=by, trajectory=request.trajectory, via="access_request_answer"
    )
    return request
