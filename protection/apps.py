from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "protection"
    verbose_name = _("Protection")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from celery.signals import task_postrun, task_prerun

        from protection import envelope, keyring

        # Fail at start-up, not at the first encrypted read, when keys are missing.
        keyring.get_keyring()
        task_prerun.connect(envelope.task_scope_begin, weak=False)
        task_postrun.connect(envelope.task_scope_end, weak=False)
