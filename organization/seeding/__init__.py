"""The organization app's part of the demo: something for the program pages to show."""

from accounts.roles import Role


def _programs(seed) -> None:
    from organization.seeding.demo import seed_demo_programs

    seed_demo_programs(
        administrator=seed.people[Role.ADMINISTRATOR],
        naming=seed.people.get("northside_supervisor"),
    )


# After the cases app has made the demo programs and their supervisors.
SEED_STEPS = [(25, _programs)]
