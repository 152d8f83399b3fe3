from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = _("Consent")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from consent.choices import ConsentReminderKind
        from consent.egress_known import register_known_exemptions
        from consent.timeline import register_consent_sources
        from reminders.kinds import reminder_kind_register

        register_consent_sources()
        register_known_exemptions()
        for kind in ConsentReminderKind:
            reminder_kind_register(kind.value, kind.label)
