"""HSDS 3.0 as other Open Referral tools read it: the package is held to the specification's
own datapackage.json (names, files, types, constraints, links), its rows validate against it,
both resource namings import, older versions are refused by name, and every field not kept is
reported the same way for both forms."""

import csv
import datetime
import io
import json
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.dateparse import parse_datetime

from directory.models import Organization, Phone, Schedule, TaxonomyTerm
from tests.directory.hsds_files import (
    DESCRIPTOR,
    example,
    example_package,
    export,
    reasons,
    run,
    unzipped,
    upload_name,
    wipe_directory,
    zipped,
)

pytestmark = pytest.mark.django_db

SPEC = json.loads(DESCRIPTOR.read_text())
SPEC_RESOURCES = {resource["name"]: resource for resource in SPEC["resources"]}
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-][0-9]{2}:?[0-9]{2})?")


def _foreign_keys(resource: dict) -> set:
    return {
        (key["fields"], key["reference"]["resource"])
        for key in resource["schema"].get("foreignKeys", [])
    }


def _descriptor(files: dict) -> dict:
    return json.loads(files["datapackage.json"])


def test_the_package_is_named_and_shaped_as_hsds_3_0_names_it(administrator, directory):
    files = unzipped(export(administrator, "tabular"))
    resources = _descriptor(files)["resources"]
    names = [resource["name"] for resource in resources]
    assert names == [name for name in SPEC_RESOURCES if name in names]
    assert set(names) == {
        "organization",
        "service",
        "attribute",
        "service_at_location",
        "location",
        "phone",
        "contact",
        "address",
        "schedule",
        "taxonomy_term",
    }
    for resource in resources:
        spec = SPEC_RESOURCES[resource["name"]]
        assert resource["path"] == spec["path"] and resource["path"] in files
        spec_fields = {field["name"]: field for field in spec["schema"]["fields"]}
        fields = [field["name"] for field in resource["schema"]["fields"]]
        # HSDS's own fields, in its order.
        assert fields == [name for name in spec_fields if name in fields]
        for field in resource["schema"]["fields"]:
            expected = spec_fields[field["name"]]
            assert field["type"] == expected["type"], field
            assert field.get("format") == expected.get("format"), field
            for constraint in ("required", "enum"):
                assert field["constraints"].get(constraint) == expected["constraints"].get(
                    constraint
                ), field
        header = next(csv.reader(io.StringIO(files[resource["path"]].decode())))
        assert header == fields
        # The same links the specification declares, among the fields written.
        spec_keys = {key for key in _foreign_keys(spec) if key[0] in fields}
        assert _foreign_keys(resource) == spec_keys


def _problems(files: dict, descriptor: dict) -> list[str]:
    """Each row of each CSV against the specification's table schema: required cells, types,
    formats, enumerations, and that every link names a row of the package."""
    ids = {}
    rows = {}
    for resource in descriptor["resources"]:
        reader = csv.DictReader(io.StringIO(files[resource["path"]].decode()))
        rows[resource["name"]] = list(reader)
        ids[resource["name"]] = {row["id"] for row in rows[resource["name"]]}
    problems = []
    for resource in descriptor["resources"]:
        spec = SPEC_RESOURCES[resource["name"]]
        fields = {field["name"]: field for field in spec["schema"]["fields"]}
        links = dict(_foreign_keys(spec))
        for number, row in enumerate(rows[resource["name"]], start=2):
            for name, cell in row.items():
                where = f"{resource['path']} row {number} {name}"
                problem = _cell_problem(fields[name], cell)
                if problem:
                    problems.append(f"{where}: {problem}")
                target = links.get(name)
                if cell and target in ids and cell not in ids[target]:
                    problems.append(f"{where}: names no {target}")
    return problems


def _cell_problem(field: dict, cell: str) -> str:
    constraints = field.get("constraints", {})
    if not cell:
        return "required" if constraints.get("required") else ""
    checks = {
        "uuid": lambda: uuid.UUID(cell),
        "email": lambda: validate_email(cell),
        "uri": lambda: URLValidator()(cell),
    }
    try:
        checks.get(field.get("format"), lambda: None)()
        if field["type"] == "number":
            float(cell)
        elif field["type"] == "date":
            datetime.date.fromisoformat(cell)
        elif field["type"] == "datetime" and parse_datetime(cell) is None:
            return "not a date and time"
        elif field["type"] == "time" and not TIME.fullmatch(cell):
            return "not a time"
    except (ValueError, ValidationError) as error:
        return str(error)
    if "enum" in constraints and cell not in constraints["enum"]:
        return "not in the enumeration"
    return ""


def test_the_package_validates_against_the_specifications_descriptor(administrator, directory):
    files = unzipped(export(administrator, "tabular"))
    assert _problems(files, _descriptor(files)) == []
    phones = files["phones.csv"].decode()
    assert "+1 555 0199" in phones and ",'-cmd|" in phones


def test_the_examples_validate_once_exported_as_a_package(administrator):
    run(administrator, example("organization_full.json"))
    files = unzipped(export(administrator, "tabular"))
    problems = _problems(files, _descriptor(files))
    # The example's address lacks nothing; its schedule, phone and contact export whole.
    assert problems == []
    assert files["schedules.csv"].count(b"\r\n") == 2 and files["phones.csv"].count(b"\r\n") == 2


def test_a_term_and_an_organization_without_a_description_export_their_name(
    administrator, directory
):
    assert TaxonomyTerm.objects.get().description == ""
    page = json.loads(export(administrator, "json"))
    umbrella = next(each for each in page["contents"] if each["name"] == "Umbrella Network")
    assert umbrella["description"] == "Umbrella Network"
    term = page["contents"][0]["services"][0]["attributes"][0]["taxonomy_term"]
    assert (term["name"], term["description"]) == ("Housing", "Housing")
    files = unzipped(export(administrator, "tabular"))
    assert ",Housing,Housing," in files["taxonomy_terms.csv"].decode()


def test_an_imported_description_is_kept(administrator):
    term = {
        "id": str(uuid.uuid4()),
        "code": "h",
        "name": "Housing",
        "description": "Somewhere to live",
    }
    report = run(administrator, [term])
    assert report.ok, reasons(report)
    assert TaxonomyTerm.objects.get().description == "Somewhere to live"


# --- resources by either name -----------------------------------------------------------------

ORG = "11111111-1111-4111-8111-111111111111"


@pytest.mark.parametrize("resource", ["organization", "organizations"])
def test_tables_are_found_by_the_resources_datapackage_json_names(administrator, resource):
    descriptor = {
        "profile": "tabular-data-package",
        "resources": [{"name": resource, "path": "data/orgs-2026.csv"}],
    }
    package = zipped(
        {
            "datapackage.json": json.dumps(descriptor),
            "data/orgs-2026.csv": f"id,name,description\n{ORG},Harbor Housing,Beds\n",
            "organizations.csv": f"id,name,description\n{uuid.uuid4()},Not this one,x\n",
        }
    )
    report = run(administrator, package, "hsds.zip")
    assert report.ok, reasons(report)
    assert list(Organization.objects.values_list("name", flat=True)) == ["Harbor Housing"]
    assert (
        "organizations.csv is not the file datapackage.json names for organizations; not read."
        in report.notes
    )


def test_the_specifications_whole_descriptor_reads_a_package_with_some_of_its_files(
    administrator,
):
    package = zipped(
        {
            "datapackage.json": DESCRIPTOR.read_bytes(),
            "organizations.csv": f"id,name,description\n{ORG},Harbor Housing,Beds\n",
        }
    )
    report = run(administrator, package, "hsds.zip")
    assert report.ok, reasons(report)


@pytest.mark.parametrize(
    ("descriptor", "message"),
    [
        (b"../../datapackage.json", "datapackage.json is not valid JSON: Expecting value"),
        (b"[1]", "datapackage.json is not a data package descriptor"),
    ],
)
def test_a_broken_descriptor_is_refused(administrator, descriptor, message):
    package = zipped(
        {
            "datapackage.json": descriptor,
            "organizations.csv": f"id,name,description\n{ORG},Harbor Housing,Beds\n",
        }
    )
    assert message in reasons(run(administrator, package, "hsds.zip"))


# --- older versions -----------------------------------------------------------------------------


def _old_descriptor(version: str) -> bytes:
    return json.dumps({"name": "human_services_data", "version": version}).encode()


@pytest.mark.parametrize(
    ("files", "version"),
    [
        ({"datapackage.json": _old_descriptor("1.1.1")}, "1.1.1"),
        ({"datapackage.json": _old_descriptor("2.0.1")}, "2.0.1"),
        ({"holiday_schedules.csv": "id,service_id,closed\n"}, "1.1"),
        ({"services_taxonomy.csv": "id,service_id,taxonomy_id\n"}, "1.1"),
        ({"other_attributes.csv": "id,link_id,link_type,taxonomy_term_id\n"}, "2.0"),
        ({"physical_addresses.csv": "id,location_id,address_1\n"}, "1.1 or 2.0"),
        ({"phones.csv": "id,contact_id,number,department\n"}, "1.1 or 2.0"),
        ({"services.csv": "id,organization_id,name,status,taxonomy_ids\n"}, "1.1"),
        (
            {
                "physical_addresses.csv": "id,location_id,address_1\n",
                "regular_schedules.csv": "id,service_id,weekday\n",
            },
            "1.1",
        ),
    ],
)
def test_an_older_package_is_refused_naming_its_version(administrator, files, version):
    package = zipped({"organizations.csv": f"id,name,description\n{ORG},H,B\n", **files})
    text = reasons(run(administrator, package, "old.zip"))
    assert text.startswith(f"This is HSDS {version}, not HSDS 3.0 (")
    assert "The directory reads HSDS 3.0 only" in text
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("document", "version"),
    [
        ({"id": ORG, "name": "H", "description": "B", "url": "https://h.example"}, "1.1 or 2.0"),
        (
            {
                "id": ORG,
                "name": "H",
                "status": "active",
                "organization_id": ORG,
                "eligibilities": [],
            },
            "2.0",
        ),
        ({"id": ORG, "name": "H", "description": "B", "physical_address": []}, "1.1 or 2.0"),
        ({"id": ORG, "name": "H", "description": "B", "holiday_schedule": []}, "1.1"),
        ({"id": ORG, "term": "Housing", "description": "B", "parent_id": None}, "2.0"),
    ],
)
def test_older_json_is_refused_naming_its_version(administrator, document, version):
    text = reasons(run(administrator, [document]))
    assert text.startswith(f"This is HSDS {version}, not HSDS 3.0 (object 1 has ")


def test_3_0_fields_older_versions_also_had_prove_nothing(administrator):
    """programs, phones.service_at_location_id and tax_id are 3.0's too."""
    organization = {"id": ORG, "name": "H", "description": "B", "tax_id": "12-345"}
    report = run(administrator, [organization])
    assert report.ok, reasons(report)
    package = zipped(
        {
            "organizations.csv": f"id,name,description,tax_id\n{uuid.uuid4()},H,B,1\n",
            "programs.csv": f"id,organization_id,name\n{uuid.uuid4()},{ORG},P\n",
            "phones.csv": f"id,organization_id,service_at_location_id,number\n"
            f"{uuid.uuid4()},{ORG},,555 0100\n",
        }
    )
    report = run(administrator, package, "hsds.zip")
    assert report.ok, reasons(report)


# --- fields not kept ----------------------------------------------------------------------------

LOCATION = "33333333-3333-4333-8333-333333333333"
ADDRESS = "44444444-4444-4444-8444-444444444444"


def test_every_field_not_kept_is_reported_the_same_way_for_both_forms(administrator):
    document = {
        "id": ORG,
        "name": "Harbor Housing",
        "description": "Beds",
        "tax_id": "12-3456789",
        "year_incorporated": 2011,
        "locations": [
            {
                "id": LOCATION,
                "location_type": "physical",
                "url": "https://harbor.example/visit",
                "addresses": [
                    {
                        "id": ADDRESS,
                        "address_1": "1 Harbor Road",
                        "city": "Sampleton",
                        "region": "Bay",
                        "state_province": "CA",
                        "postal_code": "12345",
                        "country": "US",
                        "address_type": "physical",
                    }
                ],
                "accessibility": [{"id": str(uuid.uuid4()), "description": "Ramp"}],
            }
        ],
    }
    from_json = run(administrator, [document])
    assert from_json.ok, reasons(from_json)
    wipe_directory()
    package = zipped(
        {
            "organizations.csv": "id,name,description,tax_id,year_incorporated\n"
            f"{ORG},Harbor Housing,Beds,12-3456789,2011\n",
            "locations.csv": f"id,location_type,organization_id,url\n"
            f"{LOCATION},physical,{ORG},https://harbor.example/visit\n",
            "addresses.csv": "id,location_id,address_1,city,region,state_province,postal_code,"
            f"country,address_type\n{ADDRESS},{LOCATION},1 Harbor Road,Sampleton,Bay,CA,12345,"
            "US,physical\n",
            "accessibility.csv": f"id,location_id,description\n{uuid.uuid4()},{LOCATION},Ramp\n",
        }
    )
    from_csv = run(administrator, package, "hsds.zip")
    assert from_csv.ok, reasons(from_csv)
    expected = {
        "organizations.tax_id": 1,
        "organizations.year_incorporated": 1,
        "locations.url": 1,
        "addresses.region": 1,
        "accessibility": 1,
    }
    assert dict(from_json.not_kept) == expected
    assert dict(from_csv.not_kept) == expected
    assert from_json.as_dict()["not_kept"] == from_csv.as_dict()["not_kept"]


def test_a_record_repeated_in_nested_json_is_counted_once(administrator):
    report = run(administrator, example("organization_full.json"))
    assert report.not_kept["languages"] == 1  # one language, nested thirteen times
    assert report.not_kept["locations.url"] == 1
    assert report.not_kept["addresses.region"] == 1
    assert report.not_kept["organizations.tax_status"] == 1


def test_an_empty_field_is_not_reported(administrator):
    report = run(
        administrator, [{"id": ORG, "name": "H", "description": "B", "tax_id": "", "logo": None}]
    )
    assert not report.not_kept


def test_the_example_package_reports_its_fields_and_keeps_phones_and_schedules(administrator):
    report = run(administrator, example_package(), "hsds.zip")
    assert report.ok, reasons(report)
    assert report.not_kept["organizations.tax_id"] == 1
    assert report.not_kept["services.program_id"] == 1
    assert "phones" not in report.not_kept and "schedules" not in report.not_kept
    assert Phone.objects.get().extension == 100
    assert Schedule.objects.get().byweekno == "41,42"


@pytest.mark.parametrize("form", ["json", "tabular"])
def test_an_export_imports_with_nothing_left_unkept(administrator, directory, form):
    data = export(administrator, form)
    wipe_directory()
    report = run(administrator, data, upload_name(form))
    assert report.ok, reasons(report)
    assert not report.not_kept
