"""Produce a resident's access export (AVG art. 15) as JSON and PDF files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from meedoen.privacy_office import export
from meedoen.residents.models import Resident

FORMATS = ("json", "pdf")


class Command(BaseCommand):
    help = (
        "Write everything held on one resident (all categories, plan, notes and the "
        "audit of who accessed the file) as a JSON file and a readable PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("resident_id", type=int)
        parser.add_argument(
            "--out", required=True, help="Directory to write the files to."
        )
        parser.add_argument(
            "--format",
            default="json,pdf",
            help="Comma-separated formats: json, pdf (default both).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        formats = [f.strip() for f in options["format"].split(",") if f.strip()]
        unknown = sorted(set(formats) - set(FORMATS))
        if unknown or not formats:
            raise CommandError(f"Unknown format: {', '.join(unknown) or '(none)'}.")
        try:
            resident = Resident.objects.select_related(
                "municipality", "neighbourhood"
            ).get(pk=options["resident_id"])
        except Resident.DoesNotExist:
            raise CommandError(
                f"No resident with id {options['resident_id']}."
            ) from None
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        data = export.access_request(
            resident, requested_by=None, via=export.VIA_COMMAND
        )
        stem = f"inzage-{resident.pk}-{timezone.localdate().isoformat()}"
        for fmt in FORMATS:
            if fmt not in formats:
                continue
            content = (
                export.access_request_json(data)
                if fmt == "json"
                else export.access_request_pdf(data)
            )
            path = out / f"{stem}.{fmt}"
            path.write_bytes(content)
            path.chmod(0o600)
            self.stdout.write(str(path))
