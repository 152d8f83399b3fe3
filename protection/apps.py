from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "protection"
    verbose_name = _("Protection")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from protection import keyring

        # Fail at start-up, not at the first encrypted read, when keys are missing.
        keyring.get_keyring()
