"""``manage.py seed_demo``: the demo municipality Arnhem, for trying meedoen out.

Idempotent: when the demo is already in the database it changes nothing. ``--reset``
empties the database first (only when it holds nothing but the demo).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meedoen.demo.seed import (
    DEFAULT_SEED,
    DemoError,
    demo_municipality,
    seed_demo,
    stage_counts,
)
from meedoen.organisations.models import Municipality


class Command(BaseCommand):
    help = (
        "Create the demo municipality Arnhem: about 600 synthetic residents, 40 "
        "professionals, trajectories, plans and meetings. Does nothing if the demo "
        "is already there. Never run it on a database with real residents."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Random seed; the same seed on the same day gives the same data.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the whole database first (flush), then seed again. Refused "
            "when the database holds anything besides the demo.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 1
        if options["reset"]:
            self.reset()
        try:
            result = seed_demo(
                seed=options["seed"],
                log=(lambda message: self.stdout.write(f"  {message}"))
                if verbose
                else None,
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write(
                self.style.WARNING(
                    f"The demo municipality {result.municipality} is already there; "
                    "nothing changed. Use --reset to start again."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo municipality {result.municipality} created in "
                    f"{result.seconds:.1f} s."
                )
            )
            for name, count in result.counts.items():
                self.stdout.write(f"  {name:<20} {count:>6}")
            if verbose:
                for stage, count in stage_counts(result.municipality):
                    self.stdout.write(f"  open in {stage:<26} {count:>4}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {result.password}):")
        for login in result.logins:
            self.stdout.write(
                f"  {login.username:<12} {login.first_name} {login.last_name}: "
                f"{login.shows}"
            )
        self.stdout.write(
            "Every other demo professional has the same password (see the admin)."
        )

    def reset(self) -> None:
        demo = demo_municipality()
        others = Municipality.objects.all()
        if demo is not None:
            others = others.exclude(pk=demo.pk)
        if others.exists():
            raise CommandError(
                "--reset empties the whole database, and this one holds more than the "
                "demo. Refused."
            )
        if demo is not None:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Database emptied.")
