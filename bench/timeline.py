"""The case timeline alone: its one statement and its rendering, for a case with every kind.

    .venv/bin/python bench/timeline.py                 # create, seed, measure, drop
    .venv/bin/python bench/timeline.py --reuse --keep  # measure an already seeded database

Works on a scratch PostgreSQL database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_timeline``): the demo organization, and
one survivor of its program with about 100 entries of every kind the apps register (notes,
stages, services, goals, check-ins, outreach, appointments, sessions, measures, an assignment,
releases, a restriction, referral steps). It then times, for the demo clinician (who sees
scores) and the demo advocate (who does not), in alternation:

- the statement: ``cases.selectors.case_record`` — the one query, and its rows made entries;
- the rendering: the ``timeline_entries`` tag over those entries (every source's renderer);
- a bare rendering of the same entries: one f-string per entry with its kind and time, the
  floor any rendering of them has, so that the ratio holds on any machine.

Each is the median of ``--iterations`` calls; the rendering is also given in process CPU time,
which other work on the machine disturbs less than wall time.
"""

import datetime
import statistics
import time

from scratch import scratch_arguments, scratch_main, scratch_start

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_timeline"

ARGUMENTS = (
    scratch_arguments(__doc__, cases=None, notes_per_case=None, iterations=2000).parse_args()
    if __name__ == "__main__"
    else None
)
URL = scratch_start(DEFAULT_URL, ARGUMENTS)

from django.utils import timezone  # noqa: E402
from measure import demo_user  # noqa: E402

from accounts.roles import Role  # noqa: E402
from cases import selectors  # noqa: E402
from cases import services as case_services  # noqa: E402
from cases.choices import TeamRole  # noqa: E402
from cases.models import Case  # noqa: E402
from cases.seeding.demo import DEMO_PROGRAM  # noqa: E402
from cases.templatetags.cases import timeline_entries  # noqa: E402
from clinicians import services as clinician_services  # noqa: E402
from consent import services as consent_services  # noqa: E402
from consent.choices import (  # noqa: E402
    ConsentMethod,
    DataCategory,
    Purpose,
    RecipientClass,
    Signer,
)
from consent.recipients import Recipient  # noqa: E402
from directory import services as directory_services  # noqa: E402
from organization.models import Program  # noqa: E402
from protection.envelope import data_key_cache  # noqa: E402
from referrals import services as referral_services  # noqa: E402
from referrals.choices import ReferralStatus, Urgency  # noqa: E402

SURVIVOR = "Timeline Bench"
HOUR = datetime.timedelta(hours=1)


def busy_case(advocate, clinician, supervisor, administrator) -> Case:
    """The bench's survivor, with entries of every kind (made once; reused with --reuse)."""
    for case in Case.objects.filter(program__name=DEMO_PROGRAM).order_by("opened_at"):
        with data_key_cache():
            if case.preferred_name == SURVIVOR:
                return case
    program = Program.objects.get(name=DEMO_PROGRAM)
    case = case_services.case_open(
        actor=advocate, program=program, identity=case_services.Identity(preferred_name=SURVIVOR)
    )
    case_services.team_member_add(
        actor=supervisor, case=case, user=clinician, team_role=TeamRole.CLINICIAN
    )
    now = timezone.now()
    today = timezone.localdate()
    for number in range(30):
        note = case_services.note_create(
            actor=advocate,
            case=case,
            kind="contact",
            body=f"Note {number}",
            contact_at=now - number * 7 * HOUR,
            method="phone",
            duration_minutes=20,
        )
        if number % 2:
            case_services.note_sign(actor=advocate, note=note, version=note.version)
    for number in range(8):
        day = today - datetime.timedelta(days=3 * number)
        case_services.stage_record(
            actor=advocate, case=case, stage="action", occurred_on=day, is_recurrence=number == 3
        )
        case_services.service_record(actor=advocate, case=case, category="housing", provided_on=day)
        case_services.check_in_record(
            actor=advocate, case=case, ratings={"stability": 3}, checked_on=day
        )
        case_services.outreach_record(
            actor=advocate,
            case=case,
            attempted_at=now - number * 5 * HOUR,
            method="text",
            outcome="left_message",
        )
        case_services.appointment_record(
            actor=advocate, case=case, scheduled_for=now - number * 9 * HOUR, outcome="attended"
        )
        clinician_services.session_record(
            actor=clinician,
            held_on=day,
            duration_minutes=50,
            modality="emdr",
            format="individual",
            participants={case: "attended"},
        )
        clinician_services.measure_record(
            actor=clinician,
            case=case,
            instrument="phq9",
            answers=[number % 4] * 9,
            administered_on=day,
        )
    for domain in ("safety", "housing", "health"):
        case_services.goal_create(
            actor=advocate, case=case, domain=domain, own_words="In her words", steps=[]
        )
    agency = directory_services.organization_create(actor=administrator, name="Bench Housing")
    service = directory_services.service_create(
        actor=administrator, organization=agency, name="Shelter beds"
    )
    for recipient in (
        Recipient.organization(agency.pk),
        Recipient.of_class(RecipientClass.LEGAL_SERVICES),
    ):
        consent_services.release_grant(
            actor=advocate,
            case=case,
            recipient=recipient,
            categories=[DataCategory.IDENTITY],
            purposes=[Purpose.REFERRAL],
            method=ConsentMethod.WRITTEN,
            signer=Signer.SURVIVOR,
        )
    consent_services.restriction_add(
        actor=advocate, case=case, recipient=Recipient.of_class(RecipientClass.LAW_ENFORCEMENT)
    )
    for _ in range(3):
        referral = referral_services.referral_make(
            actor=advocate,
            case=case,
            service=service,
            categories=[DataCategory.IDENTITY],
            purpose=Purpose.REFERRAL,
            urgency=Urgency.ROUTINE,
        )
        referral_services.referral_step(
            actor=advocate,
            referral=referral,
            to_status=ReferralStatus.WITHDRAWN,
            version=referral.version,
        )
    return case


def _bare(entries) -> str:
    return "".join(
        f'<li class="timeline__entry timeline__entry--{entry.kind}">'
        f'<time datetime="{entry.at.isoformat()}">{entry.at:%d %b %Y}</time> {entry.person}</li>'
        for entry in entries
    )


def _median_ms(call, iterations: int, clock) -> float:
    times = []
    for _ in range(iterations):
        started = clock()
        call()
        times.append(clock() - started)
    return statistics.median(times) * 1000


def timeline_of(case, viewer, role: str, iterations: int) -> None:
    with data_key_cache():
        entries = selectors.case_record(case=case, viewer=viewer).timeline
        subjects = {
            "statement": (lambda: selectors.case_record(case=case, viewer=viewer), True),
            "rendering": (lambda: timeline_entries(entries, case), True),
            "bare rendering": (lambda: _bare(entries), True),
        }
        for call, _cpu in subjects.values():  # warm up
            for _ in range(20):
                call()
        wall = {label: [] for label in subjects}
        cpu = {label: [] for label in subjects}
        # In alternation, in rounds, so that a change in the machine's load hits all alike.
        rounds = 10
        for _ in range(rounds):
            for label, (call, on_cpu) in subjects.items():
                wall[label].append(_median_ms(call, iterations // rounds, time.perf_counter))
                if on_cpu:
                    cpu[label].append(_median_ms(call, iterations // rounds, time.process_time))
    kinds = len({entry.kind for entry in entries})
    print(f"  the {role}'s timeline: {len(entries)} entries of {kinds} kinds")
    for label in subjects:
        line = f"    {label:<16} {statistics.median(wall[label]):7.3f} ms"
        if cpu[label]:
            line += f"  CPU {statistics.median(cpu[label]):7.3f} ms"
        print(line)
    ratio = statistics.median(cpu["rendering"]) / statistics.median(cpu["bare rendering"])
    print(f"    rendering / bare rendering (CPU): {ratio:.2f}")


def measure(arguments, seeding) -> None:
    advocate = demo_user(Role.ADVOCATE)
    clinician = demo_user(Role.CLINICIAN)
    case = busy_case(advocate, clinician, demo_user(Role.SUPERVISOR), demo_user(Role.ADMINISTRATOR))
    print(f"{arguments.iterations} iterations each, medians (wall ms; CPU ms where given):")
    timeline_of(case, clinician, "clinician", arguments.iterations)
    timeline_of(case, advocate, "advocate", arguments.iterations)


if __name__ == "__main__":
    scratch_main(ARGUMENTS, URL, measure)
