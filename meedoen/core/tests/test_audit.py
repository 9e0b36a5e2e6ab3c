"""The audit trail is tamper-evident: an edited, deleted or cut-off event is found by
``audit.verify`` and by the ``audit_verify`` command, at the right sequence number."""

import itertools

import pytest
from django.core.management import CommandError, call_command

from meedoen.core import audit
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent, AuditChainHead

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(coordinator, income_consultant, resident):
    """A clean chain of ten events (the fixtures' own events removed first)."""
    AccessEvent.objects.all().delete()
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"seq": 0, "hash": audit.GENESIS}
    )
    for user in (coordinator, income_consultant) * 2 + (coordinator,):
        audit.record(
            user=user, residents=[resident], action=AccessEvent.Action.READ,
            via="test", basis="case_team",
            categories=[Category.IDENTITY, Category.PLAN],
        )  # fmt: skip
    assert AccessEvent.objects.count() == 10
    return list(AccessEvent.objects.order_by("seq").values_list("seq", flat=True))


def test_an_intact_chain_verifies(chain):
    result = audit.verify()
    assert result.ok
    assert result.checked == 10
    call_command("audit_verify")


def test_verify_reads_in_chunks(chain):
    assert audit.verify(chunk=3).ok


def test_events_chain_to_the_previous_hash(chain):
    events = list(AccessEvent.objects.order_by("seq"))
    assert events[0].prev_hash == audit.GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)


@pytest.mark.parametrize(
    "change",
    [
        {"basis": "x"},
        {"via": "elsewhere"},
        {"resident_id": 424242},
        {"category": Category.HEALTH},
        {"professional": None},
    ],
)
def test_an_edited_event_is_found(chain, change):
    k = chain[4]
    AccessEvent.objects.filter(seq=k).update(**change)
    result = audit.verify()
    assert not result.ok
    assert result.first_break == k
    assert result.checked == 4


def test_an_edit_that_also_rehashes_the_row_is_found_at_the_next_event(chain):
    """Recomputing the edited row's hash does not help: the next event's prev_hash no
    longer matches."""
    k = chain[4]
    event = AccessEvent.objects.get(seq=k)
    event.basis = "x"
    new_hash = audit._digest(event, event.prev_hash)
    AccessEvent.objects.filter(seq=k).update(basis="x", hash=new_hash)
    assert audit.verify().first_break == k + 1


def test_a_deleted_event_in_the_middle_is_found(chain):
    k = chain[5]
    AccessEvent.objects.filter(seq=k).delete()
    result = audit.verify()
    assert result.first_break == k
    assert "deleted" in result.problem


def test_deleting_the_first_event_is_found(chain):
    AccessEvent.objects.filter(seq=chain[0]).delete()
    assert audit.verify().first_break == chain[0]


def test_deleting_the_last_event_is_found(chain):
    AccessEvent.objects.filter(seq=chain[-1]).delete()
    result = audit.verify()
    assert not result.ok
    assert result.first_break == chain[-1]
    assert "end of the chain" in result.problem


def test_the_command_reports_the_first_break(chain):
    k = chain[2]
    AccessEvent.objects.filter(seq=k).update(basis="x")
    with pytest.raises(CommandError, match=f"#{k}"):
        call_command("audit_verify")


def test_the_command_reports_a_deleted_row(chain):
    k = chain[7]
    AccessEvent.objects.filter(seq=k).delete()
    with pytest.raises(CommandError, match=f"#{k}"):
        call_command("audit_verify")


def test_the_command_reports_a_cut_off_tail(chain):
    AccessEvent.objects.filter(seq__gte=chain[-3]).delete()
    with pytest.raises(CommandError, match=f"#{chain[-3]}"):
        call_command("audit_verify")


def test_record_writes_one_event_per_resident_and_category(
    coordinator, resident, trajectory
):
    other = trajectory.resident
    before = AccessEvent.objects.count()
    audit.record(
        user=coordinator, residents=[resident, other], action="list", via="t",
        basis="b", categories=[Category.IDENTITY, Category.PLAN],
    )  # fmt: skip
    assert AccessEvent.objects.count() == before + 4
    assert audit.verify().ok


def test_nothing_is_recorded_for_no_residents(coordinator):
    before = AccessEvent.objects.count()
    audit.record(user=coordinator, residents=[], action="list", via="t", basis="b")
    assert AccessEvent.objects.count() == before
