"""The privacy officer sees on the audit log whether the trail is intact: the latest
signed checkpoint, whether the trail still reaches it, and the latest verification."""

import pytest
from django.db import connection
from django.urls import reverse

from meedoen.core import audit, checkpoints
from meedoen.core.append_only import lifted
from meedoen.core.models import AccessEvent, AuditChainHead
from meedoen.privacy.tests import scenario as sc
from meedoen.web.tests.helpers import assert_page_basics, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(arnhem):
    return sc.privacy_officer(arnhem)


def _page(client, officer):
    response = login(client, officer).get(reverse("audit_log"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    return html


def test_without_a_checkpoint_the_panel_says_so(client, officer, resident):
    html = _page(client, officer)
    assert "Is the audit trail intact?" in html
    assert "none yet" in html
    assert "not yet run" in html


def test_after_a_verification_the_panel_shows_it(client, officer, resident):
    result = audit.verify()
    html = _page(client, officer)
    assert f"event #{result.head_seq}" in html
    assert "the trail still reaches it unchanged" in html
    assert f"intact, {result.checked} events verified" in html


def test_a_cut_off_tail_shows_at_once_and_after_verification(
    client, officer, resident, coordinator
):
    audit.record(user=coordinator, residents=[resident], action="read", via="t",
                 basis="b")  # fmt: skip
    assert audit.verify().ok
    head = AuditChainHead.objects.get(pk=1)
    keep = AccessEvent.objects.get(seq=head.seq - 1)
    with lifted(connection):
        AccessEvent.objects.filter(seq__gt=keep.seq).delete()
    AuditChainHead.objects.filter(pk=1).update(seq=keep.seq, hash=keep.hash)
    html = _page(client, officer)
    assert "the trail no longer matches it" in html
    assert not audit.verify().ok
    html = _page(client, officer)
    assert "tampering found" in html and "truncated" in html


def test_a_forged_checkpoint_line_is_shown(client, officer, resident):
    audit.verify()
    with open(checkpoints.path(), "a") as sink:
        sink.write('{"seq": 1, "hash": "x", "key_id": "dev", "sig": "0"}\n')
    assert "1 line with an invalid signature" in _page(client, officer)
