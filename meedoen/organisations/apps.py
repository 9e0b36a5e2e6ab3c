from typing import Any

from django.apps import AppConfig
from django.apps import apps as registry
from django.db.models.signals import post_migrate


def _sync_groups(sender: Any, **kwargs: Any) -> None:
    # post_migrate is sent app by app (those with models), and each app's permissions
    # are created by its own: only after the last one do they all exist.
    with_models = [a for a in registry.get_app_configs() if a.models_module is not None]
    if sender is not with_models[-1]:
        return
    from meedoen.organisations.services import functional_admin_group_sync

    functional_admin_group_sync()


class OrganisationsConfig(AppConfig):
    name = "meedoen.organisations"

    def ready(self) -> None:
        # After every migrate, so new models' permissions reach the group too.
        post_migrate.connect(_sync_groups, dispatch_uid="meedoen.sync_groups")
