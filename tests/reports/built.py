"""A hand-built report with hidden cells, standing in for the engine's where the surfaces are
what is tested: the page, the files, the runs and the API must render what they are given and
show a hidden cell only as "fewer than N"."""

import datetime

from django.utils import timezone

from reports.results import HIDDEN, Column, Report, Row, Table


def built_report(*, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30), threshold=4):
    return Report(
        kind="referral",
        title="Referral report",
        period_start=start,
        period_end=end,
        filters={"service_category": "legal"},
        filter_labels={"service_category": "Legal services"},
        threshold=threshold,
        generated_at=timezone.now(),
        code_version="test",
        tables=(
            Table(
                key="by_partner",
                title="Referrals by partner",
                row_header="Partner",
                columns=(Column("sent", "Sent"), Column("accepted", "Accepted")),
                rows=(
                    Row("a", "Harbor Legal Aid", (731, 517)),
                    Row("b", '=HYPERLINK("http://x")', (642, HIDDEN)),
                    Row("c", "Bridges Clinic", (HIDDEN, 0)),
                ),
                chart="stacked",
            ),
            Table(
                key="by_month",
                title="Referrals by month",
                row_header="Referrals",
                columns=(Column("2026-01", "Jan 2026"), Column("2026-02", "Feb 2026")),
                rows=(Row("sent", "Sent", (HIDDEN, 853)),),
                chart="line",
            ),
            Table(
                key="answer_days",
                title="Days to answer",
                row_header="Partner",
                columns=(Column("median", "Median days"),),
                rows=(Row("a", "Harbor Legal Aid", (2.5,)), Row("c", "Bridges Clinic", (None,))),
                kind="days",
            ),
        ),
    )
