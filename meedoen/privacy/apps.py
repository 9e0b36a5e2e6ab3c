from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_defaults(sender: Any, **kwargs: Any) -> None:
    """Restore the default policy where it is missing: after ``flush`` (``seed_demo
    --reset``, transactional tests) the data migration's rows are gone. Tables that
    hold configuration are left alone, so an administrator's choices stay."""
    from meedoen.core.models import AuditChainHead
    from meedoen.privacy.defaults import install_current
    from meedoen.privacy.models import CategoryAccess, RetentionRule

    if not (CategoryAccess.objects.exists() and RetentionRule.objects.exists()) or (
        not AuditChainHead.objects.exists()
    ):
        install_current()


class PrivacyConfig(AppConfig):
    name = "meedoen.privacy"

    def ready(self) -> None:
        from meedoen.privacy import rules

        rules.install()
        post_migrate.connect(_install_defaults, sender=self)
