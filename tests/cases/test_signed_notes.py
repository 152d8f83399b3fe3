"""Case notes, clinical notes and psychotherapy notes are one signed note with addenda
(``cases.models.SignedNote``), written by one set of services: each kind keeps its table and
its encrypted columns (their ciphertexts are bound to them), records who signed it, and only
its author signs it."""

import importlib
import uuid

import pytest
from django.apps import apps as installed_apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from alongside.api_views import AlongsideAPIView
from cases import services
from cases.models import Addendum, CaseNote, NoteAddendum, SignedNote
from clinicians import services as clinician_services
from clinicians.models import (
    ClinicalNote,
    ClinicalNoteAddendum,
    PsychotherapyNote,
    PsychotherapyNoteAddendum,
)
from protection.envelope import data_key_cache
from protection.fields import EncryptedField
from tests.cases.conftest import write_note

pytestmark = pytest.mark.django_db

# Where each kind's ciphertexts live: the associated data names the table and the column, so a
# rename would leave every stored body unreadable.
TABLES = {
    CaseNote: ("cases_casenote", ["body"]),
    NoteAddendum: ("cases_noteaddendum", ["body"]),
    ClinicalNote: ("clinicians_clinicalnote", ["body"]),
    ClinicalNoteAddendum: ("clinicians_clinicalnoteaddendum", ["body"]),
    PsychotherapyNote: ("clinicians_psychotherapynote", ["body"]),
    PsychotherapyNoteAddendum: ("clinicians_psychotherapynoteaddendum", ["body"]),
}


def test_every_kind_is_a_signed_note_in_its_own_table_and_columns():
    for model, (table, columns) in TABLES.items():
        assert issubclass(model, SignedNote if "addendum" not in table else Addendum)
        assert model._meta.db_table == table
        encrypted = [f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        assert encrypted == columns
        # Notes carry a version (bound into their ciphertexts), addenda do not.
        assert any(f.name == "version" for f in model._meta.fields) == issubclass(model, SignedNote)


def _kinds(case, author):
    """A new note of each kind by ``author`` (a clinician on the case), with its services."""
    yield (
        write_note(case, author),
        services.note_sign,
        services.note_add_addendum,
    )
    yield (
        clinician_services.clinical_note_create(actor=author, case=case, body="Clinical words."),
        clinician_services.clinical_note_sign,
        clinician_services.clinical_note_addendum,
    )
    yield (
        clinician_services.psychotherapy_note_create(actor=author, case=case, body="Own words."),
        clinician_services.psychotherapy_note_sign,
        clinician_services.psychotherapy_note_addendum,
    )


def test_every_kind_records_who_signed_it_and_keeps_its_body(case, clinician):
    for note, sign, add in _kinds(case, clinician):
        body = note.body
        signed = sign(actor=clinician, note=note, version=note.version)
        added = add(actor=clinician, note=signed, body="Later, in a few words.")
        fresh = type(note).objects.get(pk=note.pk)
        assert (fresh.signed_by, fresh.version) == (clinician, 2)
        assert fresh.signed_at is not None and fresh.updated_at is not None
        with data_key_cache():
            assert fresh.body == body
            assert fresh.addenda.get().body == "Later, in a few words." == added.body


def test_only_the_author_signs_even_a_note_already_signed(case, advocate, clinician):
    """Someone else is told they may not sign, before anything about the note's state."""
    for note, sign, _add in _kinds(case, clinician):
        note = sign(actor=clinician, note=note, version=note.version)
        with pytest.raises(PermissionDenied, match="Only the author"):
            sign(actor=advocate, note=note, version=1)


def test_the_api_answers_403_to_someone_else_signing_a_signed_case_note(
    case, advocate, clinician, client_for
):
    note = write_note(case, clinician)
    services.note_sign(actor=clinician, note=note, version=note.version)
    response = client_for(advocate).post(
        f"/api/v1/cases/{case.pk}/notes/{note.pk}/sign", {"version": 1}, "application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Only the author can sign a note."


def test_the_migration_backfills_who_signed_and_when_changed_without_touching_bodies(
    case, clinician
):
    migration = importlib.import_module(
        "clinicians.migrations.0003_signed_notes_who_signed_and_when_changed_filled"
    )
    signed = clinician_services.clinical_note_create(actor=clinician, case=case, body="Signed.")
    signed = clinician_services.clinical_note_sign(
        actor=clinician, note=signed, version=signed.version
    )
    draft = clinician_services.psychotherapy_note_create(actor=clinician, case=case, body="Draft.")
    later = timezone.now() + timezone.timedelta(days=1)
    # As the rows were before the migration: nobody recorded as signing, no change time.
    for model in (ClinicalNote, PsychotherapyNote):
        model.objects.update(signed_by=None, updated_at=later)
    raw_before = _raw_bodies()
    migration.backfill(installed_apps, None)
    assert _raw_bodies() == raw_before
    signed, draft = (
        ClinicalNote.objects.get(pk=signed.pk),
        PsychotherapyNote.objects.get(pk=draft.pk),
    )
    assert signed.signed_by == clinician and draft.signed_by is None
    assert signed.updated_at == signed.created_at and draft.updated_at == draft.created_at
    with data_key_cache():
        assert (signed.body, draft.body) == ("Signed.", "Draft.")


def _raw_bodies() -> dict:
    with connection.cursor() as cursor:
        rows = {}
        for model in (ClinicalNote, PsychotherapyNote):
            cursor.execute(f"SELECT id, body FROM {model._meta.db_table}")  # noqa: S608
            rows.update({str(row_id): bytes(body) for row_id, body in cursor.fetchall()})
    return rows


@pytest.mark.django_db(transaction=True)
def test_every_body_opens_after_the_migration_is_undone_and_done_again(case, clinician):
    note = clinician_services.clinical_note_create(actor=clinician, case=case, body="Clinical.")
    note = clinician_services.clinical_note_sign(actor=clinician, note=note, version=note.version)
    clinician_services.clinical_note_addendum(actor=clinician, note=note, body="Added.")
    private = clinician_services.psychotherapy_note_create(actor=clinician, case=case, body="Mine.")
    executor = MigrationExecutor(connection)
    executor.migrate([("clinicians", "0001_initial")])
    executor = MigrationExecutor(connection)
    executor.migrate([("clinicians", "0003_signed_notes_who_signed_and_when_changed_filled")])
    with data_key_cache():
        fresh = ClinicalNote.objects.get(pk=note.pk)
        assert (fresh.body, fresh.addenda.get().body) == ("Clinical.", "Added.")
        assert fresh.signed_by == clinician
        assert PsychotherapyNote.objects.get(pk=private.pk).body == "Mine."


def _api_views(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and prefix.startswith("api/"):
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                yield prefix + str(pattern.pattern), view


def test_every_api_endpoint_extends_the_one_api_base():
    views = dict(_api_views())
    assert len(views) > 50
    assert {
        path: view for path, view in views.items() if not issubclass(view, AlongsideAPIView)
    } == {}


def test_an_unknown_note_of_each_kind_is_404_through_the_api(case, clinician, client_for):
    client = client_for(clinician)
    for kind in ("notes", "clinical-notes", "psychotherapy-notes"):
        response = client.get(f"/api/v1/cases/{case.pk}/{kind}/{uuid.uuid4()}")
        assert response.status_code == 404, kind
