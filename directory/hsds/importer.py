"""Reading HSDS 3.0 into the directory: all of it, or nothing.

An import runs in three steps, each in its own module:

- **read** (``reading`` for JSON, ``tabular`` for the zipped package): the upload becomes rows
  of HSDS tables (``Parsed``);
- **check** (``checking`` for values, ids and repeats, ``references`` for links between
  records, ``rules`` for the directory's own rules): ``plan`` checks every row and collects
  *every* problem, not the first, in the ``report``;
- **write** (``writing``): ``apply`` writes the plan with bulk queries in one transaction, and
  only when there was no problem.

Records are matched by their HSDS id, which is the directory's primary key: a known id is
updated, an unknown one created.
"""

import contextlib
import gc

from directory.hsds import tabular
from directory.hsds.checking import MODELS, Plan, check_rows, existing_records, stored_categories
from directory.hsds.reading import Parsed, max_bytes, read_json, size_checked
from directory.hsds.references import Resolver
from directory.hsds.report import ImportReport, Problem, Refused
from directory.hsds.rules import check_rules, validate_models
from directory.hsds.writing import apply

__all__ = [
    "ImportReport",
    "Parsed",
    "Problem",
    "Refused",
    "apply",
    "cyclic_gc_paused",
    "max_bytes",
    "plan",
    "read",
    "read_json",
    "size_checked",
]


def read(data: bytes) -> Parsed:
    """The upload as rows of HSDS tables: the zipped package, or JSON."""
    return tabular.read_package(data) if tabular.is_zip(data) else read_json(data)


@contextlib.contextmanager
def cyclic_gc_paused():
    """Python's cycle collector runs again and again while an import builds its tens of
    thousands of rows, none of them garbage yet; pausing it for the import saves about a
    third of its time. Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plan(parsed: Parsed) -> Plan:
    """Check everything read; the plan's report lists every problem found."""
    report = ImportReport(format=parsed.format)
    report.not_kept.update(parsed.not_kept)
    report.notes.extend(parsed.notes)
    records = check_rows(parsed, report)
    existing = {
        name: existing_records(model, records[name])
        for name, model in MODELS.items()
        if records[name]
    }
    resolver = Resolver(records, existing, report)
    categories = resolver.resolve(parsed.states_categories)
    validate_models(records, existing, report)
    check_rules(records, existing, resolver, report)
    return Plan(report, records, existing, categories, stored_categories(categories))
