from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Partner directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from directory.egress import register_directory_egress

        register_directory_egress()
