from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _prepare_trail(sender, using, **kwargs) -> None:
    # SQLite drops a table's triggers when a migration rebuilds it: put them back every time.
    # The chain's lane heads are created here too, so that after a new database or a flush
    # they exist, committed, before the first request writes an event.
    from django.db import connections

    from audit.chain import chain_heads_ensure
    from audit.database_roles import audit_privileges_restrict
    from audit.triggers import audit_chain_exists, triggers_install

    connection = connections[using]
    if audit_chain_exists(connection):
        triggers_install(connection)
        chain_heads_ensure(using)
        # Tables a migration just created got the owner's default grants, UPDATE and DELETE
        # among them: take back from every other role all but reading and adding.
        audit_privileges_restrict(connection)


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from audit import signals  # noqa: F401 - connects the sign-in receivers

        post_migrate.connect(_prepare_trail, sender=self, dispatch_uid="audit_prepare_trail")
