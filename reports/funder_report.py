"""The funder report (issue 13, part 2), shaped after OVC TIMS: for a reporting period,
unduplicated survivors served (new and continuing) by age group at intake, trafficking type,
gender and citizenship; survivors by service received; referrals made and received; clinical
engagement. Aggregates only, counted in the database.

Who counts:

- *Served*: a case open at some time in the period — opened (intake) on or before its last
  day and not closed before its first. One case is one survivor (unduplicated).
- *New*: intake within the period; *continuing*: intake before it.
- *Age group*: minor or adult at intake (``Case.minor_at_intake``).
- *Services*: survivors served with at least one service of the category provided in the
  period (a survivor counts once per category, so the rows do not add up to a total).
- *Referrals made*: referrals sent in the period (the referral report's own total, from the
  same suppressed cube, so both reports show the same cell the same way); *received*:
  referrals other agencies made to us, recorded in the period.
- *Clinical engagement*: survivors who attended a session in the period; who had an outcome
  measure in it; whose measure in the period showed a clinically meaningful improvement over
  their previous one (PHQ-9 by 5 points, GAD-7 by 4, PCL-5 by 10: ``clinicians.measures``).

The survivors cube is (program, age group, trafficking type, gender, citizenship, new or
continuing); the tables are its faces crossed with age group × trafficking type, suppressed
together, for every program and for the organization, in one run.
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cases.choices import CitizenshipCategory, GenderIdentity, ServiceCategory, TraffickingType
from cases.models import Case, ServiceRecord
from clinicians.choices import Attendance
from clinicians.measures import InstrumentCode
from clinicians.models import MeasureAdministration, SessionParticipation
from reports.parameters import ReportParameters
from reports.periods import period_bounds
from reports.referral_report import ReferralCube, directory_now, referral_cube
from reports.results import Column, Report, Row, Table
from reports.suppression import Cube, Dimension, Face, hidden_note
from reports.version import REPORT_CODE_VERSION

NOT_RECORDED = "not_recorded"
AGE_GROUPS = (("minor", _lazy("Minor at intake")), ("adult", _lazy("Adult at intake")))
ENGAGEMENT = ("sessions", "measures", "improved", *(f"improved_{c}" for c in InstrumentCode.values))


def served_cases(period_start, period_end, program=None):
    """Cases open at some time in the period."""
    since, _until = period_bounds(period_start, period_end)
    cases = Case.objects.filter(intake_date__lte=period_end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=since)
    )
    if program:
        cases = cases.filter(program_id=program)
    return cases


def _labels(choices) -> dict:
    return dict(choices)


GENDERS = {**_labels(GenderIdentity.choices), NOT_RECORDED: _lazy("Not recorded")}
CITIZENSHIP = _labels(CitizenshipCategory.choices)
TYPES = _labels(TraffickingType.choices)
NEW_OR_CONTINUING = {"new": _lazy("New in the period"), "continuing": _lazy("Continuing")}
BREAKDOWNS = (
    ("gender", _lazy("gender"), GENDERS),
    ("citizenship", _lazy("citizenship"), CITIZENSHIP),
    ("new", _lazy("new or continuing"), NEW_OR_CONTINUING),
)


def _survivors_cube(parameters, programs, threshold) -> Cube:
    atoms: dict[tuple, int] = {}
    new = Q(intake_date__gte=parameters.period_start)
    for program, minor, kind, gender, citizenship, new_count, n in (
        served_cases(parameters.period_start, parameters.period_end)
        .values(
            "program_id",
            "minor_at_intake",
            "trafficking_type",
            "gender_identity",
            "citizenship_category",
        )
        .annotate(new_n=Count("pk", filter=new), n=Count("pk"))
        .order_by()
        .values_list(
            "program_id",
            "minor_at_intake",
            "trafficking_type",
            "gender_identity",
            "citizenship_category",
            "new_n",
            "n",
        )
    ):
        base = (str(program), "minor" if minor else "adult", kind, gender or NOT_RECORDED)
        for status, count in (("new", new_count), ("continuing", n - new_count)):
            if count:
                atoms[(*base, citizenship, status)] = count
    faces = []
    for layer in ({"program": "value"}, {}):
        faces.append(Face(dict(layer)))
        faces.append(Face({**layer, "age": "value", "type": "value"}))
        for name, _title, _values in BREAKDOWNS:
            faces.append(Face({**layer, name: "value"}))
            faces.append(Face({**layer, "age": "value", "type": "value", name: "value"}))
    names = ("program", "age", "type", "gender", "citizenship", "new")
    return Cube(
        [
            Dimension("program", tuple(sorted(programs))),
            Dimension("age", tuple(code for code, _l in AGE_GROUPS)),
            Dimension("type", tuple(TYPES)),
            Dimension("gender", tuple(GENDERS)),
            Dimension("citizenship", tuple(CITIZENSHIP)),
            Dimension("new", tuple(NEW_OR_CONTINUING)),
        ],
        [(names, atoms)],
        faces,
        threshold=threshold,
    ).protect()


def _lists_cube(programs, atoms, items, threshold) -> Cube:
    """Counts that overlap (one survivor in several rows): each cell stands alone, with no
    total to subtract from, so only the small ones are hidden."""
    return Cube(
        [Dimension("program", tuple(sorted(programs))), Dimension("item", tuple(items))],
        [(("program", "item"), atoms)],
        [Face({"program": "value", "item": "value"}), Face({"item": "value"})],
        threshold=threshold,
    ).protect()


def _services_cube(parameters, programs, threshold) -> Cube:
    atoms = {}
    for program, category, n in (
        ServiceRecord.objects.filter(
            provided_on__gte=parameters.period_start, provided_on__lte=parameters.period_end
        )
        .values("case__program_id", "category")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
        .values_list("case__program_id", "category", "n")
    ):
        atoms[(str(program), category)] = n
    return _lists_cube(programs, atoms, ServiceCategory.values, threshold)


def _engagement_cube(parameters, programs, threshold) -> Cube:
    start, end = parameters.period_start, parameters.period_end
    atoms: dict[tuple, int] = {}
    for program, n in (
        SessionParticipation.objects.filter(
            held_on__gte=start, held_on__lte=end, attendance=Attendance.ATTENDED
        )
        .values("case__program_id")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
        .values_list("case__program_id", "n")
    ):
        atoms[(str(program), "sessions")] = n
    improved = Q(meaningful_change=True, change_direction="improved")
    measures = MeasureAdministration.objects.filter(
        administered_on__gte=start, administered_on__lte=end
    )
    for program, n, n_improved in (
        measures.values("case__program_id")
        .annotate(
            n=Count("case_id", distinct=True),
            n_improved=Count("case_id", distinct=True, filter=improved),
        )
        .order_by()
        .values_list("case__program_id", "n", "n_improved")
    ):
        atoms[(str(program), "measures")] = n
        atoms[(str(program), "improved")] = n_improved
    for program, instrument, n in (
        measures.filter(improved)
        .values("case__program_id", "instrument")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
        .values_list("case__program_id", "instrument", "n")
    ):
        atoms[(str(program), f"improved_{instrument}")] = n
    return _lists_cube(programs, atoms, ENGAGEMENT, threshold)


def _breakdown_table(cube: Cube, layer: dict, name: str, title: str, labels: dict) -> Table:
    columns = (
        *(Column(code, str(label)) for code, label in labels.items()),
        Column("total", _("Total")),
    )
    rows = []
    for age, age_label in AGE_GROUPS:
        for kind, kind_label in TYPES.items():
            line = dict(layer, age=age, type=kind)
            cells = tuple(cube.shown(cube.key(**line, **{name: code})) for code in labels)
            cells += (cube.shown(cube.key(**line)),)
            rows.append(Row(f"{age}.{kind}", f"{age_label}: {kind_label}", cells))
    cells = tuple(cube.shown(cube.key(**layer, **{name: code})) for code in labels)
    rows.append(Row("total", _("All survivors served"), (*cells, cube.shown(cube.key(**layer)))))
    return Table(
        key=f"survivors_by_{name}",
        title=_("Survivors served, by age group, type of trafficking and %(what)s")
        % {"what": str(title)},
        row_header=_("Age group and type of trafficking"),
        columns=columns,
        rows=tuple(rows),
        has_totals=True,
        chart="stacked",
    )


def _list_table(cube: Cube, layer, key, title, header, column, labels: dict) -> Table:
    rows = tuple(
        Row(code, str(label), (cube.shown(cube.key(**layer, item=code)),))
        for code, label in labels.items()
    )
    return Table(
        key=key,
        title=title,
        row_header=header,
        columns=(Column("survivors", column),),
        rows=rows,
        chart="bar",
        note=_("A survivor may be counted in several rows: the rows do not add up."),
    )


def _engagement_labels() -> dict[str, str]:
    labels = {
        "sessions": _("Attended at least one therapy session"),
        "measures": _("Completed at least one outcome measure"),
        "improved": _("Showed a clinically meaningful improvement on a measure"),
    }
    for code, label in InstrumentCode.choices:
        labels[f"improved_{code}"] = _("Clinically meaningful improvement: %(m)s") % {"m": label}
    return labels


def funder_cubes(parameters: ReportParameters, *, canonical: ReferralCube | None = None):
    """Every cube the funder report reads, suppressed (for the report and for packs)."""
    directory = canonical.directory if canonical else directory_now()
    programs = tuple(directory.programs)
    canonical = canonical or referral_cube(
        period_start=parameters.period_start,
        period_end=parameters.period_end,
        threshold=parameters.threshold,
        directory=directory,
    )
    return {
        "survivors": _survivors_cube(parameters, programs, parameters.threshold),
        "services": _services_cube(parameters, programs, parameters.threshold),
        "engagement": _engagement_cube(parameters, programs, parameters.threshold),
        "referrals": canonical,
    }


def funder_report(parameters: ReportParameters, *, cubes=None) -> Report:
    """The funder report for checked ``parameters``. Pure reading: ``reports.services``
    audits runs and ``reports.packs`` keeps packs."""
    cubes = cubes or funder_cubes(parameters)
    layer = {"program": str(parameters.program)} if parameters.program else {}
    survivors = cubes["survivors"]
    tables = [
        _breakdown_table(survivors, layer, name, title, labels)
        for name, title, labels in BREAKDOWNS
    ]
    tables.append(
        _list_table(
            cubes["services"],
            layer,
            "services_by_category",
            _("Survivors served, by service received"),
            _("Service"),
            _("Survivors"),
            _labels(ServiceCategory.choices),
        )
    )
    referrals = cubes["referrals"]
    made = referrals.cube.shown(referrals.cube.key(**layer))
    received = referrals.received.shown(referrals.received.key(**layer))
    tables.append(
        Table(
            key="referrals",
            title=_("Referrals made and received"),
            row_header=_("Referrals"),
            columns=(Column("count", _("Referrals")),),
            rows=(
                Row("made", _("Made to other agencies and our programs"), (made,)),
                Row("received", _("Received from other agencies"), (received,)),
            ),
        )
    )
    tables.append(
        _list_table(
            cubes["engagement"],
            layer,
            "clinical_engagement",
            _("Clinical engagement"),
            _("Survivors who"),
            _("Survivors"),
            _engagement_labels(),
        )
    )
    return Report(
        kind="funder",
        title=_("Funder report"),
        period_start=parameters.period_start,
        period_end=parameters.period_end,
        filters=parameters.as_filters(),
        filter_labels={k: str(v) for k, v in parameters.labels.items()},
        threshold=parameters.threshold,
        generated_at=timezone.now(),
        tables=tuple(tables),
        code_version=REPORT_CODE_VERSION,
        notes=(hidden_note(parameters.threshold),),
    )
