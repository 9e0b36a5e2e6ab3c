from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: tenancy, the audit trail, crypto, deny-by-default, the
    category registry, the write rules and the form and admin plumbing. It imports
    nothing of the domain."""

    name = "meedoen.core"
    label = "core"
