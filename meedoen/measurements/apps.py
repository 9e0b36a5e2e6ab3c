import importlib
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_instruments(sender: Any, **kwargs: Any) -> None:
    """Restore the shipped instruments when none exist (after ``flush``); existing
    instruments, possibly edited by an administrator, are never overwritten."""
    from django.apps import apps

    from meedoen.measurements.models import Instrument

    if not Instrument.objects.exists():
        migration = importlib.import_module(
            "meedoen.measurements.migrations.0002_instruments"
        )
        migration.install(apps, None)


class MeasurementsConfig(AppConfig):
    name = "meedoen.measurements"

    def ready(self) -> None:
        post_migrate.connect(_install_instruments, sender=self)
