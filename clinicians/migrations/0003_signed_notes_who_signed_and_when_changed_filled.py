"""Who signed the notes already signed, and when each note last changed, for the notes written
before clinical and psychotherapy notes became signed notes (0002).

``signed_by`` is the author of every note already signed (only the author ever signed one);
``updated_at`` is when the note was written, the last change known. No encrypted column is
touched and no row's version changes, so every body's ciphertext (bound to its table, column,
row and version) opens as before.
"""

from django.db import migrations
from django.db.models import F

NOTE_MODELS = ("ClinicalNote", "PsychotherapyNote")


def backfill(apps, schema_editor):
    for name in NOTE_MODELS:
        notes = apps.get_model("clinicians", name).objects
        notes.update(updated_at=F("created_at"))
        notes.filter(signed_at__isnull=False).update(signed_by=F("author"))


class Migration(migrations.Migration):
    dependencies = [("clinicians", "0002_signed_notes_who_signed_and_when_changed")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
