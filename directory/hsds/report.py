"""What an import says: what it did, or every reason it wrote nothing."""

from collections import Counter
from dataclasses import dataclass, field

from directory.hsds import mapping

# More problems than this are counted, not listed: the upload is wrong throughout by then.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class ImportReport:
    """What an import did (``created``, ``updated``, ``unchanged`` by table), or why it wrote
    nothing (``problems``); ``notes`` say what was read and not kept."""

    format: str = ""
    size: int = 0
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    problems_uncounted: int = 0
    notes: list[str] = field(default_factory=list)
    not_kept: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_uncounted

    def refuse(self, where: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems_uncounted += 1
        else:
            self.problems.append(Problem(where, message))

    def tables(self) -> list[dict]:
        return [
            {
                "table": name,
                "created": self.created[name],
                "updated": self.updated[name],
                "unchanged": self.unchanged[name],
            }
            for name in mapping.WRITTEN
            if self.created[name] or self.updated[name] or self.unchanged[name]
        ]

    def not_kept_rows(self) -> list[tuple[str, int]]:
        # A Counter answers 0 for any key, "items" included: templates need the pairs.
        return sorted(self.not_kept.items())

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "accepted": self.ok,
            "tables": self.tables(),
            "rejected": [{"where": each.where, "reason": each.message} for each in self.problems],
            "rejected_count": self.problem_count,
            "notes": list(self.notes),
            "not_kept": dict(sorted(self.not_kept.items())),
        }

    def audit_fields(self) -> list[str]:
        """Parameters and counts, for the audit trail (names and numbers, no directory text)."""
        fields = [f"format={self.format}", f"bytes={self.size}", f"accepted={self.ok}"]
        for kind in ("created", "updated", "unchanged"):
            fields += [f"{kind}.{name}={count}" for name, count in getattr(self, kind).items()]
        fields.append(f"rejected={self.problem_count}")
        return fields


class Refused(Exception):
    """The upload cannot be read at all (too large, not JSON, not a package)."""
