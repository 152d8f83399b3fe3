"""The consent page at scale, as a ratio to a bare Django view of the same shape.

    .venv/bin/python bench/consent.py                  # create, seed, measure, drop
    .venv/bin/python bench/consent.py --cases 2000     # a quick proof that it runs
    .venv/bin/python bench/consent.py --reuse --keep   # measure an already seeded database

Works on a scratch PostgreSQL database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_consent``) that it creates, seeds with
``seed_demo --cases N --notes-per-case M`` and drops at the end (``--keep`` keeps it). Then
it adds, through the consent services, the releases it needs: one release to a demo partner
for one adult scale case in ``--release-share`` (so the consent tables hold rows of many cases, as
they would), and on the measured case (the demo advocate's most recently active) a consent
history worth a page: people around the survivor, releases in every status (one revoked after
a disclosure, with its "stop using" notice), restrictions.

Server time, in process: the consent page is called by its URL name (``consent:page``) with a
``RequestFactory`` request inside a data-key cache scope (what the protection middleware gives
a request), with no other middleware. The baseline is a bare Django view of the same shape:
it reads the same rows of the same tables (the case, its releases with their recipients and
revocations, the disclosures under them, restrictions, people, unsent notices), commits one
row (the page's audited view is a committed row), makes as many queries as the page does
(cheap reads of the case row make up the difference) and renders one template. Both are
called in alternation, many times; medians are reported.

The policy's decision is also timed on the measured case once it holds 50 releases and 10
restrictions; its query count (two) is pinned by
``tests/consent/test_policy.py::test_constant_queries_with_50_releases_and_10_restrictions``.
"""

import datetime
import os
import statistics
import time

from scratch import progress, scratch_arguments, scratch_main, scratch_start, seeding_report

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_consent"
GOAL = 3.0


def parse_arguments():
    parser = scratch_arguments(__doc__)
    parser.add_argument(
        "--release-share",
        type=int,
        default=20,
        help="one scale case in this many gets a release (default 20: 5,000 of 100,000)",
    )
    return parser.parse_args()


ARGUMENTS = parse_arguments() if __name__ == "__main__" else None
URL = scratch_start(DEFAULT_URL, ARGUMENTS)

from django.db import connections, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from measure import LogTable, demo_user, timed, with_request_state  # noqa: E402

from accounts.roles import Role  # noqa: E402
from cases.access import active_membership  # noqa: E402
from cases.models import Case  # noqa: E402
from cases.seeding.scale import SCALE_PROGRAM  # noqa: E402
from consent import services  # noqa: E402
from consent.choices import ConsentMethod, Purpose, RecipientClass, Relationship  # noqa: E402
from consent.egress import disclosure_record  # noqa: E402
from consent.models import Disclosure, Person, Release, Restriction, StopUsingNotice  # noqa: E402
from consent.policy import disclosure_decision  # noqa: E402
from consent.recipients import Recipient  # noqa: E402
from directory.models import Organization  # noqa: E402
from protection.envelope import data_key_cache  # noqa: E402

DAY = datetime.timedelta(days=1)
LOG = LogTable("bench_consent_view")

BARE_PAGE = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>{{ case.0 }}</title><h1>{{ case.0 }}</h1><table>"
    "{% for id, kind, name, klass, categories, purposes, starts, expires, method, confirmed,"
    " revoked in releases %}<tr><th>{{ name|default:klass }}</th><td>{{ categories|join:', ' }}"
    "</td><td>{{ purposes|join:', ' }}</td><td>{{ expires|date:'j M Y' }}</td>"
    "<td>{{ revoked|date:'j M Y' }}</td></tr>{% endfor %}</table><ul>"
    "{% for row in disclosures %}<li>{{ row.1|date:'j M Y' }} {{ row.2|join:', ' }}</li>"
    "{% endfor %}</ul><ul>{% for row in restrictions %}<li>{{ row.2|default:row.1 }} "
    "{{ row.3|join:', ' }}</li>{% endfor %}</ul><ul>{% for row in people %}<li>{{ row.1 }}"
    "{% if row.2 %} (unsafe){% endif %}</li>{% endfor %}</ul><ul>{% for row in notices %}"
    "<li>{{ row.1 }}</li>{% endfor %}</ul></html>"
)


def bare_consent_page(request, case_id, *, queries: int):
    """The same rows as the consent page, in ``queries`` queries, one committed row."""
    case = Case.objects.filter(pk=case_id).values_list("number", "status").get()
    releases = list(
        Release.objects.filter(case_id=case_id)
        .order_by("-created_at")
        .values_list(
            "id",
            "recipient_kind",
            "recipient_organization__name",
            "recipient_class",
            "categories",
            "purposes",
            "starts_on",
            "expires_on",
            "method",
            "confirmed_at",
            "revocation__revoked_at",
        )
    )
    disclosures = list(
        Disclosure.objects.filter(releases__case_id=case_id)
        .order_by("-disclosed_at")
        .values_list("releases__id", "disclosed_at", "categories")
    )
    restrictions = list(
        Restriction.objects.filter(case_id=case_id, removed_at__isnull=True)
        .order_by("-created_at")
        .values_list("id", "recipient_kind", "recipient_organization__name", "categories")
    )
    people = list(
        Person.objects.filter(case_id=case_id)
        .order_by("recorded_at")
        .values_list("id", "relationship", "unsafe")
    )
    notices = list(
        StopUsingNotice.objects.filter(case_id=case_id, sent_at__isnull=True).values_list(
            "id", "recipient_organization__name"
        )
    )
    LOG.write(case_id)
    for _ in range(queries - 7):  # the page's remaining queries (the signed-in person...)
        Case.objects.filter(pk=case_id).values_list("status", flat=True).get()
    return HttpResponse(
        BARE_PAGE.render(
            {
                "case": case,
                "releases": releases,
                "disclosures": disclosures,
                "restrictions": restrictions,
                "people": people,
                "notices": notices,
            }
        )
    )


# Requests (as bench/cases_pages.py makes them) ---------------------------------------------


# Data -----------------------------------------------------------------------------------------


def releases_for_a_share(advocate, share: int, progress) -> int:
    """One release to a demo partner for one scale case in ``share`` (none twice)."""
    partners = list(Organization.objects.order_by("name").values_list("pk", flat=True))
    # A minor's release needs a guardian's signature too: adults only, for simplicity.
    scale = Case.objects.filter(program__name=SCALE_PROGRAM, minor_at_intake=False)
    done = set(
        Release.objects.filter(case__program__name=SCALE_PROGRAM).values_list("case_id", flat=True)
    )
    ids = [pk for pk in scale.order_by("pk").values_list("pk", flat=True)[::share]]
    added = 0
    with data_key_cache():
        for start in range(0, len(ids), 500):
            with transaction.atomic():
                for case in Case.objects.filter(pk__in=ids[start : start + 500]):
                    if case.pk in done:
                        continue
                    services.release_grant(
                        actor=advocate,
                        case=case,
                        recipient=Recipient.organization(partners[added % len(partners)]),
                        categories=["identity", "contact"],
                        purposes=[Purpose.REFERRAL],
                        method=ConsentMethod.WRITTEN,
                        signer="survivor",
                    )
                    added += 1
            progress(f"  releases for a share of cases: {start + 500} of {len(ids)}")
    return added


def consent_history(advocate, case) -> None:
    """A consent page's worth on the measured case: 3 people, 12 releases in every status (one
    revoked after a disclosure), 2 restrictions. Nothing when it already has them."""
    if Release.objects.filter(case=case).exists():
        return
    today = timezone.localdate()
    partners = list(Organization.objects.order_by("name"))
    recipients = [Recipient.organization(partner.pk) for partner in partners]
    with data_key_cache(), transaction.atomic():
        services.person_add(
            actor=advocate, case=case, relationship=Relationship.SUPPORT_PERSON, name="A friend"
        )
        services.person_add(
            actor=advocate, case=case, relationship=Relationship.FAMILY, name="A sister"
        )
        services.person_add(
            actor=advocate, case=case, relationship=Relationship.TRAFFICKER, name="Kept away"
        )
        for number in range(12):
            recipient = recipients[number % len(recipients)]
            values = {"method": ConsentMethod.WRITTEN}
            if number % 4 == 1:
                values = {"method": ConsentMethod.VERBAL, "signed_on": today - 2 * DAY}
            elif number % 4 == 2:
                start = today - 120 * DAY
                values |= {"signed_on": start, "starts_on": start, "expires_on": today - 5 * DAY}
            release = services.release_grant(
                actor=advocate,
                case=case,
                recipient=recipient,
                categories=["identity", "contact", "demographics"][: 1 + number % 3],
                purposes=[Purpose.REFERRAL],
                signer="survivor",
                **values,
            )
            if number == 3:
                decision = disclosure_decision(case=case, recipient=recipient, purpose="referral")
                disclosure_record(
                    actor=advocate,
                    case=case,
                    decision=decision,
                    categories=["identity"],
                    route="bench:printed-referral-packet",
                )
                services.release_revoke(actor=advocate, release=release, method="in_person")
        services.restriction_add(
            actor=advocate,
            case=case,
            recipient=Recipient.of_class(RecipientClass.LAW_ENFORCEMENT),
        )
        services.restriction_add(
            actor=advocate, case=case, recipient=recipients[0], categories=["demographics"]
        )


def policy_case(advocate, case, recipient) -> None:
    """Top the measured case up to 50 releases and 10 restrictions naming ``recipient``."""
    with data_key_cache(), transaction.atomic():
        for _ in range(50 - Release.objects.filter(case=case).count()):
            services.release_grant(
                actor=advocate,
                case=case,
                recipient=recipient,
                categories=["identity", "contact"],
                purposes=[Purpose.REFERRAL],
                method=ConsentMethod.WRITTEN,
                signer="survivor",
            )
        for _ in range(10 - Restriction.objects.filter(case=case).count()):
            services.restriction_add(
                actor=advocate, case=case, recipient=recipient, categories=["clinical_summary"]
            )


# Measuring ------------------------------------------------------------------------------------


def measure(arguments, seeding) -> None:
    advocate = demo_user(Role.ADVOCATE)
    started = time.perf_counter()
    shared = releases_for_a_share(advocate, arguments.release_share, progress)
    mine = Case.objects.filter(
        pk__in=active_membership(advocate).values("case"),
        program__name=SCALE_PROGRAM,
        minor_at_intake=False,
    )
    case = mine.order_by("-last_contact_at").first()
    consent_history(advocate, case)
    adding = time.perf_counter() - started
    LOG.create()

    shown = (
        f"{Release.objects.filter(case=case).count()} releases, "
        f"{Restriction.objects.filter(case=case).count()} restrictions, "
        f"{Person.objects.filter(case=case).count()} people"
    )
    factory = RequestFactory()
    path = reverse("consent:page", kwargs={"case_id": case.pk})
    match = resolve(path)

    def consent_page():
        request = with_request_state(factory.get(path), advocate)
        return match.func(request, *match.args, **match.kwargs)

    for _ in range(5):  # warm up: templates compiled, caches filled
        timed(consent_page)
    with CaptureQueriesContext(connections["default"]) as captured:
        timed(consent_page)
    page_queries = len(captured)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        print("\n".join(query["sql"][:160] for query in captured.captured_queries))

    def bare():
        return bare_consent_page(factory.get("/bare/"), case.pk, queries=page_queries)

    for _ in range(5):
        timed(bare)
    with CaptureQueriesContext(connections["default"]) as captured:
        timed(bare)
    bare_queries = len(captured)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        print("\n".join(query["sql"][:160] for query in captured.captured_queries))

    times = {"page": [], "bare": []}
    for _ in range(arguments.iterations):
        times["page"].append(timed(consent_page))
        times["bare"].append(timed(bare))
    median = {label: statistics.median(values) * 1000 for label, values in times.items()}

    recipient = Recipient.organization(Organization.objects.order_by("name").first().pk)
    policy_case(advocate, case, recipient)
    with CaptureQueriesContext(connections["default"]) as captured:
        disclosure_decision(case=case, recipient=recipient, purpose="referral")
    policy_queries = len(captured)
    decisions = []
    for _ in range(arguments.iterations):
        begun = time.perf_counter()
        disclosure_decision(case=case, recipient=recipient, purpose="referral")
        decisions.append(time.perf_counter() - begun)

    print(" " * 70, end="\r")
    print(
        f"Database: {Case.objects.count()} cases, {Release.objects.count()} releases (PostgreSQL)"
    )
    seeding_report(arguments, seeding)
    print(f"Releases added for one case in {arguments.release_share}: {shared} ({adding:.0f} s)")
    print(f"Measured case: {shown}")
    print(f"{arguments.iterations} iterations each, medians:")
    ratio = median["page"] / median["bare"]
    verdict = "met" if ratio <= GOAL else "MISSED"
    print(
        f"  consent page {median['page']:7.2f} ms ({page_queries} queries)  "
        f"bare {median['bare']:6.2f} ms ({bare_queries} queries)  ratio {ratio:5.2f}  "
        f"(goal <= {GOAL:.0f}x: {verdict})"
    )
    print(
        f"  policy decision, 50 releases and 10 restrictions: "
        f"{statistics.median(decisions) * 1000:.2f} ms, {policy_queries} queries"
    )


if __name__ == "__main__":
    scratch_main(ARGUMENTS, URL, measure)
