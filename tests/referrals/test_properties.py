"""Properties over random inputs: a packet holds exactly the consented categories chosen, and
only the moves of the state table succeed, each by its side."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent import services as consent_services
from consent.choices import ConsentMethod, Purpose, RevocationMethod, Signer
from consent.packet import offered_categories
from consent.recipients import Recipient
from referrals import selectors, services
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Side
from referrals.models import Referral, ReferralPacket
from referrals.transitions import TRANSITIONS
from tests.referrals.conftest import send

pytestmark = pytest.mark.django_db
S = ReferralStatus
# What a release may name: the categories some app fills.
CATEGORIES = offered_categories()
HYPOTHESIS = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Rollback(Exception):
    pass


def _rolled_back(run):
    """Run one example in a transaction that is always undone: examples share the fixtures."""
    try:
        with transaction.atomic():
            run()
            raise Rollback
    except Rollback:
        pass


releases = st.lists(
    st.fixed_dictionaries(
        {
            "categories": st.lists(st.sampled_from(CATEGORIES), min_size=1, unique=True),
            "purposes": st.lists(
                st.sampled_from([Purpose.REFERRAL, Purpose.SERVICE_COORDINATION]),
                min_size=1,
                unique=True,
            ),
            "state": st.sampled_from(["active", "revoked", "expired"]),
        }
    ),
    max_size=3,
)
restrictions = st.lists(st.lists(st.sampled_from(CATEGORIES), unique=True), max_size=2)


@HYPOTHESIS
@given(
    given_releases=releases,
    given_restrictions=restrictions,
    chosen=st.lists(st.sampled_from(CATEGORIES), unique=True),
)
def test_a_packet_holds_exactly_the_consented_categories_chosen(
    advocate, case, service, agency, partner_a, given_releases, given_restrictions, chosen
):
    def run():
        recipient = Recipient.organization(agency.pk)
        today = timezone.localdate()
        expected = set()
        for terms in given_releases:
            dates = {}
            if terms["state"] == "expired":
                dates = {
                    "signed_on": today - datetime.timedelta(days=30),
                    "starts_on": today - datetime.timedelta(days=30),
                    "expires_on": today - datetime.timedelta(days=1),
                }
            release = consent_services.release_grant(
                actor=advocate,
                case=case,
                recipient=recipient,
                categories=terms["categories"],
                purposes=terms["purposes"],
                method=ConsentMethod.WRITTEN,
                signer=Signer.SURVIVOR,
                **dates,
            )
            if terms["state"] == "revoked":
                consent_services.release_revoke(
                    actor=advocate, release=release, method=RevocationMethod.IN_PERSON
                )
            elif Purpose.REFERRAL in terms["purposes"] and terms["state"] == "active":
                expected |= set(terms["categories"])
        for listed in given_restrictions:
            consent_services.restriction_add(
                actor=advocate, case=case, recipient=recipient, categories=listed
            )
            expected -= set(listed) if listed else set(CATEGORIES)
        preview = selectors.referral_options(
            actor=advocate, case=case, service=service, purpose=Purpose.REFERRAL
        )
        assert set(preview.categories) == expected
        assert set(preview.packet.categories) == expected
        if chosen and set(chosen) <= expected:
            referral = send(advocate, case, service, categories=chosen)
            packet = selectors.receiver_packet(partner_a, referral)
            in_order = [name for name in CATEGORIES if name in chosen]
            assert [section[0] for section in packet.sections] == in_order
            assert referral.disclosure.categories == in_order
        else:
            with pytest.raises(ValidationError):
                send(advocate, case, service, categories=chosen)
            assert not Referral.objects.exists()
            assert not ReferralPacket.objects.exists()

    _rolled_back(run)


ACTORS = ["sender", "receiver", "other_partner"]
TARGETS = [status for status in S.values if status != S.DRAFT]


@HYPOTHESIS
@given(moves=st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(TARGETS)), max_size=8))
def test_only_the_tables_moves_succeed_and_only_by_their_side(
    advocate, case, service, release, partner_a, partner_b, moves
):
    people = {"sender": advocate, "receiver": partner_a, "other_partner": partner_b}
    sides = {"sender": Side.SENDER, "receiver": Side.RECEIVER, "other_partner": None}

    def run():
        referral = send(advocate, case, service)
        for who, target in moves:
            referral.refresh_from_db()
            before = (referral.status, referral.version)
            allowed = TRANSITIONS.get((referral.status, target), frozenset())
            legal = sides[who] in allowed
            codes = {}
            if target == S.DECLINED:
                codes["reason"] = DeclineReason.NO_CAPACITY
            if target in (S.COMPLETED, S.CLOSED):
                codes["outcome"] = Outcome.SERVICE_PROVIDED
            try:
                moved = services.referral_step(
                    actor=people[who],
                    referral=referral,
                    to_status=target,
                    version=referral.version,
                    **codes,
                )
            except (ValidationError, PermissionDenied) as refused:
                assert not legal, f"{who} {before[0]} -> {target} refused: {refused}"
                referral.refresh_from_db()
                assert (referral.status, referral.version) == before
                # The wrong side is told so; a move the table lacks is a message.
                if allowed and not legal:
                    assert isinstance(refused, PermissionDenied)
                elif not allowed:
                    assert isinstance(refused, ValidationError)
            else:
                assert legal, f"{who} moved {before[0]} -> {target}"
                assert moved.status == target
                assert moved.version == before[1] + 1

    _rolled_back(run)
