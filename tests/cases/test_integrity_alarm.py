"""One damaged ciphertext does not break the caseload: that row shows as unreadable, the others
as ever, and the damage is logged (without data) and audited as an integrity alarm. The case
itself still refuses to show the damaged value."""

import logging

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from cases import services
from cases.models import Case
from organization.models import Program
from protection.exceptions import FieldDecryptionError
from tests.protection.raw_storage import raw_column, raw_write

UNREADABLE = "Unreadable — integrity alarm raised"


@pytest.fixture
def damaged(db, advocate):
    program = Program.objects.create(name="Alarm program")
    cases = [
        services.case_open(
            actor=advocate,
            program=program,
            identity=services.Identity(preferred_name=name),
        )
        for name in ("Delphine Marlowe", "Ysolde Brackwater")
    ]
    intact, broken = cases
    stored = bytearray(raw_column(Case, "preferred_name", broken.pk))
    stored[-1] ^= 0x01
    raw_write(Case, "preferred_name", broken.pk, bytes(stored))
    return intact, broken


def alarms():
    return list(AuditEvent.objects.filter(action=AuditAction.INTEGRITY_ALARM))


def test_the_caseload_page_shows_the_damaged_row_as_unreadable(
    damaged, advocate, client_for, caplog
):
    _intact, broken = damaged
    caplog.set_level(logging.ERROR, logger="protection")

    response = client_for(advocate).get(reverse("cases:caseload"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Delphine Marlowe" in body
    assert UNREADABLE in body and broken.number in body
    assert "Ysolde" not in body
    [alarm] = alarms()
    assert (alarm.target_id, alarm.fields) == (broken.pk, ["preferred_name"])
    assert str(broken.pk) in caplog.text and "cases_case.preferred_name" in caplog.text
    assert "Ysolde" not in caplog.text and "Delphine" not in caplog.text


def test_the_caseload_api_answers_with_the_damaged_row_unreadable(damaged, advocate, client_for):
    intact, broken = damaged

    response = client_for(advocate).get("/api/v1/cases")

    assert response.status_code == 200
    names = {row["id"]: row["preferred_name"] for row in response.json()["results"]}
    assert names == {str(intact.pk): "Delphine Marlowe", str(broken.pk): UNREADABLE}
    assert len(alarms()) == 1


def test_damaged_safety_flags_show_as_an_unreadable_flag_not_as_none(advocate, client_for, db):
    program = Program.objects.create(name="Flag program")
    case = services.case_open(
        actor=advocate, program=program, identity=services.Identity(preferred_name="Ines Vale")
    )
    raw_write(Case, "safety_flags", case.pk, raw_column(Case, "phone", case.pk))

    rows = client_for(advocate).get("/api/v1/cases").json()["results"]

    assert rows[0]["safety_flags"] == [UNREADABLE]
    assert rows[0]["preferred_name"] == "Ines Vale"


def test_the_case_itself_still_refuses_to_show_the_damaged_value(damaged):
    _intact, broken = damaged
    with pytest.raises(FieldDecryptionError):
        Case.objects.get(pk=broken.pk).preferred_name  # noqa: B018


def test_a_row_shown_as_unreadable_cannot_be_saved_over_the_damage(damaged, advocate):
    from protection.exceptions import NotEncryptable
    from protection.integrity import decrypt_or_alarm

    _intact, broken = damaged
    [row] = decrypt_or_alarm([Case.objects.get(pk=broken.pk)], actor=advocate)
    assert row.preferred_name == UNREADABLE
    with pytest.raises(NotEncryptable):
        row.save()
