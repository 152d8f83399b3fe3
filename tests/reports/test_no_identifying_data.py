"""No report row carries a name, a case number or any encrypted field's value; report reads
take a constant number of queries whatever the number of referrals and cases."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from referrals.choices import ReferralStatus
from reports.funder_report import funder_report
from reports.parameters import funder_parameters, referral_parameters
from reports.referral_report import referral_report
from reports.results import HIDDEN
from tests.reports.conftest import END, START, make_referral, open_case


def every_report(actor, world):
    for threshold in (1, 4):
        yield referral_report(
            referral_parameters(
                actor=actor, period_start=START, period_end=END, threshold=threshold
            )
        )
        yield referral_report(
            referral_parameters(
                actor=actor,
                period_start=START,
                period_end=END,
                threshold=threshold,
                partner=world.harbor.pk,
            )
        )
        yield funder_report(
            funder_parameters(actor=actor, period_start=START, period_end=END, threshold=threshold)
        )


def test_no_row_names_a_survivor(world, administrator):
    numbers = set(Case.objects.values_list("number", flat=True))
    case_ids = {str(pk) for pk in Case.objects.values_list("pk", flat=True)}
    names = {f"North Survivor {i}" for i in range(3)} | {f"South Survivor {i}" for i in range(2)}
    words = {word for name in names for word in name.split()} - {"North", "South"}
    for report in every_report(administrator, world):
        texts = [report.title, *report.filters.values(), *report.filter_labels.values()]
        for table in report.tables:
            texts += [table.title, table.note, *(c.code for c in table.columns)]
            texts += [c.label for c in table.columns]
            for row in table.rows:
                texts += [row.code, row.label]
                for cell in row.cells:
                    assert cell is HIDDEN or cell is None or isinstance(cell, int | float)
        for text in texts:
            assert text not in numbers and text not in case_ids
            assert not any(n in text for n in numbers | names)
            assert not any(f"Survivor {w}" in text for w in words)


def test_queries_do_not_grow_with_the_records(world, administrator, advocate):
    def count():
        with CaptureQueriesContext(connection) as referral:
            referral_report(
                referral_parameters(
                    actor=administrator, period_start=START, period_end=END, threshold=4
                )
            )
        with CaptureQueriesContext(connection) as funder:
            funder_report(
                funder_parameters(
                    actor=administrator, period_start=START, period_end=END, threshold=4
                )
            )
        return len(referral), len(funder)

    count()  # caches warmed (content types and the like)
    before = count()
    service = world.referrals[0].service
    more_cases = [open_case(advocate, world.north, f"Extra {i}") for i in range(3)]
    for i in range(12):
        make_referral(
            more_cases[i % 3],
            service,
            advocate,
            sent=datetime.date(2026, 2, 1 + i),
            status=ReferralStatus.ACCEPTED,
            acc=2,
        )
    assert count() == before
    assert before[0] <= 12 and before[1] <= 20
