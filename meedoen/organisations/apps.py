from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_groups(sender: Any, **kwargs: Any) -> None:
    from meedoen.organisations.services import functional_admin_group_sync

    functional_admin_group_sync()


class OrganisationsConfig(AppConfig):
    name = "meedoen.organisations"

    def ready(self) -> None:
        # After every migrate, so new models' permissions reach the group too.
        post_migrate.connect(_sync_groups, sender=self)
