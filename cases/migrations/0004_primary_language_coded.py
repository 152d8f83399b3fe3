"""The primary language becomes a code (plaintext, for reports); free text that matches no
code moves to ``primary_language_other``, encrypted under the case's data key.

A stored value becomes a code when it is the code itself or a name of the language, whatever
its case; anything else becomes "other" with the text, as typed, sealed in the new column. Every
case's new cell is sealed (the language, or an empty text), bound to the row's version, as
the field does. The names are listed here, not read from the choices, so the migration keeps its
meaning whatever the vocabulary becomes.
"""

import uuid

from django.db import migrations, models

import protection.fields
from protection.aead import open_with, seal_with
from protection.envelope import OwnerRef, data_key_cache, data_key_cipher

NAMES = {
    "en": ["english"],
    "es": ["spanish", "español", "espanol", "castilian"],
    "zh": ["chinese", "mandarin", "cantonese", "中文", "putonghua"],
    "vi": ["vietnamese", "tiếng việt", "tieng viet"],
    "tl": ["tagalog", "filipino"],
    "ar": ["arabic", "العربية"],
    "fr": ["french", "français", "francais"],
    "ht": ["haitian creole", "haitian", "kreyòl", "kreyol", "creole"],
    "ko": ["korean", "한국어"],
    "ru": ["russian", "русский"],
    "pt": ["portuguese", "português", "portugues"],
    "hi": ["hindi"],
    "th": ["thai"],
    "km": ["khmer", "cambodian"],
    "ro": ["romanian", "română", "romana"],
    "uk": ["ukrainian", "українська"],
    "am": ["amharic"],
    "bn": ["bengali", "bangla"],
    "my": ["burmese", "myanmar"],
    "ja": ["japanese"],
    "ne": ["nepali"],
    "fa": ["persian", "farsi", "dari"],
    "pl": ["polish"],
    "so": ["somali"],
    "sw": ["swahili", "kiswahili"],
    "ti": ["tigrinya"],
    "ur": ["urdu"],
}
CODE_OF = {name: code for code, names in NAMES.items() for name in (code, *names)}
OTHER, DECLINED = "other", "prefer_not_to_say"
CODE_OF.update({"prefer not to say": DECLINED, DECLINED: DECLINED})
TABLE, COLUMN = "cases_case", "primary_language_other"
BATCH = 1000


def _aad(pk: uuid.UUID, version) -> bytes:
    base = f"alongside.field.v1|{TABLE}|{COLUMN}|".encode() + pk.bytes
    return base + b"|version|" + str(int(version)).encode("ascii")


def _rows(connection):
    """Every case's id, version, language and new cell, a batch at a time."""
    last = "" if connection.vendor == "sqlite" else uuid.UUID(int=0)
    select = (
        f"SELECT id, version, primary_language, {COLUMN} FROM {TABLE} "  # noqa: S608
        f"WHERE id > %s ORDER BY id LIMIT {BATCH}"
    )
    while True:
        with connection.cursor() as cursor:
            cursor.execute(select, [last])
            rows = cursor.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _cipher(raw_id):
    pk = raw_id if isinstance(raw_id, uuid.UUID) else uuid.UUID(str(raw_id))
    return pk, data_key_cipher(OwnerRef("cases.case", pk), create=True)


def forward(apps, schema_editor):
    connection = schema_editor.connection
    update = f"UPDATE {TABLE} SET primary_language = %s, {COLUMN} = %s WHERE id = %s"  # noqa: S608
    with data_key_cache():
        for rows in _rows(connection):
            updates = []
            for raw_id, version, language, _cell in rows:
                pk, cipher = _cipher(raw_id)
                typed = (language or "").strip()
                code = CODE_OF.get(typed.casefold(), OTHER) if typed else ""
                # An empty text, as a case opened today stores when no other language is given.
                written = typed if code == OTHER else ""
                sealed = seal_with(cipher, written.encode(), aad=_aad(pk, version))
                updates.append([code, sealed, raw_id])
            with connection.cursor() as cursor:
                cursor.executemany(update, updates)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    update = f"UPDATE {TABLE} SET primary_language = %s WHERE id = %s"  # noqa: S608
    with data_key_cache():
        for rows in _rows(connection):
            updates = []
            for raw_id, version, language, cell in rows:
                if language == OTHER and cell is not None:
                    pk, cipher = _cipher(raw_id)
                    text = open_with(cipher, bytes(cell), aad=_aad(pk, version)).decode()
                elif language in NAMES:
                    text = NAMES[language][0].title()
                else:
                    text = ""
                updates.append([text[:40], raw_id])
            with connection.cursor() as cursor:
                cursor.executemany(update, updates)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_sealed_absences_and_versions"),
        ("protection", "0001_initial"),
    ]

    operations = [
        # The column is added as the bare nullable bytes it is in the database: an encrypted
        # field has no default a migration could write (a cell is sealed per row, below).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(
                    model_name="case",
                    name="primary_language_other",
                    field=models.BinaryField(null=True, blank=True),
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="case",
                    name="primary_language_other",
                    field=protection.fields.EncryptedTextField(
                        verbose_name="primary language (other)"
                    ),
                ),
            ],
        ),
        migrations.RunPython(forward, backward, elidable=False),
        migrations.AlterField(
            model_name="case",
            name="primary_language",
            field=models.CharField(
                blank=True,
                choices=[
                    ("en", "English"),
                    ("es", "Spanish"),
                    ("zh", "Chinese (Mandarin, Cantonese or another)"),
                    ("vi", "Vietnamese"),
                    ("tl", "Tagalog (Filipino)"),
                    ("ar", "Arabic"),
                    ("fr", "French"),
                    ("ht", "Haitian Creole"),
                    ("ko", "Korean"),
                    ("ru", "Russian"),
                    ("pt", "Portuguese"),
                    ("hi", "Hindi"),
                    ("th", "Thai"),
                    ("km", "Khmer"),
                    ("ro", "Romanian"),
                    ("uk", "Ukrainian"),
                    ("am", "Amharic"),
                    ("bn", "Bengali"),
                    ("my", "Burmese"),
                    ("ja", "Japanese"),
                    ("ne", "Nepali"),
                    ("fa", "Persian (Farsi, Dari)"),
                    ("pl", "Polish"),
                    ("so", "Somali"),
                    ("sw", "Swahili"),
                    ("ti", "Tigrinya"),
                    ("ur", "Urdu"),
                    ("other", "Another language"),
                    ("prefer_not_to_say", "Prefer not to say"),
                ],
                max_length=20,
                verbose_name="primary language",
            ),
        ),
    ]
