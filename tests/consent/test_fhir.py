"""Each release exports as an HL7 FHIR R4 Consent another system can act on: valid for the R4
models (fhir.resources), keeping R4's invariants (ppc-1 to ppc-5, dom-6, per-1, evaluated with
fhirpathpy) and R4's value sets, for every shape a release takes; a verbal release awaiting its
written confirmation never reads as permitting more than it does."""

import copy
import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import timezone

from alongside import environment
from consent import selectors, services
from consent.choices import (
    ConsentMethod,
    Purpose,
    RecipientClass,
    Relationship,
    RevocationMethod,
    Signer,
)
from consent.fhir import release_as_fhir, release_fhir_validated
from consent.models import Release
from consent.packet import offered_categories
from consent.recipients import Recipient
from organization.models import Program
from tests.consent.conftest import grant
from tests.consent.fhir_checks import (
    invariant_failures,
    narrative_failures,
    value_set_failures,
)

pytestmark = pytest.mark.django_db
pytest.importorskip("fhir.resources")

DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate
OTHER_PURPOSE = 'Help with the <T-visa> & "court" date'
SURVIVOR_DATA = ("Rosa", "Consent Maria", "+1 202 555 0111", "Aunt Ama", "Gloria Guardian")


def _governed(case, governed: bool) -> None:
    Program.objects.filter(pk=case.program_id).update(governed_by_vawa_fvpsa=governed)
    case.program.refresh_from_db()


def _guardian(advocate, case):
    return services.person_add(
        actor=advocate,
        case=case,
        relationship=Relationship.PARENT_OR_GUARDIAN,
        name="Gloria Guardian",
    )


# Every shape of release: (build(world) -> release, what its export must say) -----------------


def _written(w):
    return grant(w.advocate, w.case, w.agency_recipient)


def _electronic_to_a_person(w):
    aunt = services.person_add(
        actor=w.advocate, case=w.case, relationship=Relationship.FAMILY, name="Aunt Ama"
    )
    return grant(w.advocate, w.case, Recipient.person(aunt.pk), method=ConsentMethod.ELECTRONIC)


def _law_enforcement(w):
    return grant(
        w.advocate,
        w.case,
        Recipient.of_class(RecipientClass.LAW_ENFORCEMENT),
        purposes=[Purpose.LAW_ENFORCEMENT],
    )


def _other_purpose(w):
    return grant(
        w.advocate,
        w.case,
        Recipient.of_class(RecipientClass.LEGAL_SERVICES),
        purposes=[Purpose.LEGAL_ADVOCACY, Purpose.OTHER],
        purpose_other=OTHER_PURPOSE,
    )


def _everything_offered(w):
    return grant(
        w.advocate,
        w.case,
        w.agency_recipient,
        categories=offered_categories(),
        purposes=[
            Purpose.REFERRAL,
            Purpose.SERVICE_COORDINATION,
            Purpose.LEGAL_ADVOCACY,
            Purpose.OTHER,
        ],
        purpose_other="Housing application",
    )


def _signed_by_a_guardian(w):
    guardian = _guardian(w.advocate, w.case)
    return grant(
        w.advocate, w.case, w.agency_recipient, signer=Signer.GUARDIAN, guardian=guardian.pk
    )


def _minor_signed_by_both(w):
    guardian = _guardian(w.advocate, w.minor_case)
    return grant(
        w.advocate, w.minor_case, w.agency_recipient, signer=Signer.BOTH, guardian=guardian.pk
    )


def _restricted_some(w):
    release = grant(w.advocate, w.case, w.agency_recipient)
    services.restriction_add(
        actor=w.advocate, case=w.case, recipient=w.agency_recipient, categories=["contact"]
    )
    return release


def _restricted_everything(w):
    release = grant(w.advocate, w.case, w.agency_recipient)
    services.restriction_add(actor=w.advocate, case=w.case, recipient=w.agency_recipient)
    return release


def _not_started(w):
    return grant(
        w.advocate,
        w.case,
        w.agency_recipient,
        starts_on=TODAY() + 10 * DAY,
        expires_on=TODAY() + 40 * DAY,
    )


def _expired(w):
    return grant(
        w.advocate,
        w.case,
        w.agency_recipient,
        signed_on=TODAY() - 100 * DAY,
        starts_on=TODAY() - 100 * DAY,
        expires_on=TODAY() - 10 * DAY,
    )


def _revoked(w):
    release = grant(w.advocate, w.case, w.agency_recipient)
    services.release_revoke(actor=w.advocate, release=release, method=RevocationMethod.PHONE)
    return release


def _verbal(w, *, governed: bool, **values):
    _governed(w.case, governed)
    return grant(w.advocate, w.case, w.agency_recipient, method=ConsentMethod.VERBAL, **values)


def _verbal_pending(w):
    return _verbal(w, governed=False)


def _verbal_awaiting_writing(w):
    return _verbal(w, governed=True)


def _verbal_confirmed(w):
    release = _verbal(w, governed=True)
    return services.release_confirm_in_writing(actor=w.advocate, release=release)


def _verbal_overdue(w):
    return _verbal(w, governed=False, signed_on=TODAY() - 20 * DAY, starts_on=TODAY() - 20 * DAY)


def _verbal_starting_after_its_confirm_by_day(w):
    return _verbal(w, governed=False, starts_on=TODAY() + 20 * DAY, expires_on=TODAY() + 60 * DAY)


def _naming_a_category_nothing_fills(w):
    release = grant(w.advocate, w.case, w.agency_recipient)
    Release.objects.filter(pk=release.pk).update(categories=["identity", "medical"])
    return release


def _expires_on(release):
    return release.expires_on.isoformat()


def _confirm_by(release):
    return release.confirm_by.isoformat()


SHAPES = {
    # name: (build, FHIR status, the permit period's end)
    "written, to an organization": (_written, "active", _expires_on),
    "electronic, to a named person": (_electronic_to_a_person, "active", _expires_on),
    "to law enforcement, in its own release": (_law_enforcement, "active", _expires_on),
    "legal advocacy and another purpose, described": (_other_purpose, "active", _expires_on),
    "every category offered, every purpose": (_everything_offered, "active", _expires_on),
    "signed by a guardian": (_signed_by_a_guardian, "active", _expires_on),
    "a minor's, signed by the minor and a guardian": (_minor_signed_by_both, "active", _expires_on),
    "with a restriction on some categories": (_restricted_some, "active", _expires_on),
    "with a restriction on everything": (_restricted_everything, "active", _expires_on),
    "not started yet": (_not_started, "active", _expires_on),
    "expired": (_expired, "inactive", _expires_on),
    "revoked": (_revoked, "inactive", _expires_on),
    "verbal, pending confirmation (not VAWA/FVPSA)": (_verbal_pending, "active", _confirm_by),
    "verbal, awaiting writing (VAWA/FVPSA)": (_verbal_awaiting_writing, "proposed", _confirm_by),
    "verbal, confirmed in writing": (_verbal_confirmed, "active", _expires_on),
    "verbal, not confirmed in time": (_verbal_overdue, "inactive", _confirm_by),
    "verbal, starting after its confirm-by day": (
        _verbal_starting_after_its_confirm_by_day,
        "proposed",
        _expires_on,
    ),
    "naming a category nothing fills": (_naming_a_category_nothing_fills, "active", _expires_on),
}


class World:
    def __init__(self, advocate, case, minor_case, agency):
        self.advocate = advocate
        self.case = case
        self.minor_case = minor_case
        self.agency_recipient = Recipient.organization(agency.pk)


@pytest.fixture
def world(advocate, case, minor_case, agency):
    return World(advocate, case, minor_case, agency)


def _exported(release) -> dict:
    """As the API serves it: read through the selector, validated with the R4 models."""
    return release_fhir_validated(selectors.release_of(case=release.case, release_id=release.pk))


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_every_release_shape_keeps_r4s_invariants_and_value_sets(world, shape):
    build, status, period_end = SHAPES[shape]
    release = build(world)
    release.refresh_from_db()
    resource = _exported(release)

    assert invariant_failures(resource) == []
    assert value_set_failures(resource, base=settings.FHIR_CANONICAL_BASE) == []
    assert narrative_failures(resource) == []

    assert resource["status"] == status
    permit = resource["provision"]
    assert permit["type"] == "permit"
    assert permit["period"] == {"start": release.starts_on.isoformat(), "end": period_end(release)}
    assert resource["category"][0]["coding"][0]["code"] == "64292-6"
    assert resource["policy"][0] == {"uri": settings.CONSENT_POLICY_URI}
    assert "policyRule" not in resource
    assert resource["organization"] == [{"display": settings.CONSENT_ORGANIZATION_NAME}]
    # A date where the value is a date: no invented midnight.
    assert resource["dateTime"] == release.signed_on.isoformat()
    text = json.dumps(resource)
    assert "alongside.example" not in text
    for secret in SURVIVOR_DATA:
        assert secret not in text, secret
    assert release.case.number in resource["text"]["div"]


def test_the_codes_live_under_the_canonical_base(world, settings):
    settings.FHIR_CANONICAL_BASE = "https://fhir.harbor-services.org/alongside"
    resource = _exported(_other_purpose(world))
    assert resource["provision"]["class"][0]["system"] == (
        "https://fhir.harbor-services.org/alongside/CodeSystem/data-category"
    )
    assert value_set_failures(resource, base=settings.FHIR_CANONICAL_BASE) == []


def test_the_other_purpose_keeps_its_description_escaped_in_the_narrative(world):
    resource = _exported(_other_purpose(world))
    other = next(c for c in resource["provision"]["purpose"] if c["code"] == "other")
    assert other["extension"][0]["valueString"] == OTHER_PURPOSE
    div = resource["text"]["div"]
    assert "&lt;T-visa&gt; &amp; &quot;court&quot;" in div
    assert "<T-visa>" not in div
    assert OTHER_PURPOSE in "".join(ET.fromstring(div).itertext())  # noqa: S314 (our own)


def test_referral_and_coordination_carry_hl7s_purpose_of_use_too(world):
    resource = _exported(_everything_offered(world))
    codes = {(c["system"].rsplit("/", 1)[-1], c["code"]) for c in resource["provision"]["purpose"]}
    assert ("v3-ActReason", "COC") in codes
    assert ("purpose", "referral") in codes and ("purpose", "service_coordination") in codes
    assert [c["code"] for c in resource["provision"]["purpose"]].count("COC") == 1


def test_a_verbal_release_awaiting_writing_cannot_over_disclose_from_a_cache(world):
    release = _verbal_pending(world)
    resource = _exported(release)
    assert resource["status"] == "active"
    assert resource["provision"]["period"]["end"] == release.confirm_by.isoformat()
    assert resource["verification"] == [
        {"verified": False, "verifiedWith": {"reference": f"Patient/{release.case_id}"}}
    ]
    confirm_by = next(
        e for e in resource["extension"] if e["url"].endswith("confirm-in-writing-by")
    )
    assert confirm_by["valueDate"] == release.confirm_by.isoformat()
    # Once confirmed it runs to its expiry, and says when it was confirmed.
    services.release_confirm_in_writing(actor=world.advocate, release=release)
    release.refresh_from_db()
    resource = _exported(release)
    assert resource["provision"]["period"]["end"] == release.expires_on.isoformat()
    assert resource["verification"][0]["verified"] is True
    assert resource["verification"][0]["verificationDate"].startswith(
        timezone.localdate(release.confirmed_at).isoformat()
    )
    assert "extension" not in resource


def test_in_a_vawa_fvpsa_program_a_verbal_release_is_only_proposed(world):
    release = _verbal_awaiting_writing(world)
    resource = _exported(release)
    assert resource["status"] == "proposed"
    assert [policy["uri"] for policy in resource["policy"]][1:] == [
        "https://www.law.cornell.edu/uscode/text/34/12291",
        "https://www.law.cornell.edu/uscode/text/42/10406",
    ]
    assert "permits nothing until it is confirmed in writing" in resource["text"]["div"]


def test_a_revocation_carries_its_moment_with_its_zone(world):
    release = _revoked(world)
    revoked_at = release.revocation.revoked_at
    resource = _exported(release)
    revoked = next(e for e in resource["extension"] if e["url"].endswith("/revoked"))
    moment = datetime.datetime.fromisoformat(revoked["valueDateTime"])
    assert moment.tzinfo is not None
    assert abs(moment - revoked_at) < datetime.timedelta(seconds=1)
    assert resource["status"] == "inactive"


def test_restrictions_are_nested_denials(world):
    resource = _exported(_restricted_some(world))
    (deny,) = resource["provision"]["provision"]
    assert deny["type"] == "deny"
    assert [c["code"] for c in deny["class"]] == ["contact"]
    resource = _exported(_restricted_everything(world))
    assert "class" not in resource["provision"]["provision"][0]


# The checks themselves fail on a resource that breaks each rule --------------------------------


@pytest.fixture
def valid(world) -> dict:
    resource = _exported(_written(world))
    assert invariant_failures(resource) == []
    return resource


def _broken(resource, change) -> dict:
    broken = copy.deepcopy(resource)
    change(broken)
    return broken


def _without_patient(code: str, system: str | None = None):
    """The scope ``code`` (under ``system``, the real one by default) and no patient."""

    def change(resource):
        resource.pop("patient")
        resource["scope"]["coding"][0]["code"] = code
        if system is not None:
            resource["scope"]["coding"][0]["system"] = system

    return change


@pytest.mark.parametrize(
    ("invariant", "change"),
    [
        ("ppc-1", lambda r: r.pop("policy")),
        # As published: the scope's system named 'something'.
        ("ppc-2", _without_patient("patient-privacy", "something")),
        ("ppc-3", _without_patient("research", "something")),
        ("ppc-4", _without_patient("adr", "something")),
        ("ppc-5", _without_patient("treatment", "something")),
        ("ppc-2 (intended)", _without_patient("patient-privacy")),
        ("ppc-3 (intended)", _without_patient("research")),
        ("ppc-4 (intended)", _without_patient("adr")),
        ("ppc-5 (intended)", _without_patient("treatment")),
        ("dom-6", lambda r: r.pop("text")),
        (
            "per-1",
            lambda r: r["provision"]["period"].update(start="2026-05-02", end="2026-05-01"),
        ),
        (
            "per-1",
            lambda r: (
                r["provision"]
                .setdefault("provision", [])
                .append({"type": "deny", "period": {"start": "2026-05-02", "end": "2026-04-01"}})
            ),
        ),
    ],
)
def test_each_invariant_check_fails_on_a_resource_breaking_it(valid, invariant, change):
    assert invariant in invariant_failures(_broken(valid, change))


@pytest.mark.parametrize(
    ("failure", "change"),
    [
        ("status revoked", lambda r: r.update(status="revoked")),
        ("provision type allow", lambda r: r["provision"].update(type="allow")),
        ("category", lambda r: r["category"][0]["coding"][0].update(code="00000-0")),
        ("scope", lambda r: r["scope"]["coding"][0].update(code="everything")),
        ("action", lambda r: r["provision"]["action"][0]["coding"][0].update(code="sell")),
        ("actor role", lambda r: r["provision"]["actor"][0]["role"]["coding"][0].update(code="X")),
        (
            "purpose",
            lambda r: r["provision"]["purpose"].append(
                {"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "OPTIN"}
            ),
        ),
        ("class", lambda r: r["provision"]["class"][0].update(code="everything")),
    ],
)
def test_each_value_set_check_fails_on_a_code_outside_it(valid, failure, change):
    failures = value_set_failures(_broken(valid, change), base=settings.FHIR_CANONICAL_BASE)
    assert any(found.startswith(failure) for found in failures), failures


def test_the_narrative_check_fails_on_unsafe_markup(valid):
    broken = _broken(
        valid,
        lambda r: r["text"].update(
            div='<div xmlns="http://www.w3.org/1999/xhtml"><script>x</script></div>'
        ),
    )
    assert narrative_failures(broken)


def test_the_models_still_refuse_a_malformed_resource(world):
    from fhir.resources.R4B.consent import Consent

    resource = release_as_fhir(_written(world))
    resource["provision"]["period"] = {"start": "not a date"}
    with pytest.raises(ValueError):
        Consent.model_validate(resource)


# Settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["alongside", "ftp://host/fhir", "http://", "https://a b/c"])
def test_a_malformed_canonical_base_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("FHIR_CANONICAL_BASE", value)
    with pytest.raises(environment.ConfigurationError, match="FHIR_CANONICAL_BASE"):
        environment.absolute_uri("FHIR_CANONICAL_BASE", "https://fallback.test/fhir")


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("https://fhir.harbor.org/base/", "https://fhir.harbor.org/base"),
        ("urn:uuid:6b1f0c3e-1111-4c4c-9a9a-0123456789ab", None),
    ],
)
def test_a_canonical_base_may_be_a_url_or_a_urn(monkeypatch, value, read):
    monkeypatch.setenv("FHIR_CANONICAL_BASE", value)
    assert environment.absolute_uri("FHIR_CANONICAL_BASE", "x") == (read or value)


def test_the_default_canonical_base_is_not_an_example_domain():
    assert "example" not in settings.FHIR_CANONICAL_BASE
    assert settings.CONSENT_POLICY_URI.startswith(settings.FHIR_CANONICAL_BASE)
