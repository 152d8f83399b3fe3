"""The clinicians' "my survivors" page and matching list at scale, each as a ratio to a bare
Django view of the same shape.

    .venv/bin/python bench/clinicians.py                  # create, seed, measure, drop
    .venv/bin/python bench/clinicians.py --cases 2000     # a quick proof that it runs
    .venv/bin/python bench/clinicians.py --reuse --keep   # measure an already seeded database

Works on a scratch PostgreSQL database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_clinicians``) that it creates, seeds with
``seed_demo --cases N --notes-per-case M`` and drops at the end (``--keep`` keeps it). Then it
adds ``--clinicians`` clinicians (500 by default) with profiles of varied languages,
approaches, genders, capacity and whether they accept new survivors: a handful through
``clinicians.services``, the rest in bulk inserts of the rows the services write (the user, its
role group, its profile), which keeps seeding fast. The demo clinician is assigned (requested
by the demo advocate, approved by the demo supervisor, through the services) to
``--caseload`` scale cases, each with a few sessions and a PHQ-9, so "my survivors" shows a
realistic caseload; the demo advocate's most recently active scale case gets the survivor's
wishes, so the matching list rules people out and ranks the rest.

Server time, in process: each page is called by its URL name (``clinicians:my-survivors`` as
the demo clinician, ``clinicians:matching`` for the case as the demo advocate) with a
``RequestFactory`` request inside a data-key cache scope, with no other middleware. Each
baseline is a bare Django view of the same shape: it reads the same rows of the same tables
with ``values_list``, commits one row where the real page commits an audit event, makes as many
queries as the page does (cheap reads of one row make up the difference) and renders one
template. Page and baseline are called in alternation, many times; medians are reported.

The pages' query counts do not grow with the rows: pinned by
``tests/clinicians/test_pages.py::test_my_survivors_reads_in_constant_queries`` and
``tests/clinicians/test_matching.py::test_matching_reads_in_constant_queries``.
"""

import datetime
import time

from scratch import progress, scratch_arguments, scratch_main, scratch_start, seeding_report

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_clinicians"
GOAL = 3.0


def parse_arguments():
    parser = scratch_arguments(__doc__)
    parser.add_argument("--clinicians", type=int, default=500)
    parser.add_argument("--caseload", type=int, default=30, help="the demo clinician's cases")
    return parser.parse_args()


ARGUMENTS = parse_arguments() if __name__ == "__main__" else None
URL = scratch_start(DEFAULT_URL, ARGUMENTS)

from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from measure import LogTable, compare, demo_user, with_request_state  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from cases.access import active_membership  # noqa: E402
from cases.models import Case  # noqa: E402
from cases.seeding.scale import SCALE_PROGRAM  # noqa: E402
from clinicians import services  # noqa: E402
from clinicians.choices import AssignmentStatus, LicenceType, Modality  # noqa: E402
from clinicians.models import (  # noqa: E402
    Assignment,
    ClinicianProfile,
    ClinicianTraining,
    MeasureAdministration,
    SessionParticipation,
    SurvivorWishes,
)
from protection.envelope import data_key_cache  # noqa: E402

DAY = datetime.timedelta(days=1)
LOG = LogTable("bench_clinicians_view")
BENCH_DOMAIN = "bench-clinicians.example.org"
LANGUAGES = ["english", "spanish", "french", "arabic", "swahili", "tagalog", "vietnamese"]
GENDERS = ["woman", "man", "non_binary", ""]
PHQ9 = [1, 1, 2, 1, 1, 1, 0, 0, 0]

BARE_SURVIVORS = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>My survivors</title><table>"
    "{% for id, number, status, opened in cases %}<tr><th>{{ number }}</th><td>{{ status }}</td>"
    "<td>{{ opened|date:'j M Y' }}</td></tr>{% endfor %}</table><ul>"
    "{% for row in assignments %}<li>{{ row.1 }} {{ row.2|date:'j M Y' }}</li>{% endfor %}</ul>"
    "<ul>{% for row in measures %}<li>{{ row.1 }} {{ row.2 }} {{ row.3 }}</li>{% endfor %}</ul>"
    "<ul>{% for row in sessions %}<li>{{ row.1|date:'j M Y' }} {{ row.2 }}</li>{% endfor %}</ul>"
    "</html>"
)
BARE_MATCHING = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>{{ case.0 }}</title><h1>{{ case.0 }}</h1>"
    "<p>{{ wishes.0 }} {{ wishes.1|join:', ' }}</p><ol>"
    "{% for id, name, languages, modalities, gender, capacity, accepting in clinicians %}"
    "<li>{{ name }} {{ languages|join:', ' }} {{ modalities|join:', ' }} {{ gender }} "
    "{{ capacity }}{% if accepting %} accepting{% endif %}</li>{% endfor %}</ol><ul>"
    "{% for row in trainings %}<li>{{ row.1 }} {{ row.2|date:'Y' }}</li>{% endfor %}</ul><ul>"
    "{% for row in assignments %}<li>{{ row.1 }} {{ row.2 }}</li>{% endfor %}</ul></html>"
)


def _pad(case_id, queries: int) -> None:
    for _ in range(queries):  # the page's remaining queries (the signed-in person...)
        Case.objects.filter(pk=case_id).values_list("status", flat=True).get()


def bare_my_survivors(request, user_id, *, queries: int, commits: bool):
    """The same rows as "my survivors", in ``queries`` queries."""
    mine = active_membership_ids(user_id)
    cases = list(
        Case.objects.filter(pk__in=mine)
        .order_by("number")
        .values_list("id", "number", "status", "opened_at")
    )
    ids = [row[0] for row in cases]
    assignments = list(
        Assignment.objects.filter(
            case__in=ids, clinician_id=user_id, status=AssignmentStatus.APPROVED
        ).values_list("case_id", "status", "decided_at")
    )
    measures = list(
        MeasureAdministration.objects.filter(case__in=ids)
        .order_by("case_id", "instrument", "-administered_on")
        .values_list("case_id", "instrument", "total", "band")
    )
    sessions = list(
        SessionParticipation.objects.filter(case__in=ids, session__clinician_id=user_id)
        .order_by("-held_on")
        .values_list("case_id", "held_on", "attendance")
    )
    used = 4
    if commits:
        LOG.write(ids[0])
        used += 1
    _pad(ids[0], queries - used)
    context = {"cases": cases, "assignments": assignments, "measures": measures}
    return HttpResponse(BARE_SURVIVORS.render(context | {"sessions": sessions}))


def active_membership_ids(user_id):
    return active_membership(User(pk=user_id)).values("case")


def bare_matching(request, case_id, *, queries: int, commits: bool):
    """The same rows as the matching list, in ``queries`` queries."""
    case = Case.objects.filter(pk=case_id).values_list("number", "status").get()
    wishes = (
        SurvivorWishes.objects.filter(case_id=case_id)
        .values_list("language", "modalities_wanted", "clinician_gender")
        .first()
    )
    clinicians = list(
        ClinicianProfile.objects.filter(user__groups__name=Role.CLINICIAN, user__is_active=True)
        .order_by("user__full_name", "user_id")
        .values_list(
            "user_id",
            "user__full_name",
            "languages",
            "modalities",
            "gender",
            "caseload_capacity",
            "accepting_new",
        )
    )
    trainings = list(ClinicianTraining.objects.values_list("profile_id", "name", "completed_on"))
    assignments = list(
        Assignment.objects.filter(case_id=case_id).values_list("clinician_id", "status")
    )
    used = 5
    if commits:
        LOG.write(case_id)
        used += 1
    _pad(case_id, queries - used)
    context = {"case": case, "wishes": wishes, "clinicians": clinicians, "trainings": trainings}
    return HttpResponse(BARE_MATCHING.render(context | {"assignments": assignments}))


# Requests (as bench/cases_pages.py makes them) ---------------------------------------------


# Data -----------------------------------------------------------------------------------------


def _profile_values(number: int, today) -> dict:
    return {
        "licence_type": [LicenceType.LCSW, LicenceType.LPC, LicenceType.PSYCHOLOGIST][number % 3],
        "licence_number": f"BENCH-{number:05d}",
        "licence_jurisdiction": "Oregon",
        "licence_issued_on": today - 2000 * DAY,
        "licence_expires_on": today + (400 - number % 7 * 100) * DAY,  # a few lapsed
        "modalities": [m for i, m in enumerate(Modality.values) if (number >> i) % 3 == 0][:4],
        "languages": ["english", LANGUAGES[number % len(LANGUAGES)]],
        "gender": GENDERS[number % len(GENDERS)],
        "caseload_capacity": 5 + number % 20,
        "accepting_new": number % 5 != 0,
    }


def clinicians_add(count: int, progress) -> int:
    """``count`` clinicians with profiles: five through the services, the rest in bulk."""
    have = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").count()
    if have >= count:
        return 0
    today = timezone.localdate()
    group = Group.objects.get(name=Role.CLINICIAN)
    through = User.groups.through
    with data_key_cache():
        for number in range(have, min(5, count)):
            user = User.objects.create_user(
                email=f"clinician{number:05d}@{BENCH_DOMAIN}", full_name=f"Bench Clinician {number}"
            )
            user.groups.add(group)
            services.clinician_profile_update(
                actor=user, clinician=user, **_profile_values(number, today)
            )
        for start in range(max(have, 5), count, 500):
            numbers = range(start, min(start + 500, count))
            with transaction.atomic():
                users = []
                for number in numbers:
                    user = User(
                        email=f"clinician{number:05d}@{BENCH_DOMAIN}",
                        full_name=f"Bench Clinician {number}",
                    )
                    user.set_unusable_password()
                    users.append(user)
                User.objects.bulk_create(users)
                through.objects.bulk_create(through(user=u, group=group) for u in users)
                ClinicianProfile.objects.bulk_create(
                    ClinicianProfile(user=u, **_profile_values(n, today))
                    for n, u in zip(numbers, users, strict=True)
                )
            progress(f"  clinicians: {start + len(users)} of {count}")
    return count - have


def caseload_add(advocate, clinician, supervisor, count: int, progress) -> int:
    """Assign ``clinician`` to ``count`` scale cases, each with three sessions and a PHQ-9."""
    done = Assignment.objects.filter(
        clinician=clinician, status=AssignmentStatus.APPROVED, case__program__name=SCALE_PROGRAM
    ).count()
    if done >= count:
        return 0
    today = timezone.localdate()
    profile = ClinicianProfile.objects.get(user=clinician)
    if profile.caseload_capacity < count + 20:
        services.clinician_profile_update(
            actor=clinician,
            clinician=clinician,
            **{
                name: getattr(profile, name)
                for name in (
                    "licence_type",
                    "licence_number",
                    "licence_jurisdiction",
                    "licence_issued_on",
                    "licence_expires_on",
                    "modalities",
                    "languages",
                    "gender",
                    "accepting_new",
                )
            },
            caseload_capacity=count + 20,
        )
    on_team = set(active_membership(clinician).values_list("case", flat=True))
    candidates = Case.objects.filter(
        program__name=SCALE_PROGRAM, status="active", minor_at_intake=False
    ).order_by("pk")[: count * 4]
    added = 0
    with data_key_cache():
        for case in candidates:
            if added + done >= count:
                break
            if case.pk in on_team:
                continue
            with transaction.atomic():
                assignment = services.assignment_request(
                    actor=advocate, case=case, clinician=clinician
                )
                services.assignment_approve(actor=supervisor, assignment=assignment)
                for week in (6, 4, 2):
                    session = services.session_record(
                        actor=clinician,
                        held_on=today - week * 7 * DAY,
                        duration_minutes=50,
                        modality=Modality.TF_CBT,
                        format="individual",
                        participants={case: "attended"},
                    )
                services.measure_record(
                    actor=clinician,
                    case=case,
                    instrument="phq9",
                    answers=PHQ9,
                    administered_on=today - 2 * 7 * DAY,
                    session=session.participations.get(case=case),
                )
            added += 1
            progress(f"  caseload: {added + done} of {count}")
    return added


def wishes_add(advocate, case) -> None:
    if SurvivorWishes.objects.filter(case=case).exists():
        return
    with data_key_cache():
        services.wishes_update(
            actor=advocate,
            case=case,
            language="spanish",
            interpreter_ok=True,
            clinician_gender="woman",
            modalities_wanted=[Modality.EMDR, Modality.TF_CBT],
            modalities_not_wanted=[Modality.GROUP],
            times="Weekday mornings.",
        )


# Measuring ------------------------------------------------------------------------------------


def measure(arguments, seeding) -> None:
    advocate = demo_user(Role.ADVOCATE)
    clinician = demo_user(Role.CLINICIAN)
    supervisor = demo_user(Role.SUPERVISOR)
    started = time.perf_counter()
    made = clinicians_add(arguments.clinicians, progress)
    assigned = caseload_add(advocate, clinician, supervisor, arguments.caseload, progress)
    mine = Case.objects.filter(
        pk__in=active_membership(advocate).values("case"),
        program__name=SCALE_PROGRAM,
        minor_at_intake=False,
    )
    case = mine.order_by("-last_contact_at").first()
    wishes_add(advocate, case)
    adding = time.perf_counter() - started
    LOG.create()

    factory = RequestFactory()
    survivors_path = reverse("clinicians:my-survivors")
    survivors_match = resolve(survivors_path)
    matching_path = reverse("clinicians:matching", kwargs={"case_id": case.pk})
    matching_match = resolve(matching_path)

    def my_survivors_page():
        request = with_request_state(factory.get(survivors_path), clinician)
        return survivors_match.func(request, *survivors_match.args, **survivors_match.kwargs)

    def matching_page():
        request = with_request_state(factory.get(matching_path), advocate)
        return matching_match.func(request, *matching_match.args, **matching_match.kwargs)

    lines = [
        compare(
            "my survivors",
            my_survivors_page,
            lambda **kw: bare_my_survivors(factory.get("/bare/"), clinician.pk, **kw),
            arguments.iterations,
            GOAL,
        ),
        compare(
            "matching",
            matching_page,
            lambda **kw: bare_matching(factory.get("/bare/"), case.pk, **kw),
            arguments.iterations,
            GOAL,
        ),
    ]
    caseload = Assignment.objects.filter(
        clinician=clinician, status=AssignmentStatus.APPROVED
    ).count()

    print(" " * 70, end="\r")
    print(
        f"Database: {Case.objects.count()} cases, "
        f"{ClinicianProfile.objects.count()} clinician profiles (PostgreSQL)"
    )
    seeding_report(arguments, seeding)
    print(
        f"Added: {made} clinicians, {assigned} assignments of the demo clinician "
        f"({adding:.0f} s); her caseload: {caseload} survivors"
    )
    print(f"{arguments.iterations} iterations each, medians:")
    print("\n".join(lines))


if __name__ == "__main__":
    scratch_main(ARGUMENTS, URL, measure)
