"""The cases app's part of the demo: the demo program's survivors, and scale data on request."""

from accounts.roles import Role


def _demo_cases(seed) -> None:
    from cases.seeding.demo import seed_demo_cases

    seed_demo_cases(
        **_case_workers(seed),
        northside_advocate=seed.people.get("northside_advocate"),
        northside_supervisor=seed.people.get("northside_supervisor"),
    )


def _scale(seed) -> None:
    if not seed.cases:
        return
    from cases.seeding.scale import seed_scale

    result = seed_scale(
        cases=seed.cases,
        notes_per_case=seed.notes_per_case,
        progress=lambda done: (
            seed.progress and seed.progress(f"  {done.cases} cases, {done.notes} notes")
        ),
        **_case_workers(seed),
    )
    seed.report.append(
        f"Scale data: {result.cases} new cases and {result.notes} notes in {result.seconds:.1f} s."
    )


def _case_workers(seed) -> dict:
    return {
        "advocate": seed.people[Role.ADVOCATE],
        "clinician": seed.people[Role.CLINICIAN],
        "supervisor": seed.people[Role.SUPERVISOR],
    }


SEED_STEPS = [(20, _demo_cases), (90, _scale)]
