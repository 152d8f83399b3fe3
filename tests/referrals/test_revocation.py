"""Revoking a release stops the referrals pending under it and hides their packets."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from consent import services as consent_services
from consent.choices import RevocationMethod
from consent.models import StopUsingNotice
from referrals import selectors, services
from referrals.choices import Outcome, ReferralReminderKind, ReferralStatus, Side
from reminders.models import Reminder
from tests.conftest import CANARY
from tests.referrals.conftest import grant, send

pytestmark = pytest.mark.django_db
S = ReferralStatus


def _revoke(advocate, release, capture):
    with capture(execute=True):
        consent_services.release_revoke(
            actor=advocate, release=release, method=RevocationMethod.PHONE
        )


def test_revoking_stops_pending_referrals_and_hides_their_packets(
    advocate,
    case,
    service,
    release,
    partner_a,
    other_agency,
    django_capture_on_commit_callbacks,
):
    pending = send(advocate, case, service)
    accepted = send(advocate, case, service)
    accepted = services.referral_step(
        actor=partner_a, referral=accepted, to_status=S.ACCEPTED, version=accepted.version
    )
    done = send(advocate, case, service)
    for target in (S.ACCEPTED,):
        done = services.referral_step(
            actor=partner_a, referral=done, to_status=target, version=done.version
        )
    done = services.referral_step(
        actor=partner_a,
        referral=done,
        to_status=S.COMPLETED,
        version=done.version,
        outcome=Outcome.SERVICE_PROVIDED,
    )
    grant(advocate, case, other_agency)
    elsewhere = send(advocate, case, other_agency.services.get())
    mail.outbox.clear()
    _revoke(advocate, release, django_capture_on_commit_callbacks)
    for referral in (pending, accepted):
        referral.refresh_from_db()
        assert referral.status == S.STOPPED
        step = referral.steps.order_by("-at").first()
        assert (step.side, step.actor) == (Side.SYSTEM, None)
        assert selectors.receiver_packet(partner_a, referral) is None
        notice = selectors.stop_notice(referral)
        assert "Stop using this information" in notice
        assert CANARY not in notice
    done.refresh_from_db()
    elsewhere.refresh_from_db()
    assert done.status == S.COMPLETED
    assert elsewhere.status == S.SENT
    reminders = Reminder.objects.filter(kind=ReferralReminderKind.STOPPED, assignee=advocate)
    assert reminders.count() == 2
    notice = StopUsingNotice.objects.get(recipient_organization=service.organization)
    assert notice.sent_at is not None
    assert mail.outbox and all(CANARY not in m.body and "Rosa" not in m.body for m in mail.outbox)


def test_a_stopped_referral_moves_no_more(
    advocate, referral, release, partner_a, django_capture_on_commit_callbacks
):
    _revoke(advocate, release, django_capture_on_commit_callbacks)
    referral.refresh_from_db()
    for actor, target in ((partner_a, S.ACCEPTED), (advocate, S.WITHDRAWN)):
        with pytest.raises(ValidationError, match="cannot become"):
            services.referral_step(
                actor=actor, referral=referral, to_status=target, version=referral.version
            )


def test_nothing_more_is_sent_under_a_revoked_release(
    advocate, case, service, release, django_capture_on_commit_callbacks
):
    _revoke(advocate, release, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="Record a release"):
        send(advocate, case, service)


def test_the_hook_runs_twice_harmlessly(
    advocate, referral, release, django_capture_on_commit_callbacks
):
    _revoke(advocate, release, django_capture_on_commit_callbacks)
    assert services.referrals_stop_for_release(release_id=release.pk) == 0
