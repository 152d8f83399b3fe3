from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_migrate

        # Registers the account change kinds that wait for a second person.
        import accounts.services  # noqa: F401
        from accounts.models import User
        from accounts.roles import sync_role_groups

        # Every role has its group after every migrate (a fresh database, a flushed test one).
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts_sync_roles")
        m2m_changed.connect(
            _role_forget, sender=User.groups.through, dispatch_uid="accounts_role_forget"
        )


def _role_forget(sender, instance, action, reverse, **kwargs) -> None:
    """A user whose groups change through this instance forgets a role loaded with them, so no
    later check in the same request trusts the old role."""
    if not reverse and action.startswith("post_"):
        instance.role_forget()
