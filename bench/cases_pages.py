"""Case pages at scale: caseload, case page and exact-name search, as ratios to a bare view.

    .venv/bin/python bench/cases_pages.py                 # create, seed, measure, drop
    .venv/bin/python bench/cases_pages.py --reuse --keep  # measure an already seeded database

Works on a scratch PostgreSQL database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_cases``) that it creates, seeds with
``seed_demo --cases 100000 --notes-per-case 10`` and drops at the end (``--keep`` keeps it).

Server time, in process: each view (and the case API's caseload) is called with a
``RequestFactory`` request inside a data-key cache scope (what the protection middleware gives
a request), with no other middleware. The baseline is a bare Django view of the same shape,
also without middleware: one query and one template — 25 rows for the caseload, one row for
the case page, an indexed lookup for the search. All are called in alternation, many times;
medians are reported.
"""

import statistics
import uuid

from scratch import scratch_arguments, scratch_main, scratch_start, seeding_report

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_cases"


def parse_arguments():
    parser = scratch_arguments(__doc__)
    return parser.parse_args()


ARGUMENTS = parse_arguments() if __name__ == "__main__" else None
URL = scratch_start(DEFAULT_URL, ARGUMENTS)

from django.db import connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from measure import demo_user, timed, with_request_state  # noqa: E402
from rest_framework.test import force_authenticate  # noqa: E402

from accounts.backends import RoleModelBackend  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from audit.models import AuditAction  # noqa: E402
from audit.services import audit_record  # noqa: E402
from cases import views  # noqa: E402
from cases.access import active_membership, case_for  # noqa: E402
from cases.api.views import CaseList  # noqa: E402
from cases.models import Case, CaseNote, Goal, TeamMembership  # noqa: E402
from cases.seeding.scale import SCALE_PROGRAM  # noqa: E402
from protection.blind_index import blind_index_for  # noqa: E402
from protection.envelope import data_key_cache  # noqa: E402
from reminders.models import Reminder  # noqa: E402

BARE_LIST = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>Caseload</title><table>"
    "{% for number, status, band, contact in rows %}<tr><td>{{ number }}</td>"
    "<td>{{ status }}</td><td>{{ band }}</td><td>{{ contact|date:'j M Y' }}</td></tr>"
    "{% endfor %}</table></html>"
)
BARE_DETAIL = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>{{ case.number }}</title><h1>{{ case.number }}</h1>"
    "<p>{{ case.status }} · {{ case.age_band }} · {{ case.intake_date }}</p></html>"
)


# The case page's bare twin: the same rows (the case with its program and safe contact, the
# latest 100 timeline entries, the open team places, the open reminders, the goals with their
# step counts), read in as many queries as the case page makes, one row committed as the
# audited view commits one, and a plain template that prints all of it in a page of comparable
# size (its size in bytes is printed beside the case page's).
SAME_SHAPE_DETAIL = engines["django"].from_string(
    """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ case.number }} · Alongside</title><link rel="stylesheet" href="/static/css/a.css">
</head><body><header><a href="/">Alongside</a><nav><ul><li><a href="/">Home</a></li>
<li><a href="/cases/">Caseload</a></li><li><a href="/reminders/">Reminders</a></li></ul></nav>
<p>{{ user.full_name }} <form method="post" action="/sign-out/"><button>Sign out</button></form>
</p></header><main id="main"><nav><a href="/cases/">Caseload</a> &rsaquo;
<a href="/cases/{{ case.id }}/">{{ case.number }}</a></nav>
<h1>{{ case.number }}</h1><p>{{ case.status }}</p>
<section><h2>Safe contact</h2><dl><dt>Calls</dt><dd>{{ case.safe_contact__calls_ok }}</dd>
<dt>Voicemail</dt><dd>{{ case.safe_contact__voicemail }}</dd><dt>Texts</dt>
<dd>{{ case.safe_contact__texts_ok }}</dd><dt>Email</dt><dd>{{ case.safe_contact__email_ok }}</dd>
<dt>Do not contact</dt><dd>{{ case.safe_contact__do_not_contact }}</dd></dl></section>
<section><h2>Identity</h2><dl><dt>Age band</dt><dd>{{ case.age_band }}</dd>
<dt>Primary language</dt><dd>{{ case.primary_language|default:"—" }}</dd>
<dt>Type of trafficking</dt><dd>{{ case.trafficking_type }}</dd>
<dt>Intake date</dt><dd>{{ case.intake_date|date:"j M Y" }} · {{ case.program__name }}</dd>
</dl></section>
<section><h2>Reminders</h2><ul>{% for kind, due, who in reminders %}
<li>{{ kind }} <span>due {{ due|date:"j M Y" }}, for {{ who }}</span>
<form method="post" action="/done/"><button>Done</button></form></li>{% endfor %}</ul></section>
<section><h2>Goals</h2><ul>{% for domain, status, steps in goals %}
<li>{{ domain }} · {{ status }} · {{ steps }} steps</li>{% empty %}<li>No goals yet.</li>
{% endfor %}</ul></section>
<section><h2>Timeline</h2><ol>{% for kind, at, method, minutes, signed, who in timeline %}
<li class="timeline__entry timeline__entry--note"><time datetime="{{ at|date:'c' }}">
{{ at|date:"j M Y, H:i" }}</time> <span class="timeline__what">{{ kind }} note · {{ method }}
{% if minutes %}· {{ minutes }} min{% endif %}</span> <span class="muted">{{ who }}</span>
{% if signed %}<span class="tag">Signed</span>{% endif %} <a href="/notes/">Open</a></li>
{% endfor %}</ol></section>
<section><h2>Team</h2><ul>{% for role, since, who in team %}
<li>{{ who }} · {{ role }} <span>since {{ since|date:"j M Y" }}</span></li>{% endfor %}</ul>
</section></main><footer><p>Every access recorded.</p></footer></body></html>"""
)
SAME_SHAPE_TABLE = "bench_plain_view_event"


def same_shape_table_create() -> None:
    """A plain table of the audit trail's shape (no chain, no trigger) for the bare view's row."""
    with connections["default"].cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SAME_SHAPE_TABLE}")
        cursor.execute(
            f"CREATE TABLE {SAME_SHAPE_TABLE} (id bigserial PRIMARY KEY, uuid uuid NOT NULL, "
            "occurred_at timestamptz NOT NULL, actor_id uuid, actor_label varchar(254), "
            "address varchar(45), action varchar(32), target_type varchar(64), target_id uuid, "
            "fields jsonb, reason text)"
        )


def same_shape_detail(request, case_id, user_id):
    """Five queries, as the case page: the person, the case, the committed row, the record (the
    timeline's notes, the team and the open reminders in one statement), the goals."""
    user = User.objects.only("full_name", "email").get(pk=user_id)
    case = (
        Case.objects.filter(pk=case_id)
        .values(
            "id", "number", "status", "age_band", "intake_date", "primary_language",
            "trafficking_type", "program__name", "safe_contact__calls_ok",
            "safe_contact__voicemail", "safe_contact__texts_ok", "safe_contact__email_ok",
            "safe_contact__do_not_contact",
        )
        .get()
    )  # fmt: skip
    with connections["default"].cursor() as cursor:  # autocommit: one durable commit
        cursor.execute(
            f"INSERT INTO {SAME_SHAPE_TABLE} (uuid, occurred_at, actor_id, actor_label, address, "  # noqa: S608
            "action, target_type, target_id, fields, reason) "
            "VALUES (%s, now(), %s, %s, '', 'view', 'cases.case', %s, '[]', '')",
            [uuid.uuid4(), user.pk, user.email, case_id],
        )
    with connections["default"].cursor() as cursor:
        cursor.execute(SAME_SHAPE_RECORD, [case_id, case_id, case_id])
        rows = cursor.fetchall()
    goals = list(
        Goal.objects.filter(case_id=case_id)
        .annotate(step_count=Count("steps"))
        .values_list("domain", "status", "step_count")
    )
    context = {
        "user": user,
        "case": case,
        "timeline": [row[1:] for row in rows if row[0] == "note"],
        "team": [(row[1], row[2], row[6]) for row in rows if row[0] == "member"],
        "reminders": [(row[1], row[2], row[6]) for row in rows if row[0] == "reminder"],
        "goals": goals,
    }
    return HttpResponse(SAME_SHAPE_DETAIL.render(context))


def bare_list(request):
    rows = list(
        Case.objects.order_by("-last_contact_at").values_list(
            "number", "status", "age_band", "last_contact_at"
        )[:25]
    )
    return HttpResponse(BARE_LIST.render({"rows": rows}))


def bare_detail(request, case_id):
    case = Case.objects.only("number", "status", "age_band", "intake_date").get(pk=case_id)
    return HttpResponse(BARE_DETAIL.render({"case": case}))


def bare_search(request, name):
    index = blind_index_for("name", name)
    rows = list(
        Case.objects.filter(preferred_name_index=index)
        .order_by("-last_contact_at")
        .values_list("number", "status", "age_band", "last_contact_at")[:25]
    )
    return HttpResponse(BARE_LIST.render({"rows": rows}))


def case_page_floor(request, case_id):
    """What every page of a case does before it shows anything, and nothing else: the case read
    through the access policy with its key, and the audited view (the signed-in person is loaded
    by ``with_request_state``, as for the real pages); then the bare detail template."""
    case = case_for(request.user, case_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=case)
    return HttpResponse(BARE_DETAIL.render({"case": case}))


SAME_SHAPE_RECORD = f"""
(SELECT 'note', n.kind, n.contact_at, n.method, n.duration_minutes, n.signed_at IS NOT NULL,
        u.full_name
   FROM {CaseNote._meta.db_table} n JOIN {User._meta.db_table} u ON u.id = n.author_id
  WHERE n.case_id = %s ORDER BY n.contact_at DESC LIMIT 100)
UNION ALL
(SELECT 'member', m.team_role, CAST(m.since AS timestamptz), NULL, NULL, FALSE, u.full_name
   FROM {TeamMembership._meta.db_table} m JOIN {User._meta.db_table} u ON u.id = m.user_id
  WHERE m.case_id = %s AND m.until IS NULL)
UNION ALL
(SELECT 'reminder', r.kind, CAST(r.due_on AS timestamptz), NULL, NULL, FALSE, u.full_name
   FROM {Reminder._meta.db_table} r JOIN {User._meta.db_table} u ON u.id = r.assignee_id
  WHERE r.case_id = %s AND r.done_at IS NULL)
"""  # noqa: S608


SIGNED_IN = RoleModelBackend()
API_CASELOAD = CaseList.as_view()
FRAGMENT = {"HX-Request": "true"}


def api_call(request, user):
    force_authenticate(request, user=SIGNED_IN.get_user(user.pk))
    return API_CASELOAD(request).render()


def measure(arguments, seeding) -> None:
    factory = RequestFactory()
    advocate = demo_user(Role.ADVOCATE)
    same_shape_table_create()
    total_cases = Case.objects.count()
    total_notes = CaseNote.objects.count()
    mine = Case.objects.filter(
        pk__in=active_membership(advocate).values("case"), program__name=SCALE_PROGRAM
    )
    caseload_size = mine.count()
    case = mine.order_by("-last_contact_at").first()
    with data_key_cache():
        name = case.preferred_name
    matches = Case.objects.filter(preferred_name_index=blind_index_for("name", name)).count()

    subjects = {
        "caseload": lambda: views.caseload(with_request_state(factory.get("/cases/"), advocate)),
        "bare list": lambda: bare_list(factory.get("/bare/")),
        "case page": lambda: views.detail(
            with_request_state(factory.get(f"/cases/{case.pk}/"), advocate), case_id=case.pk
        ),
        "bare detail": lambda: bare_detail(factory.get("/bare/"), case.pk),
        "same-shape detail": lambda: same_shape_detail(factory.get("/bare/"), case.pk, advocate.pk),
        "case page floor": lambda: case_page_floor(
            with_request_state(factory.get("/floor/"), advocate), case.pk
        ),
        # What the case page loads after itself (htmx): who has seen it, the check-in chart.
        "viewers fragment": lambda: views.viewers(
            with_request_state(factory.get("/viewers/", headers=FRAGMENT), advocate),
            case_id=case.pk,
        ),
        "check-ins fragment": lambda: views.check_ins_recent(
            with_request_state(factory.get("/check-ins/recent/", headers=FRAGMENT), advocate),
            case_id=case.pk,
        ),
        # The search form sends itself with htmx and gets its results back; without
        # JavaScript it gets the whole caseload page.
        "search": lambda: views.caseload(
            with_request_state(factory.post("/cases/", {"name": name}, headers=FRAGMENT), advocate)
        ),
        "search page": lambda: views.caseload(
            with_request_state(factory.post("/cases/", {"name": name}), advocate)
        ),
        "bare search": lambda: bare_search(factory.post("/bare/"), name),
        "api caseload": lambda: api_call(
            factory.get("/api/v1/cases", HTTP_HOST="127.0.0.1"), advocate
        ),
    }
    for call in subjects.values():  # warm up: templates compiled, caches filled
        for _ in range(5):
            timed(call)
    queries, sizes = {}, {}
    for label, call in subjects.items():
        with CaptureQueriesContext(connections["default"]) as captured, data_key_cache():
            sizes[label] = len(call().content)
        queries[label] = len(captured)
    times = {label: [] for label in subjects}
    for _ in range(arguments.iterations):
        for label, call in subjects.items():
            times[label].append(timed(call))
    median = {label: statistics.median(values) * 1000 for label, values in times.items()}

    print(f"Database: {total_cases} cases, {total_notes} notes (PostgreSQL)")
    seeding_report(arguments, seeding)
    print(
        f"Demo advocate's caseload: {caseload_size} cases; name search matches {matches} "
        f"cases in the organization"
    )
    print(f"{arguments.iterations} iterations each, medians:")
    rows = [
        ("caseload (25 rows)", "caseload", "bare list", 4.0),
        ("case page", "case page", "same-shape detail", 2.0),
        ("  to a one-row view", "case page", "bare detail", None),
        ("exact-name search", "search", "bare search", 2.0),
        ("  as a whole page", "search page", "bare search", 2.0),
        ("API caseload (25)", "api caseload", "bare list", 4.0),
    ]
    for title, subject, bare, goal in rows:
        ratio = median[subject] / median[bare]
        if goal is None:
            verdict = "(no goal)"
        else:
            verdict = f"(goal <= {goal:.0f}x: {'met' if ratio <= goal else 'MISSED'})"
        print(
            f"  {title:<20} {median[subject]:7.2f} ms  bare {median[bare]:6.2f} ms  "
            f"ratio {ratio:5.2f}  {verdict}  {queries[subject]} queries"
        )
    print(
        f"  case page {sizes['case page']:,} bytes, same-shape view {sizes['same-shape detail']:,} "
        f"bytes ({queries['same-shape detail']} queries, one committed row)"
    )
    floor = median["case page floor"]
    print(
        f"  of the case page, what every page of a case must do (user, case through the policy "
        f"with its key, audit event): {floor:.2f} ms ({floor / median['bare detail']:.1f}x)"
    )
    print("  Loaded after the case page (htmx), not part of its time above:")
    for label in ("viewers fragment", "check-ins fragment"):
        ratio = median[label] / median["bare detail"]
        print(f"  {label:<20} {median[label]:7.2f} ms  ({ratio:.1f}x the bare detail view)")
    together = median["case page"] + median["viewers fragment"] + median["check-ins fragment"]
    print(
        f"  case page and both fragments together {together:.2f} ms "
        f"({together / median['bare detail']:.1f}x)"
    )


if __name__ == "__main__":
    scratch_main(ARGUMENTS, URL, measure)
