"""The clinicians' part of the demo: profiles, a survivor's wishes, an approved assignment,
sessions (one a group) and measures over months. Runs after the cases app's demo cases."""

from accounts.roles import Role


def _clinicians(seed) -> None:
    from clinicians.seeding.demo import seed_demo_clinicians

    made = seed_demo_clinicians(
        advocate=seed.people[Role.ADVOCATE],
        clinician=seed.people[Role.CLINICIAN],
        supervisor=seed.people[Role.SUPERVISOR],
    )
    if made:
        seed.report.append(
            f"Clinicians: {made} profiles, with an assignment, sessions and measures."
        )


SEED_STEPS = [(40, _clinicians)]
