"""``manage.py bench_generate --residents N --seed S``: a large city for benchmarks
(``meedoen.demo.bench``). Never on a database with real residents."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meedoen.demo.bench import BenchError, generate


class Command(BaseCommand):
    help = (
        "Generate N synthetic residents with households, trajectories, case teams, "
        "plans, meetings, measurements and audit events on top of the demo (COPY on "
        "PostgreSQL). For benchmarks only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--residents", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--audit-per-resident",
            type=int,
            default=20,
            help="Audit events per resident on average (sealed into the chain).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = generate(
                residents=options["residents"],
                seed=options["seed"],
                audit_per_resident=options["audit_per_resident"],
                log=lambda message: self.stdout.write(f"  {message}"),
            )
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        for table, n in sorted(result.counts.items()):
            self.stdout.write(f"  {table:36} {n:>12,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.residents:,} residents generated in {result.seconds:.0f} s"
            )
        )
