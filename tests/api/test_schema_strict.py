"""The schema is true and strict: text is text, pages are real, blanks are documented values."""

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from accounts.api import serializers as account_shapes
from alongside.api import StrictCharField
from cases import services
from cases.api import serializers as case_shapes
from cases.api import signed_notes as signed_note_shapes
from cases.api import views as case_views
from cases.choices import ContactMethod, GoalDomain, NoteKind
from cases.models import Goal, NoteAddendum
from clinicians.api import serializers as clinician_shapes
from consent.api import serializers as consent_shapes
from directory.api import serializers as directory_shapes
from organization.models import Program
from referrals.api import serializers as referral_shapes
from reports.api import serializers as report_shapes

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(advocate):
    program = Program.objects.create(name="Strict program")
    return services.case_open(
        actor=advocate, program=program, identity=services.Identity(preferred_name="Strict Case")
    )


@pytest.fixture
def signed_note(case, advocate):
    note = services.note_create(
        actor=advocate,
        case=case,
        kind=NoteKind.CONTACT,
        body="Talked about the lease.",
        contact_at=timezone.now(),
        method=ContactMethod.PHONE,
    )
    return services.note_sign(actor=advocate, note=note, version=note.version)


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_number_for_own_words_is_refused(client_for, advocate, case):
    response = _post(
        client_for(advocate),
        f"/api/v1/cases/{case.pk}/goals",
        {"domain": GoalDomain.HOUSING, "own_words": 42},
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "own_words": ["Send text (a JSON string), not a number or another type."]
    }
    assert not Goal.objects.filter(case=case).exists()


def test_a_number_for_an_addendum_is_refused(client_for, advocate, case, signed_note):
    response = _post(
        client_for(advocate),
        f"/api/v1/cases/{case.pk}/notes/{signed_note.pk}/addenda",
        {"body": 3.5},
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["body"]
    assert not NoteAddendum.objects.filter(note=signed_note).exists()


def test_a_text_addendum_is_still_taken(client_for, advocate, case, signed_note):
    response = _post(
        client_for(advocate),
        f"/api/v1/cases/{case.pk}/notes/{signed_note.pk}/addenda",
        {"body": "She called back."},
    )
    assert response.status_code == 201


def _writable_text_fields(field, path):
    if isinstance(field, serializers.BaseSerializer) and not field.read_only:
        child = getattr(field, "child", None)
        if child is not None:
            yield from _writable_text_fields(child, f"{path}[]")
        else:
            for name, sub in field.fields.items():
                yield from _writable_text_fields(sub, f"{path}.{name}")
    elif field.read_only:
        return
    elif isinstance(field, serializers.ListField | serializers.DictField):
        yield from _writable_text_fields(field.child, f"{path}[]")
    elif isinstance(field, serializers.CharField) and not field.read_only:
        yield path, field


def _api_serializers():
    for module in (
        case_shapes,
        signed_note_shapes,
        account_shapes,
        case_views,
        consent_shapes,
        directory_shapes,
        clinician_shapes,
        referral_shapes,
        report_shapes,
    ):
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, serializers.Serializer)
                and value.__module__ == module.__name__
            ):
                yield name, value


def test_every_writable_text_field_of_the_api_is_strict(schema):
    # The shapes of request bodies are the schema's "...Request" components.
    requests = {
        name.removesuffix("Request")
        for name in schema["components"]["schemas"]
        if name.endswith("Request")
    }
    checked = [
        (name, shape)
        for name, shape in _api_serializers()
        if name.removesuffix("Serializer") in requests
    ]
    assert len(checked) == len(requests)
    loose = [
        path
        for name, shape in checked
        for path, field in _writable_text_fields(shape(), name)
        if not isinstance(field, StrictCharField)
    ]
    assert loose == []


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("page=0", "page", "The page must be a whole number from 1."),
        ("page=-1", "page", "The page must be a whole number from 1."),
        ("page=two", "page", "The page must be a whole number from 1."),
        ("page=", "page", "The page must be a whole number from 1."),
        ("page=9", "page", "There is no page 9; the last page is 1."),
        ("page_size=0", "page_size", "The page size must be a whole number from 1 to 100."),
        ("page_size=101", "page_size", "The page size must be a whole number from 1 to 100."),
        ("page_size=ten", "page_size", "The page size must be a whole number from 1 to 100."),
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/cases", "/api/v1/tokens"])
def test_a_page_that_cannot_be_given_is_refused(
    client_for, advocate, url, query, parameter, message
):
    response = client_for(advocate).get(f"{url}?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {parameter: [message]}


def test_a_page_within_range_is_given(client_for, advocate, case):
    response = client_for(advocate).get("/api/v1/cases?page=1&page_size=100")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_unrecorded_categories_and_contact_texts_read_as_documented(client_for, advocate, case):
    body = client_for(advocate).get(f"/api/v1/cases/{case.pk}").json()
    assert body["gender_identity"] is None
    assert body["close_reason"] is None
    contact = body["safe_contact"]
    assert (contact["safe_times"], contact["codeword"], contact["instructions"]) == ("", "", "")


def test_an_id_that_is_not_a_uuid_gets_the_error_shape(client_for, advocate):
    response = client_for(advocate).get("/api/v1/cases/not-a-uuid")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_documents_its_error_answers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"401", "403"}
            query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            if method != "get" or query:
                expected.add("400")
            if "{" in path:
                expected.add("404")
            assert expected <= set(responses), f"{method.upper()} {path}"
            for code in expected:
                body = responses[code]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, f"{method} {path} {code}"


def test_the_token_list_is_documented_as_the_page_it_answers(schema):
    answer = schema["paths"]["/api/v1/tokens"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedApiTokenList"
    }


def test_a_case_edit_documents_version_as_required(schema):
    request = schema["paths"]["/api/v1/cases/{case_id}"]["patch"]["requestBody"]
    name = request["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][name]["required"] == ["version"]
