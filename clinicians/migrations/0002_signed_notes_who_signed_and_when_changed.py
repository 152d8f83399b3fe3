"""Clinical and psychotherapy notes become signed notes like case notes (``cases.models.
SignedNote``): they gain who signed them and when they last changed.

Data: ``signed_by`` is the author of every note already signed (only the author ever signed
one); ``updated_at`` is when the note was written, the last change known. No encrypted column
is touched and no row's version changes, so every body's ciphertext (bound to its table, column,
row and version) opens as before.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

NOTE_MODELS = ("ClinicalNote", "PsychotherapyNote")


def backfill(apps, schema_editor):
    for name in NOTE_MODELS:
        notes = apps.get_model("clinicians", name).objects
        notes.update(updated_at=F("created_at"))
        notes.filter(signed_at__isnull=False).update(signed_by=F("author"))


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
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
