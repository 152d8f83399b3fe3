"""Program and Reminder now belong to the organization and reminders apps. No table changes:
the case keeps pointing at the same program rows, and reminders stay where they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("organization", "0001_initial"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="program",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="organization.program",
                    ),
                ),
                migrations.DeleteModel(name="Reminder"),
                migrations.DeleteModel(name="Program"),
            ],
            database_operations=[],
        ),
    ]
