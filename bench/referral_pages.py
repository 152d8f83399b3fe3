"""The partner's queue and a case's referral list at scale, as ratios to bare Django views of
the same shape.

    .venv/bin/python bench/referral_pages.py                  # create, seed, measure, drop
    .venv/bin/python bench/referral_pages.py --cases 2000 --referrals 10000   # a quick proof
    .venv/bin/python bench/referral_pages.py --reuse --keep   # measure an already seeded database

Works on a scratch PostgreSQL database (BENCH_DATABASE_URL, by default
``postgres://postgres@127.0.0.1:5432/alongside_bench_referrals``) that it creates, seeds with
``seed_demo --cases N --notes-per-case M`` (the demo's referrals included), tops the partner
directory up to ``--organizations`` agencies with a service each, and adds ``--referrals``
referrals spread over the scale cases and the agencies, in every state, with plausible dates
(bulk-created through the model, so their free text is encrypted as the services would). The
demo partner's agency receives its share like any other (500,000 / 200: about 2,500).

Server time, in process, called by URL name with a ``RequestFactory`` request inside a data-key
cache scope and no other middleware:

- the queue (``referrals:queue``), as the demo partner: the first page of their agency's
  referrals, newest sent first, with the count; bare: the same count and the same 25 rows with
  their service and agency names, one template;
- the case's referral list (``referrals:case-referrals``) as the demo advocate, both as the
  block the case page loads with htmx and as the page of its own without JavaScript; bare: the
  case row, its referrals with their targets, the referrals received, and the page's committed
  audit row (one committed row), in as many queries, one template.
"""

import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import progress, scratch_arguments, scratch_main, scratch_start, seeding_report

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alongside_bench_referrals"
GOAL = 3.0


def parse_arguments():
    parser = scratch_arguments(__doc__, notes_per_case=1)
    parser.add_argument("--referrals", type=int, default=500_000)
    parser.add_argument("--organizations", type=int, default=200)
    return parser.parse_args()


ARGUMENTS = parse_arguments() if __name__ == "__main__" else None
URL = scratch_start(DEFAULT_URL, ARGUMENTS)

from django.db import transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from measure import LogTable, compare, demo_user, timed, with_request_state  # noqa: E402

from accounts.roles import Role  # noqa: E402
from cases.access import active_membership  # noqa: E402
from cases.models import Case  # noqa: E402
from cases.seeding.scale import SCALE_PROGRAM  # noqa: E402
from consent.choices import DataCategory, Purpose  # noqa: E402
from directory.models import Organization, PartnerUser, Service  # noqa: E402
from protection.envelope import data_key_cache, data_keys_prefetch  # noqa: E402
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Urgency  # noqa: E402
from referrals.models import ReceivedReferral, Referral  # noqa: E402
from referrals.selectors import QUEUE_PAGE_SIZE  # noqa: E402

DAY = datetime.timedelta(days=1)
LOG = LogTable("bench_referrals_view")
BATCH = 2_000

BARE_QUEUE = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>Referrals</title><p>{{ count }}</p><table>"
    "{% for id, status, urgency, sent, ack, act, service, agency, program in rows %}"
    "<tr><th><a href='/portal/referrals/{{ id }}/'>{{ service|default:program }}</a></th>"
    "<td>{{ agency }}</td><td>{{ status }}</td><td>{{ urgency }}</td>"
    "<td>{{ sent|date:'j M Y H:i' }}</td><td>{{ ack|date:'j M Y' }}</td>"
    "<td>{{ act|date:'j M Y' }}</td></tr>{% endfor %}</table></html>"
)
BARE_CASE_LIST = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>{{ case.0 }}</title><h1>{{ case.0 }}</h1><table>"
    "{% for id, status, urgency, created, sent, ack, act, service, agency, program in rows %}"
    "<tr><th>{{ service|default:program }}</th><td>{{ agency }}</td><td>{{ status }}</td>"
    "<td>{{ urgency }}</td><td>{{ created|date:'j M Y' }}</td><td>{{ sent|date:'j M Y' }}</td>"
    "<td>{{ ack|date:'j M Y' }}</td><td>{{ act|date:'j M Y' }}</td></tr>{% endfor %}</table>"
    "<ul>{% for on, agency in received %}<li>{{ on|date:'j M Y' }} {{ agency }}</li>"
    "{% endfor %}</ul></html>"
)


def _pad(case_id, queries: int) -> None:
    for _ in range(queries):  # the page's remaining queries (the signed-in person, the frame)
        Case.objects.filter(pk=case_id).values_list("status", flat=True).get()


def bare_queue(organization_id, *, queries: int, commits: bool):
    referrals = Referral.objects.filter(organization_id=organization_id).exclude(
        status=ReferralStatus.DRAFT
    )
    count = referrals.count()
    rows = list(
        referrals.order_by("-sent_at", "-created_at").values_list(
            "id",
            "status",
            "urgency",
            "sent_at",
            "acknowledge_by",
            "act_by",
            "service__name",
            "organization__name",
            "program__name",
        )[:QUEUE_PAGE_SIZE]
    )
    used = 2
    if commits:
        LOG.write()
        used += 1
    for _ in range(queries - used):
        Organization.objects.filter(pk=organization_id).values_list("name", flat=True).get()
    return HttpResponse(BARE_QUEUE.render({"count": count, "rows": rows}))


def bare_case_list(case_id, *, queries: int, commits: bool):
    case = Case.objects.filter(pk=case_id).values_list("number", "status").get()
    rows = list(
        Referral.objects.filter(case_id=case_id)
        .order_by("-created_at")
        .values_list(
            "id",
            "status",
            "urgency",
            "created_at",
            "sent_at",
            "acknowledge_by",
            "act_by",
            "service__name",
            "organization__name",
            "program__name",
        )
    )
    received = list(
        ReceivedReferral.objects.filter(case_id=case_id).values_list(
            "received_on", "organization__name"
        )
    )
    used = 3
    if commits:
        LOG.write(case_id)
        used += 1
    _pad(case_id, queries - used)
    context = {"case": case, "rows": rows, "received": received}
    return HttpResponse(BARE_CASE_LIST.render(context))


# Data -----------------------------------------------------------------------------------------


def organizations_add(count: int, administrator) -> list[Service]:
    """Top the directory up to ``count`` agencies, each with at least one active service."""
    have = Organization.objects.count()
    with transaction.atomic():
        made = Organization.objects.bulk_create(
            Organization(name=f"Bench Partner {number:03d}", description="Synthetic load.")
            for number in range(have, count)
        )
        Service.objects.bulk_create(
            Service(organization=organization, name=f"Service of {organization.name}")
            for organization in made
        )
    services = {}
    for service in Service.objects.filter(status="active", referrals_paused_at=None).order_by(
        "organization__name", "name"
    ):
        services.setdefault(service.organization_id, service)
    return list(services.values())


def _referral(case_id, service, author_id, now, rng) -> Referral:
    created = (
        now - rng.randrange(1, 720) * DAY - rng.randrange(0, 86_400) * datetime.timedelta(seconds=1)
    )
    status = rng.choices(
        [
            ReferralStatus.SENT,
            ReferralStatus.RECEIVED,
            ReferralStatus.ACCEPTED,
            ReferralStatus.DECLINED,
            ReferralStatus.IN_SERVICE,
            ReferralStatus.COMPLETED,
            ReferralStatus.CLOSED,
            ReferralStatus.WITHDRAWN,
            ReferralStatus.STOPPED,
        ],
        weights=[8, 6, 8, 10, 8, 40, 10, 6, 4],
    )[0]
    sent = created + datetime.timedelta(minutes=rng.randrange(1, 120))
    referral = Referral(
        case_id=case_id,
        service=service,
        organization_id=service.organization_id,
        purpose=Purpose.REFERRAL,
        urgency=rng.choice(Urgency.values),
        note="",
        status=status,
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        created_by_id=author_id,
        created_at=created,
        sent_at=sent,
        acknowledge_by=sent + DAY,
        act_by=sent + 7 * DAY,
        answer_text="",
    )
    later = sent + rng.randrange(2, 200) * datetime.timedelta(hours=1)
    if status != ReferralStatus.SENT and status != ReferralStatus.WITHDRAWN:
        referral.received_at = later
    if status in {ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE, ReferralStatus.COMPLETED}:
        referral.accepted_at = referral.answered_at = later + DAY
    if status == ReferralStatus.CLOSED:
        referral.accepted_at = referral.answered_at = later + DAY
    if status == ReferralStatus.DECLINED:
        referral.answered_at = later + DAY
        referral.decline_reason = rng.choice(DeclineReason.values[:-1])
    if status in {ReferralStatus.COMPLETED, ReferralStatus.CLOSED}:
        referral.outcome = rng.choice(Outcome.values[:-1])
    if status in {
        ReferralStatus.DECLINED,
        ReferralStatus.COMPLETED,
        ReferralStatus.CLOSED,
        ReferralStatus.WITHDRAWN,
        ReferralStatus.STOPPED,
    }:
        referral.ended_at = later + rng.randrange(1, 90) * DAY
    return referral


def referrals_add(count: int, services: list[Service], author_id, progress) -> int:
    """``count`` referrals over the scale cases and ``services`` (one agency each)."""
    have = Referral.objects.count()
    missing = count - have
    if missing <= 0:
        return 0
    rng = random.Random(2026)
    now = timezone.now()
    case_ids = list(
        Case.objects.filter(program__name=SCALE_PROGRAM).order_by("pk").values_list("pk", flat=True)
    )
    made = 0
    with data_key_cache():
        while made < missing:
            size = min(BATCH, missing - made)
            batch = [
                _referral(
                    rng.choice(case_ids), services[(made + n) % len(services)], author_id, now, rng
                )
                for n in range(size)
            ]
            data_keys_prefetch(batch)  # one query for the batch's keys, not one per case
            with transaction.atomic():
                Referral.objects.bulk_create(batch)
            made += size
            progress(f"  referrals: {have + made} of {count}")
    return made


# Measuring ------------------------------------------------------------------------------------


def measure(arguments, seeding) -> None:
    advocate = demo_user(Role.ADVOCATE)
    partner = demo_user(Role.PARTNER)
    administrator = demo_user(Role.ADMINISTRATOR)
    started = time.perf_counter()
    services = organizations_add(arguments.organizations, administrator)
    added = referrals_add(arguments.referrals, services, advocate.pk, progress)
    adding = time.perf_counter() - started
    LOG.create()
    organization_id = PartnerUser.objects.get(user=partner).organization_id
    mine = Case.objects.filter(
        pk__in=active_membership(advocate).values("case"), program__name=SCALE_PROGRAM
    )
    case = mine.filter(referrals__isnull=False).order_by("-last_contact_at").first()

    factory = RequestFactory()
    queue_path = reverse("referrals:queue")
    queue_view = resolve(queue_path)
    list_path = reverse("referrals:case-referrals", args=[case.pk])
    list_view = resolve(list_path)

    def queue_page():
        request = with_request_state(factory.get(queue_path), partner)
        return queue_view.func(request, **queue_view.kwargs)

    def case_block():
        request = with_request_state(factory.get(list_path, HTTP_HX_REQUEST="true"), advocate)
        return list_view.func(request, **list_view.kwargs)

    def case_list_page():
        request = with_request_state(factory.get(list_path), advocate)
        return list_view.func(request, **list_view.kwargs)

    timed(queue_page)  # proves the page answers before the numbers are believed

    print(" " * 60, end="\r")
    print(
        f"Database: {Case.objects.count():,} cases, {Referral.objects.count():,} referrals, "
        f"{Organization.objects.count():,} agencies (PostgreSQL)"
    )
    seeding_report(arguments, seeding)
    print(f"Added: {added:,} referrals ({adding:.0f} s)")
    queue_size = Referral.objects.filter(organization_id=organization_id).count()
    print(
        f"The partner's agency receives {queue_size:,}; the measured case has "
        f"{Referral.objects.filter(case=case).count()} referrals"
    )
    print(f"{arguments.iterations} iterations each, medians:")
    print(
        compare(
            "queue",
            queue_page,
            lambda **kw: bare_queue(organization_id, **kw),
            arguments.iterations,
            GOAL,
        )
    )
    print(
        compare(
            "case list (htmx)",
            case_block,
            lambda **kw: bare_case_list(case.pk, **kw),
            arguments.iterations,
            GOAL,
        )
    )
    print(
        compare(
            "case list (page)",
            case_list_page,
            lambda **kw: bare_case_list(case.pk, **kw),
            arguments.iterations,
            GOAL,
        )
    )


if __name__ == "__main__":
    scratch_main(ARGUMENTS, URL, measure)
