"""Referrals' part of the demo: the partner user's agency, and referrals in every kind of state."""

from accounts.roles import Role


def _demo_referrals(seed) -> None:
    from referrals.seeding.demo import seed_demo_referrals

    made = seed_demo_referrals(
        administrator=seed.people[Role.ADMINISTRATOR],
        partner=seed.people[Role.PARTNER],
        advocate=seed.people[Role.ADVOCATE],
    )
    if made:
        seed.report.append(
            f"Referrals: {made} referrals (sent, overdue, accepted, to a program, stopped by a "
            "revocation); the partner login works Sampleton Housing Collective's queue."
        )


# After consent (30), whose releases the referrals go under, and clinicians (40).
SEED_STEPS = [(50, _demo_referrals)]
