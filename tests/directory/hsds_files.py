"""HSDS files for the directory's tests: the specification's examples, zips, uploads, and
what a test asks of the directory afterwards."""

import gzip
import io
import json
import zipfile
from pathlib import Path

import jsonschema
from django.core.files.uploadedfile import SimpleUploadedFile

from directory import services
from directory.models import (
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "hsds-3.0"
EXAMPLES = DATA / "examples"
DESCRIPTOR = DATA / "datapackage.json"
ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def upload(data: bytes, name: str = "directory.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def run(actor, data: bytes | dict | list, name: str = "directory.json"):
    if not isinstance(data, bytes):
        data = json.dumps(data).encode()
    return services.hsds_import(actor=actor, upload=upload(data, name))


def zipped(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def example_package() -> bytes:
    """The specification's tabular example, zipped with the descriptor its link names."""
    files = {path.name: path.read_bytes() for path in (EXAMPLES / "csv").iterdir()}
    files["datapackage.json"] = DESCRIPTOR.read_bytes()
    return zipped(files)


def example(name: str):
    return json.loads((EXAMPLES / name).read_text())


def schema(name: str) -> dict:
    with gzip.open(DATA / "schema" / f"{name}.json.gz") as stream:
        return json.load(stream)


def validator(name: str):
    return jsonschema.Draft202012Validator(
        schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def reasons(report) -> str:
    return "\n".join(str(problem) for problem in report.problems)


def nothing_written():
    return not (
        Organization.objects.exists()
        or Service.objects.exists()
        or Location.objects.exists()
        or Contact.objects.exists()
        or TaxonomyTerm.objects.exists()
        or Phone.objects.exists()
        or Schedule.objects.exists()
    )


def wipe_directory():
    Phone.objects.all().delete()
    Schedule.objects.all().delete()
    ServiceAtLocation.objects.all().delete()
    Contact.objects.all().delete()
    Service.taxonomy_terms.through.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    TaxonomyTerm.objects.update(parent=None)
    TaxonomyTerm.objects.all().delete()
    Organization.objects.update(parent_organization=None)
    Organization.objects.all().delete()


def unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def export(actor, form: str) -> bytes:
    return services.hsds_export(actor=actor, format=form)


def upload_name(form: str) -> str:
    return "export.json" if form == "json" else "export.zip"
