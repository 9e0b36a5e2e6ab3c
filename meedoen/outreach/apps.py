from django.apps import AppConfig


class OutreachConfig(AppConfig):
    """Reaching residents who do not come to the front door: campaigns of home visits
    over the addresses of a neighbourhood, and activation teams of residents who ask
    their neighbours what they would like to see happen."""

    name = "meedoen.outreach"
