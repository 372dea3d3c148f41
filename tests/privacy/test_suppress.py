"""Small-cell suppression: primary cells, complementary cells, and recoverability checks.

Tables are written body first, the row totals in the last column and the column totals in
the last row (so the corner is the grand total), unless a test says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hmis_core.privacy import add_totals, recoverable_cells, suppress

Grid = Sequence[Sequence[int | None]]


def hidden(grid: Grid) -> set[tuple[int, int]]:
    return {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v is None}


# ----------------------------------------------------------------------------- by hand


def test_nothing_small_nothing_hidden() -> None:
    table = add_totals([[11, 20], [30, 40]])
    result = suppress(table)
    assert result.cells == tuple(tuple(row) for row in table)
    assert result.primary == result.complementary == frozenset()


def test_zero_is_not_suppressed_and_bounds_are_inclusive() -> None:
    # 0 stays; 1 and 10 are hidden; 11 is not.
    assert suppress([[0, 20, 20], [15, 30, 45], [15, 50, 65]]).suppressed == frozenset()
    assert (0, 0) in suppress(add_totals([[10, 20], [15, 30]])).primary
    assert (0, 0) in suppress(add_totals([[1, 20], [15, 30]])).primary
    assert suppress(add_totals([[11, 20], [15, 30]])).suppressed == frozenset()
    assert (0, 0) not in suppress(add_totals([[10, 20], [15, 30]]), threshold=9).suppressed


def test_one_small_cell_costs_a_rectangle() -> None:
    # 5 at (0,1) is primary. Row 0 needs a second hidden cell: the smallest of 12, 30, 47 is
    # 12 (0,0). Column 0 now has one: the smallest of 20, 32 is 20 (1,0). Column 1 has one:
    # 25 (1,1) is the smallest of 25, 30 (and it also gives row 1 its second). Every line
    # then has 0 or 2 hidden cells and the four form a cycle: nothing can be solved.
    table = [[12, 5, 30, 47],
             [20, 25, 40, 85],
             [32, 30, 70, 132]]
    result = suppress(table)
    assert result.primary == {(0, 1)}
    assert result.complementary == {(0, 0), (1, 0), (1, 1)}
    assert result.cells == ((None, None, 30, 47), (None, None, 40, 85), (32, 30, 70, 132))


def test_small_totals_are_primary_too() -> None:
    # Row 1 is 4 + 3 = 7: all three are primary. Each column then has one hidden cell:
    # column 0 takes 40 (smallest of 40, 44), column 1 takes 30 (of 30, 33), column 2 takes
    # 70 (of 70, 77). Only the total row stays.
    result = suppress([[40, 30, 70], [4, 3, 7], [44, 33, 77]])
    assert result.primary == {(1, 0), (1, 1), (1, 2)}
    assert result.complementary == {(0, 0), (0, 1), (0, 2)}
    assert result.cells == ((None, None, None), (None, None, None), (44, 33, 77))


def test_everything_small() -> None:
    result = suppress([[2, 3, 5], [1, 4, 5], [3, 7, 10]])
    assert len(result.primary) == 9
    assert result.complementary == frozenset()


def test_zero_complements_are_avoided() -> None:
    # 5 at (0,0): row 0's candidates are 0, 20 and 25; the 0 protects nothing, so 20 (0,2)
    # is taken. Column 0 then takes 15 (1,0), column 2 takes 30 (1,2).
    result = suppress([[5, 0, 20, 25], [15, 0, 30, 45], [20, 0, 50, 70]])
    assert result.complementary == {(0, 2), (1, 0), (1, 2)}


def test_cells_determined_by_several_equations_get_a_partner() -> None:
    # Nine primary cells: a 2x2 block in rows 0-1 / columns 0-1, a 2x2 block in rows 2-3 /
    # columns 2-3, and 9 at (1,2) joining them. Every row and column has 0, 2 or 3 hidden
    # cells, so no single equation has one unknown; but row 0 gives x00 + x01 = 61-20-30 = 11,
    # row 1 x10 + x11 + x12 = 64-40 = 24, column 0 x00 + x10 = 82-25-45 = 12, column 1
    # x01 + x11 = 99-35-50 = 14, and rows minus columns leave x12 = 11 + 24 - 12 - 14 = 9.
    # The smallest cell joining the two blocks (row 0 or 1 with column 2 or 3, or row 2 or 3
    # with column 0 or 1) is 20 at (0,2): it puts (1,2) on a cycle.
    body = [[5, 6, 20, 30],
            [7, 8, 9, 40],
            [25, 35, 4, 3],
            [45, 50, 2, 1]]
    table = add_totals(body)
    published = [[None if 1 <= v <= 10 else v for v in row] for row in table]
    assert recoverable_cells(published) == {(1, 2)}
    result = suppress(table)
    assert len(result.primary) == 9
    assert result.complementary == {(0, 2)}
    assert recoverable_cells(result.cells) == frozenset()


def test_without_totals_only_primary_cells_are_hidden() -> None:
    result = suppress([[3, 20], [15, 30]], total_row=None, total_column=None)
    assert result.suppressed == {(0, 0)}


def test_row_totals_only() -> None:
    # Only rows have equations: row 0 takes its smallest other cell, 20; columns are free.
    result = suppress([[3, 20, 23], [15, 30, 45]], total_row=None)
    assert result.suppressed == {(0, 0), (0, 1)}
    assert result.total_row is None
    assert result.total_column == 2


def test_totals_first() -> None:
    # Totals in row 0 and column 0; 4 at (1,1). Row 1: of 16 (total) and 12, take 12 (1,2).
    # Column 1: of 20 (total) and 16, take 16 (2,1). Row 2 then has one: 30 (2,2) is the
    # smallest body cell (the row total 46 is larger); column 2 now has two.
    table = [[66, 20, 46],
             [16, 4, 12],
             [50, 16, 34]]
    result = suppress(table, total_row=0, total_column=0)
    assert result.complementary == {(1, 2), (2, 1), (2, 2)}


def test_invalid_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="add up"):
        suppress([[1, 2, 4], [3, 4, 7], [4, 6, 11]])
    with pytest.raises(ValueError, match="non-negative"):
        suppress([[-1, 2, 1], [3, 4, 7], [2, 6, 8]])
    with pytest.raises(ValueError, match="non-negative"):
        suppress([[True, 2, 3], [3, 4, 7], [4, 6, 10]])
    with pytest.raises(ValueError, match="same number"):
        suppress([[1, 2, 3], [3, 4]])
    with pytest.raises(ValueError, match="empty"):
        suppress([])
    with pytest.raises(ValueError, match="outside"):
        suppress([[1, 1], [1, 1]], total_row=5)
    with pytest.raises(ValueError, match="minimum"):
        suppress(add_totals([[1, 2], [3, 4]]), threshold=0)


def test_add_totals_and_to_dict() -> None:
    assert add_totals([[1, 2], [3, 4]]) == [[1, 2, 3], [3, 4, 7], [4, 6, 10]]
    doc = suppress([[3, 20, 23], [15, 30, 45], [18, 50, 68]]).to_dict()
    assert doc["primary"] == [[0, 0]]
    assert doc["complementary"] == [[0, 1], [1, 0], [1, 1]]
    assert doc["total_row"] == 2


# ----------------------------------------------------------------------------- property


def lines(nrows: int, ncols: int, tr: int | None, tc: int | None) -> list[list[tuple[
        tuple[int, int], int]]]:
    """Each row / column equation as (cell, coefficient): body cells +1, the total -1."""
    out = []
    if tc is not None:
        out += [[((r, c), -1 if c == tc else 1) for c in range(ncols)] for r in range(nrows)]
    if tr is not None:
        out += [[((r, c), -1 if r == tr else 1) for r in range(nrows)] for c in range(ncols)]
    return out


def solvable_by_subtraction(grid: Grid, tr: int | None, tc: int | None) -> set[tuple[int, int]]:
    """Hidden cells some single row or column equation gives away: the only unknown of it."""
    found = set()
    for equation in lines(len(grid), len(grid[0]), tr, tc):
        unknown = [cell for cell, _ in equation if grid[cell[0]][cell[1]] is None]
        if len(unknown) == 1:
            found.add(unknown[0])
    return found


def solvable_by_algebra(grid: Grid, tr: int | None, tc: int | None) -> set[tuple[int, int]]:
    """Hidden cells any combination of the equations fixes (numpy ranks, independent of the
    library's exact elimination)."""
    cells = sorted(hidden(grid))
    if not cells:
        return set()
    position = {cell: i for i, cell in enumerate(cells)}
    rows = []
    for equation in lines(len(grid), len(grid[0]), tr, tc):
        vector = np.zeros(len(cells))
        for cell, k in equation:
            if cell in position:
                vector[position[cell]] = k
        rows.append(vector)
    matrix = np.array(rows) if rows else np.zeros((0, len(cells)))
    rank = np.linalg.matrix_rank(matrix) if rows else 0
    found = set()
    for cell, i in position.items():
        unit = np.zeros((1, len(cells)))
        unit[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(cell)
    return found


counts = st.one_of(st.integers(0, 12), st.integers(0, 60))
bodies = st.integers(1, 5).flatmap(lambda w: st.lists(st.lists(counts, min_size=w, max_size=w),
                                                      min_size=1, max_size=5))


@given(bodies, st.integers(1, 10))
def test_no_suppressed_cell_can_be_recovered(body: list[list[int]], threshold: int) -> None:
    table = add_totals(body)
    result = suppress(table, threshold=threshold)
    grid = result.cells
    assert not solvable_by_subtraction(grid, len(table) - 1, len(table[0]) - 1)
    assert not solvable_by_algebra(grid, len(table) - 1, len(table[0]) - 1)
    assert recoverable_cells(grid) == frozenset()
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            if 1 <= value <= threshold:
                assert (r, c) in result.primary
            else:
                assert (r, c) not in result.primary
            if (r, c) not in result.suppressed:
                assert grid[r][c] == value  # visible cells are the true counts
    assert hidden(grid) == result.suppressed
    assert not result.primary & result.complementary


@given(bodies)
def test_one_way_totals_are_protected_too(body: list[list[int]]) -> None:
    table = [[*row, sum(row)] for row in body]  # row totals only
    result = suppress(table, total_row=None)
    assert not solvable_by_subtraction(result.cells, None, len(table[0]) - 1)
    assert not solvable_by_algebra(result.cells, None, len(table[0]) - 1)


@given(bodies)
def test_library_check_agrees_with_numpy(body: list[list[int]]) -> None:
    table = add_totals(body)
    published = [[None if 1 <= v <= 10 else v for v in row] for row in table]
    expected = solvable_by_algebra(published, len(table) - 1, len(table[0]) - 1)
    assert recoverable_cells(published) == expected
