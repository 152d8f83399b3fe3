"""The partner directory's HSDS import and export at 5,000 organizations and 20,000 services.

    .venv/bin/python bench/hsds.py                          # create, migrate, measure, drop
    .venv/bin/python bench/hsds.py --organizations 500      # a quick proof that it runs
    .venv/bin/python bench/hsds.py --keep                   # keep the database afterwards

Works on a scratch PostgreSQL database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_hsds``) that it creates, migrates and
drops at the end (``--keep`` keeps it). It generates an HSDS tabular package (zipped, as an
administrator uploads it): N organizations, 4 services each, one location each with its
address, each service offered there with its opening hours (a schedule), one contact with a
phone per organization, and 20 categories (taxonomy terms) with one category per service.
Then it times, through ``directory.services`` as the page and the API call them, one run each:
wall time, and the CPU time of this process (PostgreSQL's own work is in the wall time only),
which a busy machine disturbs less:

1. importing the package into the empty directory (everything created);
2. importing it again (everything matched by id, nothing changed);
3. importing it with every service renamed (every service updated);
4. exporting JSON, and exporting the tabular package;
5. importing the JSON export (everything matched, nothing changed). The JSON of a directory
   this size is larger than an upload may be by default (``HSDS_IMPORT_MAX_BYTES``, 20 MB),
   so the bench raises that limit for this step; the tabular package stays well under it.
"""

import csv
import io
import time
import uuid
import zipfile

from scratch import scratch_arguments, scratch_main, scratch_start

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_hsds"


def parse_arguments():
    parser = scratch_arguments(
        __doc__, cases=None, notes_per_case=None, iterations=None, reuse=False
    )
    parser.add_argument("--organizations", type=int, default=5_000)
    parser.add_argument("--services-per-organization", type=int, default=4)
    return parser.parse_args()


ARGUMENTS = parse_arguments() if __name__ == "__main__" else None
URL = scratch_start(DEFAULT_URL, ARGUMENTS)

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from directory import services  # noqa: E402
from directory.models import Organization, Service  # noqa: E402

COLUMNS = {
    "organizations": ["id", "name", "alternate_name", "description", "email", "website"],
    "services": [
        "id",
        "organization_id",
        "name",
        "description",
        "status",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "last_modified",
    ],
    "locations": ["id", "location_type", "organization_id", "name", "latitude", "longitude"],
    "addresses": [
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "service_at_location": ["id", "service_id", "location_id", "description"],
    "contacts": ["id", "organization_id", "name", "title", "email"],
    "phones": ["id", "contact_id", "number"],
    "schedules": ["id", "service_id", "freq", "byday", "opens_at", "closes_at", "description"],
    "taxonomy_terms": ["id", "code", "name", "description", "taxonomy"],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
}


def generate(organizations: int, per: int, *, renamed: bool = False) -> bytes:
    """A zipped HSDS package with ids fixed by position (so a second one matches the first)."""
    rows = {name: [] for name in COLUMNS}

    def ident(kind: str, number: int) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-hsds/{kind}/{number}"))

    terms = [ident("term", number) for number in range(20)]
    for number, term in enumerate(terms):
        rows["taxonomy_terms"].append(
            [term, f"code-{number}", f"Category {number}", f"Services of kind {number}", "bench"]
        )
    for org in range(organizations):
        organization = ident("organization", org)
        location = ident("location", org)
        rows["organizations"].append(
            [
                organization,
                f"Bench agency {org:05d}",
                f"Agency {org}",
                "An invented agency for the benchmark.",
                f"intake{org}@agency.example.org",
                f"https://agency{org}.example.org",
            ]
        )
        rows["locations"].append(
            [location, "physical", organization, f"Office {org}", "40.712800", "-74.006000"]
        )
        rows["addresses"].append(
            [
                ident("address", org),
                location,
                f"{org} Main Street",
                "Sampleton",
                "NY",
                "10001",
                "US",
                "physical",
            ]
        )
        contact = ident("contact", org)
        rows["contacts"].append([contact, organization, f"Intake {org}", "Intake", ""])
        rows["phones"].append([ident("phone", org), contact, "+1 555 0100"])
        for each in range(per):
            number = org * per + each
            service = ident("service", number)
            name = f"Service {number}" + (" (renamed)" if renamed else "")
            rows["services"].append(
                [
                    service,
                    organization,
                    name,
                    "Beds and support.",
                    "active",
                    "Adults",
                    "18",
                    "99",
                    "2026-01-01T00:00:00Z",
                ]
            )
            rows["service_at_location"].append([ident("link", number), service, location, ""])
            rows["schedules"].append(
                [
                    ident("schedule", number),
                    service,
                    "WEEKLY",
                    "MO,TU,WE,TH,FR",
                    "09:00",
                    "17:00",
                    "Walk in before noon.",
                ]
            )
            rows["attributes"].append(
                [ident("attribute", number), service, terms[number % 20], "category", "service", ""]
            )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", '{"profile": "tabular-data-package"}')
        for name, columns in COLUMNS.items():
            out = io.StringIO(newline="")
            writer = csv.writer(out)
            writer.writerow(columns)
            writer.writerows(rows[name])
            archive.writestr(f"{name}.csv", out.getvalue())
    return buffer.getvalue()


def timed(label: str, call):
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<50} {elapsed:7.2f} s wall {cpu:7.2f} s CPU (this process)")
    return result


def counts(report) -> str:
    return ", ".join(
        f"{row['table']} +{row['created']} ~{row['updated']} ={row['unchanged']}"
        for row in report.tables()
    )


def measure(arguments, seeding) -> None:
    group, _created = Group.objects.get_or_create(name=Role.ADMINISTRATOR)
    keeper = User.objects.create_user("bench-keeper@example.org", full_name="Bench Keeper")
    keeper.groups.add(group)
    keeper = User.objects.with_role().get(pk=keeper.pk)
    n, per = arguments.organizations, arguments.services_per_organization
    package = timed("generate the package", lambda: generate(n, per))
    renamed = generate(n, per, renamed=True)
    print(f"{n:,} organizations, {n * per:,} services; zip {len(package) / 1e6:.1f} MB")

    def run(data: bytes, name: str):
        report = services.hsds_import(actor=keeper, upload=SimpleUploadedFile(name, data))
        assert report.ok, report.problems[:5]
        return report

    report = timed("import the package into an empty directory", lambda: run(package, "p.zip"))
    print("   ", counts(report))
    report = timed("import it again (nothing changed)", lambda: run(package, "p.zip"))
    print("   ", counts(report))
    report = timed("import it with every service renamed", lambda: run(renamed, "p.zip"))
    print("   ", counts(report))
    exported = timed("export JSON", lambda: services.hsds_export(actor=keeper, format="json"))
    print(f"    {len(exported) / 1e6:.1f} MB")
    tabular = timed(
        "export the tabular package (zip)",
        lambda: services.hsds_export(actor=keeper, format="tabular"),
    )
    print(f"    {len(tabular) / 1e6:.1f} MB")
    settings.HSDS_IMPORT_MAX_BYTES = max(settings.HSDS_IMPORT_MAX_BYTES, len(exported))
    report = timed("import the JSON export (nothing changed)", lambda: run(exported, "e.json"))
    print("   ", counts(report))
    assert Organization.objects.count() == n and Service.objects.count() == n * per


if __name__ == "__main__":
    scratch_main(ARGUMENTS, URL, measure, seed=None)
