"""List what has passed its retention period, and anonymise or destroy it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meedoen.privacy_office import retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules: anonymise or destroy residents whose every "
        "trajectory has passed its retention period. Use --dry-run to only report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what is due (with resident ids) without changing anything.",
        )
        parser.add_argument(
            "--today",
            help="Pretend today is this date (YYYY-MM-DD), e.g. to preview next year.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date like 2035-01-31.") from None
        items = retention.due(today)
        report = retention.apply(items, dry_run=options["dry_run"], via=retention.VIA)
        for line in report.lines(with_ids=options["dry_run"]):
            self.stdout.write(line)
