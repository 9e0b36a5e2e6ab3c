"""Reads of the privacy officer's pages: the audit trail of the municipality, the
break-the-glass accesses to review.

The audit trail holds tens of millions of rows: it is read in keyset pages over
indexed orderings, so nothing here counts or sorts the whole table. The privacy
officer sees no residents' files, only who accessed what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from meedoen.core import audit, checkpoints
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent, AuditChainHead
from meedoen.core.tenancy import tenant_id
from meedoen.organisations.models import Professional
from meedoen.privacy.models import EmergencyAccess
from meedoen.privacy.selectors import bsn_or_number, residents_matching
from meedoen.residents.models import Resident

AUDIT_PAGE_SIZE = 50
REVIEW_LIMIT = 100


def require_privacy_officer(user: Professional) -> int:
    """The privacy officer's municipality; 403 for everyone else."""
    if getattr(user, "role", None) != Professional.Role.PRIVACY_OFFICER:
        raise PermissionDenied
    return tenant_id(user)


@dataclass
class AuditFilter:
    resident: str = ""
    professional: Professional | None = None
    date_from: date | None = None
    date_to: date | None = None
    before: int | None = None


@dataclass
class AuditPage:
    events: list[AccessEvent]
    next_before: int | None
    resident_ids: list[int] = field(default_factory=list)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_log_page(
    user: Professional, filters: AuditFilter, *, size: int = AUDIT_PAGE_SIZE
) -> AuditPage:
    """One page of the audit trail of the officer's municipality, newest first.

    Keyset pagination on ``seq`` (unique index): the next page starts below the last
    sequence shown, so no OFFSET and no count over millions of rows. Filters use the
    indexes on (resident_id, at) and (professional, at).
    """
    municipality_id = require_privacy_officer(user)
    qs = AccessEvent.objects.filter(municipality_id=municipality_id)
    resident_ids: list[int] = []
    if filters.resident:
        kind, value = bsn_or_number(filters.resident)
        if kind == "bsn":
            resident_ids = list(
                residents_matching(user, value).values_list("pk", flat=True)
            )
        else:
            # A plain number: the trail outlives a destroyed resident's record.
            resident_ids = [int(value)]
        qs = qs.filter(resident_id__in=resident_ids)
    if filters.professional is not None:
        qs = qs.filter(professional_id=filters.professional.pk)
    if filters.date_from:
        qs = qs.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(at__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.before:
        qs = qs.filter(seq__lt=filters.before)
    rows = list(
        qs.select_related("professional__organisation").order_by("-seq")[: size + 1]
    )
    events, more = rows[:size], len(rows) > size
    if resident_ids:
        # The officer looked up who accessed these residents: that, too, is recorded
        # (only for residents of the officer's own municipality: a number typed for
        # someone elsewhere must not land in that person's trail).
        known = Resident.objects.filter(
            municipality_id=municipality_id, pk__in=resident_ids
        ).values_list("pk", flat=True)
        audit.record(
            user=user,
            residents=[
                SimpleNamespace(pk=pk, municipality_id=municipality_id) for pk in known
            ],
            action=AccessEvent.Action.LIST,
            via="audit_log",
            basis="privacy_officer",
            categories=[Category.IDENTITY],
        )
    return AuditPage(
        events=events,
        next_before=events[-1].seq if more and events else None,
        resident_ids=resident_ids,
    )


@dataclass(frozen=True)
class AuditEvidence:
    """The privacy officer's panel on the audit trail's evidence: the latest signed
    checkpoint and the latest full verification (both from the sink outside the
    database), and a quick check, on every view, that the chain still reaches the
    latest checkpoint with the same hash (two indexed reads, nothing walked)."""

    checkpoint: checkpoints.Checkpoint | None
    verification: checkpoints.Checkpoint | None
    unsigned_lines: int
    head_seq: int
    # None without a checkpoint; False when the event at the checkpoint is gone or
    # differs, or the head is behind it: run ``audit_verify`` for the details.
    anchor_holds: bool | None

    @property
    def verification_ok(self) -> bool | None:
        if self.verification is None or self.verification.verified is None:
            return None
        return bool(self.verification.verified.get("ok"))


def audit_evidence(user: Professional) -> AuditEvidence:
    require_privacy_officer(user)
    lines = checkpoints.read_tail()
    signed = [c for c in lines if c.valid]
    latest = max(signed, key=lambda c: c.seq, default=None)
    verification = next(
        (c for c in reversed(signed) if c.reason == checkpoints.Reason.VERIFY), None
    )
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first()
    holds = None
    if latest is not None:
        stored = (
            AccessEvent.objects.filter(seq=latest.seq)
            .values_list("hash", flat=True)
            .first()
        )
        holds = (latest.seq == 0 or stored == latest.hash) and (head or 0) >= latest.seq
    return AuditEvidence(
        checkpoint=latest,
        verification=verification,
        unsigned_lines=len(lines) - len(signed),
        head_seq=head or 0,
        anchor_holds=holds,
    )


def audit_professionals(user: Professional) -> QuerySet[Professional]:
    """Professionals of the officer's municipality, to filter the trail on."""
    municipality_id = require_privacy_officer(user)
    return Professional.objects.filter(municipality_id=municipality_id).order_by(
        "last_name", "first_name", "username"
    )


def emergency_to_review(
    user: Professional, *, limit: int = REVIEW_LIMIT
) -> list[EmergencyAccess]:
    """Break-the-glass accesses in the officer's municipality not yet reviewed, oldest
    first (bounded: the officer works through them from the top)."""
    municipality_id = require_privacy_officer(user)
    rows = list(
        EmergencyAccess.objects.filter(
            reviewed_at__isnull=True, resident__municipality_id=municipality_id
        )
        .select_related("professional__organisation", "resident")
        .order_by("granted_at", "pk")[:limit]
    )
    audit.record(
        user=user,
        residents=[a.resident for a in rows],
        action=AccessEvent.Action.LIST,
        via="emergency_review",
        basis="privacy_officer",
        categories=[Category.IDENTITY],
    )
    return rows


def emergency_access_for_review(user: Professional, access_id: int) -> EmergencyAccess:
    municipality_id = require_privacy_officer(user)
    try:
        return EmergencyAccess.objects.select_related("resident").get(
            pk=access_id, resident__municipality_id=municipality_id
        )
    except EmergencyAccess.DoesNotExist:
        raise Http404 from None
