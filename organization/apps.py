from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organization")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.change_requests import change_kind_register
        from organization.services import SUPERVISOR_CHANGE_KIND

        change_kind_register(SUPERVISOR_CHANGE_KIND)
