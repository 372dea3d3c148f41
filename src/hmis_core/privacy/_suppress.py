"""Small-cell suppression of count tables, with complementary suppression.

The input is a grid of counts (a list of rows, each a list of non-negative ints) in which one
row holds the column totals and one column the row totals (by default the last row and the
last column; ``None`` when the table has no such line). Every row then says "its cells add
up to its total cell" and every column the same, the total row and total column included
(their totals meet in the grand total). Those are the equations a reader can use to
recover a suppressed cell.

:func:`suppress` hides

1. **primary** cells: every cell, totals included, whose count is from ``minimum`` (1) to
   ``threshold`` (10); 0 is not hidden by default;
2. **complementary** cells, repeated until nothing changes:

   a. a row or column with exactly one hidden cell gets a second one: the cell of that
      line with the smallest non-zero count (a 0 only when nothing else is left; ties go to
      a cell whose other line also needs a second hidden cell, then to body cells over
      totals, then to the first in reading order);
   b. a hidden cell that the row and column equations *together* still determine (solved
      exactly, not only one equation at a time) gets a partner that puts it on a cycle of
      hidden cells: the smallest cell joining the two groups of lines the hidden cell
      links.

The result leaves no hidden cell that any combination of the row and column equations
determines (:func:`recoverable_cells` is the check). It does not bound what the equations
and non-negativity reveal together: three hidden cells adding up to 3 are each at most 3.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs

__all__ = ["Cell", "Suppression", "add_totals", "recoverable_cells", "suppress"]

Cell = tuple[int, int]
"""(row, column), 0-based."""

_Line = tuple[tuple[Cell, ...], tuple[int, ...]]


def add_totals(grid: Sequence[Sequence[int]]) -> list[list[int]]:
    """``grid`` with a total column appended to each row and a total row appended below.

    >>> add_totals([[1, 2], [3, 4]])
    [[1, 2, 3], [3, 4, 7], [4, 6, 10]]
    """
    rows = [[*row, sum(row)] for row in grid]
    if not rows:
        return [[0]]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


@attrs.frozen
class Suppression:
    """A suppressed table: ``cells`` with None where a count is hidden.

    ``primary`` are the small counts themselves, ``complementary`` the cells hidden so that
    the primary ones cannot be worked out from the totals.

    >>> s = suppress([[3, 20, 23], [15, 30, 45], [18, 50, 68]])
    >>> s.cells
    ((None, None, 23), (None, None, 45), (18, 50, 68))
    >>> sorted(s.primary), sorted(s.complementary)
    ([(0, 0)], [(0, 1), (1, 0), (1, 1)])
    """

    cells: tuple[tuple[int | None, ...], ...]
    primary: frozenset[Cell]
    complementary: frozenset[Cell]
    total_row: int | None = None
    total_column: int | None = None

    @property
    def suppressed(self) -> frozenset[Cell]:
        """Every hidden cell."""
        return self.primary | self.complementary

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        >>> d = suppress([[0, 0], [0, 0]], total_row=None, total_column=None).to_dict()
        >>> d["cells"] == [[0, 0], [0, 0]]
        True
        """
        return {
            "cells": [list(row) for row in self.cells],
            "primary": [list(c) for c in sorted(self.primary)],
            "complementary": [list(c) for c in sorted(self.complementary)],
            "total_row": self.total_row,
            "total_column": self.total_column,
        }


def _index(value: int | None, size: int, what: str) -> int | None:
    if value is None:
        return None
    if not -size <= value < size:
        raise ValueError(f"{what} {value} is outside the table")
    if size < 2:
        raise ValueError(f"a table with a {what} needs at least one other line")
    return value % size


def _shape(grid: Sequence[Sequence[Any]]) -> tuple[int, int]:
    if not grid or not grid[0]:
        raise ValueError("the table is empty")
    width = len(grid[0])
    if any(len(row) != width for row in grid):
        raise ValueError("every row needs the same number of cells")
    return len(grid), width


def _lines(nrows: int, ncols: int, tr: int | None, tc: int | None) -> list[_Line]:
    lines: list[_Line] = []
    if tc is not None:
        for r in range(nrows):
            lines.append((tuple((r, c) for c in range(ncols)),
                          tuple(-1 if c == tc else 1 for c in range(ncols))))
    if tr is not None:
        for c in range(ncols):
            lines.append((tuple((r, c) for r in range(nrows)),
                          tuple(-1 if r == tr else 1 for r in range(nrows))))
    return lines


def _determined(lines: Iterable[_Line], unknown: Iterable[Cell]) -> set[Cell]:
    """Unknown cells fixed by the line equations (exact Gauss-Jordan elimination)."""
    cells = sorted(unknown)
    if not cells:
        return set()
    position = {cell: i for i, cell in enumerate(cells)}
    matrix: list[list[Fraction]] = []
    for line_cells, coefficients in lines:
        row = [Fraction(0)] * len(cells)
        used = False
        for cell, k in zip(line_cells, coefficients, strict=True):
            j = position.get(cell)
            if j is not None:
                row[j] = Fraction(k)
                used = True
        if used:
            matrix.append(row)
    pivots: list[int] = []
    top = 0
    for col in range(len(cells)):
        if top == len(matrix):
            break
        pivot = next((i for i in range(top, len(matrix)) if matrix[i][col]), None)
        if pivot is None:
            continue
        matrix[top], matrix[pivot] = matrix[pivot], matrix[top]
        lead = matrix[top][col]
        matrix[top] = [x / lead for x in matrix[top]]
        for i, row in enumerate(matrix):
            factor = row[col]
            if i != top and factor:
                matrix[i] = [a - factor * b for a, b in zip(row, matrix[top], strict=True)]
        pivots.append(col)
        top += 1
    free = [col for col in range(len(cells)) if col not in set(pivots)]
    return {cells[col] for i, col in enumerate(pivots)
            if all(matrix[i][f] == 0 for f in free)}


def recoverable_cells(
    published: Sequence[Sequence[int | None]],
    *,
    total_row: int | None = -1,
    total_column: int | None = -1,
) -> frozenset[Cell]:
    """Hidden cells (None) of a published table that its row and column equations determine.

    Any combination of the equations counts, not only one line at a time; bounds from
    non-negativity are not considered. An empty result means no hidden count can be worked
    out exactly.

    >>> sorted(recoverable_cells([[None, 5, 8], [4, 6, 10], [7, 11, 18]]))
    [(0, 0)]
    >>> recoverable_cells([[None, None, 8], [None, None, 10], [7, 11, 18]])
    frozenset()
    """
    nrows, ncols = _shape(published)
    tr = _index(total_row, nrows, "total row")
    tc = _index(total_column, ncols, "total column")
    hidden = [(r, c) for r in range(nrows) for c in range(ncols) if published[r][c] is None]
    return frozenset(_determined(_lines(nrows, ncols, tr, tc), hidden))


def _check(grid: Sequence[Sequence[int]], lines: list[_Line]) -> None:
    for row in grid:
        for value in row:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"counts must be non-negative integers, not {value!r}")
    for line_cells, coefficients in lines:
        if sum(k * grid[r][c] for (r, c), k in zip(line_cells, coefficients, strict=True)):
            (r0, c0), (r1, _) = line_cells[0], line_cells[-1]
            what = f"row {r0}" if r0 == r1 else f"column {c0}"
            raise ValueError(f"{what} does not add up to its total")


def _reach(start: tuple[str, int], bridge: Cell, hidden: set[Cell]) -> set[tuple[str, int]]:
    """Lines ("r", i) / ("c", j) linked to ``start`` by hidden cells other than ``bridge``."""
    adjacency: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for cell in hidden:
        if cell == bridge:
            continue
        r, c = cell
        adjacency.setdefault(("r", r), []).append(("c", c))
        adjacency.setdefault(("c", c), []).append(("r", r))
    seen = {start}
    stack = [start]
    while stack:
        for nxt in adjacency.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def suppress(
    table: Sequence[Sequence[int]],
    *,
    threshold: int = 10,
    minimum: int = 1,
    total_row: int | None = -1,
    total_column: int | None = -1,
) -> Suppression:
    """Hide counts from ``minimum`` to ``threshold`` and enough other cells that none of
    them can be recovered from the totals (see the module notes for the rules).

    ``total_row`` / ``total_column`` say which row and column hold the totals (negative
    indices count from the end; None: the table has none, so that direction has no
    equations). Totals must add up (:func:`add_totals` makes them); ValueError otherwise.

    >>> t = [[12, 5, 30, 47],
    ...      [20, 25, 40, 85],
    ...      [32, 30, 70, 132]]
    >>> s = suppress(t)
    >>> s.cells  # 5 is primary; 12 (smallest left in its row) and 25 (its column) follow
    ((None, None, 30, 47), (None, None, 40, 85), (32, 30, 70, 132))
    >>> sorted(s.complementary)
    [(0, 0), (1, 0), (1, 1)]
    """
    nrows, ncols = _shape(table)
    tr = _index(total_row, nrows, "total row")
    tc = _index(total_column, ncols, "total column")
    if threshold < minimum or minimum < 0:
        raise ValueError("need 0 <= minimum <= threshold")
    lines = _lines(nrows, ncols, tr, tc)
    _check(table, lines)
    primary = {(r, c) for r in range(nrows) for c in range(ncols)
               if minimum <= table[r][c] <= threshold}
    hidden = set(primary)
    rows_of: dict[Cell, list[int]] = {}
    for n, (line_cells, _) in enumerate(lines):
        for cell in line_cells:
            rows_of.setdefault(cell, []).append(n)

    def count(n: int) -> int:
        return sum(cell in hidden for cell in lines[n][0])

    def key(cell: Cell, line: int | None = None) -> tuple[Any, ...]:
        r, c = cell
        value = table[r][c]
        crossing = any(count(n) == 1 for n in rows_of.get(cell, ()) if n != line)
        return (value == 0, value, not crossing, r == tr or c == tc, r, c)

    while True:
        changed = False
        for n, (line_cells, _) in enumerate(lines):
            if count(n) == 1:
                hidden.add(min((cell for cell in line_cells if cell not in hidden),
                               key=functools.partial(key, line=n)))
                changed = True
        if changed:
            continue
        exposed = _determined(lines, hidden)
        if not exposed:
            break
        bridge = min(exposed)
        side_a = _reach(("r", bridge[0]), bridge, hidden)
        side_b = _reach(("c", bridge[1]), bridge, hidden)
        candidates = [(r, c) for r in range(nrows) for c in range(ncols)
                      if (r, c) not in hidden
                      and ((("r", r) in side_a and ("c", c) in side_b)
                           or (("r", r) in side_b and ("c", c) in side_a))]
        if not candidates:  # cannot happen with both totals; keep making progress anyway
            candidates = [(r, c) for r in range(nrows) for c in range(ncols)
                          if (r, c) not in hidden]
        if not candidates:
            break
        hidden.add(min(candidates, key=key))
    cells = tuple(tuple(None if (r, c) in hidden else table[r][c] for c in range(ncols))
                  for r in range(nrows))
    return Suppression(cells, frozenset(primary), frozenset(hidden - primary), tr, tc)
