"""Retention of the contacts neighbours left on an activation team's wishes: blanked a
year after the wish was recorded (run daily, next to ``retention_apply``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from meedoen.outreach.personal_data import wish_contacts_expire


class Command(BaseCommand):
    help = "Blank neighbours' contacts on wishes recorded more than a year ago."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=365)

    def handle(self, *args: Any, **options: Any) -> None:
        n = wish_contacts_expire(timezone.localdate(), keep_days=options["days"])
        self.stdout.write(f"{n} contacts blanked")
