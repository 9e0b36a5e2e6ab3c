"""``manage.py enrolment_code USERNAME``: a one-time enrolment code from the command
line, for the first administrator (who has nobody to ask) and for operators."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from meedoen.accounts.services import enrolment_code_issue
from meedoen.organisations.models import Professional


class Command(BaseCommand):
    help = (
        "Issue a one-time code with which USERNAME enrols an authenticator app. "
        "Removes their current second-factor devices. The code is printed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            professional = Professional.objects.get(username=options["username"])
        except Professional.DoesNotExist as exc:
            raise CommandError(f"No professional {options['username']!r}.") from exc
        issued = enrolment_code_issue(professional=professional, by=None)
        expires = timezone.localtime(issued.enrolment_code.expires_at)
        self.stdout.write(
            f"Enrolment code for {professional.username}: {issued.code}\n"
            f"Valid once, until {expires:%Y-%m-%d %H:%M}."
        )
