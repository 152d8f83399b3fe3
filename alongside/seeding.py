"""Demo and scale seeding, asked of each app in turn; never imported by a page, API or task.

An app that seeds demo data has a ``seeding`` package whose ``SEED_STEPS`` lists its steps as
``(order, step)``; ``seed_demo`` runs every app's steps in order, each ``step(seed)`` reading
and adding to the one ``DemoSeed`` (the people made so far, the options given). Consent,
clinicians and referrals add theirs the same way, with no change here or in other apps.
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass
class DemoSeed:
    """What the steps share: options of the command, and what earlier steps made."""

    cases: int = 0  # synthetic cases to top the scale program up to (0: none)
    notes_per_case: int = 10
    people: dict = field(default_factory=dict)  # role -> the demo user of that role
    report: list[str] = field(default_factory=list)  # lines to print at the end
    progress: object = None  # progress(text) for long steps


def seed_steps() -> list:
    """Every installed app's steps, in order (ties in the order apps are installed)."""
    steps = []
    for position, config in enumerate(apps.get_app_configs()):
        name = f"{config.name}.seeding"
        if find_spec(config.name) is None or find_spec(name) is None:
            continue
        for order, step in getattr(import_module(name), "SEED_STEPS", ()):
            steps.append((order, position, step))
    return [step for _order, _position, step in sorted(steps, key=lambda item: item[:2])]


def seed_run(seed: DemoSeed) -> DemoSeed:
    for step in seed_steps():
        step(seed)
    return seed
