"""HSDS 3.0 in and out: the specification's examples import, exports validate against its
schemas, a round trip changes nothing, and bad input is refused whole with every reason."""

import copy
import datetime
import io
import json
import time
import uuid
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from directory import services
from directory.hsds import exporter
from directory.models import (
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from tests.directory.hsds_files import (
    EXAMPLES,
    ORG,
    SERVICE,
    example,
    example_package,
    nothing_written,
    reasons,
    run,
    unzipped,
    upload,
    validator,
    wipe_directory,
    zipped,
)

pytestmark = pytest.mark.django_db

# --- the specification's examples -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "organization_full.json",
        "organization_list.json",
        "service_full.json",
        "service_list.json",
        "service_at_location_list.json",
        "taxonomy_term.json",
        "taxonomy_term_list.json",
    ],
)
def test_the_json_examples_import(administrator, name):
    report = run(administrator, (EXAMPLES / name).read_bytes())
    assert report.ok, reasons(report)
    assert report.created


def test_the_full_organization_example_lands_where_it_belongs(administrator):
    report = run(administrator, example("organization_full.json"))
    assert report.ok, reasons(report)
    organization = Organization.objects.get(pk=ORG)
    assert organization.name == "Example Organization Inc."
    # Its parent is not in the file nor in the directory: left out, and the report says so.
    assert organization.parent_organization is None
    assert any("parent_organization_id" in note for note in report.notes)
    service = Service.objects.get(pk=SERVICE)
    assert service.organization == organization
    assert (service.minimum_age, service.maximum_age) == (12, 100)
    location = Location.objects.get()
    assert location.organization == organization
    assert location.address_1 == "1-30 Main Street"
    assert ServiceAtLocation.objects.get().service == service
    at_location = ServiceAtLocation.objects.get()
    contact = Contact.objects.get()
    # Nested under the organization, its service, its location and the service there: it is
    # the contact of each.
    assert (
        contact.organization,
        contact.service,
        contact.location,
        contact.service_at_location,
    ) == (organization, service, location, at_location)
    phone = Phone.objects.get()
    # One number, listed under each: a phone of all five.
    assert (
        phone.organization,
        phone.service,
        phone.location,
        phone.contact,
        phone.service_at_location,
    ) == (organization, service, location, contact, at_location)
    assert (phone.number, phone.extension, phone.type) == ('"+44 1234 234567"', 100, "voice")
    schedule = Schedule.objects.get()
    assert (schedule.service, schedule.location, schedule.service_at_location) == (
        service,
        location,
        at_location,
    )
    assert (schedule.freq, schedule.byday, schedule.opens_at, schedule.closes_at) == (
        "WEEKLY",
        "TH,FR",
        "10:00:00",
        "18:00:00",
    )
    assert schedule.valid_from == datetime.date(2005, 1, 1) and schedule.timezone == 3
    assert report.created["phones"] == 1 and report.created["schedules"] == 1
    assert report.not_kept["funding"] and report.not_kept["languages"]


def test_the_tabular_example_imports(administrator):
    report = run(administrator, example_package(), "hsds.zip")
    assert report.ok, reasons(report)
    assert report.created["organizations"] == 1
    assert report.created["services"] == 1
    service = Service.objects.get(pk=SERVICE)
    # The location's organization is in neither the package nor the directory: it is filed
    # under the organization of the service offered there.
    assert Location.objects.get().organization_id == service.organization_id
    assert report.created["schedules"] == 1 and report.created["phones"] == 1


def test_importing_again_updates_nothing_and_changes_are_updates(administrator):
    run(administrator, example("organization_full.json"))
    again = run(administrator, example("organization_full.json"))
    assert again.ok and not again.created and not again.updated
    assert again.unchanged["organizations"] == 1
    changed = example("organization_full.json")
    changed["services"][0]["name"] = "Counselling for everyone"
    report = run(administrator, changed)
    assert report.updated["services"] == 1
    assert Service.objects.get(pk=SERVICE).name == "Counselling for everyone"


# --- export -----------------------------------------------------------------------------------


def test_the_json_export_validates_against_the_hsds_schema(administrator, directory):
    page = json.loads(services.hsds_export(actor=administrator, format="json"))
    check = validator("organization")
    assert page["total_items"] == 2
    for organization in page["contents"]:
        errors = sorted(check.iter_errors(organization), key=lambda error: error.path)
        assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]


def test_the_examples_validate_once_exported(administrator):
    run(administrator, example("organization_full.json"))
    run(administrator, example_package(), "hsds.zip")
    page = json.loads(services.hsds_export(actor=administrator, format="json"))
    check = validator("organization")
    for organization in page["contents"]:
        assert not list(check.iter_errors(organization))


def test_every_export_is_audited(administrator, directory):
    services.hsds_export(actor=administrator, format="tabular")
    event = AuditEvent.objects.filter(action="export").latest("occurred_at")
    assert "format=tabular" in event.fields
    assert "organizations=2" in event.fields


@pytest.mark.parametrize("role", ["advocate", "supervisor", "partner", "auditor"])
def test_only_administrators_import_and_export(make_user, role):
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        services.hsds_export(actor=user, format="json")
    with pytest.raises(PermissionDenied):
        run(user, example("organization_full.json"))
    assert nothing_written()


@pytest.mark.parametrize("format", ["json", "tabular"])
def test_a_round_trip_gives_the_same_data(administrator, directory, format):
    first = services.hsds_export(actor=administrator, format=format)
    wipe_directory()
    report = run(administrator, first, f"export.{'json' if format == 'json' else 'zip'}")
    assert report.ok, reasons(report)
    second = services.hsds_export(actor=administrator, format=format)
    if format == "json":
        assert json.loads(second) == json.loads(first)
    else:
        assert unzipped(second) == unzipped(first)
    assert Service.objects.get(name="Beds").taxonomy_terms.get().code == "housing"
    assert Contact.objects.get(name="Ann Intake").phones.get().number == "+1 555 0100"


def test_the_csv_export_neutralises_formulas(administrator, directory):
    files = unzipped(services.hsds_export(actor=administrator, format="tabular"))
    organizations = files["organizations.csv"].decode()
    assert "'=HYPERLINK" in organizations
    assert ",=" not in organizations
    contacts = files["contacts.csv"].decode()
    assert "Ann Intake" in contacts
    # A phone number is data: a spreadsheet reads it as a number at worst, never as code.
    phones = files["phones.csv"].decode()
    assert ",+1 555 0100," in phones and "'+1" not in phones
    # Numbers are not formulas: a southern latitude stays a number.
    assert ",-33.5," in files["locations.csv"].decode()
    assert json.loads(files["datapackage.json"])["resources"]


def test_the_export_reads_in_a_fixed_number_of_queries(
    administrator, directory, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        exporter.export_tables()
    for number in range(5):
        services.service_create(actor=administrator, organization=directory, name=f"More {number}")
    with django_assert_max_num_queries(9):
        exporter.export_objects()


# --- bad input: refused whole, every reason given ---------------------------------------------


def organization(**values):
    return {"id": str(uuid.uuid4()), "name": "Somewhere", "description": "", **values}


def service(organization_id, **values):
    return {
        "id": str(uuid.uuid4()),
        "organization_id": organization_id,
        "name": "Something",
        "status": "active",
        **values,
    }


def test_every_problem_is_listed_and_nothing_is_written(administrator):
    good = organization()
    bad = [
        good,
        organization(name=42),
        organization(id="not-a-uuid"),
        {"name": "No id", "description": ""},
        service(good["id"], minimum_age="twelve"),
        service(str(uuid.uuid4())),
        organization(name="x" * 201),
        organization(email="not an email"),
        service(good["id"], status="vanished"),
    ]
    report = run(administrator, bad)
    assert not report.ok
    text = reasons(report)
    assert "object 2: name must be text, not a number." in text
    assert "object 3: id “not-a-uuid” is not a UUID." in text
    assert "object 4: the id is missing." in text
    assert "object 5: minimum_age must be a whole number." in text
    assert "names no organization in the file or the directory" in text
    assert "object 7: name: Ensure this value has at most 200 characters (it has 201)." in text
    assert "object 8: email: Enter a valid email address." in text
    assert "object 9: status: Value 'vanished' is not a valid choice." in text
    assert report.problem_count == 8
    assert nothing_written()
    event = AuditEvent.objects.get()
    assert "accepted=False" in event.fields and "rejected=8" in event.fields


def test_duplicate_ids_are_refused(administrator):
    twice = organization()
    report = run(administrator, [twice, dict(twice, name="Again")])
    assert "the organization id" in reasons(report) and "appears twice" in reasons(report)
    assert nothing_written()


def test_an_import_cannot_put_a_record_under_itself_through_the_directory(administrator):
    """The loop closes in the directory: the file puts the top of a stored chain under its
    bottom, for organizations and categories alike."""
    top = services.organization_create(actor=administrator, name="Network")
    bottom = services.organization_create(
        actor=administrator, name="Member", parent_organization=top
    )
    broad = services.taxonomy_term_create(actor=administrator, code="a", name="Housing")
    narrow = services.taxonomy_term_create(
        actor=administrator, code="b", name="Shelter", parent=broad
    )
    report = run(
        administrator,
        [
            organization(id=str(top.pk), name="Network", parent_organization_id=str(bottom.pk)),
            {
                "id": str(broad.pk),
                "code": "a",
                "name": "Housing",
                "description": "Housing",
                "parent_id": str(narrow.pk),
            },
        ],
    )
    assert reasons(report).splitlines() == [
        "object 1: the organization sits under itself.",
        "object 2: the category sits under itself.",
    ]
    top.refresh_from_db()
    broad.refresh_from_db()
    assert top.parent_organization is None and broad.parent is None


def test_a_service_of_a_missing_organization_is_refused(administrator):
    missing = str(uuid.uuid4())
    report = run(administrator, [organization(), service(missing)])
    assert f"organization_id {missing} names no organization" in reasons(report)
    assert nothing_written()


def test_a_service_may_name_an_organization_already_in_the_directory(administrator):
    existing = services.organization_create(actor=administrator, name="Already here")
    report = run(administrator, [service(str(existing.pk))])
    assert report.ok, reasons(report)
    assert existing.services.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"id": "x", ', "The file is not valid JSON: Expecting property name"),
        (b"\xc3\x28junk", "The file is not UTF-8 text."),
        (b"42", "The file holds no HSDS object"),
        (b"[1, 2]", "object 1: must be an HSDS object, not a number."),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b"   ", "The file is empty."),
    ],
)
def test_malformed_json_is_refused(administrator, data, message):
    report = run(administrator, data)
    assert message in reasons(report)
    assert nothing_written()


def test_a_file_over_the_limit_is_refused_by_its_size_before_reading(administrator, settings):
    settings.HSDS_IMPORT_MAX_BYTES = 20 * 1024 * 1024

    class Declared:
        size = 50 * 1024 * 1024  # what the upload declares; its bytes are never read

        def read(self, *args):
            raise AssertionError("read a file refused by its size")

    junk = Declared()
    started = time.monotonic()
    report = services.hsds_import(actor=administrator, upload=junk)
    assert time.monotonic() - started < 1
    assert "The file is too large: the limit is 20 MB." in reasons(report)


def test_fifty_megabytes_of_junk_is_refused_quickly(administrator):
    junk = upload(b"\x00" * (50 * 1024 * 1024), "junk.json")
    started = time.monotonic()
    report = services.hsds_import(actor=administrator, upload=junk)
    assert time.monotonic() - started < 2
    assert "too large" in reasons(report)
    assert nothing_written()


def _csv_package(**tables: str) -> bytes:
    return zipped({f"{name}.csv": text for name, text in tables.items()})


ORG_ID = "11111111-1111-4111-8111-111111111111"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"../evil.csv": "x"}, "outside the package (../evil.csv)"),
        ({"/etc/organizations.csv": "x"}, "outside the package"),
        ({"notes.txt": "x"}, "not an HSDS package"),
        (
            {"organizations.csv": 'id,name\n11111111-1111-4111-8111-111111111111,"Unclosed\n'},
            "organizations.csv is not valid CSV",
        ),
        ({"organizations.csv": "name\nNo ids here\n"}, "organizations.csv has no id column."),
        (
            {"organizations.csv": f"id,name\n{ORG_ID},A,extra\n"},
            "organizations.csv row 2: the row has 3 cells; the header has 2.",
        ),
        ({"organizations.csv": b"id,name\n\xff\xfe\n"}, "organizations.csv is not UTF-8 text."),
    ],
)
def test_bad_packages_are_refused(administrator, files, message):
    report = run(administrator, zipped(files), "hsds.zip")
    assert message in reasons(report)
    assert nothing_written()


def test_a_zip_bomb_is_refused_by_what_it_unpacks_to(administrator, settings):
    settings.HSDS_IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    bomb = zipped({"organizations.csv": "id,name\n" + "0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    report = run(administrator, bomb, "bomb.zip")
    assert "unpacks to more than 1 MB" in reasons(report)


def test_a_zip_that_lies_about_its_size_is_stopped_while_unpacking(administrator, settings):
    settings.HSDS_IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    data = bytearray(zipped({"organizations.csv": "id,name\n" + "0" * (5 * 1024 * 1024)}))
    # Claim a tiny uncompressed size in the central directory.
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]
    real = info.file_size.to_bytes(4, "little")
    central = data.rfind(b"PK\x01\x02")
    at = data.index(real, central)
    data[at : at + 4] = (100).to_bytes(4, "little")
    report = run(administrator, bytes(data), "liar.zip")
    assert "organizations.csv in the archive is damaged" in reasons(report)
    assert nothing_written()


def test_csv_types_and_references_are_checked_with_row_numbers(administrator):
    package = _csv_package(
        organizations=f"id,name,description\n{ORG_ID},Fine,\n{ORG_ID},Twice,\n",
        services=(
            "id,organization_id,name,status,minimum_age\n"
            f"22222222-2222-4222-8222-222222222222,{ORG_ID},Beds,active,ten\n"
            "33333333-3333-4333-8333-333333333333,44444444-4444-4444-8444-444444444444,Orphan,active,\n"
        ),
    )
    report = run(administrator, package, "hsds.zip")
    text = reasons(report)
    assert "organizations.csv row 3: the organization id" in text
    assert "services.csv row 2: minimum_age must be a whole number." in text
    assert "services.csv row 3: organization_id 44444444-4444-4444-8444-444444444444" in text
    assert nothing_written()


def test_a_csv_package_in_a_folder_imports(administrator):
    package = zipped(
        {
            "package/datapackage.json": "{}",
            "package/organizations.csv": f"id,name,description\n{ORG_ID},Fine,A description\n",
        }
    )
    report = run(administrator, package, "hsds.zip")
    assert report.ok, reasons(report)
    assert Organization.objects.get().description == "A description"


def test_an_accepted_import_is_audited_with_its_counts(administrator):
    run(administrator, example("organization_full.json"))
    event = AuditEvent.objects.filter(reason="HSDS import").get()
    assert "created.organizations=1" in event.fields
    assert "format=json" in event.fields


def test_nested_repeats_that_disagree_are_refused(administrator):
    data = example("organization_full.json")
    data = copy.deepcopy(data)
    data["locations"][0]["contacts"][0]["name"] = "Someone else"
    report = run(administrator, data)
    assert "appears again with another name" in reasons(report)
    assert nothing_written()
