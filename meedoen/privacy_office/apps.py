from django.apps import AppConfig


class PrivacyOfficeConfig(AppConfig):
    """The privacy office: the resident's right of access, retention runs, the audit
    trail and the review of emergency accesses, and their commands. Built from the
    personal-data handlers each domain app registers."""

    name = "meedoen.privacy_office"
