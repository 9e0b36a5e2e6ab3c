"""The audit trail is append-only in the database itself: a trigger refuses UPDATE,
DELETE and TRUNCATE on the events, whoever asks. Only the table's owner can lift it
(ALTER TABLE ... DISABLE TRIGGER, or dropping it), and with the roles of
docs/deployment.md the application does not own the table. ``manage.py flush`` (the
test suite, ``seed_demo --reset``) lifts it for the flush only, as the owner.

The head row (AuditChainHead) must be updated on every append and is not guarded: the
signed checkpoints outside the database catch a head that was set back.
"""

from django.db import migrations

TABLE = "privacy_accessevent"

POSTGRES = f"""
CREATE FUNCTION meedoen_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER accessevent_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION meedoen_audit_append_only();
"""
POSTGRES_REVERSE = f"""
DROP TRIGGER IF EXISTS accessevent_append_only ON {TABLE};
DROP FUNCTION IF EXISTS meedoen_audit_append_only();
"""

# SQLite has no TRUNCATE (a DELETE without WHERE fires the delete trigger) and only
# row triggers.
SQLITE = [
    f"""CREATE TRIGGER accessevent_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER accessevent_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS accessevent_no_update",
    "DROP TRIGGER IF EXISTS accessevent_no_delete",
]


class RunSQLOn(migrations.RunSQL):
    """RunSQL for one database vendor; a no-op on the others."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_keyed_chain")]

    operations = [
        RunSQLOn("postgresql", POSTGRES, POSTGRES_REVERSE),
        RunSQLOn("sqlite", SQLITE, SQLITE_REVERSE),
    ]
