"""The audit trail survives a database administrator: whoever can write the database
but has neither the key nor the checkpoint file cannot edit, delete, cut off or
recompute events unnoticed, and ``verify`` names each kind of tampering.

Every tampering below is done as the table's owner would, with the append-only guard
lifted (``tamper``): the application's own role cannot even do that."""

import hashlib
import itertools
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from meedoen.conf.keys import parse_audit_keys
from meedoen.core import audit, checkpoints
from meedoen.core.append_only import guarded, lifted
from meedoen.core.audit import Problem
from meedoen.core.categories import Category
from meedoen.core.models import AccessEvent, AuditChainHead
from meedoen.core.tests.helpers import empty_audit_trail

pytestmark = pytest.mark.django_db
tamper = lifted


def _read(user, resident, n=1):
    for _ in range(n):
        audit.record(
            user=user, residents=[resident], action=AccessEvent.Action.READ,
            via="test", basis="case_team",
            categories=[Category.IDENTITY, Category.PLAN],
        )  # fmt: skip


@pytest.fixture
def chain(coordinator, income_consultant, resident):
    """A clean chain of ten events (the fixtures' own events removed first)."""
    empty_audit_trail()
    for user in (coordinator, income_consultant) * 2 + (coordinator,):
        _read(user, resident)
    assert AccessEvent.objects.count() == 10
    return list(AccessEvent.objects.order_by("seq").values_list("seq", flat=True))


@pytest.fixture
def anchored(chain):
    """The chain with a signed checkpoint of its head (as every verification and
    every MEEDOEN_AUDIT_CHECKPOINT_EVERY events write)."""
    assert audit.verify().ok
    return chain


def _rewrite(from_seq, *, change=None, digest):
    """Rewrite the chain from ``from_seq`` on: change that event, recompute every
    following hash with ``digest`` and move the head along: the forger's best."""
    prev = AccessEvent.objects.get(seq=from_seq).prev_hash
    with tamper(connection):
        for event in AccessEvent.objects.filter(seq__gte=from_seq).order_by("seq"):
            if event.seq == from_seq:
                for name, value in (change or {}).items():
                    setattr(event, name, value)
            event.prev_hash = prev
            event.hash = prev = digest(audit._values(event), prev)
            event.save()
    AuditChainHead.objects.filter(pk=1).update(hash=prev)


def _hmac_with(secret):
    def digest(values, prev):
        import hmac

        message = audit.DOMAIN + audit._message(values, prev)
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()

    return digest


def _truncate(chain, keep):
    """Delete the events after ``keep`` and set the head back to it."""
    last = AccessEvent.objects.get(seq=keep)
    with tamper(connection):
        AccessEvent.objects.filter(seq__gt=keep).delete()
    AuditChainHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)


# --- an intact chain -----------------------------------------------------------------


def test_an_intact_chain_verifies_and_is_anchored(chain):
    result = audit.verify()
    assert result.ok, result.problems
    assert result.checked == 10
    [line] = checkpoints.read_all()
    assert line.valid
    assert (line.seq, line.reason) == (chain[-1], "verify")
    assert line.verified == {"ok": True, "checked": 10, "problems": []}
    call_command("audit_verify")
    assert len(checkpoints.read_all()) == 2
    assert audit.verify().ok


def test_verify_reads_in_chunks(anchored):
    assert audit.verify(chunk=3).ok


def test_events_are_keyed_and_chain_to_the_previous_hash(chain, settings):
    events = list(AccessEvent.objects.order_by("seq"))
    assert events[0].prev_hash == audit.GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
    key_id = next(iter(settings.AUDIT_HMAC_KEYS))
    for event in events:
        assert event.key_id == key_id
        # Not the unkeyed digest: nobody without the key can make such a hash.
        assert event.hash != audit.plain_digest(audit._values(event), event.prev_hash)


# --- edited, deleted ---------------------------------------------------------------


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
def test_an_edited_event_is_found(anchored, change):
    k = anchored[4]
    with tamper(connection):
        AccessEvent.objects.filter(seq=k).update(**change)
    result = audit.verify()
    assert not result.ok
    assert result.first_break == k
    assert result.kinds() == {Problem.EDITED}
    assert result.problems[0].first == result.problems[0].last == k


def test_a_deleted_event_in_the_middle_is_found(anchored):
    k = anchored[5]
    with tamper(connection):
        AccessEvent.objects.filter(seq=k).delete()
    result = audit.verify()
    assert result.first_break == k
    assert result.kinds() == {Problem.DELETED}


def test_deleting_the_first_event_is_found(anchored):
    with tamper(connection):
        AccessEvent.objects.filter(seq=anchored[0]).delete()
    result = audit.verify()
    assert result.first_break == anchored[0]
    assert result.kinds() == {Problem.DELETED}


# --- cut off, head set back ----------------------------------------------------------


def test_a_cut_off_tail_with_the_head_set_back_is_found(anchored):
    """Today's chain verified this as intact: a shorter chain is a valid chain. The
    signed checkpoint outside the database still records the real length."""
    _truncate(anchored, anchored[-4])
    result = audit.verify()
    assert result.kinds() == {Problem.TRUNCATED}
    [problem] = result.problems
    assert (problem.first, problem.last) == (anchored[-3], anchored[-1])


def test_deleting_the_last_ten_events_and_setting_the_head_back_is_found(
    anchored, coordinator, resident
):
    _read(coordinator, resident, n=5)  # 20 events, the last 10 cut off below
    assert audit.verify().ok
    _truncate(None, anchored[-1])
    result = audit.verify()
    assert result.kinds() == {Problem.TRUNCATED}
    assert result.first_break == anchored[-1] + 1


def test_a_cut_off_tail_without_the_head_is_found_even_without_a_checkpoint(chain):
    with tamper(connection):
        AccessEvent.objects.filter(seq__gte=chain[-3]).delete()
    result = audit.verify()
    assert result.kinds() == {Problem.TRUNCATED}
    assert result.first_break == chain[-3]


def test_a_head_set_back_is_found(anchored):
    event = AccessEvent.objects.get(seq=anchored[5])
    AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    assert audit.verify().kinds() == {Problem.HEAD_MISMATCH}


def test_a_head_with_another_hash_is_found(anchored):
    AuditChainHead.objects.filter(pk=1).update(hash="f" * 64)
    assert Problem.HEAD_MISMATCH in audit.verify(checkpoint=False).kinds()


# --- recomputed ----------------------------------------------------------------------


def test_rewriting_an_event_and_recomputing_with_the_unkeyed_digest_is_found(chain):
    """Today's chain verified this as intact. Without the key the forger's hashes do
    not verify, even before any checkpoint was written."""
    k = chain[4]
    _rewrite(k, change={"basis": "nothing to see"}, digest=audit.plain_digest)
    result = audit.verify()
    assert result.kinds() == {Problem.RECOMPUTED}
    [problem] = result.problems
    assert (problem.first, problem.last) == (k, chain[-1])
    assert "without the key" in problem.detail


def test_recomputing_the_whole_chain_with_the_unkeyed_digest_is_found(chain):
    _rewrite(chain[0], digest=audit.plain_digest)
    result = audit.verify()
    assert result.kinds() == {Problem.RECOMPUTED}
    assert result.first_break == chain[0]


def test_recomputing_with_another_key_is_found(chain):
    _rewrite(chain[3], change={"via": "x"}, digest=_hmac_with("a-guessed-key" * 4))
    result = audit.verify()
    assert result.kinds() == {Problem.RECOMPUTED}
    assert "another key" in result.problems[0].detail


def test_recomputing_with_the_stolen_key_is_found_against_the_checkpoint(
    anchored, settings
):
    secret = next(iter(settings.AUDIT_HMAC_KEYS.values()))
    _rewrite(anchored[2], change={"basis": "x"}, digest=_hmac_with(secret))
    result = audit.verify()
    assert result.kinds() == {Problem.RECOMPUTED}
    assert "checkpoint" in result.problems[0].detail
    assert result.first_break == anchored[-1]


def test_an_event_rehashed_alone_is_found(anchored):
    k = anchored[4]
    event = AccessEvent.objects.get(seq=k)
    event.basis = "x"
    with tamper(connection):
        AccessEvent.objects.filter(seq=k).update(
            basis="x", hash=audit.plain_digest(audit._values(event), event.prev_hash)
        )
    result = audit.verify()
    assert result.first_break == k
    assert result.kinds() == {Problem.RECOMPUTED}


# --- checkpoints ---------------------------------------------------------------------


def test_a_forged_checkpoint_is_reported_and_does_not_hide_a_cut(anchored):
    """The forger cuts the tail and appends a checkpoint of the shorter chain; they
    cannot sign it, and the genuine checkpoint still records the real length."""
    keep = anchored[-4]
    _truncate(anchored, keep)
    event = AccessEvent.objects.get(seq=keep)
    forged = {
        "seq": keep, "hash": event.hash, "at": "2030-01-01T00:00:00+00:00",
        "reason": "verify", "verified": {"ok": True}, "key_id": "dev",
        "sig": hashlib.sha256(event.hash.encode()).hexdigest(),
    }  # fmt: skip
    with open(checkpoints.path(), "a") as sink:
        sink.write(json.dumps(forged) + "\n")
    result = audit.verify()
    assert result.kinds() == {Problem.CHECKPOINT_SIGNATURE, Problem.TRUNCATED}


def test_an_edited_checkpoint_is_reported(anchored):
    lines = checkpoints.path().read_text().splitlines()
    payload = json.loads(lines[0])
    payload["seq"] = 3
    checkpoints.path().write_text(json.dumps(payload) + "\n")
    result = audit.verify(checkpoint=False)
    assert result.kinds() == {Problem.CHECKPOINT_SIGNATURE}


def test_a_checkpoint_every_n_events_after_commit(
    chain, coordinator, resident, settings, django_capture_on_commit_callbacks
):
    settings.MEEDOEN_AUDIT_CHECKPOINT_EVERY = 4  # the chain is at 10
    with django_capture_on_commit_callbacks(execute=True):
        _read(coordinator, resident)  # 11, 12: crosses 12
        _read(coordinator, resident)  # 13, 14
        _read(coordinator, resident)  # 15, 16: crosses 16
    lines = checkpoints.read_all()
    assert [(c.seq, c.reason, c.valid) for c in lines] == [
        (12, "interval", True),
        (16, "interval", True),
    ]
    assert lines[0].hash == AccessEvent.objects.get(seq=12).hash


def test_no_checkpoint_for_a_rolled_back_append(chain, coordinator, resident, settings):
    settings.MEEDOEN_AUDIT_CHECKPOINT_EVERY = 1
    with pytest.raises(RuntimeError), transaction.atomic():
        _read(coordinator, resident)
        raise RuntimeError
    assert checkpoints.read_all() == []


# --- keys ----------------------------------------------------------------------------


def test_keys_rotate(chain, coordinator, resident, settings):
    old = dict(settings.AUDIT_HMAC_KEYS)
    settings.AUDIT_HMAC_KEYS = {"2027": "n" * 40, **old}
    _read(coordinator, resident)
    assert set(AccessEvent.objects.values_list("key_id", flat=True)) == {
        "2027",
        *old,
    }
    assert audit.verify().ok
    # Without the old key its events cannot be verified, and that is reported.
    settings.AUDIT_HMAC_KEYS = {"2027": "n" * 40}
    assert audit.verify(checkpoint=False).kinds() == {Problem.UNKNOWN_KEY}


@pytest.mark.parametrize(
    "raw",
    ["k:x", "x", "k:" + "a" * 31, "k:" + "a" * 40 + ",k:" + "b" * 40, "?:" + "a" * 40],
)
def test_bad_keys_are_refused(raw):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_audit_keys(raw)


def test_keys_are_parsed_in_order():
    keys = parse_audit_keys(f"new:{'n' * 32}, old:{'o' * 40}")
    assert list(keys) == ["new", "old"]


def test_production_refuses_to_start_with_a_one_character_audit_key():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "s" * 50,
        "BSN_ENCRYPTION_KEY": "ZGV2ZWxvcG1lbnQta2V5LWZvci1tZWVkb2VuLWRlbW8h",
        "BSN_HASH_KEY": "h" * 40,
        "MEEDOEN_DEMO_LOGIN_WITHOUT_2FA": "0",
    }
    run = [sys.executable, "-c", "import meedoen.conf.settings"]
    short = subprocess.run(
        run, env={**env, "AUDIT_HMAC_KEYS": "k:x"}, capture_output=True, text=True
    )
    assert short.returncode != 0 and "too short" in short.stderr
    missing = subprocess.run(
        run, env={**env, "AUDIT_HMAC_KEYS": ""}, capture_output=True, text=True
    )
    assert missing.returncode != 0 and "AUDIT_HMAC_KEYS" in missing.stderr
    good = subprocess.run(
        run,
        env={**env, "AUDIT_HMAC_KEYS": "k1:" + "k" * 48},
        capture_output=True,
        text=True,
    )
    assert good.returncode == 0, good.stderr


# --- the table is append-only --------------------------------------------------------


def test_the_table_refuses_update_and_delete(chain):
    assert guarded(connection)
    for attempt in (
        lambda: AccessEvent.objects.filter(seq=chain[0]).update(basis="x"),
        lambda: AccessEvent.objects.filter(seq=chain[-1]).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert AccessEvent.objects.count() == 10
    assert audit.verify().ok


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's"
)
def test_the_table_refuses_truncate(chain):
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE privacy_accessevent")
    assert AccessEvent.objects.count() == 10


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database(coordinator, resident):
    """Transactional tests and seed_demo --reset flush the database: the guard is
    lifted for the flush only, and is back afterwards."""
    _read(coordinator, resident)
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessEvent.objects.exists()
    assert guarded(connection)


# --- the command ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tampering", "label"),
    [
        ("edit", "edited event"),
        ("delete", "deleted events in the middle"),
        ("truncate", "truncated tail"),
        ("recompute", "recomputed chain or wrong key"),
        ("head", "head mismatch"),
    ],
)
def test_the_command_names_the_tampering(anchored, tampering, label, capsys):
    k = anchored[4]
    if tampering == "edit":
        with tamper(connection):
            AccessEvent.objects.filter(seq=k).update(basis="x")
    elif tampering == "delete":
        with tamper(connection):
            AccessEvent.objects.filter(seq=k).delete()
    elif tampering == "truncate":
        _truncate(anchored, k)
    elif tampering == "recompute":
        _rewrite(k, change={"basis": "x"}, digest=audit.plain_digest)
    else:
        AuditChainHead.objects.filter(pk=1).update(seq=k)
    with pytest.raises(CommandError, match="tampered"):
        call_command("audit_verify")
    assert f"TAMPERED: {label}" in capsys.readouterr().err


def test_the_command_names_a_forged_checkpoint(anchored, capsys):
    with open(checkpoints.path(), "a") as sink:
        sink.write('{"seq": 1, "hash": "x", "key_id": "dev", "sig": "0"}\n')
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert "TAMPERED: checkpoint signature invalid" in capsys.readouterr().err


# --- recording -----------------------------------------------------------------------


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
