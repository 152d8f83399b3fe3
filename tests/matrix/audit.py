"""The audit trail pages: the auditor's alone."""

from tests.matrix.framework import Entry, only_role

ENTRIES: dict[str, Entry] = {
    "audit:event-list": Entry(only_role("auditor")),
    "audit:event-export": Entry(only_role("auditor")),
}
