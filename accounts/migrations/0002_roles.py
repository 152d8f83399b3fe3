"""Create the six role groups. Their model permissions are synced after every migrate
(accounts.roles.sync_role_permissions), because some belong to apps migrated later."""

from django.db import migrations

ROLES = ["advocate", "clinician", "supervisor", "administrator", "partner", "auditor"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
