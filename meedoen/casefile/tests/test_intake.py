"""Business rules of registering residents and households."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.casefile.services import PossibleDuplicate, resident_register
from meedoen.core import crypto
from meedoen.journeys.models import CaseTeamMember, StageTransition, Trajectory
from meedoen.organisations.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
)
from meedoen.plans.models import Plan
from meedoen.residents.models import Resident

VALID_BSN = "999993653"
BIRTH = datetime.date(1994, 3, 8)


def _counts():
    return {
        "residents": Resident.objects.count(),
        "trajectories": Trajectory.objects.count(),
        "plans": Plan.objects.count(),
        "members": CaseTeamMember.objects.count(),
        "transitions": StageTransition.objects.count(),
    }


def _register(by, **overrides):
    kwargs = {
        "by": by,
        "first_name": "Linda",
        "last_name": "Bakker",
        "birth_date": BIRTH,
        "bsn": VALID_BSN,
    }
    kwargs.update(overrides)
    return resident_register(**kwargs)


# --- resident_register --------------------------------------------------------------


def test_register_stores_the_bsn_encrypted_and_searchable(coordinator):
    trajectory = _register(
        coordinator, postcode="6822ab", street="Rosendaalsestraat", house_number="12"
    )
    resident = Resident.objects.get(pk=trajectory.resident_id)

    assert resident.municipality_id == coordinator.municipality_id
    assert resident.full_name == "Linda Bakker"
    assert resident.postcode == "6822 AB"
    # Encrypted at rest: the raw column does not contain the number.
    assert resident.bsn_encrypted
    assert VALID_BSN not in resident.bsn_encrypted
    assert "93653" not in resident.bsn_encrypted
    assert VALID_BSN not in resident.bsn_hash
    # But it decrypts, and can be found by its keyed hash.
    assert resident.bsn == VALID_BSN
    assert resident.bsn_hash == crypto.blind_index(VALID_BSN)
    assert list(Resident.objects.filter(bsn_hash=crypto.blind_index(VALID_BSN))) == [
        resident
    ]
    # Shown masked: only the last three digits.
    assert resident.bsn_masked == "******653"
    assert "99999" not in resident.bsn_masked


def test_register_stores_a_bsn_entered_with_spaces_compact(coordinator):
    trajectory = _register(coordinator, bsn="9999 93 653")
    assert trajectory.resident.bsn == VALID_BSN


def test_register_starts_a_trajectory_with_the_registrar_as_coordinator(coordinator):
    before = _counts()
    trajectory = _register(coordinator, reason="Dakloos na scheiding")

    assert trajectory.coordinator == coordinator
    assert trajectory.reason == "Dakloos na scheiding"
    assert trajectory.stage.order == 1
    assert trajectory.plan.version == 1
    assert list(
        CaseTeamMember.objects.filter(trajectory=trajectory).values_list(
            "professional_id", flat=True
        )
    ) == [coordinator.pk]
    after = _counts()
    assert {k: after[k] - before[k] for k in after} == {
        "residents": 1,
        "trajectories": 1,
        "plans": 1,
        "members": 1,
        "transitions": 1,
    }


def test_register_without_bsn_is_allowed(coordinator):
    trajectory = _register(coordinator, bsn="")
    assert trajectory.resident.bsn_encrypted == ""
    assert trajectory.resident.bsn_hash == ""
    assert trajectory.resident.bsn_masked == ""


@pytest.mark.parametrize(
    "overrides, key",
    [
        ({"bsn": "999993654"}, "bsn"),
        ({"bsn": "12345678"}, "bsn"),
        ({"bsn": "abcdefghi"}, "bsn"),
        ({"bsn": "000000000"}, "bsn"),
        ({"postcode": "AB 6822"}, "postcode"),
        ({"postcode": "0123 AB"}, "postcode"),
        ({"email": "not-an-email"}, "email"),
        ({"first_name": "   "}, "first_name"),
        ({"last_name": ""}, "last_name"),
    ],
)
def test_register_refuses_bad_input_and_saves_nothing(coordinator, overrides, key):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(coordinator, **overrides)
    assert key in exc.value.message_dict
    assert exc.value.message_dict[key][0]
    assert _counts() == before


def test_register_refuses_a_birth_date_in_the_future(coordinator):
    before = _counts()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _register(coordinator, birth_date=tomorrow)
    assert "future" in exc.value.message_dict["birth_date"][0]
    assert _counts() == before


def test_register_accepts_a_birth_date_of_today(coordinator):
    trajectory = _register(coordinator, birth_date=timezone.localdate(), bsn="")
    assert trajectory.resident.birth_date == timezone.localdate()


def test_register_reports_all_errors_at_once(coordinator):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _register(coordinator, bsn="123", postcode="x", birth_date=tomorrow)
    assert set(exc.value.message_dict) == {"bsn", "postcode", "birth_date"}


def test_register_refuses_a_duplicate_bsn_in_the_same_municipality(coordinator):
    _register(coordinator)
    before = _counts()
    with pytest.raises(PossibleDuplicate) as exc:
        _register(coordinator, first_name="Other", bsn="9999 93 653")
    assert "already registered" in exc.value.message_dict["bsn"][0]
    assert exc.value.same_bsn
    assert _counts() == before
    # The same BSN is never registered twice, even when the registrar insists.
    with pytest.raises(PossibleDuplicate):
        _register(coordinator, first_name="Other", bsn="999993653", confirmed_new=True)
    assert _counts() == before


def test_the_same_bsn_may_be_registered_in_another_municipality(coordinator, nijmegen):
    _register(coordinator)
    colleague = ProfessionalFactory(municipality=nijmegen)
    trajectory = _register(colleague)
    assert trajectory.municipality_id == nijmegen.pk
    assert Resident.objects.filter(bsn_hash=crypto.blind_index(VALID_BSN)).count() == 2


def test_register_refuses_a_neighbourhood_of_another_municipality(
    coordinator, nijmegen
):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(
            coordinator, neighbourhood=NeighbourhoodFactory(municipality=nijmegen)
        )
    assert "neighbourhood" in exc.value.message_dict
    assert _counts() == before


def test_register_with_a_neighbourhood_of_the_own_municipality(coordinator, arnhem):
    klarendal = NeighbourhoodFactory(municipality=arnhem, name="Klarendal")
    trajectory = _register(coordinator, neighbourhood=klarendal)
    assert trajectory.resident.neighbourhood == klarendal


def test_register_rolls_back_the_resident_when_the_trajectory_cannot_start(arnhem):
    """The coordinator check happens after the resident is saved: the transaction must
    undo the resident too."""
    loner = ProfessionalFactory(municipality=arnhem, organisation=None)
    before = _counts()
    with pytest.raises(ValidationError):
        _register(loner)
    assert _counts() == before
    assert not Resident.objects.filter(bsn_hash=crypto.blind_index(VALID_BSN)).exists()


def test_register_started_on_is_used_for_the_trajectory(coordinator):
    started = timezone.localdate() - datetime.timedelta(days=10)
    trajectory = _register(coordinator, started_on=started)
    assert trajectory.started_on == started
    assert trajectory.stage_entered_on == started
    assert trajectory.team.get().joined_on == started
