"""Test helpers for the audit trail: the table is append-only (a trigger refuses
UPDATE and DELETE), so a test that wants an empty trail, or plays the database
administrator who tampers with it, lifts the guard as the table's owner would."""

from django.db import connection

from meedoen.core import audit
from meedoen.core.append_only import lifted
from meedoen.core.models import AccessEvent, AuditChainHead


def empty_audit_trail() -> None:
    """Remove every event and reset the head: a test starts from an empty chain."""
    with lifted(connection):
        AccessEvent.objects.all().delete()
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"seq": 0, "hash": audit.GENESIS}
    )
