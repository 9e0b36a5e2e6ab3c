"""The append-only guard on the audit table (migration ``core/0003``), and the one
way to lift it: as the table's owner, for a maintenance step that empties the whole
database (``manage.py flush``: the test suite, ``seed_demo --reset``) or for a test
that plays the database administrator who tampers with the trail.

The application never lifts it: on a production database with the roles of
docs/deployment.md it could not (only the owner may disable or drop a trigger).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "privacy_accessevent"
TRIGGER = "accessevent_append_only"


@contextmanager
def lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Disable the guard for the duration of the block (owner only)."""
    if connection.vendor == "postgresql":
        # ALTER TABLE refuses while deferred foreign-key checks of rows written in
        # this transaction are pending: run them now, defer again afterwards.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = %s",
                [TABLE],
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
    else:
        yield


def guarded(connection: BaseDatabaseWrapper) -> bool:
    """Whether the guard is in place on this database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgenabled FROM pg_trigger "
                "WHERE tgname = 'accessevent_append_only'"
            )
            row = cursor.fetchone()
            return row is not None and row[0] != "D"
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = %s",
                [TABLE],
            )
            return bool(cursor.fetchone()[0] == 2)
    return False
