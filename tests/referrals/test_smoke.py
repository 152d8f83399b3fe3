from referrals import selectors, services
from referrals.choices import ReferralStatus
from tests.referrals.conftest import CANARY


def test_send_and_answer(referral, partner_a, advocate):
    assert referral.status == ReferralStatus.SENT
    packet = selectors.receiver_packet(partner_a, referral)
    assert packet.sections[0][0] == "identity"
    assert any(value == CANARY for _label, value in packet.sections[0][2])
    referral = services.referral_step(
        actor=partner_a, referral=referral, to_status="accepted", version=referral.version
    )
    assert referral.status == ReferralStatus.ACCEPTED
