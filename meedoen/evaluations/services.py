"""Writes of the four-windows evaluation (Hogeschool Utrecht, 2021).

Privacy design:

- A case story is personal data of one resident, told with the resident's consent for
  this purpose: ``story_add`` requires a consent of the trajectory's resident that is
  in force today (valid, not withdrawn, not expired) and whose purpose mentions the
  evaluation. Without it the story is refused. When the resident withdraws the consent
  later, the story disappears from every page and the PDF at once (the selectors read
  only stories whose consent is in force).
- Only a professional personally on the trajectory's case team writes a story about
  it (the write rule ``evaluation.record``); the story's title must not identify the resident.
- Findings are coded on a story by those who read the evaluation (policy adviser, team
  lead, coordinator of the same municipality): it is the evaluator's analysis.
- Every write is recorded in the audit trail (``audit.record_write``, category notes).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, rules
from meedoen.core.categories import Category
from meedoen.evaluations.models import CaseStory, Evaluation, Finding, Window
from meedoen.evaluations.selectors import can_read, consent_covers
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Professional
from meedoen.privacy.door import access_for
from meedoen.privacy.models import Consent

MIN_NAME_LENGTH = 3  # shorter name parts are not checked in a title


@transaction.atomic
def evaluation_create(*, by: Professional, title: str, question: str) -> Evaluation:
    if not can_read(by) or by.municipality_id is None:
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give the evaluation a title.")})
    return Evaluation.objects.create(
        municipality_id=by.municipality_id,
        title=title.strip(),
        question=question.strip(),
        created_by=by,
    )


def _names(resident: Any) -> list[str]:
    parts = [resident.first_name, resident.last_name]
    return [p.lower() for p in parts if p and len(p) >= MIN_NAME_LENGTH]


def _consent_errors(
    consent: Consent | None, trajectory: Trajectory, evaluation: Evaluation
) -> str | None:
    today = timezone.localdate()
    if consent is None:
        return _(
            "Choose the resident's consent to use their story in this evaluation. "
            "Without it the story cannot be added."
        )
    if consent.resident_id != trajectory.resident_id:
        return _("This consent was not given by the resident of this trajectory.")
    if consent.withdrawn_on is not None:
        return _("The resident withdrew this consent.")
    if consent.valid_until < today:
        return _("This consent has expired.")
    if consent.valid_from > today:
        return _("This consent is not yet in force.")
    if not consent_covers(consent, evaluation):
        return _("This consent is not for the use of the story in an evaluation.")
    return None


@transaction.atomic
def story_add(
    *,
    evaluation: Evaluation,
    trajectory: Trajectory,
    consent: Consent | None,
    title: str,
    narrative: str,
    written_with_resident: bool,
    written_on: date | None,
    by: Professional,
) -> CaseStory:
    """A story about one resident's journey, with their consent for this purpose."""
    if trajectory.municipality_id != evaluation.municipality_id or (
        by.municipality_id != evaluation.municipality_id
    ):
        raise ValidationError(
            {"trajectory": _("This trajectory belongs to another municipality.")}
        )
    rules.require(by, "evaluation.record", access_for(by, trajectory))
    errors: dict[str, str] = {}
    consent_error = _consent_errors(consent, trajectory, evaluation)
    if consent_error:
        errors["consent"] = consent_error
    title = title.strip()
    if not title:
        errors["title"] = _("Give the story a title.")
    elif any(
        re.search(rf"\b{re.escape(name)}\b", title.lower())
        for name in _names(trajectory.resident)
    ):
        errors["title"] = _(
            "The title must not identify the resident: leave their name out."
        )
    if not narrative.strip():
        errors["narrative"] = _("Write the story.")
    if written_on is None:
        errors["written_on"] = _("Give the date of the story.")
    elif written_on > timezone.localdate():
        errors["written_on"] = _("The date lies in the future.")
    if errors:
        raise ValidationError(errors)
    assert consent is not None and written_on is not None  # checked above
    story = CaseStory.objects.create(
        evaluation=evaluation,
        trajectory=trajectory,
        consent=consent,
        title=title,
        narrative=narrative.strip(),
        written_with_resident=written_with_resident,
        written_on=written_on,
        author=by,
    )
    audit.record_write(
        user=by, trajectory=trajectory, via="story_add", category=Category.NOTES
    )
    return story


@transaction.atomic
def finding_add(
    *, story: CaseStory, window: str, text: str, by: Professional
) -> Finding:
    """Code what the story shows through one of the four windows."""
    if not can_read(by) or by.municipality_id != story.evaluation.municipality_id:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if window not in Window.values:
        errors["window"] = _("Choose one of the four windows.")
    if not text.strip():
        errors["text"] = _("Describe the finding.")
    consent = story.consent
    today = timezone.localdate()
    if consent.withdrawn_on is not None or not (
        consent.valid_from <= today <= consent.valid_until
    ):
        errors["story"] = _(
            "The resident's consent for this story is no longer in force."
        )
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.create(story=story, window=window, text=text.strip())
    audit.record_write(
        user=by, trajectory=story.trajectory, via="finding_add", category=Category.NOTES
    )
    return finding
