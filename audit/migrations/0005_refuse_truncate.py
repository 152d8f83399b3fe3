from django.db import migrations


def install(apps, schema_editor):
    # Idempotent: installs the truncate triggers next to the append-only one already there.
    from audit.triggers import triggers_install

    triggers_install(schema_editor.connection)


def remove(apps, schema_editor):
    from audit.triggers import POSTGRESQL_REMOVE_TRUNCATE

    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REMOVE_TRUNCATE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_search_action"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
