"""The one suppression step: what a count that leaves the organization may show.

The rule, in plain words
------------------------
A count from 1 to the threshold (``REPORT_SUPPRESSION_THRESHOLD``, 4 by default) is shown as
"fewer than 5" (the wording follows the threshold). That alone is not enough: if a row shows
12 in total and 9 and a hidden cell, anyone can subtract. So other cells are hidden too
(*complementary* suppression), chosen so that no hidden count can be worked out from any
total, from any other table of the report, or from any other report of the same period.
Zero is shown: it names nobody.

How: one canonical cube per population and period
-------------------------------------------------
Every count a report of a period publishes is a sum over one fine-grained cube of that period:
for referrals, (program, urgency, service category, partner, state, month), where "state" is
the status refined by the decline reason or the outcome. A published table is a *face* of
the cube: some dimensions kept (at the value level, or at a coarser group level such as
status for state), the others summed (``STAR``). A report with filters publishes the faces of
the filtered slice; the faces of every filter combination are protected *together*, in one
run over one cube, so the table of "urgent referrals" and the table of all referrals of the
same period are two faces of the same protected cube and cannot be subtracted from each other
to reveal a hidden cell. Every report of the period is derived from the same run, so a cell
hidden in one is hidden in all (the same input gives the same pattern: the run is
deterministic).

Why the hidden cells stay hidden (the proof the tests replay)
-------------------------------------------------------------
A hidden cell is safe when the published numbers cannot tell its true value from another one.
For each primary cell (1..threshold) the search below builds an *alternative data set*: a
change of ±1 to a small product-shaped set of atoms of the cube (a "hypercube": on each
dimension either one value, or one value up and another down), such that

- every published cell that is not hidden keeps exactly its value,
- every hidden cell and every atom stays at 0 or more,

and the primary cell itself changes. Published cells that such a change would move are hidden
(complementary cells), choosing the cheapest (smallest counts; cells already hidden cost
nothing). The attacker then sees the same numbers in two possible worlds in which the cell
differs: it cannot be recovered, whatever combination of totals, tables and reports of the
period the attacker uses, because all of them are faces of this cube. Hiding more cells later
never undoes this (it only takes equations away), so every primary cell is protected at the
end. ``tests/reports/test_suppression.py`` checks this independently: an exact integer solver
tries to pin down every hidden cell from all published numbers of a period.

What a reader can tell. Every hidden cell reads the same ("fewer than 5 or hidden",
``hidden_wording``): a reader cannot tell a hidden 1..4 from a hidden complement, so all a
hidden cell says is "some count". This is not a nicety: when tables of several filters are
published (by program, by urgency, by category, and all together), a total of 4 made of four
hidden 1s would be pinned at 4 by anyone who knew those four were each "1 to 4" — no choice
of complements can prevent that. A cube built with ``distinguishable=True`` protects even
against a reader who can tell primary cells apart (each stays within 1..threshold in the
alternative data set); it works for single tables with margins and is tested so, but the
reports use the uniform wording.

Zeros. A published zero is not sensitive, but it is information: the alternative data set
may not move it, and atoms under it cannot go below zero. So a primary cell whose only
neighbours are zeros is protected through cells further away (a bigger total) — never by
pretending a zero could be negative. A complementary cell may be a zero (hidden zeros are
common in the output); since every hidden cell looks alike, a reader cannot tell a hidden zero
from a hidden 1..4. Structural zeros (a partner that offers no service in a category) are
zeros the attacker knows: atoms outside ``valid`` are never raised above zero.

A threshold of 1 shows "fewer than 2" for a count of 1: the display itself says the value,
which is what such a threshold asks for; such cells get no complementary protection.

Statistics (medians, 90th percentiles, rates) are not cells of the cube: the report hides a
statistic over a group of at most the threshold (``statistic_allowed``), and a rate whose
numerator or remainder is at most the threshold.

Limits, stated: periods that overlap without being the same period (January–June and
January–July) are different cubes, and differences between them are not protected; nor are
two runs of the same period at different times after records changed (packs say what changed);
nor reports run with different thresholds.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

STAR = "*"
INFINITY = math.inf
# Candidates tried per dimension when looking for a cheap alternative data set: enough to
# find cells already hidden and small neighbours, few enough to keep the search linear.
_CANDIDATES = 4

Key = tuple[str, ...]
Weights = tuple[Mapping[str, int], ...]


def hidden_wording(threshold: int) -> str:
    """How every hidden cell reads — the same for all of them (see "What a reader can tell"
    above): "fewer than 5 or hidden" for the default threshold of 4."""
    return _("fewer than %(n)s or hidden") % {"n": threshold + 1}


def hidden_note(threshold: int) -> str:
    """The footnote every surface shows under a table with hidden cells."""
    return _(
        "A hidden cell is a count from 1 to %(t)s (fewer than %(n)s), or another count hidden "
        "so that such a count cannot be worked out from the totals or from another report of "
        "the same period."
    ) % {"t": threshold, "n": threshold + 1}


def statistic_allowed(group_size: int, threshold: int) -> bool:
    """A median, percentile or rate over a group is shown only for more than ``threshold``."""
    return group_size > threshold


@dataclass(frozen=True)
class Dimension:
    """One dimension of a cube: its fine values, and optional coarser groups of them (state →
    status). Each fine value belongs to at most one group; a group may share its name with
    its only member ("accepted")."""

    name: str
    values: tuple[str, ...]
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def members(self, entry: str) -> tuple[str, ...]:
        if entry == STAR:
            return self.values
        if entry in self.groups:
            return self.groups[entry]
        return (entry,)


@dataclass(frozen=True)
class Face:
    """A published table (or its margin): the dimensions it keeps and at which level
    ("value" or "group"); the others are summed. ``only`` limits the entries published on a
    dimension (the outcome table shows only the states that carry an outcome)."""

    levels: Mapping[str, str]
    only: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """The alternative data set that protects one primary cell (kept for tests and audit)."""

    weights: Weights
    direction: int


class Cube:
    """Counts of one population in one period, the faces published from it, and the cells
    hidden after suppression (``protect``).

    The counts come as one or more *margins*: tables of counts over some of the dimensions
    (one margin over all of them is the plain case). Several margins must all share the same
    common dimensions (referrals by state and referrals by month, both by program, urgency,
    category and partner): any set of such margins that agree on their common dimensions is
    the margin of some real set of records (per common cell, a transport problem with equal
    totals always has a solution), so checking each margin for negative counts is checking
    the whole. Every face is summed from a margin that holds all of its dimensions.
    """

    def __init__(
        self,
        dimensions: Sequence[Dimension],
        margins: Sequence[tuple[Sequence[str], Mapping[tuple, int]]],
        faces: Sequence[Face],
        *,
        threshold: int,
        valid: Callable[[Mapping[str, str]], bool] | None = None,
        distinguishable: bool = False,
    ):
        if threshold < 1:
            raise ValueError("The suppression threshold is at least 1.")
        self.dimensions = tuple(dimensions)
        self.names = tuple(d.name for d in self.dimensions)
        self.position = {name: i for i, name in enumerate(self.names)}
        self.threshold = threshold
        self.faces = tuple(faces)
        self.distinguishable = distinguishable
        # Totals first: they cost most to hide, so a costly change is dropped soonest. Each face
        # as (level, allowed entries) per dimension, read once per face by every change tried.
        # The summed dimensions as a bit mask: a change that swaps on a dimension (one value up,
        # another down) leaves every face summing that dimension alone, and most faces of a
        # change are skipped by one test of the mask.
        self._coarse_first = [
            (
                sum(1 << i for i, name in enumerate(self.names) if name not in face.levels),
                tuple((face.levels.get(name), face.only.get(name)) for name in self.names),
            )
            for face in sorted(self.faces, key=lambda face: len(face.levels))
        ]
        self.valid = valid
        self.margins = [
            (
                tuple(self.position[name] for name in names),
                {atom: count for atom, count in atoms.items() if count},
            )
            for names, atoms in margins
        ]
        self._group_of = [
            {value: group for group, values in d.groups.items() for value in values}
            for d in self.dimensions
        ]
        self.values: dict[Key, int] = {}
        self._level_cache: dict[tuple, dict] = {}
        # (margin, cell) → the margin's largest atom inside the cell.
        self._anchor: dict[tuple[int, Key], tuple] = {}
        self._roll_up()
        self.primary = frozenset(
            key for key, count in self.values.items() if 1 <= count <= threshold
        )
        self.hidden: set[Key] = set(self.primary)
        self.changes: dict[Key, Change] = {}
        self.failed = False

    # Published cells ---------------------------------------------------------------------

    def _roll_up(self) -> None:
        """Every non-zero published cell's count, and per margin its largest atom (where a
        change that lowers the cell can start). One pass over a margin's atoms per face."""
        for face in self.faces:
            kept = {self.position[name] for name in face.levels}
            first = True
            for index, (positions, atoms) in enumerate(self.margins):
                if not kept <= set(positions):
                    continue
                mapping = []
                for i in range(len(self.names)):
                    level = face.levels.get(self.names[i])
                    if level is None:
                        mapping.append(None)
                        continue
                    entries = (
                        self._group_of[i]
                        if level == "group"
                        else {v: v for v in self.dimensions[i].values}
                    )
                    allowed = face.only.get(self.names[i])
                    if allowed is not None:
                        entries = {v: e for v, e in entries.items() if e in allowed}
                    mapping.append((positions.index(i), entries))
                best: dict[Key, int] = {}
                for atom, count in atoms.items():
                    key = []
                    for item in mapping:
                        if item is None:
                            key.append(STAR)
                            continue
                        entry = item[1].get(atom[item[0]])
                        if entry is None:
                            break
                        key.append(entry)
                    else:
                        key = tuple(key)
                        if first:
                            self.values[key] = self.values.get(key, 0) + count
                        if count > best.get(key, 0):
                            best[key] = count
                            self._anchor[(index, key)] = atom
                first = False
            if first:
                raise ValueError(f"No margin holds every dimension of {dict(face.levels)}.")

    def value(self, key: Key) -> int:
        return self.values.get(key, 0)

    def face_keys(self, face: Face) -> Iterable[Key]:
        """Every cell of ``face``, zeros included (a zero is published too)."""
        options = []
        for dimension in self.dimensions:
            level = face.levels.get(dimension.name)
            if level is None:
                entries = (STAR,)
            elif level == "group":
                entries = tuple(dimension.groups)
            else:
                entries = dimension.values
            allowed = face.only.get(dimension.name)
            if allowed is not None:
                entries = tuple(e for e in entries if e in allowed)
            options.append(entries)
        return itertools.product(*options)

    # The alternative data set ------------------------------------------------------------

    def _levels(self, i: int, weight: Mapping[str, int]) -> dict:
        signature = (i, tuple(weight.items()))
        levels = self._level_cache.get(signature)
        if levels is None:
            total = sum(weight.values())
            sums: dict[str, int] = {}
            for value, w in weight.items():
                group = self._group_of[i].get(value)
                if group is not None:
                    sums[group] = sums.get(group, 0) + w
            levels = self._level_cache[signature] = {
                None: [(STAR, total)] if total else [],
                "group": [(g, v) for g, v in sums.items() if v],
                "value": [(v, w) for v, w in weight.items() if w],
            }
        return levels

    def _changed_cells(self, weights: Weights) -> Iterable[tuple[Key, int]]:
        """Published cells a change of the atoms by ``weights`` moves, and by how much (a
        cell two faces share may come twice, with the same change)."""
        # Per dimension, what the change does at each level: computed once per weight (a
        # search tries few weights per dimension, many times over), read per face.
        per_level = [self._levels(i, weight) for i, weight in enumerate(weights)]
        balanced = sum(1 << i for i, levels in enumerate(per_level) if not levels[None])
        for summed, face in self._coarse_first:
            if summed & balanced:
                continue
            options = []
            for i, (level, allowed) in enumerate(face):
                entries = per_level[i][level]
                if allowed is not None:
                    entries = [(e, v) for e, v in entries if e in allowed]
                if not entries:
                    break
                options.append(entries)
            else:
                for combo in itertools.product(*options):
                    entries, amounts = zip(*combo, strict=True)
                    yield entries, math.prod(amounts)

    def _directions_possible(self, weights: Weights) -> list[int]:
        """The directions (+1, -1) in which the change keeps every atom at 0 or more and
        every structural zero at 0: both checked in one pass over the atoms it touches."""
        alive = [1, -1]
        valid, names = self.valid, self.names
        for positions, atoms in self.margins:
            outside = math.prod(
                sum(weights[i].values()) for i in range(len(names)) if i not in positions
            )
            if not outside:
                continue
            for combo in itertools.product(*(weights[i].items() for i in positions)):
                atom = tuple(value for value, _w in combo)
                change = outside * math.prod(w for _v, w in combo)
                before = atoms.get(atom, 0)
                allowed = None
                kept = []
                for d in alive:
                    after = before + d * change
                    if after < 0:
                        continue
                    if after > 0 and valid is not None:
                        if allowed is None:
                            allowed = valid(
                                {names[i]: v for i, v in zip(positions, atom, strict=True)}
                            )
                        if not allowed:
                            continue
                    kept.append(d)
                alive = kept
                if not alive:
                    return alive
        return alive

    def _best_direction(self, weights: Weights, bound: float = INFINITY):
        """The cheaper direction (+1 or -1) of this change: its cost (the counts of the
        published cells it would hide), the cells to hide, the direction. Infinite when it
        leaves a bound either way, or costs ``bound`` or more (the search already has better)."""
        alive = self._directions_possible(weights)
        if not alive:
            return INFINITY, [], 0
        cost = {d: 0.0 for d in alive}
        to_hide = []
        seen = set()
        hidden, primary, values, threshold = self.hidden, self.primary, self.values, self.threshold
        distinguishable = self.distinguishable
        for key, change in self._changed_cells(weights):
            if key in seen:
                continue
            seen.add(key)
            before = values.get(key, 0)
            if key in hidden:
                low, high = (1, threshold) if distinguishable and key in primary else (0, INFINITY)
                alive = [d for d in alive if low <= before + d * change <= high]
            else:
                to_hide.append(key)
                alive = [
                    d for d in alive if before + d * change >= 0 and cost[d] + before + 1 < bound
                ]
                for d in alive:
                    cost[d] += before + 1
            if not alive:
                return INFINITY, [], 0
        direction = min(alive, key=lambda d: cost[d])
        return cost[direction], to_hide, direction

    def _start(self, key: Key) -> list[str] | None:
        """A value per dimension to start from: the largest atom inside the cell, from each
        margin for the dimensions it holds."""
        start: list[str | None] = [None] * len(self.names)
        for index, (positions, _atoms) in enumerate(self.margins):
            projected = tuple(key[i] if i in positions else STAR for i in range(len(self.names)))
            atom = self._anchor.get((index, key)) or self._anchor.get((index, projected))
            if atom is None:
                continue
            for i, value in zip(positions, atom, strict=True):
                if start[i] is None:
                    start[i] = value
        if any(v is None for v in start):
            return None
        return start

    def _candidates(self, key: Key, i: int, anchor_value: str) -> list[dict[str, int]]:
        """Weights to try on dimension ``i``: the anchor's value alone (the cell moves with
        its margin), or the anchor's value up and a neighbour's down (the margin stays)."""
        dimension = self.dimensions[i]
        entry = key[i]
        options = [{anchor_value: 1}]
        if entry == STAR:
            return options
        inside = set(dimension.members(entry))
        level_is_group = entry in dimension.groups and len(dimension.groups[entry]) > 1
        hidden, values, group_of = self.hidden, self.values, self._group_of[i]
        before, after = key[:i], key[i + 1 :]
        ranked = []
        for other in dimension.values:
            if other in inside:
                continue
            neighbour = (*before, group_of.get(other, other) if level_is_group else other, *after)
            ranked.append((neighbour not in hidden, values.get(neighbour, 0), other))
        # nsmallest is sorted(...)[:n], without sorting every value of a long dimension.
        best = heapq.nsmallest(_CANDIDATES, ranked)
        options.extend({anchor_value: 1, other: -1} for _h, _v, other in best)
        return options

    def _search(self, options: list[list[dict[str, int]]]):
        """The cheapest change found from ``options`` (per dimension, the weights to try), and
        its weights. Two starting points: every dimension a single value (the cell moves with
        all its totals), and every dimension it keeps a swap with its best neighbour (only fine
        cells move). Then one dimension at a time, keep what lowers the cost."""
        # Only a strictly cheaper change replaces the best one, so a change that hides nothing
        # new (cost 0) ends the search: nothing tried after it could be taken.
        tried: dict[tuple, tuple] = {}

        def cost_of(trial: list[dict[str, int]]):
            # The bound only falls during a search, so a change tried before (the second round
            # repeats most of the first) gives the same verdict as trying it again would.
            signature = tuple(tuple(w.items()) for w in trial)
            result = tried.get(signature)
            if result is None:
                result = tried[signature] = self._best_direction(tuple(trial), best[0])
            return result

        best = (INFINITY, [], 0)
        weights = [o[0] for o in options]
        best = cost_of(weights)
        if best[0] == 0:
            return best, weights
        trial = [o[1] if len(o) > 1 else o[0] for o in options]
        result = cost_of(trial)
        if result[0] < best[0]:
            best, weights = result, trial
        for _round in range(2):
            for i in range(len(self.dimensions)):
                for option in options[i]:
                    if best[0] == 0:
                        return best, weights
                    trial = list(weights)
                    trial[i] = option
                    result = cost_of(trial)
                    if result[0] < best[0]:
                        best, weights = result, trial
        if best[0] == INFINITY:
            # Still nothing within the bounds: try every pair of dimensions together.
            for i, j in itertools.combinations(range(len(self.names)), 2):
                for a, b in itertools.product(options[i], options[j]):
                    trial = list(weights)
                    trial[i], trial[j] = a, b
                    result = cost_of(trial)
                    if result[0] < best[0]:
                        best, weights = result, trial
                        if best[0] == 0:
                            return best, weights
        return best, weights

    def _protect_one(self, key: Key) -> bool:
        start = self._start(key)
        if start is None:
            return False
        options = [self._candidates(key, i, start[i]) for i in range(len(self.names))]
        best, weights = self._search(options)
        cost, to_hide, direction = best
        if cost == INFINITY:
            return False
        self.hidden.update(to_hide)
        change = Change(tuple(weights), direction)
        # The same alternative moves other primary cells too: each of them is protected by
        # it as well (the bounds were checked for every hidden cell it moves).
        for moved, amount in self._changed_cells(change.weights):
            if amount and moved in self.primary:
                self.changes.setdefault(moved, change)
        self.changes[key] = change
        return True

    def protect(self) -> Cube:
        """Hide complementary cells until every primary cell has an alternative data set.
        Deterministic: the same counts give the same pattern."""
        if self.threshold < 2:
            return self
        for key in sorted(self.primary, key=lambda k: (-self.value(k), k)):
            if key in self.changes:
                continue
            if not self._protect_one(key):
                # No change keeps within the bounds (a cube too small to protect): nothing of
                # it leaves. Sound, and rare enough not to need cleverness.
                self.failed = True
                for face in self.faces:
                    self.hidden.update(self.face_keys(face))
                break
        return self

    # Reading the result ------------------------------------------------------------------

    def key(self, **entries: str) -> Key:
        """The cell with these entries (dimensions not named are summed)."""
        unknown = set(entries) - set(self.names)
        if unknown:
            raise KeyError(sorted(unknown))
        return tuple(entries.get(name, STAR) for name in self.names)

    def shown(self, key: Key):
        """The cell as it may leave: its count, or ``HIDDEN``."""
        from reports.results import HIDDEN

        return HIDDEN if key in self.hidden else self.value(key)


def suppress_line(counts: Mapping[str, int], *, threshold: int, with_total: bool = True):
    """A single list of counts (and its total), suppressed on its own: for populations that
    no other table shares. Returns (cells by code, total)."""
    codes = tuple(counts)
    dimension = Dimension("item", codes)
    faces = [Face({"item": "value"})] + ([Face({})] if with_total else [])
    atoms = {(c,): n for c, n in counts.items()}
    cube = Cube([dimension], [(("item",), atoms)], faces, threshold=threshold).protect()
    cells = {code: cube.shown((code,)) for code in codes}
    return cells, cube.shown((STAR,)) if with_total else None
