"""The referral report (one year) and the funder report (half a year) at 100,000 cases and
500,000 referrals, each as a ratio to the same aggregates written as one raw SQL query, timed
in the same run.

    .venv/bin/python bench/reports.py                      # create, seed, measure, drop
    .venv/bin/python bench/reports.py --cases 5000 --referrals 25000   # a quick proof
    .venv/bin/python bench/reports.py --reuse --keep       # measure an already seeded database

Works on a scratch PostgreSQL database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_reports``) that it creates, migrates,
seeds and drops at the end (``--keep`` keeps it). Seeding is SQL ``generate_series``: four
programs, 200 partner organizations with one service each (ten directory categories), the
cases (coarse categories only: their encrypted fields stay empty, reports never read them),
the referrals over two years with every status, decline reason, outcome and the dates that go
with them, referrals received, services, therapy sessions and outcome measures.

What is timed, in process, in alternation, ``--iterations`` times (medians reported):

- ``referral_report`` for the last full year, for the whole organization, with its
  suppression (the canonical cube over program × urgency × category × partner × state and
  × month, every filter combination protected at once) — against one raw SQL statement that
  computes the same aggregates (the two margins of the cube, deadlines missed, referrals
  received, and per partner and overall the counts, medians and 90th percentiles) and reads
  them;
- ``funder_report`` for the last half year — against one raw SQL statement with its
  aggregates (survivors by the six dimensions, services, sessions, measures, and the
  referral cube's margins for the half year).

The report's time is also split into database time and suppression time.
"""

import datetime
import statistics
import time

from scratch import scratch_arguments, scratch_main, scratch_start

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_reports"
GOAL = 2.0


def parse_arguments():
    parser = scratch_arguments(__doc__, notes_per_case=None, iterations=3)
    parser.add_argument("--referrals", type=int, default=500_000)
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument(
        "--threshold",
        type=int,
        default=4,
        help="1 measures everything but the complementary search (it has nothing to do)",
    )
    return parser.parse_args()


ARGUMENTS = parse_arguments() if __name__ == "__main__" else None
URL = scratch_start(DEFAULT_URL, ARGUMENTS)

from django.db import connection  # noqa: E402

from accounts.roles import Role  # noqa: E402
from directory.models import Organization, Service, TaxonomyTerm  # noqa: E402
from organization.models import Program  # noqa: E402
from reports import funder_report as funder_module  # noqa: E402
from reports import referral_report as referral_module  # noqa: E402
from reports.parameters import funder_parameters, referral_parameters  # noqa: E402
from reports.suppression import Cube  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

TODAY = datetime.date(2026, 11, 30)
YEAR = (datetime.date(2025, 11, 1), datetime.date(2026, 10, 31))
HALF = (datetime.date(2026, 4, 1), datetime.date(2026, 9, 30))


def _not_null_filler(table: str, given: set[str]) -> tuple[list[str], list[str]]:
    """Columns of ``table`` that are NOT NULL without a default and not in ``given``, with a
    neutral value each (the encrypted columns of synthetic rows stay empty)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL",
            [table],
        )
        rows = cursor.fetchall()
    names, values = [], []
    neutral = {
        "text": "''",
        "character varying": "''",
        "integer": "0",
        "smallint": "0",
        "bigint": "0",
        "boolean": "false",
        "jsonb": "'[]'::jsonb",
        "bytea": "''::bytea",
        "date": "CURRENT_DATE",
        "timestamp with time zone": "now()",
        "uuid": "gen_random_uuid()",
    }
    for name, kind in rows:
        if name in given:
            continue
        names.append(name)
        values.append(neutral[kind])
    return names, values


def _escaped(sql: str) -> str:
    """A literal % (modulo) doubled for the driver; %s placeholders kept."""
    return sql.replace("%%", "%").replace("%", "%%").replace("%%s", "%s")


def _insert(table: str, columns: dict[str, str], source: str, params=()) -> None:
    extra_names, extra_values = _not_null_filler(table, set(columns))
    names = [*columns, *extra_names]
    values = [_escaped(v) for v in columns.values()] + extra_values
    source = _escaped(source)
    sql = f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)} {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def seed(arguments) -> None:
    admin = UserFactory(role=Role.ADMINISTRATOR, full_name="Bench Administrator")
    programs = [Program.objects.create(name=f"Program {i}") for i in range(4)]
    terms = [TaxonomyTerm.objects.create(code=f"T-{i:02}", name=f"Category {i}") for i in range(10)]
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Partner {i:03}") for i in range(arguments.partners)
    )
    services = Service.objects.bulk_create(
        Service(organization=o, name=f"Service of {o.name}") for o in organizations
    )
    Service.taxonomy_terms.through.objects.bulk_create(
        Service.taxonomy_terms.through(service=s, taxonomyterm=terms[i % len(terms)])
        for i, s in enumerate(services)
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_program (n int, id uuid)")
        for i, p in enumerate(programs):
            cursor.execute("INSERT INTO bench_program VALUES (%s, %s)", [i, p.pk])
        cursor.execute("CREATE TEMP TABLE bench_service (n int, id uuid, organization_id uuid)")
        for i, s in enumerate(services):
            cursor.execute(
                "INSERT INTO bench_service VALUES (%s, %s, %s)", [i, s.pk, s.organization_id]
            )
    print(f"Seeding {arguments.cases:,} cases ...", flush=True)
    _insert(
        "cases_case",
        {
            "id": "gen_random_uuid()",
            "number": "'B-' || g",
            "program_id": "(SELECT id FROM bench_program WHERE n = g % 4)",
            "status": "CASE WHEN g % 7 = 0 THEN 'closed' ELSE 'active' END",
            "close_reason": "''",
            "intake_date": "DATE '2024-01-01' + (g % 1050)",
            "opened_at": "TIMESTAMPTZ '2024-01-01' + (g % 1050) * INTERVAL '1 day'",
            "closed_at": "CASE WHEN g % 7 = 0 THEN TIMESTAMPTZ '2026-01-01' "
            "+ (g % 300) * INTERVAL '1 day' END",
            "created_by_id": "%s",
            "version": "1",
            "age_band": "CASE WHEN g % 9 = 0 THEN '12_17' ELSE '25_34' END",
            "minor_at_intake": "g % 9 = 0",
            "gender_identity": "(ARRAY['woman','man','non_binary','transgender_woman',"
            "'prefer_not_to_say'])[1 + g % 5]",
            "citizenship_category": "(ARRAY['us_citizen','lpr','foreign_national','unknown'])"
            "[1 + (g / 5) % 4]",
            "trafficking_type": "(ARRAY['sex','labor','both','unknown'])[1 + (g / 3) % 4]",
        },
        "FROM generate_series(1, %s) AS g",
        [admin.pk, arguments.cases],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_case AS SELECT row_number() OVER (ORDER BY number) AS n, "
            "id, program_id FROM cases_case"
        )
        cursor.execute("CREATE INDEX ON bench_case (n)")
    print(f"Seeding {arguments.referrals:,} referrals ...", flush=True)
    status = (
        "(ARRAY['sent','received','accepted','accepted','in_service','completed','completed',"
        "'completed','closed','declined','declined','withdrawn','stopped'])[1 + (h % 13)]"
    )
    _insert(
        "referrals_referral",
        {
            "id": "gen_random_uuid()",
            "case_id": "c.id",
            "service_id": "s.id",
            "organization_id": "s.organization_id",
            "purpose": "'referral'",
            "urgency": "(ARRAY['routine','routine','soon','urgent'])[1 + (h / 13) % 4]",
            "status": "st",
            "categories": "'[]'::jsonb",
            "created_by_id": "%s",
            "created_at": "sent",
            "sent_at": "sent",
            "received_at": "CASE WHEN st <> 'sent' THEN sent + (1 + h % 5) * INTERVAL '1 day' END",
            "answered_at": "CASE WHEN st IN ('accepted','in_service','completed','closed',"
            "'declined') THEN sent + (2 + h % 9) * INTERVAL '1 day' END",
            "accepted_at": "CASE WHEN st IN ('accepted','in_service','completed','closed') "
            "THEN sent + (2 + h % 9) * INTERVAL '1 day' END",
            "ended_at": "CASE WHEN st IN ('completed','closed','declined','withdrawn','stopped') "
            "THEN sent + (12 + h % 60) * INTERVAL '1 day' END",
            "decline_reason": "CASE WHEN st = 'declined' THEN (ARRAY['no_capacity',"
            "'not_eligible','could_not_reach','survivor_declined','other'])[1 + (h / 7) % 5] "
            "ELSE '' END",
            "outcome": "CASE WHEN st IN ('completed','closed') THEN (ARRAY['service_provided',"
            "'service_provided','partially_provided','survivor_stopped','could_not_reach',"
            "'did_not_attend','survivor_moved','other'])[1 + (h / 11) % 8] ELSE '' END",
            "acknowledge_by": "sent + INTERVAL '2 days'",
            "act_by": "sent + INTERVAL '7 days'",
            "version": "1",
        },
        f"""FROM (
            SELECT g, h, TIMESTAMPTZ '2024-12-01' + (h % 700) * INTERVAL '1 day'
                + (h % 24) * INTERVAL '1 hour' AS sent, {status} AS st
            FROM (SELECT g, (g * 2654435761) % 1000003 AS h
                  FROM generate_series(1, %s) AS g) AS numbers
        ) AS r
        JOIN bench_case c ON c.n = 1 + (r.h * 7 + r.g) % %s
        JOIN bench_service s ON s.n = (r.h / 3 + r.g) % %s""",  # noqa: S608
        [admin.pk, arguments.referrals, arguments.cases, arguments.partners],
    )
    print("Seeding referrals received, services, sessions, measures ...", flush=True)
    _insert(
        "referrals_receivedreferral",
        {
            "id": "gen_random_uuid()",
            "case_id": "c.id",
            "organization_id": "s.organization_id",
            "received_on": "DATE '2025-01-01' + (g % 690)",
            "recorded_by_id": "%s",
            "recorded_at": "now()",
        },
        "FROM generate_series(1, %s) AS g JOIN bench_case c ON c.n = 1 + (g * 13) %% %s "
        "JOIN bench_service s ON s.n = (g * 17) %% %s",
        [admin.pk, arguments.cases // 5, arguments.cases, arguments.partners],
    )
    _insert(
        "cases_servicerecord",
        {
            "id": "gen_random_uuid()",
            "case_id": "c.id",
            "category": "(ARRAY['case_management','housing','legal','immigration','medical',"
            "'mental_health','employment','transportation','safety_planning','other'])"
            "[1 + g % 10]",
            "provided_on": "DATE '2025-01-01' + (g % 690)",
            "recorded_by_id": "%s",
            "recorded_at": "now()",
        },
        "FROM generate_series(1, %s) AS g JOIN bench_case c ON c.n = 1 + (g * 7) %% %s",
        [admin.pk, arguments.cases * 2, arguments.cases],
    )
    clinician = UserFactory(role=Role.CLINICIAN, full_name="Bench Clinician")
    _insert(
        "clinicians_therapysession",
        {
            "id": "gen_random_uuid()",
            "clinician_id": "%s",
            "held_on": "DATE '2025-01-01' + (g % 690)",
            "duration_minutes": "50",
            "modality": "'tf_cbt'",
            "format": "'individual'",
            "recorded_at": "now()",
        },
        "FROM generate_series(1, %s) AS g",
        [clinician.pk, arguments.cases // 2],
    )
    _insert(
        "clinicians_sessionparticipation",
        {
            "id": "gen_random_uuid()",
            "session_id": "t.id",
            "case_id": "c.id",
            "attendance": "CASE WHEN t.n % 6 = 0 THEN 'did_not_attend' ELSE 'attended' END",
            "held_on": "t.held_on",
            "recorded_by_id": "%s",
        },
        "FROM (SELECT row_number() OVER (ORDER BY id) AS n, id, held_on "
        "FROM clinicians_therapysession) t JOIN bench_case c ON c.n = 1 + (t.n * 3) %% %s",
        [clinician.pk, arguments.cases],
    )
    _insert(
        "clinicians_measureadministration",
        {
            "id": "gen_random_uuid()",
            "case_id": "c.id",
            "instrument": "(ARRAY['phq9','gad7','pcl5'])[1 + g % 3]",
            "administered_on": "DATE '2025-01-01' + (g % 690)",
            "answers": "''",
            "total": "g % 20",
            "meaningful_change": "g % 4 = 0",
            "change_direction": "CASE WHEN g % 4 = 0 THEN 'improved' ELSE '' END",
            "recorded_by_id": "%s",
            "recorded_at": "now()",
        },
        "FROM generate_series(1, %s) AS g JOIN bench_case c ON c.n = 1 + (g * 11) %% %s",
        [clinician.pk, arguments.cases // 2, arguments.cases],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


REFERRAL_SQL = """
WITH r AS (
    SELECT r.*, c.program_id AS case_program FROM referrals_referral r
    JOIN cases_case c ON c.id = r.case_id
    WHERE r.sent_at >= %(since)s AND r.sent_at < %(until)s
)
SELECT 'state', case_program::text, urgency, service_id::text, program_id::text,
       status || ':' || decline_reason || ':' || outcome, count(*)::float,
       NULL::float, NULL::float
FROM r GROUP BY case_program, urgency, service_id, program_id, status, decline_reason, outcome
UNION ALL
SELECT 'month', case_program::text, urgency, service_id::text, program_id::text,
       to_char(date_trunc('month', sent_at), 'YYYY-MM'), count(*)::float, NULL, NULL
FROM r GROUP BY case_program, urgency, service_id, program_id, date_trunc('month', sent_at)
UNION ALL
SELECT 'deadline', case_program::text, urgency, service_id::text, program_id::text, '',
       count(*) FILTER (WHERE acknowledge_by < coalesce(received_at, answered_at, ended_at,
                        now()))::float,
       count(*) FILTER (WHERE act_by < coalesce(answered_at, ended_at, now()))::float, NULL
FROM r GROUP BY case_program, urgency, service_id, program_id
UNION ALL
SELECT 'stats', coalesce(organization_id, program_id)::text, metric, '', '', '',
       count(days)::float,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
FROM (
    SELECT organization_id, program_id, 'acknowledge' AS metric,
           extract(epoch FROM received_at - sent_at) / 86400.0 AS days FROM r
    UNION ALL
    SELECT organization_id, program_id, 'accept',
           extract(epoch FROM accepted_at - sent_at) / 86400.0 FROM r
    UNION ALL
    SELECT organization_id, program_id, 'complete',
           extract(epoch FROM ended_at - sent_at) / 86400.0 FROM r WHERE status = 'completed'
) AS d
GROUP BY GROUPING SETS ((coalesce(organization_id, program_id), metric), (metric))
UNION ALL
SELECT 'answers', coalesce(organization_id, program_id)::text, '', '', '', '',
       count(answered_at)::float, count(accepted_at)::float, NULL
FROM r GROUP BY GROUPING SETS ((coalesce(organization_id, program_id)), ())
UNION ALL
SELECT 'received', c.program_id::text, x.organization_id::text, '', '', '', count(*)::float,
       NULL, NULL
FROM referrals_receivedreferral x JOIN cases_case c ON c.id = x.case_id
WHERE x.received_on BETWEEN %(start)s AND %(end)s
GROUP BY c.program_id, x.organization_id
"""

FUNDER_SQL = """
WITH r AS (
    SELECT r.*, c.program_id AS case_program FROM referrals_referral r
    JOIN cases_case c ON c.id = r.case_id
    WHERE r.sent_at >= %(since)s AND r.sent_at < %(until)s
)
SELECT 'survivors', program_id::text, minor_at_intake::text, trafficking_type,
       gender_identity || ':' || citizenship_category,
       count(*) FILTER (WHERE intake_date >= %(start)s)::float, count(*)::float
FROM cases_case WHERE intake_date <= %(end)s AND (closed_at IS NULL OR closed_at >= %(since)s)
GROUP BY program_id, minor_at_intake, trafficking_type, gender_identity, citizenship_category
UNION ALL
SELECT 'services', c.program_id::text, s.category, '', '', count(DISTINCT s.case_id)::float,
       NULL
FROM cases_servicerecord s JOIN cases_case c ON c.id = s.case_id
WHERE s.provided_on BETWEEN %(start)s AND %(end)s GROUP BY c.program_id, s.category
UNION ALL
SELECT 'sessions', c.program_id::text, '', '', '', count(DISTINCT p.case_id)::float, NULL
FROM clinicians_sessionparticipation p JOIN cases_case c ON c.id = p.case_id
WHERE p.held_on BETWEEN %(start)s AND %(end)s AND p.attendance = 'attended'
GROUP BY c.program_id
UNION ALL
SELECT 'measures', c.program_id::text, '', '', '', count(DISTINCT m.case_id)::float,
       count(DISTINCT m.case_id) FILTER (WHERE m.meaningful_change
                                          AND m.change_direction = 'improved')::float
FROM clinicians_measureadministration m JOIN cases_case c ON c.id = m.case_id
WHERE m.administered_on BETWEEN %(start)s AND %(end)s GROUP BY c.program_id
UNION ALL
SELECT 'improved', c.program_id::text, m.instrument, '', '', count(DISTINCT m.case_id)::float,
       NULL
FROM clinicians_measureadministration m JOIN cases_case c ON c.id = m.case_id
WHERE m.administered_on BETWEEN %(start)s AND %(end)s AND m.meaningful_change
  AND m.change_direction = 'improved'
GROUP BY c.program_id, m.instrument
UNION ALL
SELECT 'state', case_program::text, urgency,
       service_id::text || ':' || coalesce(program_id::text, ''),
       status || ':' || decline_reason || ':' || outcome, count(*)::float, NULL
FROM r GROUP BY case_program, urgency, service_id, program_id, status, decline_reason, outcome
UNION ALL
SELECT 'month', case_program::text, urgency,
       service_id::text || ':' || coalesce(program_id::text, ''),
       to_char(date_trunc('month', sent_at), 'YYYY-MM'), count(*)::float, NULL
FROM r GROUP BY case_program, urgency, service_id, program_id, date_trunc('month', sent_at)
UNION ALL
SELECT 'deadline', case_program::text, urgency, service_id::text, '',
       count(*) FILTER (WHERE acknowledge_by < coalesce(received_at, answered_at, ended_at,
                        now()))::float,
       count(*) FILTER (WHERE act_by < coalesce(answered_at, ended_at, now()))::float
FROM r GROUP BY case_program, urgency, service_id, program_id
UNION ALL
SELECT 'received', c.program_id::text, x.organization_id::text, '', '', count(*)::float, NULL
FROM referrals_receivedreferral x JOIN cases_case c ON c.id = x.case_id
WHERE x.received_on BETWEEN %(start)s AND %(end)s
GROUP BY c.program_id, x.organization_id
"""


def raw(sql: str, period) -> int:
    from reports.periods import period_bounds

    since, until = period_bounds(*period)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"since": since, "until": until, "start": period[0], "end": period[1]})
        return len(cursor.fetchall())


class SuppressionClock:
    """Time spent in ``Cube.protect`` (the part of a report that is not the database)."""

    def __init__(self):
        self.seconds = 0.0
        self._original = Cube.protect

    def __enter__(self):
        clock = self
        original = self._original

        def timed(cube):
            started = time.perf_counter()
            try:
                return original(cube)
            finally:
                clock.seconds += time.perf_counter() - started

        Cube.protect = timed
        return self

    def __exit__(self, *exc):
        Cube.protect = self._original


def measure(arguments, seeding) -> None:
    from accounts.models import User

    if seeding is not None:
        print(f"Seeded in {seeding:.0f}s", flush=True)
    with connection.cursor() as cursor:
        for table in ("cases_case", "referrals_referral"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            print(f"{table}: {cursor.fetchone()[0]:,} rows")
    admin = User.objects.filter(groups__name=Role.ADMINISTRATOR).first()
    referral_parameters_ = referral_parameters(
        actor=admin, period_start=YEAR[0], period_end=YEAR[1], threshold=arguments.threshold
    )
    funder_parameters_ = funder_parameters(
        actor=admin, period_start=HALF[0], period_end=HALF[1], threshold=arguments.threshold
    )
    results = {"referral": [], "referral_sql": [], "funder": [], "funder_sql": []}
    suppression = {"referral": [], "funder": []}
    primaries = {}
    for _ in range(arguments.iterations):
        started = time.perf_counter()
        raw(REFERRAL_SQL, YEAR)
        results["referral_sql"].append(time.perf_counter() - started)
        with SuppressionClock() as clock:
            started = time.perf_counter()
            canonical = referral_module.referral_cube(
                period_start=YEAR[0], period_end=YEAR[1], threshold=arguments.threshold
            )
            referral_module.referral_report(referral_parameters_, canonical=canonical)
            results["referral"].append(time.perf_counter() - started)
        suppression["referral"].append(clock.seconds)
        primaries["referral"] = (len(canonical.cube.primary), len(canonical.cube.hidden))
        started = time.perf_counter()
        raw(FUNDER_SQL, HALF)
        results["funder_sql"].append(time.perf_counter() - started)
        with SuppressionClock() as clock:
            started = time.perf_counter()
            cubes = funder_module.funder_cubes(funder_parameters_)
            funder_module.funder_report(funder_parameters_, cubes=cubes)
            results["funder"].append(time.perf_counter() - started)
        suppression["funder"].append(clock.seconds)
        primaries["funder"] = (
            len(cubes["referrals"].cube.primary) + len(cubes["survivors"].primary),
            len(cubes["referrals"].cube.hidden) + len(cubes["survivors"].hidden),
        )
        print(
            "  iteration: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in results.items()),
            flush=True,
        )
    for kind in ("referral", "funder"):
        report = statistics.median(results[kind])
        sql = statistics.median(results[f"{kind}_sql"])
        supp = statistics.median(suppression[kind])
        print(
            f"{kind} report: {report:.2f}s (suppression {supp:.2f}s, the rest {report - supp:.2f}s)"
            f" vs one raw SQL statement {sql:.2f}s: ratio {report / sql:.2f}x "
            f"(without suppression {(report - supp) / sql:.2f}x; goal {GOAL}x); "
            f"primary cells {primaries[kind][0]:,}, hidden {primaries[kind][1]:,}"
        )


if __name__ == "__main__":
    scratch_main(ARGUMENTS, URL, measure, seed=seed)
