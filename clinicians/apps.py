from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CliniciansConfig(AppConfig):
    name = "clinicians"
    verbose_name = _("Clinicians")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from clinicians.choices import ClinicianReminderKind
        from clinicians.packet import register_packet_sections
        from clinicians.timeline import register_clinician_sources
        from reminders.kinds import reminder_kind_register

        for kind in ClinicianReminderKind:
            reminder_kind_register(kind.value, kind.label)
        register_clinician_sources()
        # The clinical summary a partner receives under a release that names it.
        register_packet_sections()
