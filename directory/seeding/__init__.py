"""The directory's part of the demo: invented partner agencies and their services."""

from accounts.roles import Role


def _partners(seed) -> None:
    from directory.seeding.demo import seed_demo_partners

    seed_demo_partners(keeper=seed.people[Role.ADMINISTRATOR])


# After the accounts (10), before the cases (20) and consent (30) that point at partners.
SEED_STEPS = [(15, _partners)]
