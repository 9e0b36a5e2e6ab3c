"""Verify the audit trail: the keyed chain, the head and the signed checkpoints."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meedoen.core import audit, checkpoints


class Command(BaseCommand):
    help = (
        "Verify the audit trail's keyed hash chain against the head and the signed "
        "checkpoints outside the database, report every kind of tampering found "
        "(edited, deleted, truncated, recomputed, head, checkpoint signature), and "
        "write a new signed checkpoint with the result."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="Only verify; do not write a checkpoint of the head.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit.verify(checkpoint=not options["no_checkpoint"])
        anchor = result.last_checkpoint
        if anchor is None:
            self.stdout.write(
                f"No signed checkpoint in {checkpoints.path()} yet: a cut-off tail "
                "can only be found from the next checkpoint on."
            )
        else:
            self.stdout.write(
                f"Checked against {result.anchors} signed checkpoints; the last "
                f"records #{anchor.seq} at {anchor.at}."
            )
        if result.written is not None:
            self.stdout.write(
                f"Checkpoint written: #{result.written.seq} to {checkpoints.path()}."
            )
        if result.sink_error:
            self.stderr.write(f"Checkpoint NOT written: {result.sink_error}")
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(f"TAMPERED: {problem}")
            raise CommandError(
                f"Audit trail tampered: {len(result.problems)} problem(s), first at "
                f"event #{result.first_break} ({result.checked} events read)."
            )
        self.stdout.write(f"Audit chain intact: {result.checked} events verified.")
        if result.sink_error:
            raise CommandError("The chain is intact, but no checkpoint was written.")
