from django.apps import AppConfig


class CasefileConfig(AppConfig):
    """The resident's file and intake: the one place that assembles a file from the
    domain apps (through the privacy door) and that registers a resident with a
    trajectory."""

    name = "meedoen.casefile"
