"""An attacker who tries to recover hidden cells, independently of how they were chosen.

It knows everything that left: every published cell of every face of the cube (all the
tables of every report of the period, whatever their filters), zeros included; that every
count is a whole number of at least 0; that a hidden primary cell is from 1 to the threshold
(as if it could tell "fewer than 5" cells from the others); which atoms the directory rules
out. For each hidden cell it searches, exactly (integer search with bound propagation), for a
data set consistent with all of that in which the cell has another value. A cell is
*recovered* when there is none.
"""

import itertools

from reports.suppression import STAR, Cube


class Problem:
    def __init__(self):
        self.upper: list[int] = []
        self.constraints: list[tuple[list[int], int, float]] = []

    def variable(self, upper: int) -> int:
        self.upper.append(upper)
        return len(self.upper) - 1

    def add(self, variables, low, high):
        self.constraints.append((list(variables), low, high))

    def feasible(self, extra=()) -> bool:
        constraints = self.constraints + list(extra)
        low = [0] * len(self.upper)
        high = list(self.upper)
        watch: dict[int, list[int]] = {}
        for index, (variables, _l, _h) in enumerate(constraints):
            for v in variables:
                watch.setdefault(v, []).append(index)
        return self._search(constraints, watch, low, high)

    def _propagate(self, constraints, watch, low, high) -> bool:
        queue = list(range(len(constraints)))
        queued = set(queue)
        while queue:
            index = queue.pop()
            queued.discard(index)
            variables, c_low, c_high = constraints[index]
            sum_low = sum(low[v] for v in variables)
            sum_high = sum(high[v] for v in variables)
            if sum_low > c_high or sum_high < c_low:
                return False
            for v in variables:
                new_high = min(high[v], c_high - (sum_low - low[v]))
                new_low = max(low[v], c_low - (sum_high - high[v]))
                if new_low > new_high:
                    return False
                if new_high != high[v] or new_low != low[v]:
                    sum_low += new_low - low[v]
                    sum_high += new_high - high[v]
                    low[v], high[v] = int(new_low), int(new_high)
                    for other in watch.get(v, ()):
                        if other not in queued:
                            queued.add(other)
                            queue.append(other)
        return True

    def _search(self, constraints, watch, low, high) -> bool:
        if not self._propagate(constraints, watch, low, high):
            return False
        open_variables = [v for v in range(len(low)) if low[v] < high[v]]
        if not open_variables:
            return True
        v = min(open_variables, key=lambda x: high[x] - low[x])
        for value in range(low[v], high[v] + 1):
            new_low, new_high = list(low), list(high)
            new_low[v] = new_high[v] = value
            if self._search(constraints, watch, new_low, new_high):
                return True
        return False


def attack(cube: Cube, *, faces=None, knows_primary: bool | None = None) -> dict:
    """Every hidden cell of ``cube`` the attacker pins down: {cell: value}.

    ``knows_primary``: whether the attacker can tell the hidden 1..threshold cells from the
    other hidden ones — only when the cube was built so (``distinguishable``); the reports
    show every hidden cell alike."""
    if knows_primary is None:
        knows_primary = cube.distinguishable and not cube.failed
    faces = faces if faces is not None else cube.faces
    problem = Problem()
    names = cube.names
    big = sum(cube.margins[0][1].values()) + 1
    margin_vars = []
    for positions, _atoms in cube.margins:
        variables = {}
        for atom in itertools.product(*(cube.dimensions[i].values for i in positions)):
            allowed = cube.valid is None or cube.valid(
                {names[i]: v for i, v in zip(positions, atom, strict=True)}
            )
            variables[atom] = problem.variable(big if allowed else 0)
        margin_vars.append((positions, variables))

    def members(i, entry):
        return set(cube.dimensions[i].members(entry))

    def variables_of(key, positions, variables):
        if any(key[i] != STAR for i in range(len(names)) if i not in positions):
            return None
        chosen = []
        for atom, v in variables.items():
            if all(
                key[i] == STAR or atom[positions.index(i)] in members(i, key[i]) for i in positions
            ):
                chosen.append(v)
        return chosen

    cell_vars = {}
    for face in faces:
        for key in cube.face_keys(face):
            for positions, variables in margin_vars:
                chosen = variables_of(key, positions, variables)
                if chosen is None:
                    continue
                cell_vars.setdefault(key, chosen)
                value = cube.value(key)
                if key not in cube.hidden:
                    problem.add(chosen, value, value)
                elif knows_primary and key in cube.primary:
                    problem.add(chosen, 1, cube.threshold)
    # Several margins agree on their common dimensions.
    if len(margin_vars) > 1:
        common = set.intersection(*(set(p) for p, _v in margin_vars))
        for entries in itertools.product(*(cube.dimensions[i].values for i in sorted(common))):
            key = [STAR] * len(names)
            for i, value in zip(sorted(common), entries, strict=True):
                key[i] = value
            first = variables_of(tuple(key), *margin_vars[0])
            for positions, variables in margin_vars[1:]:
                other = variables_of(tuple(key), positions, variables)
                total = problem.variable(big)
                _equal(problem, first, total)
                _equal(problem, other, total)
    recovered = {}
    for key in cube.hidden:
        chosen = cell_vars.get(key)
        if chosen is None:
            continue
        value = cube.value(key)
        below = [(chosen, 0, value - 1)] if value > 0 else []
        above = [(chosen, value + 1, big)]
        if not (below and problem.feasible(below)) and not problem.feasible(above):
            recovered[key] = value
    return recovered


def _equal(problem: Problem, variables, total_variable):
    """sum(variables) == total, as two sums the solver propagates: both plus one slack make
    the same constant."""
    upper = problem.upper[total_variable]
    slack = problem.variable(upper)
    problem.add([*variables, slack], upper, upper)
    problem.add([total_variable, slack], upper, upper)


def check_witnesses(cube: Cube) -> list[str]:
    """For cubes too big for the exact search: replay, independently, the alternative data
    set recorded for every primary cell — apply it to the counts, sum every published cell
    again from scratch, and check that nothing visible moved, that hidden cells stayed within
    what the attacker knows of them, and that the cell itself changed. Also check that every
    hidden cell moves in some alternative. Returns what failed (empty when all holds)."""
    from reports.suppression import Cube as FreshCube

    problems = []
    if cube.failed:
        return problems
    moved = set()
    every_key = [key for face in cube.faces for key in cube.face_keys(face)]
    for key in cube.primary:
        change = cube.changes.get(key)
        if change is None:
            problems.append(f"{key}: no alternative recorded")
            continue
        margins = []
        for positions, atoms in cube.margins:
            outside = 1
            for i in range(len(cube.names)):
                if i not in positions:
                    outside *= sum(change.weights[i].values())
            changed = dict(atoms)
            if outside:
                for combo in itertools.product(*(change.weights[i].items() for i in positions)):
                    atom = tuple(v for v, _w in combo)
                    delta = change.direction * outside
                    for _v, w in combo:
                        delta *= w
                    changed[atom] = changed.get(atom, 0) + delta
                    if changed[atom] < 0:
                        problems.append(f"{key}: atom {atom} below zero")
                    if (
                        changed[atom] > 0
                        and cube.valid is not None
                        and not cube.valid(
                            {cube.names[i]: v for i, v in zip(positions, atom, strict=True)}
                        )
                    ):
                        problems.append(f"{key}: atom {atom} the directory rules out")
            margins.append(([cube.names[i] for i in positions], changed))
        other = FreshCube(cube.dimensions, margins, cube.faces, threshold=cube.threshold)
        for cell in every_key:
            before, after = cube.value(cell), other.value(cell)
            if cell not in cube.hidden:
                if before != after:
                    problems.append(f"{key}: visible {cell} moved {before} → {after}")
            elif cube.distinguishable and cell in cube.primary and not 1 <= after <= cube.threshold:
                problems.append(f"{key}: primary {cell} left 1..threshold")
            elif after < 0:
                problems.append(f"{key}: {cell} below zero")
            if before != after:
                moved.add(cell)
        if cube.value(key) == other.value(key):
            problems.append(f"{key}: did not change")
    for cell in cube.hidden - moved:
        if cube.value(cell) or cell in cube.primary:
            problems.append(f"{cell}: hidden but never moves")
    return problems
