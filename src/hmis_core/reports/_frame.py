"""Plain-Python column access over an :class:`~hmis_core.Export` for the report engine.

Report logic compares codes millions of times; it reads columns as lists of plain values
(code-list enums become ``int``), converted once per distinct value and cached per run.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from itertools import compress
from typing import Any

from hmis_core._export import Export

__all__ = ["Frame"]


class Frame:
    """Cached, column-wise views of an export's tables (deleted rows are never returned by
    :meth:`live` or :meth:`group`).

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> frame = Frame(export)
    >>> type(frame.col("Enrollment", "RelationshipToHoH")[0])
    <class 'int'>
    """

    def __init__(self, export: Export) -> None:
        self.export = export
        self._cols: dict[tuple[str, str], list[Any]] = {}
        self._groups: dict[tuple[str, str], dict[Any, list[int]]] = {}

    def col(self, file: str, column: str) -> list[Any]:
        """The typed value of every row of ``file``'s ``column`` (None when empty or invalid;
        a spec column the file lacked reads as empty). A name that is not a column of the
        file's spec is a programming error (KeyError)."""
        key = (file, column)
        got = self._cols.get(key)
        if got is None:
            table = self.export[file]
            if column not in table:
                raise KeyError(f"{file}.csv has no column {column!r}")
            if column in table.skipped_columns:
                raise KeyError(f"{file}.{column} was not read (add it to read_export's "
                               "columns=, or use REPORT_COLUMNS)")
            col = table[column]
            values = col.values
            spec = col.spec
            if spec is None or spec.list is not None or spec.type == "I":
                # code lists hold enums: compare them as plain ints (once per value)
                values = [
                    int(v) if isinstance(v, enum.IntEnum) else
                    (v.value if isinstance(v, enum.Enum) else v)
                    for v in values
                ]
            got = list(map(values.__getitem__, col.codes))
            self._cols[key] = got
        return got

    def live(self, file: str) -> list[int]:
        """Rows of ``file`` that are not deleted."""
        return self.export[file].live_rows()

    def group(self, file: str, column: str) -> dict[Any, list[int]]:
        """Live rows of ``file`` grouped by the value of ``column`` (rows in file order)."""
        key = (file, column)
        got = self._groups.get(key)
        if got is None:
            values = self.col(file, column)
            got = {}
            for row in self.live(file):
                v = values[row]
                if v is not None:
                    got.setdefault(v, []).append(row)
            self._groups[key] = got
        return got

    def group_for(self, file: str, column: str, keys: Collection[Any]) -> dict[Any, list[int]]:
        """Like :meth:`group`, but only for rows whose value is in ``keys`` (not cached).

        The scan over all rows runs in C (per distinct value first, then a filter over the
        row codes), so restricting a 5-million-row file to one report's enrollments costs a
        fraction of grouping all of it."""
        table = self.export[file]
        if column not in table:
            return {}
        col = table[column]
        values = col.values
        wanted = {code for code, v in enumerate(values) if v is not None and v in keys}
        if not wanted:
            return {}
        rows = compress(range(len(col.codes)), map(wanted.__contains__, col.codes))
        deleted = table.columns.get("DateDeleted")
        dcodes = deleted.codes if deleted is not None and any(deleted.codes) else None
        codes = col.codes
        got: dict[Any, list[int]] = {}
        for row in rows:
            if dcodes is not None and dcodes[row]:
                continue
            v = values[codes[row]]
            entry = got.get(v)
            if entry is None:
                got[v] = [row]
            else:
                entry.append(row)
        return got
