"""Import or export a municipality's social map.

    manage.py socialmap import aanbod.xlsx --municipality 0202   (CSV, XLSX or HSDS JSON)
    manage.py socialmap export kaart.json --municipality 0202    (Open Referral HSDS 3)

An import is all or nothing: with any wrong row nothing is saved and every problem is
listed with its row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meedoen.organisations.models import Municipality
from meedoen.socialmap import exchange


class Command(BaseCommand):
    help = (
        "Import offers (CSV, XLSX, HSDS JSON) or export the social map as HSDS 3 JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("path")
        parser.add_argument(
            "--municipality", required=True, help="CBS code, e.g. 0202 for Arnhem."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            municipality = Municipality.objects.get(code=options["municipality"])
        except Municipality.DoesNotExist:
            raise CommandError("Unknown municipality code.") from None
        path = Path(options["path"])
        if options["action"] == "export":
            data = exchange.export_hsds(municipality)
            path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
            self.stdout.write(f"{len(data['services'])} offers written to {path}.")
            return
        content = path.read_bytes()
        if path.suffix.lower() == ".json":
            result = exchange.import_hsds(json.loads(content), municipality)
        else:
            result = exchange.import_offers(content, path.name, municipality)
        if result.errors:
            raise CommandError("Nothing imported.\n" + "\n".join(result.errors))
        self.stdout.write(f"{result.created} offers added, {result.updated} changed.")
