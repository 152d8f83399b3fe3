from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts.roles import sync_role_permissions

        # Roles gain the permissions of models that later apps add, after every migrate.
        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts_sync_roles")
