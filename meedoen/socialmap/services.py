"""Changes to the social map: offers (kept by the administrator and the providing
organisation), the import from a spreadsheet, and referrals with their state machine.

Every write checks a rule of ``meedoen.privacy.rules``; a referral that shares
personal data needs a basis (the receiving organisation's own legal task, or a valid
consent of the resident naming it) and is refused without one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core import audit, rules
from meedoen.core.categories import Category
from meedoen.journeys.models import Trajectory
from meedoen.organisations.models import Organisation, Professional
from meedoen.privacy.door import access_for
from meedoen.privacy.models import Consent, ShareBasis
from meedoen.socialmap.models import Offer, Referral

OFFER_FIELDS = (
    "kind",
    "title",
    "description",
    "organisation",
    "provider_name",
    "neighbourhood",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "is_free",
    "price",
    "covered_by_scheme",
    "languages",
    "wheelchair_accessible",
    "near_public_transport",
    "schedule",
    "hours_per_week",
    "capacity",
    "rung",
    "contact",
    "is_active",
)


def normalise_languages(value: str) -> str:
    return ",".join(
        dict.fromkeys(
            c.strip().lower() for c in value.replace(";", ",").split(",") if c.strip()
        )
    )


def validate_offer(offer: Offer) -> None:
    """The rules of an offer beyond its fields: a provider, a price or free, the
    municipality's own organisation and neighbourhood."""
    errors: dict[str, str] = {}
    if not offer.organisation_id and not offer.provider_name.strip():
        errors["provider_name"] = _("Choose the organisation or name the provider.")
    organisation = offer.organisation if offer.organisation_id else None
    if (
        organisation is not None
        and organisation.municipality_id != offer.municipality_id
    ):
        errors["organisation"] = _("That organisation works for another municipality.")
    area = offer.neighbourhood if offer.neighbourhood_id else None
    if area is not None and area.municipality_id != offer.municipality_id:
        errors["neighbourhood"] = _("That neighbourhood lies in another municipality.")
    if not offer.is_free and offer.price is None:
        errors["price"] = _("Give the price, or mark the offer as free.")
    if offer.is_free:
        offer.price = None
    if offer.rung is not None and not 1 <= offer.rung <= 6:
        errors["rung"] = _("A rung lies from 1 to 6.")
    from meedoen.socialmap.models import LANGUAGE_CODES

    offer.languages = normalise_languages(offer.languages)
    unknown = [c for c in offer.language_codes if c not in LANGUAGE_CODES]
    if unknown:
        errors["languages"] = _("Unknown language code: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offer_save(
    *, offer: Offer, by: Professional, expected_version: int | None = None
) -> Offer:
    """Create or change an offer. The writer is an administrator, or works for the
    providing organisation (``offer.change``); a change names the version it was
    loaded with and is refused when someone saved in between."""
    if offer.municipality_id != by.municipality_id:
        raise PermissionDenied
    rules.require(by, "offer.change", offer)
    validate_offer(offer)
    if offer.pk is None:
        offer.save()
        return offer
    if expected_version is not None:
        updated = Offer.objects.filter(pk=offer.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not updated:
            raise ValidationError(
                _(
                    "Someone else changed this offer after you opened it. Your change "
                    "was not saved. Look at the current offer and make your change again."
                ),
                code="stale",
            )
        offer.version = expected_version + 1
    offer.save()
    return offer


# --- referrals --------------------------------------------------------------------

# The state machine: from a state, the states it may go to.
TRANSITIONS: dict[str, set[str]] = {
    Referral.State.PROPOSED: {Referral.State.SENT},
    Referral.State.SENT: {Referral.State.ACCEPTED, Referral.State.DECLINED},
    Referral.State.ACCEPTED: {Referral.State.STARTED},
    Referral.State.DECLINED: set(),
    Referral.State.STARTED: {Referral.State.ENDED},
    Referral.State.ENDED: set(),
}
# Who takes a step: the case team sends, the receiving organisation answers.
STEP_RULE: dict[str, str] = {
    Referral.State.SENT: "referral.propose",
    Referral.State.ACCEPTED: "referral.answer",
    Referral.State.DECLINED: "referral.answer",
    Referral.State.STARTED: "referral.answer",
    Referral.State.ENDED: "referral.answer",
}
STAMPS: dict[str, tuple[str, str]] = {
    Referral.State.SENT: ("sent_at", "sent_by"),
    Referral.State.ACCEPTED: ("answered_at", "answered_by"),
    Referral.State.DECLINED: ("answered_at", "answered_by"),
    Referral.State.STARTED: ("started_at", "started_by"),
    Referral.State.ENDED: ("ended_at", "ended_by"),
}


def valid_consent(
    resident_id: int, organisation: Organisation, on: date
) -> Consent | None:
    """A consent of the resident that names the organisation and runs today."""
    return (
        Consent.objects.filter(
            resident_id=resident_id,
            recipients=organisation,
            valid_from__lte=on,
            valid_until__gte=on,
            withdrawn_on__isnull=True,
        )
        .order_by("-valid_until", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Basis:
    basis: str
    consent: Consent | None


def share_basis(
    trajectory: Trajectory, organisation: Organisation | None, shared: list[str]
) -> Basis:
    """The basis on which the referral may share ``shared`` with the organisation;
    ValidationError (in plain Dutch) when there is none. Sharing nothing needs none."""
    if not shared:
        return Basis("", None)
    if organisation is None:
        raise ValidationError(
            {
                "shared_fields": _(
                    "This provider is not an organisation in meedoen: no data of the "
                    "resident can be shared with it. Share nothing, and let the "
                    "resident make contact themselves."
                )
            }
        )
    if organisation.legal_task:
        return Basis(ShareBasis.LEGAL_TASK, None)
    consent = valid_consent(trajectory.resident_id, organisation, timezone.localdate())
    if consent is None:
        raise ValidationError(
            {
                "shared_fields": _(
                    "%(organisation)s has no legal task of its own and the resident "
                    "has given no valid consent to share with it. Record the "
                    "resident's consent first, or share nothing."
                )
                % {"organisation": organisation}
            }
        )
    return Basis(ShareBasis.CONSENT, consent)


@transaction.atomic
def referral_propose(
    *,
    trajectory: Trajectory,
    by: Professional,
    offer: Offer | None = None,
    organisation: Organisation | None = None,
    note: str = "",
    shared: Iterable[str] = (),
) -> Referral:
    """Propose a referral of the trajectory's resident to an offer or organisation."""
    access = access_for(by, trajectory)
    rules.require(by, "referral.propose", access)
    if offer is not None:
        if offer.municipality_id != trajectory.municipality_id:
            raise PermissionDenied
        organisation = offer.organisation
    if offer is None and organisation is None:
        raise ValidationError({"offer": _("Choose an offer or an organisation.")})
    if (
        organisation is not None
        and organisation.municipality_id != trajectory.municipality_id
    ):
        raise PermissionDenied
    chosen = [s for s in dict.fromkeys(shared) if s in Referral.Shared.values]
    if Referral.Shared.NOTE in chosen and not note.strip():
        chosen.remove(Referral.Shared.NOTE)
    basis = share_basis(trajectory, organisation, chosen)
    referral = Referral.objects.create(
        municipality_id=trajectory.municipality_id,
        trajectory=trajectory,
        offer=offer,
        organisation=organisation,
        note=note.strip(),
        shared_fields=",".join(chosen),
        basis=basis.basis,
        consent=basis.consent,
        proposed_at=timezone.now(),
        proposed_by=by,
    )
    audit.record_write(
        user=by, trajectory=trajectory, via="referral_propose", category=Category.PLAN
    )
    return referral


@transaction.atomic
def referral_step(
    *,
    referral: Referral,
    to: str,
    by: Professional,
    reason: str = "",
    result: str = "",
) -> Referral:
    """Move a referral one step: only along ``TRANSITIONS``, by who may take that
    step, with a reason for declining and a result for the end."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("trajectory", "organisation")
        .get(pk=referral.pk)
    )
    if to not in TRANSITIONS.get(referral.state, set()):
        raise ValidationError(
            _("A referral that is %(state)s cannot become %(to)s.")
            % {
                "state": referral.get_state_display(),
                "to": Referral.State(to).label if to in Referral.State.values else to,
            },
            code="transition",
        )
    rule = STEP_RULE[to]
    if rule == "referral.answer":
        rules.require(by, rule, referral)
    else:
        rules.require(by, rule, access_for(by, referral.trajectory))
    if to == Referral.State.SENT and referral.shared:
        # The basis is checked again: a consent may have been withdrawn since.
        basis = share_basis(referral.trajectory, referral.organisation, referral.shared)
        referral.basis, referral.consent = basis.basis, basis.consent
    if to == Referral.State.DECLINED:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the referral is declined.")})
        referral.decline_reason = reason.strip()
    if to == Referral.State.ENDED:
        if result not in Referral.Result.values:
            raise ValidationError(
                {"result": _("Say how it ended: completed or dropped out.")}
            )
        referral.result = result
    at, who = STAMPS[to]
    setattr(referral, at, timezone.now())
    setattr(referral, who, by)
    referral.state = to
    referral.save()
    audit.record_write(
        user=by,
        trajectory=referral.trajectory,
        via=f"referral_{to}",
        category=Category.NOTES if to == Referral.State.DECLINED else Category.PLAN,
    )
    return referral


def open_since(days: int) -> Q:
    """Sent referrals without an answer for ``days`` days."""
    return Q(
        state=Referral.State.SENT, sent_at__lt=timezone.now() - timedelta(days=days)
    )
