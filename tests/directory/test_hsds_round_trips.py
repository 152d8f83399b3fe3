"""Round trips are exact: export → import → export gives the same file, and the import gives
back every value the directory held — phones and schedules included — with the
specification's examples and with random directories (hypothesis)."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from tests.directory.hsds_files import (
    EXAMPLES,
    example_package,
    export,
    reasons,
    run,
    unzipped,
    upload_name,
    wipe_directory,
)

pytestmark = pytest.mark.django_db
FORMS = ["json", "tabular"]
# What the directory holds that HSDS has no field for (referral deadlines and pauses, the
# organization's own change time): not exported, so not compared.
NOT_HSDS = {
    Organization: {"last_modified", "acknowledge_within_days", "act_within_days"},
    Service: {"referrals_paused_at", "referrals_paused_by_id"},
}
MODELS = [
    Organization,
    TaxonomyTerm,
    Service,
    Location,
    ServiceAtLocation,
    Contact,
    Phone,
    Schedule,
]


def held() -> dict:
    """Every value the directory holds that HSDS carries, table by table."""
    snapshot = {}
    for model in MODELS:
        left_out = NOT_HSDS.get(model, set())
        snapshot[model.__name__] = {
            row["id"]: {name: value for name, value in row.items() if name not in left_out}
            for row in model.objects.values()
        }
    links = Service.taxonomy_terms.through.objects.values_list("service_id", "taxonomyterm_id")
    snapshot["categories"] = set(links)
    return snapshot


def same_file(form: str, first: bytes, second: bytes) -> bool:
    return first == second if form == "json" else unzipped(first) == unzipped(second)


def round_trip(actor, form: str) -> None:
    before = held()
    # HSDS requires a description: one the directory lacks is exported (and so comes back)
    # as the name.
    for model in ("Organization", "TaxonomyTerm"):
        for row in before[model].values():
            row["description"] = row["description"] or row["name"]
    if form == "json":
        # JSON nests categories under the services that use them: it carries no other.
        used = {term for _service, term in before["categories"]}
        before["TaxonomyTerm"] = {
            ref: row for ref, row in before["TaxonomyTerm"].items() if ref in used
        }
    first = export(actor, form)
    wipe_directory()
    report = run(actor, first, upload_name(form))
    assert report.ok, reasons(report)
    assert not report.not_kept
    assert held() == before
    assert same_file(form, first, export(actor, form))


@pytest.mark.parametrize("form", FORMS)
def test_the_directory_round_trips_exactly(administrator, directory, form):
    round_trip(administrator, form)


@pytest.mark.parametrize(
    "source",
    [
        "organization_full.json",
        "service_full.json",
        "service_at_location_full.json",
        "organization_list.json",
        "tabular",
    ],
)
@pytest.mark.parametrize("form", FORMS)
def test_the_specifications_examples_round_trip_exactly(administrator, source, form):
    data = example_package() if source == "tabular" else (EXAMPLES / source).read_bytes()
    report = run(administrator, data, "hsds.zip" if source == "tabular" else source)
    assert report.ok, reasons(report)
    if source != "organization_list.json":  # the list's organizations are bare
        assert Phone.objects.exists() and Schedule.objects.exists()
    round_trip(administrator, form)


# --- random directories -------------------------------------------------------------------------

HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Rollback(Exception):
    pass


def _rolled_back(body) -> None:
    """One example in a transaction that is always undone: examples share the fixtures."""
    try:
        with transaction.atomic():
            body()
            raise Rollback
    except Rollback:
        pass


# Text as the directory stores it (services strip it): any character PostgreSQL takes,
# often starting the way a formula or its escape does.
characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
words = st.builds(
    lambda start, rest: (start + rest).strip(),
    st.sampled_from(["", "'", "''", "=", "+", "-", "@", "'=", "'+", "+1 555 "]),
    st.text(characters, max_size=24),
)
names = words.filter(bool)
emails = st.sampled_from(["", "intake@harbor.example", "a.b@c.example"])
links = st.sampled_from(["", "https://harbor.example/", "http://example.com/a?b=c"])
clock = st.sampled_from(["", "09:00", "17:30:00", "08:00Z", "10:00+05:45", "23:59:59-01:00"])
days = st.sampled_from(["", "MO", "MO,TU,WE,TH,FR", "1MO,-1FR", "sa,su"])
numbers = st.sampled_from(["", "1,15", "-1", "2, 3, 4"])
dates = st.one_of(st.none(), st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)))
counts = st.one_of(st.none(), st.integers(1, 100_000))
coordinates = st.one_of(
    st.none(), st.decimals(-180, 180, places=6, allow_nan=False, allow_infinity=False)
)
offsets = st.one_of(
    st.none(), st.sampled_from([Decimal(-12), Decimal("-3.5"), 0, Decimal("5.75"), 14])
)

organization_values = st.fixed_dictionaries(
    {
        "name": names,
        "alternate_name": words,
        "description": names,
        "email": emails,
        "website": links,
        "legal_status": words,
    }
)
service_values = st.fixed_dictionaries(
    {
        "name": names,
        "description": words,
        "url": links,
        "email": emails,
        "status": st.sampled_from(["active", "inactive", "defunct", "temporarily closed"]),
        "application_process": words,
        "minimum_age": st.one_of(st.none(), st.integers(0, 17)),
        "maximum_age": st.one_of(st.none(), st.integers(18, 120)),
        "alert": words,
    }
)
location_values = st.fixed_dictionaries(
    {
        "location_type": st.sampled_from(["physical", "postal", "virtual"]),
        "name": words,
        "transportation": words,
        "latitude": coordinates,
        "longitude": coordinates,
        "address_1": words,
        "city": words,
        "state_province": words,
        "postal_code": st.sampled_from(["", "12345", "ABC 1234"]),
        "country": st.sampled_from(["", "US", "GB"]),
    }
)
phone_values = st.fixed_dictionaries(
    {
        "number": names,
        "extension": st.one_of(st.none(), st.integers(0, 99_999)),
        "type": st.sampled_from(["", "voice", "text", "fax"]),
        "description": words,
    }
)
schedule_values = st.fixed_dictionaries(
    {
        "valid_from": dates,
        "dtstart": dates,
        "until": dates,
        "timezone": offsets,
        "count": counts,
        "interval": counts,
        "wkst": st.sampled_from(["", "MO", "SU"]),
        "freq": st.sampled_from(["", "WEEKLY", "MONTHLY"]),
        "byday": days,
        "bymonthday": numbers,
        "byweekno": numbers,
        "byyearday": numbers,
        "description": words,
        "opens_at": clock,
        "closes_at": clock,
        "schedule_link": links,
        "attending_type": words,
        "notes": words,
    }
)
# Which of its possible owners a phone or schedule belongs to (at least one).
phone_owners = st.sets(
    st.sampled_from(["organization", "service", "location", "contact", "service_at_location"]),
    min_size=1,
)
schedule_owners = st.sets(
    st.sampled_from(["service", "location", "service_at_location"]), min_size=1
)
directories = st.lists(
    st.fixed_dictionaries(
        {
            "organization": organization_values,
            "services": st.lists(service_values, min_size=1, max_size=2),
            "location": location_values,
            "term": st.fixed_dictionaries({"code": words, "name": names, "description": names}),
            "contact": st.fixed_dictionaries({"name": names, "title": words, "email": emails}),
            "phones": st.lists(st.tuples(phone_values, phone_owners), max_size=3),
            "schedules": st.lists(st.tuples(schedule_values, schedule_owners), max_size=2),
        }
    ),
    min_size=1,
    max_size=2,
)


def _build(actor, entries) -> None:
    for number, entry in enumerate(entries):
        term_values = dict(entry["term"], code=f"{number}-{entry['term']['code']}")
        term = services.taxonomy_term_create(actor=actor, taxonomy="random", **term_values)
        organization = services.organization_create(actor=actor, **entry["organization"])
        service_list = [
            services.service_create(
                actor=actor, organization=organization, taxonomy_terms=[term], **values
            )
            for values in entry["services"]
        ]
        location = services.location_create(
            actor=actor, organization=organization, **entry["location"]
        )
        at_location = services.service_at_location_add(
            actor=actor, service=service_list[0], location=location
        )
        contact = services.contact_create(
            actor=actor, organization=organization, service=service_list[-1], **entry["contact"]
        )
        owners = {
            "organization": organization,
            "service": service_list[0],
            "location": location,
            "contact": contact,
            "service_at_location": at_location,
        }
        for values, chosen in entry["phones"]:
            services.phone_create(actor=actor, **{name: owners[name] for name in chosen}, **values)
        for values, chosen in entry["schedules"]:
            services.schedule_create(
                actor=actor, **{name: owners[name] for name in chosen}, **values
            )


@HYPOTHESIS
@given(entries=directories, form=st.sampled_from(FORMS))
def test_random_directories_round_trip_exactly(administrator, entries, form):
    def body():
        wipe_directory()
        _build(administrator, entries)
        round_trip(administrator, form)

    _rolled_back(body)
