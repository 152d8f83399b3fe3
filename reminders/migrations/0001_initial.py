"""Reminder moves here from the cases app. Its table stays as it is (cases_reminder): only
Django's picture of which app owns it changes."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("quiet_case", "No contact for a while: reach out"),
                                    ("follow_up", "Follow up"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("due_on", models.DateField()),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("done_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "assignee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reminders",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="cases.case",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "cases_reminder",
                        "ordering": ["due_on"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("done_at__isnull", True)),
                                fields=("case", "kind"),
                                name="one_open_reminder_per_kind",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
