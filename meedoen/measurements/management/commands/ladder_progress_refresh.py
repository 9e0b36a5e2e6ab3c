"""Recompute the stored six-month ladder follow-up of every trajectory, after a
change of ``MEEDOEN_FOLLOW_UP_MIN_DAYS`` (see ``meedoen.measurements.window``)."""

from typing import Any

from django.core.management.base import BaseCommand

from meedoen.measurements.services import ladder_progress_refresh_all
from meedoen.measurements.window import follow_up_min_days


class Command(BaseCommand):
    help = "Recompute the six-month ladder follow-up of every trajectory."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = ladder_progress_refresh_all()
        self.stdout.write(
            f"{changed} trajectories changed (follow-up at least "
            f"{follow_up_min_days()} days after the baseline, within six calendar "
            "months of the start)."
        )
