from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    """The ground floor: tenancy, the audit trail, crypto, deny-by-default, the
    category registry, the write rules and the form and admin plumbing. It imports
    nothing of the domain."""

    name = "meedoen.core"
    label = "core"

    def ready(self) -> None:
        # Each app declares its personal data and its privacy-office handlers in its
        # own personal_data.py (meedoen.core.personal_data): load them all.
        autodiscover_modules("personal_data")
