"""The policy: a decision table of named cases, properties over random releases and
restrictions, and a constant number of queries however many there are."""

import datetime
import uuid

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from consent import services
from consent.choices import (
    PSYCHOTHERAPY_NOTES,
    ConsentMethod,
    DataCategory,
    Purpose,
    RecipientClass,
    Relationship,
    RevocationMethod,
)
from consent.packet import offered_categories
from consent.policy import Reason, ReleaseTerms, RestrictionTerms, decide, disclosure_decision
from consent.recipients import Recipient
from tests.consent.conftest import grant

NOW = timezone.now()
TODAY = timezone.localdate(NOW)
DAY = datetime.timedelta(days=1)
AGENCY = Recipient.organization(uuid.UUID(int=1))
OTHER = Recipient.organization(uuid.UUID(int=2))
POLICE = Recipient.of_class(RecipientClass.LAW_ENFORCEMENT)


def terms(recipient=AGENCY, **values) -> ReleaseTerms:
    defaults = {
        "id": uuid.uuid4(),
        "recipient": recipient,
        "categories": frozenset({DataCategory.IDENTITY, DataCategory.CONTACT}),
        "purposes": frozenset({Purpose.REFERRAL}),
        "starts_on": TODAY - 10 * DAY,
        "expires_on": TODAY + 80 * DAY,
        "method": ConsentMethod.WRITTEN,
    }
    defaults.update(values)
    return ReleaseTerms(**defaults)


def restriction(recipient=AGENCY, categories=(), **values) -> RestrictionTerms:
    return RestrictionTerms(
        id=uuid.uuid4(),
        recipient=recipient,
        categories=frozenset(categories),
        created_at=values.get("created_at", NOW - DAY),
        removed_at=values.get("removed_at"),
    )


def ask(releases=(), restrictions=(), recipient=AGENCY, purpose=Purpose.REFERRAL, **kw):
    return decide(
        releases=releases,
        restrictions=restrictions,
        recipient=recipient,
        purpose=purpose,
        at=kw.pop("at", NOW),
        **kw,
    )


# The decision table ---------------------------------------------------------------------------

TABLE = [
    # name, releases, restrictions, recipient, purpose, expected categories, reason for trafficking
    ("opt-in", [terms()], [], AGENCY, Purpose.REFERRAL, {"identity", "contact"}, None),
    ("nothing given", [], [], AGENCY, Purpose.REFERRAL, set(), Reason.NO_RELEASE),
    (
        "expired",
        [terms(starts_on=TODAY - 100 * DAY, expires_on=TODAY - DAY)],
        [],
        AGENCY,
        Purpose.REFERRAL,
        set(),
        Reason.NOT_IN_FORCE,
    ),
    (
        "expires today is still in force",
        [terms(expires_on=TODAY)],
        [],
        AGENCY,
        Purpose.REFERRAL,
        {"identity", "contact"},
        None,
    ),
    (
        "revoked",
        [terms(revoked_at=NOW - datetime.timedelta(minutes=1))],
        [],
        AGENCY,
        Purpose.REFERRAL,
        set(),
        Reason.NOT_IN_FORCE,
    ),
    (
        "not yet started",
        [terms(starts_on=TODAY + DAY)],
        [],
        AGENCY,
        Purpose.REFERRAL,
        set(),
        Reason.NOT_IN_FORCE,
    ),
    (
        "verbal within its confirm-by day",
        [terms(method=ConsentMethod.VERBAL, confirm_by=TODAY + DAY)],
        [],
        AGENCY,
        Purpose.REFERRAL,
        {"identity", "contact"},
        None,
    ),
    (
        "verbal not confirmed in time",
        [terms(method=ConsentMethod.VERBAL, confirm_by=TODAY - DAY)],
        [],
        AGENCY,
        Purpose.REFERRAL,
        set(),
        Reason.NOT_IN_FORCE,
    ),
    (
        "verbal in a VAWA/FVPSA program permits nothing until confirmed",
        [terms(method=ConsentMethod.VERBAL, confirm_by=TODAY + DAY, written_only=True)],
        [],
        AGENCY,
        Purpose.REFERRAL,
        set(),
        Reason.NEEDS_WRITING,
    ),
    (
        "verbal confirmed in writing in a VAWA/FVPSA program",
        [
            terms(
                method=ConsentMethod.VERBAL,
                confirm_by=TODAY + DAY,
                confirmed_on=TODAY - DAY,
                written_only=True,
            )
        ],
        [],
        AGENCY,
        Purpose.REFERRAL,
        {"identity", "contact"},
        None,
    ),
    (
        "verbal confirmed later than asked in a VAWA/FVPSA program",
        [
            terms(
                method=ConsentMethod.VERBAL,
                confirm_by=TODAY - 5 * DAY,
                confirmed_on=TODAY,
                written_only=True,
            )
        ],
        [],
        AGENCY,
        Purpose.REFERRAL,
        {"identity", "contact"},
        None,
    ),
    (
        "verbal not confirmed in time in a VAWA/FVPSA program",
        [terms(method=ConsentMethod.VERBAL, confirm_by=TODAY - DAY, written_only=True)],
        [],
        AGENCY,
        Purpose.REFERRAL,
        set(),
        Reason.NOT_IN_FORCE,
    ),
    (
        "written in a VAWA/FVPSA program",
        [terms(written_only=True)],
        [],
        AGENCY,
        Purpose.REFERRAL,
        {"identity", "contact"},
        None,
    ),
    (
        "wrong purpose",
        [terms()],
        [],
        AGENCY,
        Purpose.LEGAL_ADVOCACY,
        set(),
        Reason.WRONG_PURPOSE,
    ),
    ("wrong recipient", [terms()], [], OTHER, Purpose.REFERRAL, set(), Reason.NO_RELEASE),
    (
        "wrong category",
        [terms(categories=frozenset({"identity"}))],
        [],
        AGENCY,
        Purpose.REFERRAL,
        {"identity"},
        Reason.NOT_COVERED,
    ),
    (
        "restricted recipient",
        [terms()],
        [restriction()],
        AGENCY,
        Purpose.REFERRAL,
        set(),
        Reason.RESTRICTED,
    ),
    (
        "restricted category only",
        [terms()],
        [restriction(categories=["contact"])],
        AGENCY,
        Purpose.REFERRAL,
        {"identity"},
        Reason.NOT_COVERED,
    ),
    (
        "restriction newer than the release still wins",
        [terms(starts_on=TODAY)],
        [restriction(created_at=NOW - datetime.timedelta(seconds=1))],
        AGENCY,
        Purpose.REFERRAL,
        set(),
        Reason.RESTRICTED,
    ),
    (
        "removed restriction no longer applies",
        [terms()],
        [restriction(removed_at=NOW - datetime.timedelta(seconds=1))],
        AGENCY,
        Purpose.REFERRAL,
        {"identity", "contact"},
        None,
    ),
    (
        "restriction on another recipient",
        [terms()],
        [restriction(recipient=OTHER)],
        AGENCY,
        Purpose.REFERRAL,
        {"identity", "contact"},
        None,
    ),
    (
        "two releases add up",
        [terms(), terms(categories=frozenset({"medical"}))],
        [],
        AGENCY,
        Purpose.REFERRAL,
        {"identity", "contact", "medical"},
        None,
    ),
    (
        "a release to an agency does not reach law enforcement",
        [terms()],
        [],
        POLICE,
        Purpose.LAW_ENFORCEMENT,
        set(),
        Reason.NO_RELEASE,
    ),
]


@pytest.mark.parametrize(
    ("name", "releases", "restrictions", "recipient", "purpose", "expected", "reason"),
    TABLE,
    ids=[row[0] for row in TABLE],
)
def test_decision_table(name, releases, restrictions, recipient, purpose, expected, reason):
    decision = ask(releases, restrictions, recipient, purpose)
    assert decision.categories == expected
    if reason is not None:
        assert decision.denied.get("trafficking_experience") == reason
        assert decision.why_not("trafficking_experience")
    if not expected:
        assert decision.why_not()
    for ids in decision.permitted.values():
        assert ids and all(any(r.id == pk for r in releases) for pk in ids)


def test_restricted_recipient_reads_why():
    decision = ask([terms()], [restriction()])
    assert decision.denied["identity"] == Reason.RESTRICTED
    assert "never be shared" in decision.why_not()


def test_psychotherapy_notes_are_never_disclosable():
    everything = frozenset([*DataCategory.values, PSYCHOTHERAPY_NOTES])
    decision = ask([terms(categories=everything)], categories=[PSYCHOTHERAPY_NOTES, "identity"])
    assert decision.categories == {"identity"}
    assert decision.denied[PSYCHOTHERAPY_NOTES] == Reason.PSYCHOTHERAPY_NOTES


def test_recorded_trafficker_as_recipient_gets_nothing():
    person = Recipient.person(uuid.uuid4())
    decision = ask([terms(recipient=person)], recipient=person, recipient_keep_away=True)
    assert not decision.allowed
    assert decision.denied["identity"] == Reason.KEEP_AWAY


# Properties -----------------------------------------------------------------------------------

RECIPIENTS = [AGENCY, OTHER, POLICE, Recipient.of_class(RecipientClass.LEGAL_SERVICES)]
recipients = st.sampled_from(RECIPIENTS)
categories = st.frozensets(st.sampled_from(DataCategory.values), max_size=8)
purposes = st.sampled_from(Purpose.values)
offsets = st.integers(min_value=-60, max_value=60)


@st.composite
def release_terms(draw):
    start = TODAY + draw(offsets) * DAY
    method = draw(st.sampled_from(ConsentMethod.values))
    revoked = draw(st.one_of(st.none(), offsets))
    confirmed = draw(st.one_of(st.none(), offsets))
    return terms(
        recipient=draw(recipients),
        categories=draw(categories),
        purposes=draw(st.frozensets(purposes, min_size=1)),
        starts_on=start,
        expires_on=start + draw(st.integers(min_value=0, max_value=90)) * DAY,
        method=method,
        confirm_by=start + 14 * DAY if method == ConsentMethod.VERBAL else None,
        confirmed_on=TODAY + confirmed * DAY if confirmed is not None else None,
        revoked_at=NOW + revoked * DAY if revoked is not None else None,
        written_only=draw(st.booleans()),
    )


@st.composite
def restriction_terms(draw):
    created = draw(offsets)
    removed = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=60)))
    return restriction(
        recipient=draw(recipients),
        categories=draw(categories),
        created_at=NOW + created * DAY,
        removed_at=NOW + (created + removed) * DAY if removed is not None else None,
    )


requests = st.tuples(recipients, purposes, offsets)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(release_terms(), max_size=6),
    st.lists(restriction_terms(), max_size=4),
    requests,
)
def test_nothing_is_permitted_outside_an_active_release(releases, restrictions, request):
    recipient, purpose, offset = request
    at = NOW + offset * DAY
    decision = ask(releases, restrictions, recipient, purpose, at=at)
    by_id = {release.id: release for release in releases}
    for category, ids in decision.permitted.items():
        assert ids
        for pk in ids:
            release = by_id[pk]
            assert release.recipient == recipient
            assert category in release.categories
            assert purpose in release.purposes
            assert release.starts_on <= timezone.localdate(at) <= release.expires_on
            assert release.revoked_at is None or release.revoked_at > at
            if release.method == ConsentMethod.VERBAL and release.written_only:
                # VAWA/FVPSA: only once confirmed in writing.
                assert release.confirmed_on is not None
                assert release.confirmed_on <= timezone.localdate(at)
    assert PSYCHOTHERAPY_NOTES not in decision.permitted


@settings(max_examples=300, deadline=None)
@given(
    st.lists(release_terms(), max_size=6),
    st.lists(restriction_terms(), min_size=1, max_size=4),
    requests,
)
def test_a_restriction_always_wins(releases, restrictions, request):
    recipient, purpose, offset = request
    at = NOW + offset * DAY
    decision = ask(releases, restrictions, recipient, purpose, at=at)
    for restricted in restrictions:
        if restricted.recipient == recipient and restricted.in_force_at(at):
            for category in DataCategory.values:
                if restricted.covers(category):
                    assert category not in decision.permitted
                    assert decision.denied[category] == Reason.RESTRICTED


@settings(max_examples=200, deadline=None)
@given(st.lists(release_terms(), min_size=1, max_size=6), requests)
def test_revoked_or_expired_releases_permit_nothing(releases, request):
    recipient, purpose, offset = request
    at = NOW + offset * DAY
    day = timezone.localdate(at)
    dead = [
        release
        for release in releases
        if (release.revoked_at is not None and release.revoked_at <= at) or release.expires_on < day
    ]
    decision = ask(dead, [], recipient, purpose, at=at)
    assert not decision.allowed


# The database side ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_constant_queries_with_50_releases_and_10_restrictions(
    advocate, case, agency, django_assert_num_queries
):
    recipient = Recipient.organization(agency.pk)
    for number in range(50):
        offered = offered_categories()
        release = grant(advocate, case, recipient, categories=[offered[number % len(offered)]])
        if number % 5 == 0:
            services.release_revoke(actor=advocate, release=release, method=RevocationMethod.PHONE)
    for number in range(10):
        services.restriction_add(
            actor=advocate,
            case=case,
            recipient=recipient,
            categories=[DataCategory.CLINICAL_SUMMARY] if number else [DataCategory.DEMOGRAPHICS],
        )
    with django_assert_num_queries(2):
        decision = disclosure_decision(case=case, recipient=recipient, purpose=Purpose.REFERRAL)
    assert DataCategory.DEMOGRAPHICS not in decision.permitted
    assert DataCategory.IDENTITY in decision.permitted
    assert decision.denied[DataCategory.CLINICAL_SUMMARY] == Reason.RESTRICTED


@pytest.mark.django_db
def test_a_person_later_recorded_as_unsafe_receives_nothing(advocate, case):
    aunt = services.person_add(
        actor=advocate, case=case, relationship=Relationship.FAMILY, name="Aunt May"
    )
    grant(advocate, case, Recipient.person(aunt.pk))
    decision = disclosure_decision(
        case=case, recipient=Recipient.person(aunt.pk), purpose=Purpose.REFERRAL
    )
    assert decision.allowed
    services.person_update(actor=advocate, person=aunt, version=aunt.version, unsafe=True)
    decision = disclosure_decision(
        case=case, recipient=Recipient.person(aunt.pk), purpose=Purpose.REFERRAL
    )
    assert not decision.allowed and decision.denied["identity"] == Reason.KEEP_AWAY


@pytest.mark.django_db
def test_a_revoked_release_in_the_database_permits_nothing_from_then_on(advocate, case, agency):
    recipient = Recipient.organization(agency.pk)
    release = grant(advocate, case, recipient)
    before = timezone.now()
    services.release_revoke(actor=advocate, release=release, method=RevocationMethod.PHONE)
    assert not disclosure_decision(case=case, recipient=recipient, purpose="referral").allowed
    assert disclosure_decision(
        case=case, recipient=recipient, purpose="referral", at=before
    ).allowed
