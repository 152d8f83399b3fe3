"""Clinical and psychotherapy notes become signed notes like case notes (``cases.models.
SignedNote``): they gain who signed them and when they last changed. The next migration fills
both for the notes already written (apart from this one: on PostgreSQL a table's new index
cannot be built in the transaction that has just updated its rows).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinicians", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *[
            operation
            for model_name in ("clinicalnote", "psychotherapynote")
            for operation in (
                migrations.AddField(
                    model_name=model_name,
                    name="signed_by",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AddField(
                    model_name=model_name,
                    name="updated_at",
                    field=models.DateTimeField(default=django.utils.timezone.now),
                ),
            )
        ],
    ]
