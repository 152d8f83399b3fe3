"""The referral report (issue 13, part 1): referrals *sent* in a period, by partner and state,
by month, with acceptance, times to acknowledgement, acceptance and completion, decline
reasons, outcomes, deadlines missed, and referrals other agencies made to us.

Everything is counted in the database (GROUP BY; ``percentile_cont`` on PostgreSQL). The
counts of the period form one canonical cube (``reports.suppression``) over program (the
survivor's case's program), urgency, service category (the service's main directory term:
its first by taxonomy, code and name), partner (the organization, or "our program" for an
internal referral), state (the status, refined by the decline reason or the outcome) and
month. Every report of the period — whatever its filters or program — is a slice of that one
cube, suppressed once, so two reports of the same period cannot be subtracted from each other
to recover a hidden cell.
"""

import datetime
import itertools
from dataclasses import dataclass

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from directory.models import Service
from organization.models import Program
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Urgency
from referrals.models import ReceivedReferral, Referral
from reports.parameters import ReportParameters
from reports.periods import (
    DaysBetween,
    Percentile,
    median,
    month_code,
    month_label,
    months,
    percentile,
    percentiles_supported,
    period_bounds,
)
from reports.results import HIDDEN, Column, Report, Row, Table
from reports.suppression import Cube, Dimension, Face, hidden_note, statistic_allowed
from reports.version import REPORT_CODE_VERSION

NONE = "none"
INTERNAL = "internal:"
LAYERS = ("program", "urgency", "category")
# The statuses a sent referral can be in, in the order the tables show them.
STATUSES = tuple(s for s in ReferralStatus if s != ReferralStatus.DRAFT)
OUTCOME_STATUSES = (ReferralStatus.COMPLETED, ReferralStatus.CLOSED)


def state_of(status: str, reason: str, outcome: str) -> str:
    if status == ReferralStatus.DECLINED:
        return f"{status}:{reason or DeclineReason.OTHER}"
    if status in OUTCOME_STATUSES:
        return f"{status}:{outcome or Outcome.OTHER}"
    return status


def _state_groups() -> dict[str, tuple[str, ...]]:
    groups = {}
    for status in STATUSES:
        if status == ReferralStatus.DECLINED:
            groups[status.value] = tuple(f"{status}:{r}" for r in DeclineReason.values)
        elif status in OUTCOME_STATUSES:
            groups[status.value] = tuple(f"{status}:{o}" for o in Outcome.values)
        else:
            groups[status.value] = (status.value,)
    return groups


STATE_GROUPS = _state_groups()
DETAIL_STATES = frozenset(
    state for status, states in STATE_GROUPS.items() if len(states) > 1 for state in states
)


def _faces(with_month: bool = True) -> list[Face]:
    faces = []
    for size in range(len(LAYERS) + 1):
        for layer in itertools.combinations(LAYERS, size):
            for by_partner in (True, False):
                base = {name: "value" for name in layer}
                if by_partner:
                    base["partner"] = "value"
                faces.append(Face({**base, "state": "group"}))
                faces.append(Face(dict(base)))
                faces.append(Face({**base, "state": "value"}, only={"state": DETAIL_STATES}))
                if with_month:
                    faces.append(Face({**base, "month": "value"}))
    return faces


@dataclass
class Directory:
    """Names and categories of the partners and programs a report can show."""

    programs: dict[str, str]
    partners: dict[str, str]
    categories: dict[str, str]
    service_partner: dict[str, str]
    service_category: dict[str, str]
    pairs: frozenset  # (partner, category) pairs the directory offers: others are always 0


def directory_now() -> Directory:
    """Three small queries whatever the number of referrals."""
    programs = {str(pk): name for pk, name in Program.objects.values_list("pk", "name")}
    service_partner = {}
    partners = {}
    for pk, organization_id, name in Service.objects.values_list(
        "pk", "organization_id", "organization__name"
    ):
        service_partner[str(pk)] = str(organization_id)
        partners[str(organization_id)] = name
    service_category: dict[str, str] = {}
    categories: dict[str, str] = {NONE: _("No category")}
    links = Service.taxonomy_terms.through.objects.order_by(
        "service_id", "taxonomyterm__taxonomy", "taxonomyterm__code", "taxonomyterm__name"
    ).values_list("service_id", "taxonomyterm_id", "taxonomyterm__name")
    for service_id, term_id, name in links:
        service_category.setdefault(str(service_id), str(term_id))
        categories[str(term_id)] = name
    for program_id, name in programs.items():
        partners[INTERNAL + program_id] = _("Our program: %(name)s") % {"name": name}
    pairs = {
        (partner, service_category.get(service, NONE))
        for service, partner in service_partner.items()
    }
    pairs |= {(INTERNAL + p, NONE) for p in programs}
    return Directory(
        programs, partners, categories, service_partner, service_category, frozenset(pairs)
    )


def _partner_and_category(directory: Directory, service_id, target_program_id):
    if service_id is None:
        return INTERNAL + str(target_program_id), NONE
    service = str(service_id)
    return directory.service_partner[service], directory.service_category.get(service, NONE)


@dataclass
class ReferralCube:
    cube: Cube
    deadlines: Cube
    received: Cube
    directory: Directory
    months: list[datetime.date]
    received_from: dict[str, str]


def sent_in(period_start, period_end):
    since, until = period_bounds(period_start, period_end)
    return Referral.objects.filter(sent_at__gte=since, sent_at__lt=until)


def referral_cube(*, period_start, period_end, threshold, directory=None) -> ReferralCube:
    """The period's canonical cubes, suppressed. Same period and threshold, same records:
    same cells hidden, for every report of the period."""
    directory = directory or directory_now()
    referrals = sent_in(period_start, period_end)
    keys = ("case__program_id", "urgency", "service_id", "program_id")
    by_state: dict[tuple, int] = {}
    for row in (
        referrals.values(*keys, "status", "decline_reason", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*keys, "status", "decline_reason", "outcome", "n")
    ):
        program, urgency, service, target, status, reason, outcome, n = row
        partner, category = _partner_and_category(directory, service, target)
        atom = (str(program), urgency, category, partner, state_of(status, reason, outcome))
        by_state[atom] = by_state.get(atom, 0) + n
    by_month: dict[tuple, int] = {}
    for row in (
        referrals.annotate(month=TruncMonth("sent_at"))
        .values(*keys, "month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*keys, "month", "n")
    ):
        program, urgency, service, target, month, n = row
        partner, category = _partner_and_category(directory, service, target)
        month_day = month.date() if isinstance(month, datetime.datetime) else month
        atom = (str(program), urgency, category, partner, month_code(month_day))
        by_month[atom] = by_month.get(atom, 0) + n
    period_months = months(period_start, period_end)
    layer_dimensions = [
        Dimension("program", tuple(sorted(directory.programs))),
        Dimension("urgency", tuple(Urgency.values)),
        Dimension("category", tuple(sorted(directory.categories))),
        Dimension("partner", tuple(sorted(directory.partners))),
    ]
    all_states = tuple(s for states in STATE_GROUPS.values() for s in states)
    dimensions = [
        *layer_dimensions,
        Dimension("state", all_states, STATE_GROUPS),
        Dimension("month", tuple(month_code(m) for m in period_months)),
    ]
    layer_names = ("program", "urgency", "category", "partner")

    def valid(atom: dict) -> bool:
        pair = (atom.get("partner"), atom.get("category"))
        return None in pair or pair in directory.pairs

    cube = Cube(
        dimensions,
        [((*layer_names, "state"), by_state), ((*layer_names, "month"), by_month)],
        _faces(),
        threshold=threshold,
        valid=valid,
    ).protect()
    deadlines = _deadlines_cube(referrals, directory, layer_dimensions, threshold, valid)
    received, received_from = _received_cube(period_start, period_end, directory, threshold)
    return ReferralCube(cube, deadlines, received, directory, period_months, received_from)


DEADLINE_KINDS = ("acknowledge", "decide")


def _deadlines_cube(referrals, directory, layer_dimensions, threshold, valid) -> Cube:
    """Referrals whose partner missed the deadline to acknowledge, or to accept or decline.
    A referral may miss both, so the two are separate columns with no total between them."""
    now = timezone.now()
    first_answer = Coalesce("received_at", "answered_at", "ended_at", Value(now))
    decision = Coalesce("answered_at", "ended_at", Value(now))
    keys = ("case__program_id", "urgency", "service_id", "program_id")
    atoms: dict[tuple, int] = {}
    for program, urgency, service, target, acknowledge, decide in (
        referrals.values(*keys)
        .annotate(
            acknowledge=Count("pk", filter=Q(acknowledge_by__lt=first_answer)),
            decide=Count("pk", filter=Q(act_by__lt=decision)),
        )
        .order_by()
        .values_list(*keys, "acknowledge", "decide")
    ):
        partner, category = _partner_and_category(directory, service, target)
        for kind, n in (("acknowledge", acknowledge), ("decide", decide)):
            atom = (str(program), urgency, category, partner, kind)
            atoms[atom] = atoms.get(atom, 0) + n
    faces = []
    for size in range(len(LAYERS) + 1):
        for layer in itertools.combinations(LAYERS, size):
            for by_partner in (True, False):
                levels = {name: "value" for name in layer}
                if by_partner:
                    levels["partner"] = "value"
                faces.append(Face({**levels, "missed": "value"}))
    names = ("program", "urgency", "category", "partner", "missed")
    return Cube(
        [*layer_dimensions, Dimension("missed", DEADLINE_KINDS)],
        [(names, atoms)],
        faces,
        threshold=threshold,
        valid=valid,
    ).protect()


def _received_cube(period_start, period_end, directory, threshold):
    """Referrals other agencies made to us in the period, by who made them."""
    atoms: dict[tuple, int] = {}
    names: dict[str, str] = {}
    for program, organization, name, n in (
        ReceivedReferral.objects.filter(received_on__gte=period_start, received_on__lte=period_end)
        .values("case__program_id", "organization_id", "organization__name")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("case__program_id", "organization_id", "organization__name", "n")
    ):
        atoms[(str(program), str(organization))] = n
        names[str(organization)] = name
    faces = [
        Face({"program": "value", "from": "value"}),
        Face({"program": "value"}),
        Face({"from": "value"}),
        Face({}),
    ]
    cube = Cube(
        [
            Dimension("program", tuple(sorted(directory.programs))),
            Dimension("from", tuple(sorted(names))),
        ],
        [(("program", "from"), atoms)],
        faces,
        threshold=threshold,
    ).protect()
    return cube, names


# The report ---------------------------------------------------------------------------------


def _slice(parameters: ReportParameters) -> dict[str, str]:
    entries = {}
    if parameters.program:
        entries["program"] = str(parameters.program)
    if parameters.urgency:
        entries["urgency"] = parameters.urgency
    if parameters.category:
        entries["category"] = str(parameters.category)
    return entries


def _in_slice(referrals, parameters: ReportParameters, directory: Directory):
    if parameters.program:
        referrals = referrals.filter(case__program_id=parameters.program)
    if parameters.urgency:
        referrals = referrals.filter(urgency=parameters.urgency)
    if parameters.category:
        category = str(parameters.category)
        services = [s for s, c in directory.service_category.items() if c == category]
        referrals = referrals.filter(service_id__in=services)
    if parameters.partner:
        referrals = referrals.filter(organization_id=parameters.partner)
    return referrals


def _partner_rows(cube: Cube, entries: dict, parameters, directory) -> list[str]:
    """Partners shown: those with a count in the slice, or whose count is hidden (a hidden
    zero shows as hidden too, so a row's presence tells nothing a hidden cell hides)."""
    if parameters.partner:
        return [str(parameters.partner)]
    shown = []
    for partner in cube.dimensions[cube.position["partner"]].values:
        key = cube.key(**entries, partner=partner)
        if cube.value(key) > 0 or key in cube.hidden:
            shown.append(partner)
    return sorted(shown, key=lambda p: (directory.partners.get(p, p).lower(), p))


def _partner_status_table(cube, entries, partners, parameters, directory) -> Table:
    columns = (*(Column(s.value, str(s.label)) for s in STATUSES), Column("total", _("Total")))
    rows = []
    line_entries = [dict(entries, partner=p) for p in partners]
    labels = [directory.partners.get(p, p) for p in partners]
    if not parameters.partner:
        line_entries.append(dict(entries))
        labels.append(_("All partners"))
        partners = [*partners, "total"]
    for code, label, line in zip(partners, labels, line_entries, strict=True):
        cells = tuple(cube.shown(cube.key(**line, state=s.value)) for s in STATUSES)
        cells += (cube.shown(cube.key(**line)),)
        rows.append(Row(code, label, cells))
    return Table(
        key="by_partner_status",
        title=_("Referrals sent, by partner and where they stand now"),
        row_header=_("Partner"),
        columns=columns,
        rows=tuple(rows),
        has_totals=not parameters.partner,
        chart="stacked",
    )


def _month_table(cube, entries, period_months) -> Table:
    rows = [
        Row(month_code(m), month_label(m), (cube.shown(cube.key(**entries, month=month_code(m))),))
        for m in period_months
    ]
    rows.append(Row("total", _("Total"), (cube.shown(cube.key(**entries)),)))
    return Table(
        key="by_month",
        title=_("Referrals sent, by month"),
        row_header=_("Month"),
        columns=(Column("sent", _("Sent")),),
        rows=tuple(rows),
        has_totals=True,
        chart="bar",
    )


def _reasons_table(cube, entries) -> Table:
    rows = [
        Row(
            reason.value,
            str(reason.label),
            (cube.shown(cube.key(**entries, state=f"declined:{reason.value}")),),
        )
        for reason in DeclineReason
    ]
    total = cube.shown(cube.key(**entries, state="declined"))
    rows.append(Row("total", _("All declined"), (total,)))
    return Table(
        key="decline_reasons",
        title=_("Why referrals were declined"),
        row_header=_("Reason"),
        columns=(Column("declined", _("Declined")),),
        rows=tuple(rows),
        has_totals=True,
        chart="bar",
    )


def _outcomes_table(cube, entries) -> Table:
    columns = tuple(Column(s.value, str(s.label)) for s in OUTCOME_STATUSES)
    rows = [
        Row(
            outcome.value,
            str(outcome.label),
            tuple(
                cube.shown(cube.key(**entries, state=f"{s.value}:{outcome.value}"))
                for s in OUTCOME_STATUSES
            ),
        )
        for outcome in Outcome
    ]
    rows.append(
        Row(
            "total",
            _("All"),
            tuple(cube.shown(cube.key(**entries, state=s.value)) for s in OUTCOME_STATUSES),
        )
    )
    return Table(
        key="outcomes",
        title=_("How referrals ended"),
        row_header=_("Outcome"),
        columns=columns,
        rows=tuple(rows),
        note=_("No row total: a row adds two different endings."),
    )


def _deadlines_table(deadlines: Cube, entries, partners, parameters, directory) -> Table:
    columns = (
        Column("acknowledge", _("Not acknowledged in time")),
        Column("decide", _("Not accepted or declined in time")),
    )
    lines = [(p, directory.partners.get(p, p), dict(entries, partner=p)) for p in partners]
    if not parameters.partner:
        lines.append(("total", _("All partners"), dict(entries)))
    rows = tuple(
        Row(
            code,
            label,
            tuple(deadlines.shown(deadlines.key(**line, missed=k)) for k in DEADLINE_KINDS),
        )
        for code, label, line in lines
    )
    return Table(
        key="deadlines_missed",
        title=_("Deadlines missed, by partner"),
        row_header=_("Partner"),
        columns=columns,
        rows=rows,
        note=_("A referral may miss both deadlines: the columns do not add up."),
    )


def _received_table(received: Cube, names, parameters) -> Table:
    entries = {"program": str(parameters.program)} if parameters.program else {}
    rows = []
    for organization in sorted(names, key=lambda o: (names[o].lower(), o)):
        key = received.key(**entries, **{"from": organization})
        if received.value(key) > 0 or key in received.hidden:
            rows.append(Row(organization, names[organization], (received.shown(key),)))
    rows.append(Row("total", _("Total"), (received.shown(received.key(**entries)),)))
    return Table(
        key="received_back",
        title=_("Referrals other agencies made to us"),
        row_header=_("Referred by"),
        columns=(Column("received", _("Received")),),
        rows=tuple(rows),
        has_totals=True,
        chart="bar",
    )


DURATIONS = (
    ("acknowledge", "received_at", _lazy("Days to acknowledgement")),
    ("accept", "accepted_at", _lazy("Days to acceptance")),
    ("complete", "ended_at", _lazy("Days to completion")),
)


def _durations(referrals) -> dict[str, dict]:
    """Per partner and for all (code "total"): group sizes, medians and 90th percentiles of
    each duration, computed in the database on PostgreSQL (two queries)."""
    expressions = {
        "acknowledge": DaysBetween(F("received_at"), F("sent_at")),
        "accept": DaysBetween(F("accepted_at"), F("sent_at")),
        "complete": DaysBetween(F("ended_at"), F("sent_at")),
    }
    completed = Q(status=ReferralStatus.COMPLETED)
    conditions = {
        "acknowledge": Q(received_at__isnull=False),
        "accept": Q(accepted_at__isnull=False),
        "complete": completed,
    }
    partner = Coalesce(F("organization_id"), F("program_id"))
    if percentiles_supported():
        aggregates = {}
        for name, expression in expressions.items():
            aggregates[f"{name}_n"] = Count("pk", filter=conditions[name])
            aggregates[f"{name}_median"] = Percentile(expression, 0.5, filter=conditions[name])
            aggregates[f"{name}_p90"] = Percentile(expression, 0.9, filter=conditions[name])
        aggregates["answered"] = Count("pk", filter=Q(answered_at__isnull=False))
        aggregates["accepted"] = Count("pk", filter=Q(accepted_at__isnull=False))
        found = {}
        for row in (
            referrals.annotate(partner_key=partner)
            .values("partner_key", "program_id")
            .annotate(**aggregates)
            .order_by()
        ):
            found[_partner_code(row)] = row
        found["total"] = referrals.aggregate(**aggregates)
        return found
    # Portable path (SQLite, development): the durations as one ordered list of values.
    values: dict[str, dict] = {}
    rows = referrals.annotate(
        partner_key=partner, **{f"{n}_days": e for n, e in expressions.items()}
    ).values_list(
        "organization_id",
        "program_id",
        "status",
        "answered_at",
        "accepted_at",
        *(f"{n}_days" for n in expressions),
    )
    for organization, program, status, answered, accepted, *days in rows:
        code = str(organization) if organization else INTERNAL + str(program)
        for group in (code, "total"):
            bucket = values.setdefault(
                group, {"answered": 0, "accepted": 0, **{n: [] for n in expressions}}
            )
            bucket["answered"] += answered is not None
            bucket["accepted"] += accepted is not None
            for name, day in zip(expressions, days, strict=True):
                applies = day is not None and (
                    name != "complete" or status == ReferralStatus.COMPLETED
                )
                if applies:
                    bucket[name].append(day)
    found = {}
    for group, bucket in values.items():
        row = {"answered": bucket["answered"], "accepted": bucket["accepted"]}
        for name in expressions:
            ordered = sorted(bucket[name])
            row[f"{name}_n"] = len(ordered)
            row[f"{name}_median"] = median(ordered)
            row[f"{name}_p90"] = percentile(ordered, 0.9)
        found[group] = row
    return found


def _partner_code(row) -> str:
    if row["program_id"] is not None:
        return INTERNAL + str(row["program_id"])
    return str(row["partner_key"])


def _round(value):
    return None if value is None else round(float(value), 1)


def _timeliness_table(stats, partners, parameters, directory, threshold) -> Table:
    columns = []
    for name, _field, label in DURATIONS:
        columns.append(Column(f"{name}_median", _("%(what)s: median") % {"what": label}))
        columns.append(Column(f"{name}_p90", _("%(what)s: 90th percentile") % {"what": label}))
    lines = [(p, directory.partners.get(p, p)) for p in partners]
    if not parameters.partner:
        lines.append(("total", _("All partners")))
    rows = []
    for code, label in lines:
        row = stats.get(code, {})
        cells = []
        for name, _field, _label in DURATIONS:
            size = row.get(f"{name}_n") or 0
            if not size:
                cells += [None, None]
            elif statistic_allowed(size, threshold):
                cells += [_round(row.get(f"{name}_median")), _round(row.get(f"{name}_p90"))]
            else:
                cells += [HIDDEN, HIDDEN]
        rows.append(Row(code, label, tuple(cells)))
    return Table(
        key="timeliness",
        title=_("How long partners took"),
        row_header=_("Partner"),
        columns=tuple(columns),
        rows=tuple(rows),
        kind="days",
        note=_("Shown only for groups of more than %(t)s referrals.") % {"t": threshold},
    )


def _acceptance_table(stats, status_table: Table, parameters, threshold) -> Table:
    """Accepted out of answered. A rate is shown only when its partner's row shows every
    count (a rate next to hidden counts could give one back) and when both the accepted and
    the declined are more than the threshold."""
    rows = []
    for row in status_table.rows:
        data = stats.get(row.code, {})
        answered = data.get("answered") or 0
        accepted = data.get("accepted") or 0
        if not answered:
            cell = None
        elif (
            any(c is HIDDEN for c in row.cells)
            or accepted <= threshold
            or answered - accepted <= threshold
        ):
            cell = HIDDEN
        else:
            cell = round(100.0 * accepted / answered, 1)
        rows.append(Row(row.code, row.label, (cell,)))
    return Table(
        key="acceptance_rate",
        title=_("Acceptance rate (accepted out of answered)"),
        row_header=_("Partner"),
        columns=(Column("rate", _("Accepted (%)")),),
        rows=tuple(rows),
        kind="percent",
        chart="bar",
    )


def referral_report(parameters: ReportParameters, *, canonical: ReferralCube | None = None):
    """The referral report for checked ``parameters`` (``reports.parameters``). Pure reading:
    ``reports.services.report_run`` is the one that audits it."""
    canonical = canonical or referral_cube(
        period_start=parameters.period_start,
        period_end=parameters.period_end,
        threshold=parameters.threshold,
    )
    cube, directory = canonical.cube, canonical.directory
    entries = _slice(parameters)
    partners = _partner_rows(cube, entries, parameters, directory)
    status_table = _partner_status_table(cube, entries, partners, parameters, directory)
    scoped = dict(entries)
    if parameters.partner:
        scoped["partner"] = str(parameters.partner)
    referrals = _in_slice(
        sent_in(parameters.period_start, parameters.period_end), parameters, directory
    )
    stats = _durations(referrals)
    tables = (
        status_table,
        _month_table(cube, scoped, canonical.months),
        _acceptance_table(stats, status_table, parameters, parameters.threshold),
        _timeliness_table(stats, partners, parameters, directory, parameters.threshold),
        _reasons_table(cube, scoped),
        _outcomes_table(cube, scoped),
        _deadlines_table(canonical.deadlines, entries, partners, parameters, directory),
        _received_table(canonical.received, canonical.received_from, parameters),
    )
    return Report(
        kind="referral",
        title=_("Referral report"),
        period_start=parameters.period_start,
        period_end=parameters.period_end,
        filters=parameters.as_filters(),
        filter_labels={k: str(v) for k, v in parameters.labels.items()},
        threshold=parameters.threshold,
        generated_at=timezone.now(),
        tables=tables,
        code_version=REPORT_CODE_VERSION,
        notes=(hidden_note(parameters.threshold),),
    )
