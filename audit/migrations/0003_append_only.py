from django.db import migrations, models


def install(apps, schema_editor):
    from audit.triggers import triggers_install

    triggers_install(schema_editor.connection)


def remove(apps, schema_editor):
    from audit.triggers import triggers_remove

    triggers_remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_hash_chain"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["target_type", "target_id", "action"], name="audit_audit_target__d356b8_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("lane", "seq"), name="audit_event_unique_link"
            ),
        ),
        migrations.RunPython(install, remove),
    ]
