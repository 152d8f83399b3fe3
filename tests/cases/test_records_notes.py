"""Case notes: the quick note, signing and addenda, concurrent edits, audit, IDOR, bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.access import SIGNED_NOTE_LOCKED
from cases.choices import TeamRole
from cases.models import CaseNote, NoteAddendum
from tests.cases.conftest import note_post, write_note

pytestmark = pytest.mark.django_db


def _url(name, case, note=None):
    kwargs = {"case_id": case.pk}
    if note is not None:
        kwargs["note_id"] = note.pk
    return reverse(f"cases:{name}", kwargs=kwargs)


def test_quick_note_returns_to_the_case_with_a_message_and_the_note_on_the_timeline(
    case, advocate, client_for
):
    client = client_for(advocate)
    response = client.post(_url("note-create", case), note_post(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    note = CaseNote.objects.get(case=case)
    assert note.author == advocate
    assert note.duration_minutes == 20
    page = response.content.decode()
    assert "Note saved." in page
    assert _url("note-detail", case, note) in page


def test_quick_note_fields_come_in_keyboard_order_with_now_as_the_default(
    case, advocate, client_for
):
    page = client_for(advocate).get(_url("note-create", case)).content.decode()
    order = [page.index(f'name="{name}"') for name in note_post()]
    assert order == sorted(order)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:")
    assert f'value="{now}' in page
    assert 'type="datetime-local"' in page
    assert 'type="submit"' in page


def test_the_case_page_opens_the_note_form_in_place_and_renders_no_form_itself(
    case, advocate, client_for
):
    client = client_for(advocate)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    in_place = reverse("cases:case-form", kwargs={"case_id": case.pk, "form": "note"})
    assert f'href="{_url("note-create", case)}" hx-get="{in_place}"' in page
    assert f'action="{_url("note-create", case)}"' not in page
    assert 'name="body"' not in page

    fragment = client.get(in_place, headers={"HX-Request": "true"}).content.decode()
    assert f'action="{_url("note-create", case)}"' in fragment
    assert "data-submit-on-ctrl-enter" in fragment
    assert "<html" not in fragment


def test_viewing_a_note_writes_an_audit_event(case, advocate, clinician, client_for):
    note = write_note(case, advocate)
    response = client_for(clinician).get(_url("note-detail", case, note))
    assert response.status_code == 200
    assert "talked about housing" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, target_id=note.pk, actor=clinician
    ).exists()


# Signing and addenda ---------------------------------------------------------------------------


def test_the_author_signs_and_a_signed_note_refuses_edits_with_403(case, advocate, client_for):
    note = write_note(case, advocate)
    client = client_for(advocate)
    response = client.post(_url("note-sign", case, note), {"version": note.version})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_signed and note.signed_by == advocate

    response = client.get(_url("note-edit", case, note))
    assert response.status_code == 403
    assert "This note is signed" in response.content.decode()
    assert escape(str(SIGNED_NOTE_LOCKED)) in response.content.decode()
    response = client.post(_url("note-edit", case, note), {**note_post(), "version": note.version})
    assert response.status_code == 403
    assert CaseNote.objects.get(pk=note.pk).body == note.body


def test_only_the_author_signs(case, advocate, clinician, client_for):
    note = write_note(case, advocate)
    response = client_for(clinician).post(_url("note-sign", case, note), {"version": note.version})
    assert response.status_code == 403
    note.refresh_from_db()
    assert not note.is_signed


def test_an_addendum_keeps_the_signed_original(case, advocate, clinician, client_for):
    note = write_note(case, advocate, body="The original words.")
    services.note_sign(actor=advocate, note=note, version=note.version)
    response = client_for(clinician).post(
        _url("note-addendum", case, note), {"body": "She called back later."}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The original words." in page and "She called back later." in page
    assert CaseNote.objects.get(pk=note.pk).body == "The original words."
    assert NoteAddendum.objects.get(note=note).author == clinician


def test_an_unsigned_note_takes_no_addendum(case, advocate, client_for):
    note = write_note(case, advocate)
    response = client_for(advocate).post(_url("note-addendum", case, note), {"body": "More."})
    assert response.status_code == 400
    assert "Edit the note itself" in response.content.decode()
    assert not NoteAddendum.objects.exists()


# Two people editing the same note -------------------------------------------------------------


def test_the_second_save_is_refused_and_both_versions_are_shown(
    case, advocate, clinician, client_for
):
    note = write_note(case, advocate, body="First draft.")
    first, second = client_for(advocate), client_for(clinician)
    # Both open the edit page at the same version.
    assert first.get(_url("note-edit", case, note)).status_code == 200
    assert second.get(_url("note-edit", case, note)).status_code == 200

    saved = first.post(
        _url("note-edit", case, note), note_post(body="Advocate's wording.", version=note.version)
    )
    assert saved.status_code == 302
    refused = second.post(
        _url("note-edit", case, note), note_post(body="Clinician's wording.", version=note.version)
    )
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Advocate&#x27;s wording." in page and "Clinician&#x27;s wording." in page
    assert page.index('data-version="theirs"') < page.index('data-version="yours"')
    current = CaseNote.objects.get(pk=note.pk)
    assert current.body == "Advocate's wording."
    assert current.version == note.version + 1
    # The retry form carries the new version, so saving again is a deliberate choice.
    assert f'name="version" value="{current.version}"' in page


def test_an_edit_at_the_current_version_saves(case, advocate, client_for):
    note = write_note(case, advocate)
    response = client_for(advocate).post(
        _url("note-edit", case, note), note_post(body="Corrected.", version=note.version)
    )
    assert response.status_code == 302
    assert CaseNote.objects.get(pk=note.pk).body == "Corrected."


# Who may, and whose note -----------------------------------------------------------------------


def test_a_note_of_another_case_is_404_through_this_case(case, other_case, advocate, client_for):
    theirs = write_note(other_case, other_case.created_by)
    client = client_for(advocate)
    for name in ("note-detail", "note-edit"):
        assert client.get(_url(name, case, theirs)).status_code == 404
    for name in ("note-sign", "note-addendum"):
        assert client.post(_url(name, case, theirs), {"version": 1, "body": "x"}).status_code == 404
    assert not NoteAddendum.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=theirs.pk).exists()


def test_a_note_on_a_case_you_cannot_see_is_404_and_writes_nothing(
    other_case, advocate, client_for
):
    response = client_for(advocate).post(_url("note-create", other_case), note_post())
    assert response.status_code == 404
    assert not CaseNote.objects.exists()


def test_an_administrator_on_the_team_reads_but_cannot_write(
    case, advocate, administrator, client_for
):
    services.team_member_add(
        actor=advocate, case=case, user=administrator, team_role=TeamRole.OTHER
    )
    note = write_note(case, advocate)
    client = client_for(administrator)
    assert client.get(_url("note-detail", case, note)).status_code == 200
    assert client.get(_url("note-create", case)).status_code == 403
    assert client.post(_url("note-create", case), note_post()).status_code == 403
    assert client.post(_url("note-edit", case, note), note_post(version=1)).status_code == 403
    assert CaseNote.objects.count() == 1


# Bad input: a specific message, nothing written -----------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_at", "FUTURE", "in the future"),
        ("kind", "gossip", "Choose one of the listed options."),
        ("method", "pigeon", "Choose one of the listed options."),
        ("body", "", "This field is required."),
        ("body", "   ", "This field is required."),
        ("body", "x" * 20_001, "Keep this under 20000 characters"),
        ("duration_minutes", "2000", "Enter minutes between 0 and 1440."),
        ("contact_at", "yesterday-ish", "Enter a date and time"),
    ],
)
def test_bad_note_input_gets_a_field_message_and_writes_nothing(
    case, advocate, client_for, field, value, message
):
    if value == "FUTURE":
        value = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(advocate).post(_url("note-create", case), note_post(**{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page  # the error summary links to the field
    assert not CaseNote.objects.exists()
