from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases.choices import ReminderKind
        from cases.packet import register_packet_sections
        from cases.selectors.trail import trail_sources_register
        from cases.timeline import register_case_sources
        from reminders.kinds import reminder_kind_register

        # The case page's own entries, through the registry every app adds its entries to.
        register_case_sources()
        # How the auditor's trail names cases' rows and shows break-glass reasons.
        trail_sources_register()
        for kind in ReminderKind:
            reminder_kind_register(kind.value, kind.label)
        # The case's own information, as a partner receives it under a release.
        register_packet_sections()
