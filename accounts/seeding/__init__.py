"""The accounts app's part of the demo: one login per role, with a second factor."""


def _people(seed) -> None:
    from accounts.seeding.demo import seed_demo_users

    seed.people.update(seed_demo_users())


SEED_STEPS = [(10, _people)]
