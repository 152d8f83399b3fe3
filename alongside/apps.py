from django.apps import AppConfig


class AlongsideConfig(AppConfig):
    """The project package as an app, for its shared template tags."""

    name = "alongside"
    verbose_name = "Alongside"
