"""``flush`` empties the whole database, the audit trail included: the append-only
guard on the audit table is lifted for the flush only (meedoen.core.append_only).
Only the table's owner can do that, so on a production database with separate roles
the application's role cannot flush the trail (docs/deployment.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from meedoen.core.append_only import lifted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with lifted(connections[options["database"]]):
            super().handle(**options)
