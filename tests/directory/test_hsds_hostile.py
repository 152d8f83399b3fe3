"""Hostile HSDS files: each gets a specific, located 400 (page and API) and writes nothing, or
is read as what it is; none gets a server error. Older HSDS versions are among them: read as
3.0 they would lose their links and phones, so they are refused by name.

Every case goes through the import page and the API as an administrator uploads it. A value
PostgreSQL cannot store (a NUL character), text that is not Unicode (an unpaired surrogate), a
number Python will not read (more than 4,300 digits) or cannot hold, a date that does not
exist, a zip that names its files in broken UTF-8 or is password-protected: each is refused at
the record and field where it is, with every other problem of the file.
"""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from directory.models import Organization, Service
from tests.directory.hsds_files import nothing_written, zipped

pytestmark = pytest.mark.django_db

ORG_ID = "11111111-1111-4111-8111-111111111111"
SERVICE_ID = "22222222-2222-4222-8222-222222222222"
LOCATION_ID = "33333333-3333-4333-8333-333333333333"
TERM_ID = "44444444-4444-4444-8444-444444444444"
OTHER_TERM = "55555555-5555-4555-8555-555555555555"
HUGE = "9" * 5000


def _json(text: str) -> bytes:
    """JSON written by hand, so that it may hold what ``json.dumps`` would never write."""
    return text.encode()


def _organization(**fields: str) -> str:
    """An organization object as JSON text; each field's value is raw JSON."""
    values = {"id": f'"{ORG_ID}"', "name": '"Harbor Housing"', "description": '"Beds"', **fields}
    return "{" + ", ".join(f'"{key}": {value}' for key, value in values.items()) + "}"


def _service(**fields: str) -> str:
    values = {
        "id": f'"{SERVICE_ID}"',
        "name": '"Beds"',
        "status": '"active"',
        "organization_id": f'"{ORG_ID}"',
        **fields,
    }
    return "{" + ", ".join(f'"{key}": {value}' for key, value in values.items()) + "}"


def _with_service(**fields: str) -> bytes:
    return _json(f"[{_organization()}, {_service(**fields)}]")


def _with_location(**fields: str) -> bytes:
    location = {
        "id": f'"{LOCATION_ID}"',
        "location_type": '"physical"',
        "organization_id": f'"{ORG_ID}"',
        **fields,
    }
    body = ", ".join(f'"{key}": {value}' for key, value in location.items())
    return _json("[" + _organization(locations="[{" + body + "}]") + "]")


def _package(**tables: str | bytes) -> bytes:
    return zipped({f"{name}.csv": text for name, text in tables.items()})


ORGANIZATIONS = f"id,name,description\n{ORG_ID},Harbor Housing,Beds\n"


def _services_csv(header: str, row: str) -> bytes:
    return _package(
        organizations=ORGANIZATIONS,
        services=f"id,organization_id,name,status,{header}\n{SERVICE_ID},{ORG_ID},Beds,active,{row}\n",
    )


def _misnamed_zip() -> bytes:
    """A member whose name is flagged UTF-8 but is not (as some archivers write)."""
    data = bytearray(zipped({"organizations-é.csv": ORGANIZATIONS}))
    return bytes(data.replace("é".encode(), b"\xff\xfe"))


def _encrypted_zip() -> bytes:
    """A member flagged as encrypted (bit 0 of its flags, in both headers)."""
    data = bytearray(zipped({"organizations.csv": ORGANIZATIONS}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1
    return bytes(data)


def _descriptor(version: str, *resources: str, name: str = "human_services_data") -> str:
    listed = [{"name": resource, "path": f"{resource}s.csv"} for resource in resources]
    return json.dumps({"name": name, "version": version, "resources": listed})


OLD_ORGANIZATIONS = f"id,name,description,url\n{ORG_ID},Harbor Housing,Beds,https://h.example\n"
# HSDS 1.1's package as its own datapackage.json describes it.
HSDS_1_1 = zipped(
    {
        "datapackage.json": _descriptor("1.1.1", "organization", "physical_address"),
        "organizations.csv": OLD_ORGANIZATIONS,
        "physical_addresses.csv": f"id,location_id,address_1\n{uuid.uuid4()},{LOCATION_ID},1 Rd\n",
        "regular_schedules.csv": f"id,service_id,weekday\n{uuid.uuid4()},{SERVICE_ID},1\n",
    }
)
# HSDS 2.0 without a descriptor: its attribute tables and taxonomy terms' "term" give it away.
HSDS_2_0 = _package(
    organizations=OLD_ORGANIZATIONS,
    service_attributes=f"id,service_id,taxonomy_term_id\n{uuid.uuid4()},{SERVICE_ID},{ORG_ID}\n",
    taxonomy_terms=f"id,term,description\n{uuid.uuid4()},Housing,Beds\n",
)
# The HSDS API of version 1: addresses and schedules under names 3.0 replaced.
HSDS_1_JSON = json.dumps(
    {
        "id": ORG_ID,
        "name": "Harbor Housing",
        "description": "Beds",
        "url": "https://h.example",
        "services": [
            {
                "id": SERVICE_ID,
                "name": "Beds",
                "status": "active",
                "regular_schedule": [{"weekday": 1, "opens_at": "09:00"}],
                "phones": [{"id": str(uuid.uuid4()), "number": "555 0100", "department": "X"}],
            }
        ],
    }
).encode()

# (upload name, bytes, where, message): refused with this message at this place.
REFUSED = {
    "HSDS 1.1 with its datapackage.json": (
        "hsds-1.1.zip",
        HSDS_1_1,
        "",
        "This is HSDS 1.1.1, not HSDS 3.0 (datapackage.json says version 1.1.1; "
        "datapackage.json names the resource physical_address; it has physical_addresses.csv; "
        "and more). The directory reads HSDS 3.0 only",
    ),
    "HSDS 2.0 without a descriptor": (
        "hsds-2.0.zip",
        HSDS_2_0,
        "",
        "This is HSDS 2.0, not HSDS 3.0 (it has service_attributes.csv; organizations.csv has "
        "the column url; taxonomy_terms.csv has the column term).",
    ),
    "HSDS 1.1 or 2.0 by a column 3.0 renamed": (
        "organizations.zip",
        _package(organizations=OLD_ORGANIZATIONS),
        "",
        "This is HSDS 1.1 or 2.0, not HSDS 3.0 (organizations.csv has the column url).",
    ),
    "the HSDS API of version 1": (
        "hsda.json",
        HSDS_1_JSON,
        "",
        "This is HSDS 1.1, not HSDS 3.0 (object 1 has “url”, not “website”; "
        "object 1 > services[1] has “regular_schedule”; "
        "object 1 > services[1] > phones[1] has “department”).",
    ),
    "a NUL character in a JSON value": (
        "nul.json",
        _json("[" + _organization(name='"Harbor\\u0000Housing"') + "]"),
        "object 1",
        "name holds a NUL character (U+0000), which cannot be stored.",
    ),
    "a NUL character in a nested JSON value": (
        "nul-nested.json",
        _json(
            "["
            + _organization(
                services='[{"id": "' + SERVICE_ID + '", "name": "Beds", "status": "active", '
                '"description": "night\\u0000shelter"}]'
            )
            + "]"
        ),
        "object 1 > services[1]",
        "description holds a NUL character (U+0000), which cannot be stored.",
    ),
    "an unpaired surrogate in a JSON value": (
        "surrogate.json",
        _json("[" + _organization(name='"Harbor \\ud800"') + "]"),
        "object 1",
        "name holds an unpaired surrogate (U+D800), which is not a character.",
    ),
    "an unpaired surrogate in a JSON id": (
        "surrogate-id.json",
        _json("[" + _organization(id='"\\udfff"') + "]"),
        "object 1",
        "id “\\udfff” is not a UUID.",
    ),
    "a 5,000-digit integer in a kept field": (
        "huge.json",
        _with_service(minimum_age=HUGE),
        "object 2",
        "minimum_age is a number of 5000 digits: too large.",
    ),
    "a 5,000-digit integer as a record": (
        "huge-record.json",
        _json(f"[{HUGE}]"),
        "object 1",
        "must be an HSDS object, not a number.",
    ),
    "a 5,000-digit integer as an id": (
        "huge-id.json",
        _json(f"[{_organization(id=HUGE)}]"),
        "object 1",
        "id must be a UUID (text), not a number.",
    ),
    "1e999 as a latitude": (
        "inf.json",
        _with_location(latitude="1e999"),
        "object 1 > locations[1]",
        "latitude is too large a number.",
    ),
    "NaN as a latitude": (
        "nan.json",
        _with_location(latitude="NaN"),
        "object 1 > locations[1]",
        "latitude must be a number, not NaN.",
    ),
    "-Infinity as an age": (
        "infinity.json",
        _with_service(maximum_age="-Infinity"),
        "object 2",
        "maximum_age must be a whole number, not -Infinity.",
    ),
    "a 31-digit latitude": (
        "long-latitude.json",
        _with_location(latitude="1" + "0" * 30),
        "object 1 > locations[1]",
        "latitude is a number of 31 digits: too large.",
    ),
    "a date that does not exist": (
        "february.json",
        _with_service(last_modified='"2024-02-30T10:00:00Z"'),
        "object 2",
        "last_modified must be a date and time (ISO 8601).",
    ),
    "a time zone offset of 99 hours": (
        "offset.json",
        _with_service(last_modified='"2024-02-01T10:00:00+99:00"'),
        "object 2",
        "last_modified must be a date and time (ISO 8601).",
    ),
    "a moment before year 1 in UTC": (
        "year-zero.json",
        _with_service(last_modified='"0001-01-01T00:00:00+01:00"'),
        "object 2",
        "last_modified is out of range (years 1 to 9999, in UTC).",
    ),
    "a moment after year 9999 in UTC": (
        "year-ten-thousand.json",
        _with_service(last_modified='"9999-12-31T23:59:59-01:00"'),
        "object 2",
        "last_modified is out of range (years 1 to 9999, in UTC).",
    ),
    "JSON in UTF-16": (
        "utf16.json",
        f"[{_organization()}]".encode("utf-16"),
        "",
        "The file is UTF-16 text: save it as UTF-8 and upload it again.",
    ),
    "a NUL character in a CSV value": (
        "nul.zip",
        _package(organizations=f"id,name,description\n{ORG_ID},Harbor\x00Housing,Beds\n"),
        "organizations.csv row 2",
        "name holds a NUL character (U+0000), which cannot be stored.",
    ),
    "a NUL character in a CSV header": (
        "nul-header.zip",
        _package(organizations=f"id,na\x00me,description\n{ORG_ID},Harbor Housing,Beds\n"),
        "",
        "organizations.csv: column 2 of the header (“na\\x00me”) holds a control character.",
    ),
    "the same column twice in a CSV header": (
        "twice.zip",
        _package(organizations=f"id,name,name\n{ORG_ID},Harbor Housing,Harbour\n"),
        "",
        "organizations.csv: the header names “name” twice.",
    ),
    "a 5,000-digit integer in a CSV cell": (
        "huge.zip",
        _services_csv("minimum_age", HUGE),
        "services.csv row 2",
        "minimum_age is a number of 5000 digits: too large.",
    ),
    "1e999 as a latitude in CSV": (
        "inf.zip",
        _package(
            organizations=ORGANIZATIONS,
            locations=f"id,location_type,organization_id,latitude\n"
            f"{LOCATION_ID},physical,{ORG_ID},1e999\n",
        ),
        "locations.csv row 2",
        "latitude is too large a number.",
    ),
    "a date that does not exist in CSV": (
        "february.zip",
        _services_csv("last_modified", "2023-02-29T08:00:00Z"),
        "services.csv row 2",
        "last_modified must be a date and time (ISO 8601).",
    ),
    "a CSV in UTF-16": (
        "utf16.zip",
        _package(organizations=ORGANIZATIONS.encode("utf-16")),
        "",
        "organizations.csv is UTF-16 text: save it as UTF-8 and upload it again.",
    ),
    "a zip naming a file in broken UTF-8": (
        "misnamed.zip",
        _misnamed_zip(),
        "",
        "The archive names a file in broken UTF-8: it cannot be read.",
    ),
    "an empty zip": (
        "empty.zip",
        zipped({}),
        "",
        "The archive is empty: an HSDS package has datapackage.json and its CSV files.",
    ),
    "a category that sits under itself": (
        "term-loop.json",
        _json(
            json.dumps(
                [
                    {"id": TERM_ID, "name": "Housing", "description": "", "parent_id": OTHER_TERM},
                    {"id": OTHER_TERM, "name": "Shelter", "description": "", "parent_id": TERM_ID},
                ]
            )
        ),
        "object 1",
        "the category sits under itself.",
    ),
    "a category that is its own parent": (
        "term-self.json",
        _json(
            json.dumps(
                [{"id": TERM_ID, "name": "Housing", "description": "", "parent_id": TERM_ID}]
            )
        ),
        "object 1",
        "the category sits under itself.",
    ),
    "a password-protected zip": (
        "encrypted.zip",
        _encrypted_zip(),
        "",
        "organizations.csv in the archive is encrypted: upload it without a password.",
    ),
}

# (upload name, bytes): odd, but HSDS the directory reads.
ACCEPTED = {
    "an unpaired surrogate in a key the directory does not keep": (
        "surrogate-key.json",
        _json("[" + _organization(**{"\\ud800x": '"odd"'}) + "]"),
    ),
    "a 5,000-digit integer in a field the directory does not keep": (
        "huge-not-kept.json",
        _json(f"[{_organization(year_incorporated=HUGE)}]"),
    ),
    "JSON after two byte-order marks": (
        "boms.json",
        "\ufeff\ufeff".encode() + _json(f"[{_organization()}]"),
    ),
    "a CSV header after two byte-order marks": (
        "boms.zip",
        _package(organizations="\ufeff\ufeff" + ORGANIZATIONS),
    ),
    "a package of someone else's, its own version 1.0, in HSDS 3.0": (
        "versioned.zip",
        zipped(
            {
                "datapackage.json": _descriptor("1.0", "organization", name="harbor-directory"),
                "organizations.csv": ORGANIZATIONS,
            }
        ),
    ),
    "HSDS 3.1 (3.0 with more tables)": (
        "hsds-3.1.zip",
        zipped(
            {
                "datapackage.json": _descriptor("3.1", "organization", "url"),
                "organizations.csv": ORGANIZATIONS,
                "url.csv": f"id,label,url,organization_id\n{uuid.uuid4()},Site,https://h.example,{ORG_ID}\n",
            }
        ),
    ),
    "a NUL character in a table the directory does not keep": (
        "nul-not-kept.zip",
        _package(
            organizations=ORGANIZATIONS,
            funding=f"id,organization_id,source\n{uuid.uuid4()},{ORG_ID},Gr\x00ant\n",
        ),
    ),
}


def _upload(name: str, data: bytes) -> dict:
    return {"file": SimpleUploadedFile(name, data)}


@pytest.mark.parametrize("case", REFUSED)
def test_the_page_refuses_a_hostile_file_where_it_is_wrong(client_for, administrator, case):
    name, data, where, message = REFUSED[case]
    response = client_for(administrator).post(reverse("directory:hsds-import"), _upload(name, data))
    assert response.status_code == 400
    body = response.content.decode()
    assert escape(message) in body, body
    if where:
        assert f"<td>{escape(where)}</td>" in body
    assert nothing_written()


@pytest.mark.parametrize("case", REFUSED)
def test_the_api_refuses_a_hostile_file_where_it_is_wrong(client_for, administrator, case):
    name, data, where, message = REFUSED[case]
    response = client_for(administrator).post(
        reverse("directory-api:hsds-import"), _upload(name, data)
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_refused"
    assert [reason for reason in error["fields"][where or "file"] if message in reason]
    assert nothing_written()


@pytest.mark.parametrize("case", ACCEPTED)
def test_an_odd_file_is_read_as_what_it_is(client_for, administrator, case):
    name, data = ACCEPTED[case]
    page = client_for(administrator).post(reverse("directory:hsds-import"), _upload(name, data))
    assert page.status_code == 200, page.content.decode()
    assert Organization.objects.get().name == "Harbor Housing"
    api = client_for(administrator).post(reverse("directory-api:hsds-import"), _upload(name, data))
    assert api.status_code == 200
    assert api.json()["tables"][0]["unchanged"] == 1


def test_every_problem_of_a_hostile_file_is_listed_together(client_for, administrator):
    """A NUL here, a surrogate there and a huge number elsewhere: all of them, at once."""
    data = _json(
        "["
        + _organization(name='"A\\u0000"')
        + ", "
        + _service(description='"\\ud83d"', minimum_age=HUGE)
        + "]"
    )
    response = client_for(administrator).post(
        reverse("directory-api:hsds-import"), _upload("many.json", data)
    )
    fields = response.json()["error"]["fields"]
    assert fields["object 1"] == ["name holds a NUL character (U+0000), which cannot be stored."]
    assert sorted(fields["object 2"]) == [
        "description holds an unpaired surrogate (U+D83D), which is not a character.",
        "minimum_age is a number of 5000 digits: too large.",
    ]
    assert not Service.objects.exists()
