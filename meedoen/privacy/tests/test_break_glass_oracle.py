"""Break the glass is no oracle for BSNs (issue 8).

A too-short reason gets the same answer whether the BSN is known, unknown or of
another municipality (the reason is checked before anything is looked up), and every
look-up of a BSN or number for break the glass, found or not, is in the audit trail.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from meedoen.core.models import AccessEvent
from meedoen.privacy.models import EmergencyAccess
from meedoen.residents.tests.factories import ResidentFactory
from meedoen.residents.tests.factories import test_bsn as valid_bsn
from meedoen.web.tests.helpers import login

pytestmark = pytest.mark.django_db

REASON = "Crisis: bewoner belt in paniek, team onbereikbaar"


def _answer(response):
    html = response.content.decode()
    return (
        response.status_code,
        "at least 15 characters" in html,
        "No resident found with this BSN or number." in html,
    )


def test_a_short_reason_gets_the_same_answer_for_any_bsn(
    client, outsider, resident, nijmegen
):
    theirs = ResidentFactory(municipality=nijmegen)
    login(client, outsider)
    answers = [
        _answer(
            client.post(
                reverse("emergency_access"), {"resident": query, "reason": "nodig"}
            )
        )
        for query in (resident.bsn, valid_bsn(9876), theirs.bsn, str(resident.pk))
    ]
    assert answers == [(400, True, False)] * 4
    assert not EmergencyAccess.objects.exists()
    # Nothing was looked up, so nothing about anyone is in the trail.
    assert not AccessEvent.objects.filter(
        professional=outsider, via__startswith="emergency_access:lookup"
    ).exists()


def test_every_lookup_is_in_the_audit_trail(client, outsider, resident, arnhem):
    login(client, outsider)
    before = AccessEvent.objects.count()
    unknown = client.post(
        reverse("emergency_access"), {"resident": valid_bsn(9876), "reason": REASON}
    )
    assert unknown.status_code == 404
    events = list(AccessEvent.objects.order_by("seq")[before:])
    assert len(events) == 1
    lookup = events[0]
    assert lookup.professional_id == outsider.pk
    assert lookup.via == "emergency_access:lookup"
    assert lookup.municipality_id == arnhem.pk
    assert lookup.resident_id == 0  # nobody found
    assert lookup.basis.startswith("break_the_glass lookup")
    assert REASON in lookup.basis

    known = client.post(
        reverse("emergency_access"), {"resident": resident.bsn, "reason": REASON}
    )
    assert known.status_code == 302
    found = AccessEvent.objects.get(
        professional=outsider, via="emergency_access:lookup", resident_id=resident.pk
    )
    assert found.basis.startswith("break_the_glass lookup")
    # And the grant itself, as before.
    assert AccessEvent.objects.filter(
        professional=outsider, via="break_the_glass", resident_id=resident.pk
    ).exists()


def test_the_lookup_reads_in_plain_words():
    from meedoen.privacy.audit_words import basis_words, via_words

    assert basis_words("break_the_glass lookup: " + REASON) == (
        "emergency access, looking up a BSN or number: " + REASON
    )
    assert (
        via_words("emergency_access:lookup")
        == "looking up a resident for emergency access"
    )
