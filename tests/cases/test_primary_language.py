"""The primary language is a code (plaintext, for reports); another language is written in an
encrypted field; existing free text is mapped by the data migration."""

import importlib
import types

import pytest
from django.db import connection
from django.urls import reverse

from cases import services
from cases.choices import Language
from cases.models import Case
from organization.models import Program

JSON = "application/json"
migration = importlib.import_module("cases.migrations.0004_primary_language_coded")


@pytest.fixture
def program(db, supervisor):
    program = Program.objects.create(name="Language program")
    program.supervisors.add(supervisor)
    return program


def open_case(advocate, program, **categories):
    return services.case_open(
        actor=advocate,
        program=program,
        identity=services.Identity(preferred_name="Lingo Person"),
        categories=categories,
    )


def raw_cells(case) -> tuple[str, bytes | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT primary_language, primary_language_other FROM cases_case WHERE id = %s",
            [case.pk.hex if connection.vendor == "sqlite" else case.pk],
        )
        language, other = cursor.fetchone()
    return language, bytes(other) if other is not None else None


def test_a_listed_language_is_stored_as_its_code(advocate, program):
    case = open_case(advocate, program, primary_language=Language.VIETNAMESE)
    assert raw_cells(case)[0] == "vi"
    assert Case.objects.get(pk=case.pk).get_primary_language_display() == "Vietnamese"


def test_another_language_is_encrypted(advocate, program):
    case = open_case(
        advocate, program, primary_language="other", primary_language_other="Mam (Mayan)"
    )
    language, sealed = raw_cells(case)
    assert language == "other" and b"Mam" not in sealed
    assert Case.objects.get(pk=case.pk).primary_language_other == "Mam (Mayan)"


def test_other_without_the_language_is_refused_on_the_page(advocate, program, client_for):
    response = client_for(advocate).post(
        reverse("cases:intake"),
        {
            "program": program.pk,
            "preferred_name": "Lingo Person",
            "intake_date": "2024-01-10",
            "primary_language": "other",
        },
    )
    assert response.status_code == 400
    assert "Write the language, or choose one from the list." in response.content.decode()
    assert not Case.objects.exists()


def test_free_text_language_is_refused_by_the_api(advocate, program, client_for):
    response = client_for(advocate).post(
        "/api/v1/cases",
        {"program": str(program.pk), "preferred_name": "Lingo", "primary_language": "Klingon"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "primary_language" in str(response.json())
    assert not Case.objects.exists()


def test_the_api_takes_and_gives_the_code_and_the_other_language(advocate, program, client_for):
    client = client_for(advocate)
    created = client.post(
        "/api/v1/cases",
        {
            "program": str(program.pk),
            "preferred_name": "Lingo",
            "primary_language": "other",
            "primary_language_other": "Q'eqchi'",
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    body = client.get(f"/api/v1/cases/{created.json()['id']}").json()
    assert (body["primary_language"], body["primary_language_other"]) == ("other", "Q'eqchi'")


def test_choosing_a_listed_language_drops_the_written_one(advocate, program):
    case = open_case(advocate, program, primary_language="other", primary_language_other="Mam")
    case = services.case_update_identity(
        actor=advocate,
        case=case,
        version=case.version,
        identity=services.Identity(preferred_name="Lingo Person"),
        categories={"primary_language": Language.DECLINED},
    )
    again = Case.objects.get(pk=case.pk)
    assert (again.primary_language, again.primary_language_other) == ("prefer_not_to_say", "")


def test_the_schema_lists_the_codes(client_for, advocate):
    schema = client_for(advocate).get("/api/schema/?format=json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert '"ht"' in text and '"uk"' in text and '"prefer_not_to_say"' in text


@pytest.mark.parametrize(
    ("typed", "code", "other"),
    [
        ("English", "en", ""),
        ("spanish", "es", ""),
        ("ES", "es", ""),
        ("Haitian Creole", "ht", ""),
        ("Mandarin", "zh", ""),
        ("  farsi ", "fa", ""),
        ("Mam", "other", "Mam"),
        ("", "", ""),
    ],
)
def test_the_data_migration_maps_free_text(advocate, program, typed, code, other):
    case = open_case(advocate, program)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET primary_language = %s WHERE id = %s",
            [typed, case.pk.hex if connection.vendor == "sqlite" else case.pk],
        )
    migration.forward(None, types.SimpleNamespace(connection=connection))

    again = Case.objects.get(pk=case.pk)
    assert (again.primary_language, again.primary_language_other) == (code, other)
    if other:
        assert other.encode() not in raw_cells(case)[1]
