"""The audit chain becomes keyed: every event records the id of the HMAC key that
sealed it (AUDIT_HMAC_KEYS).

Events written before carry an unkeyed SHA-256. meedoen holds no real files yet, so
rather than accept unkeyed events forever (which would let anyone rewrite the trail
as "old" events), this migration verifies the unkeyed chain once and reseals it under
the current key. A chain that does not verify is refused: investigate it first.
"""

import hashlib
import hmac
from datetime import UTC

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64
EVENT_DOMAIN = b"meedoen-audit-event\x1f"


def _fields(e, key_id, prev_hash):
    fields = [
        str(e.seq),
        e.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        str(e.professional_id or ""),
        str(e.municipality_id),
        str(e.resident_id),
        e.action,
        e.category,
        e.basis,
        e.via,
    ]
    if key_id is not None:
        fields.append(key_id)
    fields.append(prev_hash)
    return "\x1f".join(fields).encode()


def reseal(apps, schema_editor):
    AccessEvent = apps.get_model("core", "AccessEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    key_id, secret = next(iter(settings.AUDIT_HMAC_KEYS.items()))
    expected, old_prev, new_prev, last = 1, GENESIS, GENESIS, 0
    while True:
        page = list(AccessEvent.objects.filter(seq__gt=last).order_by("seq")[:5000])
        if not page:
            break
        for e in page:
            plain = hashlib.sha256(_fields(e, None, e.prev_hash)).hexdigest()
            if e.seq != expected or e.prev_hash != old_prev or e.hash != plain:
                raise RuntimeError(
                    f"The audit chain does not verify at event #{e.seq}; it is not "
                    "resealed. Investigate before migrating (manage.py audit_verify "
                    "on the previous version)."
                )
            old_prev = e.hash
            e.key_id, e.prev_hash = key_id, new_prev
            e.hash = new_prev = hmac.new(
                secret.encode(),
                EVENT_DOMAIN + _fields(e, key_id, new_prev),
                hashlib.sha256,
            ).hexdigest()
            expected += 1
        AccessEvent.objects.bulk_update(page, ["key_id", "prev_hash", "hash"])
        last = page[-1].seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None:
        if (head.seq, head.hash) != (expected - 1, old_prev):
            raise RuntimeError("The audit chain's head does not match its last event.")
        AuditChainHead.objects.filter(pk=1).update(hash=new_prev)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="accessevent",
            name="key_id",
            field=models.CharField(
                default="",
                help_text="Id of the audit key (AUDIT_HMAC_KEYS) that sealed this event.",
                max_length=16,
                verbose_name="key",
            ),
        ),
        migrations.AlterField(
            model_name="accessevent",
            name="hash",
            field=models.CharField(
                help_text="HMAC-SHA256 over this event and the previous hash.",
                max_length=64,
                verbose_name="hash",
            ),
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop),
    ]
