from datetime import timedelta
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meedoen.core.models import AccessEvent
from meedoen.organisations.models import Organisation
from meedoen.organisations.tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
)
from meedoen.privacy.services import consent_record
from meedoen.socialmap.models import Referral
from meedoen.socialmap.selectors import provider_inbox, referral_overview
from meedoen.socialmap.services import TRANSITIONS, referral_propose, referral_step
from meedoen.socialmap.tests.factories import offer

pytestmark = pytest.mark.django_db

State = Referral.State
ALL = ["name", "contact", "note"]


@pytest.fixture
def consent(trajectory, coordinator, welfare):
    today = timezone.localdate()
    return consent_record(
        resident=trajectory.resident,
        purpose="Aanmelden bij de koffieochtend",
        organisations=[welfare],
        valid_from=today,
        valid_until=today + timedelta(days=180),
        by=coordinator,
    )


@pytest.fixture
def koffie(arnhem, welfare):
    return offer(arnhem, "Koffieochtend", organisation=welfare, provider_name="")


def _propose(trajectory, coordinator, koffie, shared=ALL, note="Houdt van koken"):
    return referral_propose(
        trajectory=trajectory, by=coordinator, offer=koffie, note=note, shared=shared
    )


def test_no_referral_shares_data_without_a_basis(trajectory, coordinator, koffie):
    with pytest.raises(ValidationError) as exc:
        _propose(trajectory, coordinator, koffie)
    assert "no valid consent" in str(exc.value)
    assert not Referral.objects.exists()


def test_a_consent_naming_the_organisation_is_a_basis(
    trajectory, coordinator, koffie, consent
):
    referral = _propose(trajectory, coordinator, koffie)
    assert referral.basis == "consent" and referral.consent == consent
    assert referral.shared == ALL


def test_a_legal_task_of_the_receiving_organisation_is_a_basis(
    arnhem, trajectory, coordinator
):
    uwv = OrganisationFactory(
        municipality=arnhem, name="UWV", kind=Organisation.Kind.UWV
    )
    job = offer(arnhem, "Vacaturecafé", organisation=uwv, provider_name="")
    referral = _propose(trajectory, coordinator, job)
    assert referral.basis == "legal_task" and referral.consent is None


def test_sharing_nothing_needs_no_basis_and_a_free_text_provider_gets_nothing(
    arnhem, trajectory, coordinator
):
    club = offer(arnhem, "Voetbal", provider_name="Vitesse")
    referral = _propose(trajectory, coordinator, club, shared=[])
    assert referral.basis == "" and referral.shared == []
    with pytest.raises(ValidationError, match="not an organisation in meedoen"):
        _propose(trajectory, coordinator, club, shared=["name"])


def test_a_withdrawn_consent_stops_the_sending(
    trajectory, coordinator, koffie, consent
):
    referral = _propose(trajectory, coordinator, koffie)
    consent.withdrawn_on = timezone.localdate()
    consent.save()
    with pytest.raises(ValidationError, match="no valid consent"):
        referral_step(referral=referral, to=State.SENT, by=coordinator)
    referral.refresh_from_db()
    assert referral.state == State.PROPOSED


def test_only_the_case_team_proposes(trajectory, koffie, team_lead, outsider):
    with pytest.raises(PermissionDenied):
        _propose(trajectory, team_lead, koffie, shared=[])


def _at(state, trajectory, coordinator, koffie, provider):
    """A referral brought to ``state`` along the legal path."""
    referral = _propose(trajectory, coordinator, koffie)
    path = {
        State.PROPOSED: [],
        State.SENT: [State.SENT],
        State.ACCEPTED: [State.SENT, State.ACCEPTED],
        State.DECLINED: [State.SENT, State.DECLINED],
        State.STARTED: [State.SENT, State.ACCEPTED, State.STARTED],
        State.ENDED: [State.SENT, State.ACCEPTED, State.STARTED, State.ENDED],
    }[state]
    for to in path:
        by = coordinator if to == State.SENT else provider
        referral = referral_step(
            referral=referral, to=to, by=by, reason="Vol", result="completed"
        )
    return referral


def test_every_pair_of_states_is_legal_or_refused(
    trajectory, coordinator, koffie, provider, consent
):
    for start, to in product(State.values, State.values):
        referral = _at(start, trajectory, coordinator, koffie, provider)
        by = coordinator if to == State.SENT else provider
        if to in TRANSITIONS[start]:
            moved = referral_step(
                referral=referral, to=to, by=by, reason="Vol", result="dropped_out"
            )
            assert moved.state == to
        else:
            with pytest.raises(ValidationError):
                referral_step(
                    referral=referral, to=to, by=by, reason="Vol", result="completed"
                )
            referral.refresh_from_db()
            assert referral.state == start, (start, to)


def test_each_step_records_when_and_who(
    trajectory, coordinator, koffie, provider, consent
):
    referral = _at(State.ENDED, trajectory, coordinator, koffie, provider)
    assert referral.sent_by == coordinator and referral.sent_at
    assert referral.answered_by == provider and referral.started_by == provider
    assert referral.ended_by == provider and referral.result == "completed"
    assert referral.proposed_at <= referral.sent_at <= referral.ended_at


def test_declining_needs_a_reason_and_keeps_it(
    trajectory, coordinator, koffie, provider, consent
):
    referral = _at(State.SENT, trajectory, coordinator, koffie, provider)
    with pytest.raises(ValidationError, match="why"):
        referral_step(referral=referral, to=State.DECLINED, by=provider, reason=" ")
    referral = referral_step(
        referral=referral, to=State.DECLINED, by=provider, reason="Geen plek tot mei"
    )
    referral.refresh_from_db()
    assert referral.state == State.DECLINED
    assert referral.decline_reason == "Geen plek tot mei"


def test_only_the_receiving_organisation_answers(
    arnhem, trajectory, coordinator, koffie, provider, consent
):
    referral = _at(State.SENT, trajectory, coordinator, koffie, provider)
    other = ProfessionalFactory(municipality=arnhem)
    for who in (other, coordinator):
        with pytest.raises(PermissionDenied):
            referral_step(referral=referral, to=State.ACCEPTED, by=who)


def test_the_provider_sees_only_what_was_shared(
    trajectory, coordinator, koffie, provider, consent
):
    resident = trajectory.resident
    resident.phone = "0612345678"
    resident.save()
    only_name = _propose(trajectory, coordinator, koffie, shared=["name"])
    referral_step(referral=only_name, to=State.SENT, by=coordinator)
    before = AccessEvent.objects.count()
    rows = provider_inbox(provider)
    assert len(rows) == 1
    row = rows[0]
    assert row.who["full_name"] == resident.full_name
    assert "phone" not in row.who and "note" not in row
    events = list(AccessEvent.objects.order_by("seq")[before:])
    assert {e.category for e in events} == {"identity", "plan"}
    assert all(e.basis.startswith(f"referral #{only_name.pk}; consent") for e in events)
    assert all(e.via == "referral_inbox" for e in events)


def test_the_provider_sees_nothing_of_a_proposal_not_sent(
    trajectory, coordinator, koffie, provider, consent
):
    _propose(trajectory, coordinator, koffie)
    assert provider_inbox(provider) == []


def test_the_overview_marks_referrals_without_an_answer(
    trajectory, coordinator, koffie, provider, consent, settings
):
    settings.MEEDOEN_REFERRAL_RESPONSE_DAYS = 7
    waiting = _at(State.SENT, trajectory, coordinator, koffie, provider)
    fresh = _at(State.SENT, trajectory, coordinator, koffie, provider)
    Referral.objects.filter(pk=waiting.pk).update(
        sent_at=timezone.now() - timedelta(days=8)
    )
    rows = referral_overview(coordinator)
    assert [(r.pk, r.late) for r in rows] == [(waiting.pk, True), (fresh.pk, False)]
    assert rows[0].resident["full_name"] == trajectory.resident.full_name


def test_a_late_referral_is_a_signal_on_the_caseload(
    client, trajectory, coordinator, koffie, consent
):
    from django.urls import reverse

    from meedoen.web.tests.helpers import login

    referral = _propose(trajectory, coordinator, koffie)
    referral_step(referral=referral, to=Referral.State.SENT, by=coordinator)
    login(client, coordinator)
    html = client.get(reverse("caseload")).content.decode()
    assert "referral without an answer" in html
    assert "?signaal=referral_late" in html
    # Eleven days without an answer: late.
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - timedelta(days=11)
    )
    response = client.get(reverse("caseload"), {"signaal": "referral_late"})
    assert response.status_code == 200
    rows = response.content.decode().split("<tbody", 1)[1]
    assert trajectory.resident.last_name in rows
    assert "referral without an answer" in rows
