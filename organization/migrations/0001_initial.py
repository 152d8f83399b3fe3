"""Program moves here from the cases app. Its tables stay as they are (cases_program and
cases_program_supervisors): only Django's picture of which app owns them changes."""

import uuid

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
                    name="Program",
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
                            "name",
                            models.CharField(max_length=120, unique=True, verbose_name="name"),
                        ),
                        (
                            "supervisors",
                            models.ManyToManyField(
                                blank=True,
                                db_table="cases_program_supervisors",
                                related_name="supervised_programs",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "cases_program", "ordering": ["name"]},
                ),
            ],
            database_operations=[],
        ),
    ]
