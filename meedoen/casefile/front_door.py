"""The light front door: a question or signal is recorded before anyone has a
trajectory (a walk-in question about work, a talk at the door, a call, a partner's
signal), with or without knowing who it is about, and triaged later: answered,
referred, or a trajectory started (through the intake, with its duplicate check).
And the merge of two files that turn out to be one person.

Who sees a question: the professional who took it, and the members of the team whose
front door it came to (they triage together). A question that started a trajectory is
then part of that resident's file, under the file's own door.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.casefile.models import Question, ResidentMerge
from meedoen.core import audit, crypto
from meedoen.core.categories import FREE_TEXT_CATEGORIES, Category, LifeDomain
from meedoen.core.models import AccessEvent
from meedoen.core.tenancy import tenant_id
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Organisation, Professional, Team
from meedoen.privacy import scope
from meedoen.residents.models import HouseholdMember, Resident
from meedoen.residents.services import bsn_clean, postcode_clean


def visible_questions(user: Professional) -> QuerySet[Question]:
    """The questions the user may see: taken by them, or at their team's front
    door; within their municipality, never for roles without residents' files."""
    if not scope.has_resident_scope(user):
        return Question.objects.none()
    return Question.objects.filter(
        Q(received_by_id=user.pk) | Q(team__in=user.teams.values("pk")),
        municipality_id=tenant_id(user),
    )


@transaction.atomic
def question_record(
    *,
    by: Professional,
    channel: str,
    text: str,
    text_category: str = Category.NOTES,
    life_domains: Iterable[str] = (),
    received_on: date | None = None,
    team: Team | None = None,
    first_name: str = "",
    name_prefix: str = "",
    last_name: str = "",
    birth_date: date | None = None,
    bsn: str = "",
    phone: str = "",
    street: str = "",
    house_number: str = "",
    postcode: str = "",
) -> Question:
    """Record a question or signal at the front door; who it is about may be known
    or not (no BSN needed)."""
    if not scope.has_resident_scope(by):
        raise PermissionDenied
    today = timezone.localdate()
    received_on = received_on or today
    errors: dict[str, str] = {}
    if channel not in Question.Channel.values:
        errors["channel"] = _("Choose how the question came in.")
    if not text.strip():
        errors["text"] = _("Write down the question or what was seen.")
    if text_category not in dict(FREE_TEXT_CATEGORIES):
        errors["text_category"] = _("Choose what the text contains.")
    domains = list(dict.fromkeys(life_domains))
    if any(d not in LifeDomain.values for d in domains):
        errors["life_domains"] = _("Choose life domains from the list.")
    if received_on > today:
        errors["received_on"] = _("A question cannot come in in the future.")
    if birth_date is not None and birth_date > today:
        errors["birth_date"] = _("The date of birth cannot lie in the future.")
    compact = ""
    if bsn.strip():
        try:
            compact = bsn_clean(bsn)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if postcode.strip():
        try:
            postcode = postcode_clean(postcode)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if team is None:
        team = by.teams.order_by("pk").first()
    elif not by.teams.filter(pk=team.pk).exists():
        errors["team"] = _("Choose one of your own teams.")
    if errors:
        raise ValidationError(errors)
    return Question.objects.create(
        municipality_id=tenant_id(by),
        channel=channel,
        received_on=received_on,
        received_by=by,
        team=team,
        first_name=first_name.strip(),
        name_prefix=name_prefix.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        bsn_encrypted=crypto.encrypt(compact) if compact else "",
        phone=phone.strip(),
        street=street.strip(),
        house_number=house_number.strip(),
        postcode=postcode,
        text=text.strip(),
        text_category=text_category,
        life_domains=domains,
    )


def _open_question(question: Question, by: Professional) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not visible_questions(by).filter(pk=question.pk).exists():
        raise PermissionDenied
    if question.outcome != Question.Outcome.OPEN:
        raise ValidationError(_("This question was already handled."))
    return question


def _handled(question: Question, by: Professional, outcome: str, note: str) -> None:
    question.outcome = outcome
    question.outcome_note = note.strip()
    question.handled_on = timezone.localdate()
    question.handled_by = by
    question.save(
        update_fields=[
            "outcome",
            "outcome_note",
            "handled_on",
            "handled_by",
            "referred_to",
            "trajectory",
            "resident",
        ]
    )


@transaction.atomic
def question_answer(*, question: Question, by: Professional, note: str) -> Question:
    """The question was answered at the front door: no trajectory needed."""
    question = _open_question(question, by)
    if not note.strip():
        raise ValidationError({"note": _("Write down what was answered.")})
    _handled(question, by, Question.Outcome.ANSWERED, note)
    return question


@transaction.atomic
def question_refer(
    *, question: Question, by: Professional, organisation: Organisation, note: str = ""
) -> Question:
    """The question went to another organisation (a warm referral)."""
    question = _open_question(question, by)
    if organisation.municipality_id != question.municipality_id:
        raise ValidationError(
            {"organisation": _("That organisation works for another municipality.")}
        )
    question.referred_to = organisation
    _handled(question, by, Question.Outcome.REFERRED, note)
    return question


@transaction.atomic
def question_link_trajectory(
    *, question_id: int, trajectory: Trajectory, by: Professional
) -> Question:
    """The intake started (or found) the trajectory this question leads to."""
    question = _open_question(Question(pk=question_id), by)
    question.trajectory = trajectory
    question.resident_id = trajectory.resident_id
    _handled(question, by, Question.Outcome.TRAJECTORY, "")
    audit.record_write(
        user=by, trajectory=trajectory, via="question_link", category=Category.IDENTITY
    )
    return question


def question_evidence(question: Question) -> dict[str, Any]:
    """What the question knows of the person, to prefill the intake."""
    return {
        "first_name": question.first_name,
        "name_prefix": question.name_prefix,
        "last_name": question.last_name,
        "birth_date": question.birth_date,
        "bsn": question.bsn,
        "phone": question.phone,
        "street": question.street,
        "house_number": question.house_number,
        "postcode": question.postcode,
        "reason": question.text,
        "reason_category": question.text_category,
        "question": question.pk,
    }


@transaction.atomic
def resident_merge(
    *, keep: Resident, remove: Resident, by: Professional, reason: str
) -> ResidentMerge:
    """Merge a duplicate file into the one kept: every row that points at the
    duplicate (trajectories, consents, questions, household membership, and any app's
    later rows) moves to the kept resident, and the duplicate goes. Only a member of
    the case team of both may merge; not while both have a running trajectory."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why they are the same person.")})
    if keep.pk == remove.pk or keep.municipality_id != remove.municipality_id:
        raise ValidationError(_("Choose two files of the same municipality."))
    mine = scope.active_memberships().filter(professional_id=by.pk)
    for resident in (keep, remove):
        if not mine.filter(trajectory__resident=resident).exists():
            raise PermissionDenied
    running = Trajectory.objects.filter(
        resident__in=[keep, remove], closed_on__isnull=True
    ).values_list("resident_id", flat=True)
    if len(set(running)) > 1:
        raise ValidationError(
            _(
                "Both files have a running trajectory. Close one (or hand it over) "
                "before merging: a resident has one running trajectory."
            )
        )
    # Record first, while both still exist; the trail keeps the removed number.
    audit.record(
        user=by,
        residents=[keep, remove],
        action=AccessEvent.Action.WRITE,
        via="resident_merge",
        basis=f"merge #{remove.pk} into #{keep.pk}: {reason.strip()}",
        categories=[Category.IDENTITY],
    )
    kept_membership = HouseholdMember.objects.filter(resident=keep).exists()
    if kept_membership:
        HouseholdMember.objects.filter(resident=remove).delete()
    for relation in Resident._meta.related_objects:
        model = relation.related_model
        name = relation.field.name
        if model is ResidentMerge or not getattr(relation.field, "concrete", False):
            continue
        if relation.many_to_many:
            continue
        model._default_manager.filter(**{name: remove}).update(**{name: keep})
    for field in ("bsn_encrypted", "bsn_hash", "phone", "email"):
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
    remove_id = remove.pk
    Resident.objects.filter(pk=remove.pk).delete()
    keep.save()
    return ResidentMerge.objects.create(
        municipality_id=keep.municipality_id,
        kept=keep,
        removed_id=remove_id,
        reason=reason.strip(),
        merged_by=by,
    )
