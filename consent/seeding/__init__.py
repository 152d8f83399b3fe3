"""Consent's part of the demo: the people around a few survivors and their releases."""

from accounts.roles import Role


def _demo_consent(seed) -> None:
    from consent.seeding.demo import seed_demo_consent

    created = seed_demo_consent(advocate=seed.people[Role.ADVOCATE])
    if created:
        seed.report.append(
            "Consent: releases, restrictions and the people around the survivor on "
            f"{created} demo cases."
        )


# After the directory (15) and the demo cases (20).
SEED_STEPS = [(30, _demo_consent)]
