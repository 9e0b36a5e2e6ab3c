from django.apps import AppConfig


class SocialmapConfig(AppConfig):
    """The social map (sociale kaart): offers, matching, referrals and routes."""

    name = "meedoen.socialmap"
    label = "socialmap"
