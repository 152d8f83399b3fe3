"""Referrals' part of the demo: the demo partner user at the housing partner, referrals from a
demo survivor to it (one waiting, one in service), and a referral another agency made to us.
Runs after consent's demo (the release the referrals go under)."""

from accounts.roles import Role


def _demo_referrals(seed) -> None:
    from referrals.seeding.demo import seed_demo_referrals

    made = seed_demo_referrals(
        advocate=seed.people[Role.ADVOCATE],
        partner=seed.people[Role.PARTNER],
        administrator=seed.people[Role.ADMINISTRATOR],
    )
    if made:
        seed.report.append(
            f"Referrals: {made} referrals to the housing partner, whose portal "
            "the demo partner user signs in to."
        )


SEED_STEPS = [(50, _demo_referrals)]
