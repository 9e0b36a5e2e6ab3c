"""Reads of the four-windows evaluation.

Privacy design:

- A case story is personal data of one resident, told with the resident's consent
  *for this purpose*. A story is shown only while that consent is in force: valid
  today and not withdrawn (``stories_in_force``). Withdrawing the consent removes the
  story from every page and from the PDF at once, because every read filters on it.
- Who reads an evaluation: professionals with the role policy adviser, team lead or
  coordinator (``READER_ROLES``), of the evaluation's own municipality. Other roles get
  403; an evaluation of another municipality is a 404 (its existence does not leak).
- Stories are shown without the resident's name: the title must not identify (the
  service refuses a title with the resident's name), and the page shows at most the
  neighbourhood and the start year of the trajectory (``StoryView.context``).
- Every read of an evaluation records a READ in the audit trail (category "notes") for
  each resident whose story is shown; the PDF records an EXPORT the same way.

Queries are bounded: the evaluation, its stories (with trajectory, resident and
neighbourhood joined) and their findings (one prefetch), and one audit transaction,
however many stories there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent
from meedoen.core.readmodel import Reading, Record, Subject
from meedoen.evaluations.models import CaseStory, Evaluation, Finding, Window
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Professional
from meedoen.privacy import scope
from meedoen.privacy.models import Consent

READER_ROLES = (
    Professional.Role.POLICY_ADVISER,
    Professional.Role.TEAM_LEAD,
    Professional.Role.COORDINATOR,
)
BASIS = "evaluation #{evaluation}; the resident's consent for this purpose"
# Words that show a consent's purpose covers an evaluation (Dutch and English).
PURPOSE_WORDS = ("evaluatie", "evaluation")
ORDER = {value: i for i, value in enumerate(Window.values)}


def can_read(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "municipality_id", None)
        and getattr(user, "role", None) in READER_ROLES
    )


def require_reader(user: Any) -> int:
    """The user's municipality, if their role reads evaluations; 403 otherwise."""
    if not can_read(user):
        raise PermissionDenied
    return int(user.municipality_id)


def consent_in_force_q(prefix: str = "", on: date | None = None) -> Q:
    on = on or timezone.localdate()
    return Q(
        **{
            f"{prefix}withdrawn_on__isnull": True,
            f"{prefix}valid_from__lte": on,
            f"{prefix}valid_until__gte": on,
        }
    )


def stories_in_force(on: date | None = None) -> QuerySet[CaseStory]:
    """Stories whose consent is in force (valid today, not withdrawn)."""
    return CaseStory.objects.filter(consent_in_force_q("consent__", on))


def consent_covers(consent: Consent, evaluation: Evaluation) -> bool:
    """Whether the consent's purpose mentions the evaluation (by name or as such)."""
    purpose = consent.purpose.lower()
    return any(w in purpose for w in PURPOSE_WORDS) or (
        evaluation.title.lower() in purpose
    )


def evaluations_for(user: Any) -> QuerySet[Evaluation]:
    """The municipality's evaluations, with the number of stories shown."""
    municipality_id = require_reader(user)
    in_force = consent_in_force_q("stories__consent__")
    return (
        Evaluation.objects.filter(municipality_id=municipality_id)
        .select_related("created_by")
        .annotate(story_count=Count("stories", filter=in_force, distinct=True))
        .order_by("-created_at", "-pk")
    )


def evaluation_for(user: Any, pk: int) -> Evaluation:
    """One evaluation of the user's municipality: 403 for other roles, 404 else."""
    municipality_id = require_reader(user)
    try:
        return Evaluation.objects.get(pk=pk, municipality_id=municipality_id)
    except Evaluation.DoesNotExist:
        raise Http404 from None


STORY_FIELDS = ("title", "narrative", "written_with_resident", "written_on")
FINDING_FIELDS = ("window", "text")
# What the resident's consent for the evaluation lets its readers see of the story.
STORY_READABLE = frozenset({Category.NOTES})


@dataclass
class StoryView:
    """A story as its readers see it: read models of the story and its findings, and
    whose story it is in the only words the page uses (neighbourhood, start year)."""

    story: Record
    findings: list[Record]
    context: str


def _context(story: CaseStory) -> str:
    """What the page says about whose story it is: neighbourhood and start year."""
    trajectory = story.trajectory
    neighbourhood = trajectory.resident.neighbourhood
    parts = [str(neighbourhood)] if neighbourhood else []
    parts.append(str(trajectory.started_on.year))
    return ", ".join(parts)


def _subject(story: CaseStory) -> Subject:
    return Subject(story.trajectory.municipality_id, story.trajectory.resident_id)


def _story_view(reading: Reading, story: CaseStory) -> StoryView | None:
    about = _subject(story)
    record = reading.record(
        story, about=about, readable=STORY_READABLE, fields=STORY_FIELDS
    )
    if record is None:
        return None
    # In the order of the four windows: resident, professional, organisation, policy.
    findings = sorted(story.findings.all(), key=lambda f: (ORDER[f.window], f.pk))
    records = [
        reading.record(f, about=about, readable=STORY_READABLE, fields=FINDING_FIELDS)
        for f in findings
    ]
    return StoryView(record, [r for r in records if r is not None], _context(story))


@dataclass
class WindowColumn:
    window: str
    label: str
    findings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class EvaluationDetail:
    evaluation: Evaluation
    stories: list[StoryView]
    # Window value -> [(story title, finding text)], in the order of the windows.
    windows: dict[str, list[tuple[str, str]]]

    @property
    def columns(self) -> list[WindowColumn]:
        return [
            WindowColumn(value, str(label), self.windows[value])
            for value, label in Window.choices
        ]

    @property
    def finding_count(self) -> int:
        return sum(len(items) for items in self.windows.values())


def _stories(evaluation: Evaluation) -> list[CaseStory]:
    return list(
        stories_in_force()
        .filter(evaluation=evaluation)
        .select_related("trajectory__resident__neighbourhood", "consent")
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.order_by("window", "pk"))
        )
        .order_by("written_on", "pk")
    )


def evaluation_detail(
    user: Any,
    pk: int,
    *,
    via: str = "evaluation_detail",
    action: str = AccessEvent.Action.READ,
) -> EvaluationDetail:
    """The evaluation, its stories (consent in force only) with their findings, as
    read models, and the findings per window side by side. Audited per resident with
    exactly the categories shown, on the basis of the resident's consent."""
    evaluation = evaluation_for(user, pk)
    reading = Reading(user=user, via=via, action=action)
    windows: dict[str, list[tuple[str, str]]] = {value: [] for value in Window.values}
    views = []
    for story in _stories(evaluation):
        view = _story_view(reading, story)
        if view is None:
            continue
        views.append(view)
        for finding in view.findings:
            windows.setdefault(finding["window"], []).append(
                (view.story["title"], finding["text"])
            )
    reading.finish(BASIS.format(evaluation=evaluation.pk))
    return EvaluationDetail(evaluation, views, windows)


def story_for(
    user: Any, pk: int, *, via: str = "evaluation_finding_add"
) -> tuple[CaseStory, Record]:
    """One story shown (consent in force) of the user's municipality, for coding a
    finding on it, and the story's title as the page shows it (audited on the consent
    basis); 403 for roles that do not read evaluations, 404 otherwise."""
    municipality_id = require_reader(user)
    try:
        story = (
            stories_in_force()
            .select_related("evaluation", "trajectory__resident__neighbourhood")
            .get(pk=pk, evaluation__municipality_id=municipality_id)
        )
    except CaseStory.DoesNotExist:
        raise Http404 from None
    reading = Reading(user=user, via=via)
    record = reading.record(
        story, about=_subject(story), readable=STORY_READABLE, fields=("title",)
    )
    reading.finish(BASIS.format(evaluation=story.evaluation_id))
    return story, record or Record({"pk": story.pk})


def story_trajectories(user: Any) -> list[Trajectory]:
    """Trajectories (open or closed) the user may write a story about: visible to them
    and with the user personally on the case team. Their names are shown in the form:
    recorded as a list in the audit trail."""
    mine = scope.active_memberships().filter(professional_id=user.pk)
    trajectories = list(
        scope.visible_trajectories(user)
        .filter(pk__in=mine.values("trajectory_id"))
        .select_related("resident")
        .order_by("resident__sort_key", "pk")
    )
    if trajectories:
        scope.record_list(
            user=user,
            residents=[t.resident for t in trajectories],
            via="evaluation_story_add",
        )
    return trajectories


def story_consents(trajectory: Trajectory, evaluation: Evaluation) -> list[Consent]:
    """The resident's consents in force whose purpose covers the evaluation."""
    consents = Consent.objects.filter(
        consent_in_force_q(), resident_id=trajectory.resident_id
    ).order_by("-valid_from", "-pk")
    return [c for c in consents if consent_covers(c, evaluation)]
