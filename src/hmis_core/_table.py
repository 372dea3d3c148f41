"""Column-wise storage of one HMIS CSV file: dictionary-encoded typed columns and indexes.

Each column keeps one entry per *distinct* raw text: the text itself, its typed value and
whether it was valid; rows hold only a small integer code (1, 2 or 4 bytes). So every value
is converted once per distinct text, not once per cell, memory follows the number of distinct
values, and checks can work on the distinct values and then map the bad ones back to rows.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from hmis_core.elements import (
    CellError,
    ColumnSpec,
    FileSpec,
    Standard,
    batch_checker_for,
    batch_parser_for,
    canonical_converter_for,
    format_value,
    parser_for,
)

__all__ = ["Column", "ColumnBuilder", "Table", "TableBuilder", "pack_table", "unpack_table"]

_TYPECODES = (("B", 0xFF), ("H", 0xFFFF), ("I", 0xFFFFFFFF))
_DIRECT_AFTER = 5000
"""Rows a column is watched for before it may switch to direct storage."""



def _view(codes: array[int]) -> npt.NDArray[np.unsignedinteger[Any]]:
    """A numpy view of a code array's storage (no copy)."""
    if not len(codes):
        return np.zeros(0, np.uint8)
    return np.frombuffer(codes, dtype=np.dtype(codes.typecode))


class Column:
    """One column of a table. ``column[row]`` is the typed value (None when empty or invalid).

    * :meth:`raw` gives the text exactly as read, so nothing is ever lost;
    * :meth:`is_invalid` says whether that text failed to convert to the column's type
      (:meth:`error` says why);
    * :attr:`distinct` and :meth:`rows_with` support per-distinct-value work.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> column = export.table("Client")["DOBDataQuality"]
    >>> column[0], column.raw(0), column.is_invalid(0)
    (<DOBDataQuality.FULL_DOB_REPORTED: 1>, '1', False)
    >>> len(column), len(column.distinct)    # 1,000 rows, 5 distinct texts and the empty cell
    (1000, 6)
    """

    __slots__ = ("_canonical", "_errors", "_memo", "_pending", "_repairs", "codes", "name",
                 "raw_texts", "spec", "values")

    values: list[Any]
    raw_texts: list[str]

    def __init__(
        self,
        name: str,
        spec: ColumnSpec | None,
        codes: array[int],
        values: list[Any],
        raw_texts: list[str],
        errors: dict[int, CellError],
        *,
        canonical: bool = False,
    ) -> None:
        self.name = name
        self.spec = spec
        self.codes = codes
        """Per row: index into :attr:`values` / :attr:`raw_texts`; code 0 is the empty cell."""
        self.values = values
        """Typed value per distinct code (None for empty and invalid texts)."""
        self.raw_texts = raw_texts
        """Raw text per distinct code."""
        self._errors = errors
        self._repairs: dict[int, str] = {}
        self._canonical = canonical
        """Every text was converted by the batch parser (so is in canonical form)."""
        self._memo: dict[str, Any] = {}
        self._pending: tuple[str | list[str], Callable[[list[str]], list[Any] | None] | None] \
            | None = None
        """A deferred column's texts and converter (:meth:`deferred`)."""

    @classmethod
    def deferred(
        cls,
        name: str,
        spec: ColumnSpec | None,
        codes: array[int],
        texts: str | list[str],
        convert: Callable[[list[str]], list[Any] | None] | None,
        *,
        canonical: bool,
        memo: Mapping[str, Any],
    ) -> Column:
        """A column of texts that are all valid, whose :attr:`raw_texts` and :attr:`values`
        are made only when first used: ``texts`` holds the distinct texts (code 0 first: "")
        joined with NUL, or as a list; ``convert`` gives the values of texts 1.. (None: the
        texts are the values). Columns of checked time stamps, dates and amounts are built
        so, and tables received from the reader's second process have such columns: values
        nobody reads (time stamps, to validate) are never made."""
        column = cls(name, spec, codes, [], [], {}, canonical=canonical)
        del column.values, column.raw_texts
        column._pending = (texts, convert)
        column._memo.update(memo)
        return column

    if not TYPE_CHECKING:  # hidden from mypy, which would then allow any attribute
        def __getattr__(self, name: str) -> Any:
            # only called for attributes not set: the texts and values of a deferred column
            if self._pending is not None:
                if name == "raw_texts":
                    return self._make_texts()
                if name == "values":
                    return self._make_values()
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _make_texts(self) -> list[str]:
        """Make a deferred column's texts (its values stay deferred)."""
        assert self._pending is not None
        texts, convert = self._pending
        if isinstance(texts, str):
            texts = texts.split(_SEPARATOR)
            self._pending = (texts, convert)
        self.raw_texts = texts
        return texts

    def _make_values(self) -> list[Any]:
        """Make a deferred column's values."""
        assert self._pending is not None
        texts = self.raw_texts
        convert = self._pending[1]
        values = texts[1:] if convert is None else convert(texts[1:])
        if values is None:  # the texts were checked when read
            raise RuntimeError(f"column {self.name}: texts checked before do not convert")
        self.values = [None, *values]
        self._pending = None
        return self.values

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: int) -> Any:
        return self.values[self.codes[row]]

    def __iter__(self) -> Iterator[Any]:
        return map(self.values.__getitem__, self.codes)

    def raw(self, row: int) -> str:
        """The cell's text as read ("" for an empty cell)."""
        return self.raw_texts[self.codes[row]]

    def is_empty(self, row: int) -> bool:
        return self.codes[row] == 0

    def is_invalid(self, row: int) -> bool:
        """Whether the cell holds text that is not a valid value of the column's type."""
        return self.codes[row] in self._errors

    def error(self, row: int) -> CellError | None:
        """Why the cell is invalid, or None when it is valid or empty."""
        return self._errors.get(self.codes[row])

    def memo(self, key: str, compute: Callable[[Column], Any]) -> Any:
        """``compute(self)``, computed once per ``key`` and kept until the column changes
        (:meth:`repair`, :meth:`replace`): facts derived from the whole column (its longest
        text, its span of dates), which the process that read the table can compute while
        the other still reads (:func:`pack_table` carries them)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute(self)
            return value

    @property
    def repairs(self) -> Mapping[int, str]:
        """Distinct codes whose text was not canonical but was repaired, with a note of how
        (``"m/d/yyyy date read as yyyy-mm-dd"``). The raw text stays as read."""
        return self._repairs

    def repair(self, code: int, value: Any, note: str) -> None:
        """Give the distinct text ``code`` the typed ``value`` (a reader's repair) and
        record ``note``; the raw text is kept."""
        if code == 0:
            raise ValueError("the empty cell cannot be repaired")
        self.values[code] = value
        self._errors.pop(code, None)
        self._repairs[code] = note
        self._canonical = False
        self._memo.clear()

    def replace(self, code: int, value: Any, raw_text: str, note: str) -> None:
        """Replace the distinct text ``code`` and its value (a conversion, not a repair: the
        old text is not kept, so record what was replaced in a finding)."""
        self.raw_texts[code] = raw_text
        self.values[code] = value
        self._canonical = False
        self._memo.clear()
        self._errors.pop(code, None)
        self._repairs.pop(code, None)
        del note  # the caller's finding records it

    @property
    def invalid_codes(self) -> Mapping[int, CellError]:
        """Distinct codes whose text is invalid, with the reason."""
        return self._errors

    def invalid_rows(self) -> list[int]:
        """Rows whose text is invalid, in row order."""
        bad = self._errors
        if not bad:
            return []
        return [i for i, c in enumerate(self.codes) if c in bad]

    def empty_rows(self) -> list[int]:
        return [i for i, c in enumerate(self.codes) if c == 0]

    @property
    def distinct(self) -> Sequence[Any]:
        """Typed value of each distinct code (code 0 first: None)."""
        return self.values

    def rows_with(self, codes: Iterable[int]) -> list[int]:
        """Rows whose code is one of ``codes``, in row order."""
        wanted = set(codes)
        return [i for i, c in enumerate(self.codes) if c in wanted]

    def to_list(self) -> list[Any]:
        """The typed value of every row."""
        return list(self)

    def code_array(self) -> npt.NDArray[np.unsignedinteger[Any]]:
        """The per-row codes as a read-only numpy view of their storage (no copy): for
        row-wise work in C, e.g. ``values[column.code_array()]`` with a numpy ``values``."""
        return _view(self.codes)

    def has_empty(self) -> bool:
        """Whether any row is empty (code 0), checked in C."""
        return bool(len(self.codes)) and not self.code_array().all()


class _Lookup(dict[str, int]):
    """Text -> code; a text not seen before gets the next code as it is looked up (so a
    chunk is encoded in one pass at C speed, with Python code run only for new texts)."""

    __slots__ = ("new", "texts")

    def __init__(self, texts: list[str]) -> None:
        super().__init__({"": 0})
        self.texts = texts
        """Raw text per code (shared with the builder)."""
        self.new: list[str] = []
        """Texts first seen since the builder last typed them."""

    def __missing__(self, text: str) -> int:
        code = len(self.texts)
        self[text] = code
        self.texts.append(text)
        self.new.append(text)
        return code


class ColumnBuilder:
    """Accumulates the cells of one column, converting each distinct text once.

    A column whose values are almost all distinct (record IDs, time stamps) switches to
    *direct* storage after its first chunk: each non-empty cell then gets its own code, so no
    look-up table is kept or consulted (the empty cell is still code 0). A column of many
    text values that come in runs, each value in one run (the EnrollmentID of records
    written enrollment by enrollment), switches to *run* storage: each run of equal cells
    gets its own code, found by comparing neighbours at C speed, again with no look-up
    table. In either mode codes follow the order of first appearance, and two codes may then
    hold one text (where a value comes back later), which every reader of a
    :class:`Column` allows. Direct storage of checked dates, time stamps and amounts keeps
    only their texts until the values are first used (:meth:`Column.deferred`).
    """

    __slots__ = ("_batch", "_canonical", "_check", "_convert", "_deferred_from", "_direct",
                 "_errors", "_identity", "_last", "_limit", "_lookup", "_parse", "_rows",
                 "_runs", "_watched", "codes", "name", "raw_texts", "spec", "values")

    def __init__(self, name: str, spec: ColumnSpec | None, parse: Callable[[str], Any],
                 *, identity: bool = False,
                 batch: Callable[[list[str]], list[Any] | None] | None = None,
                 check: Callable[[list[str]], bool] | None = None,
                 convert: Callable[[list[str]], list[Any] | None] | None = None) -> None:
        self.name = name
        self.spec = spec
        self._parse = parse
        self._batch = batch
        self._check = check if convert is not None else None
        self._convert = convert
        """With ``check``: texts of direct storage that pass it are converted by ``convert``
        only when the column's values are first used (:meth:`Column.deferred`)."""
        self._deferred_from: int | None = None
        """First code whose value is put off (None: none is)."""
        self._identity = identity
        """The parser returns its text unchanged and never fails (plain text columns): new
        texts are then added in bulk, at C speed."""
        self.values: list[Any] = [None]
        self.raw_texts: list[str] = [""]
        self._lookup = _Lookup(self.raw_texts)
        self._errors: dict[int, CellError] = {}
        self.codes: array[int] = array("B")
        self._limit = 0xFF
        self._direct = False
        self._runs = False
        self._watched = False
        """Whether the storage mode was chosen (once, after :data:`_DIRECT_AFTER` rows)."""
        self._last: tuple[str, int] = ("", 0)
        """Text and code of the last cell (run storage continues a run across chunks)."""
        self._rows = 0
        self._canonical = True

    def _append(self, text: str) -> None:
        self.raw_texts.append(text)
        self._type_one(text)

    def _type_one(self, text: str) -> None:
        """Append the typed value of ``text`` (whose raw text is already stored)."""
        self._canonical = False  # converted alone: the batch parser refused its chunk
        code = len(self.values)
        try:
            self.values.append(self._parse(text))
        except CellError as err:
            self.values.append(None)
            self._errors[code] = err
        except (ValueError, ArithmeticError) as err:  # a parser's own error: still a bad cell
            self.values.append(None)
            self._errors[code] = CellError("value", str(err))

    def _type(self, texts: list[str]) -> None:
        """Append the typed values of new texts (their raw texts are already stored)."""
        if self._identity:
            self.values.extend(texts)
            return
        parsed = self._batch(texts) if self._batch is not None else None
        if parsed is not None:
            self.values.extend(parsed)
        else:
            for text in texts:
                self._type_one(text)

    def extend(self, cells: Sequence[str]) -> None:
        """Append a chunk of cells (texts)."""
        if self._direct:
            self._extend_direct(cells)
            return
        if self._runs:
            self._extend_runs(cells)
            return
        lookup = self._lookup
        # new texts get codes in order of first appearance: codes never depend on hash seeds
        if self.codes.typecode == "B":
            try:
                self.codes.frombytes(bytes(map(lookup.__getitem__, cells)))
            except ValueError:  # a code over 255: this chunk again, in wider codes
                self._widen(len(self.raw_texts) - 1)
        if self.codes.typecode != "B":  # collected in numpy, stored with one resize
            chunk = np.fromiter(map(lookup.__getitem__, cells), np.uint32, len(cells))
            self._widen(len(self.raw_texts) - 1)
            self.codes.frombytes(chunk.astype(np.dtype(self.codes.typecode)).tobytes())
        if lookup.new:
            self._type(lookup.new)
            lookup.new = []
        self._rows += len(cells)
        if self._rows >= _DIRECT_AFTER:
            self._choose_storage()

    def _choose_storage(self) -> None:
        """Leave dictionary storage for direct storage (values nearly all distinct) or, once,
        for run storage (many values, nearly each in one run of neighbouring cells)."""
        distinct = len(self.values) - 1
        if distinct > 0.6 * self._rows:
            self._direct = True
        elif not self._watched:
            self._watched = True
            codes = self.code_array()
            runs = 1 + int(np.count_nonzero(codes[1:] != codes[:-1]))
            # text columns only: a typed column's values (dates) may be many in the first
            # rows and few in all, and would be converted once per run
            if self._identity and distinct >= 0.1 * self._rows and runs <= 1.25 * distinct:
                self._runs = True
                last = int(codes[-1])
                self._last = (self.raw_texts[last], last)
        if self._direct or self._runs:
            self._lookup = _Lookup([])  # no longer consulted: free it

    def code_array(self) -> npt.NDArray[np.unsignedinteger[Any]]:
        """The codes so far as a numpy view (no copy)."""
        return _view(self.codes)

    def _widen(self, largest: int) -> None:
        """Make the code array wide enough for codes up to ``largest``."""
        if largest > self._limit:
            for typecode, limit in _TYPECODES:
                if largest <= limit:
                    self.codes = array(typecode, self.codes)
                    self._limit = limit
                    break

    def _add(self, texts: list[str]) -> None:
        """Give each of ``texts`` (none empty) a new code, in order."""
        if self._identity:
            self.values.extend(texts)
            self.raw_texts.extend(texts)
        elif self._check is not None and self._canonical and self._check(texts):
            # canonical and valid: converted when first used, if ever
            if self._deferred_from is None:
                self._deferred_from = len(self.raw_texts)
            self.raw_texts.extend(texts)
        else:
            self._convert_deferred()
            parsed = self._batch(texts) if self._batch is not None else None
            if parsed is not None:
                self.values.extend(parsed)
                self.raw_texts.extend(texts)
            else:
                for text in texts:
                    self._append(text)
        self._widen(len(self.raw_texts) - 1)

    def _convert_deferred(self) -> None:
        """Convert the texts whose conversion was put off (before a text that must be
        converted now: values follow codes)."""
        start = self._deferred_from
        if start is None:
            return
        self._deferred_from = None
        texts = self.raw_texts[start:]
        assert self._convert is not None
        values = self._convert(texts)
        if values is not None:
            self.values.extend(values)
        else:  # cannot happen for checked texts; converted one by one all the same
            for text in texts:
                self._type_one(text)

    def _extend_direct(self, cells: Sequence[str]) -> None:
        texts = [t for t in cells if t] if "" in cells else list(cells)
        start = len(self.raw_texts)
        self._add(texts)
        if len(texts) == len(cells):
            self.codes.frombytes(np.arange(start, start + len(texts),
                                           dtype=np.dtype(self.codes.typecode)).tobytes())
        else:
            following = iter(range(start, start + len(texts)))
            self.codes.extend(0 if t == "" else next(following) for t in cells)
        self._rows += len(cells)

    def _extend_runs(self, cells: Sequence[str]) -> None:
        """Run storage: one code per run of equal neighbouring cells (empty runs: code 0)."""
        count = len(cells)
        if not count:
            return
        # starts[i]: cell i begins a run (the first cell does unless it continues the last
        # run of the previous chunk); the comparisons run in C
        starts = np.empty(count, bool)
        starts[0] = cells[0] != self._last[0]
        starts[1:] = np.fromiter(map(operator.ne, itertools.islice(cells, 1, None), cells),
                                 bool, count - 1)
        texts = list(itertools.compress(cells, starts.tolist()))
        first = len(self.raw_texts)
        if "" in texts:
            filled = np.fromiter(map(bool, texts), bool, len(texts))
            run_codes = np.zeros(len(texts), np.int64)
            run_codes[filled] = np.arange(first, first + int(filled.sum()))
            self._add([t for t in texts if t])
        else:
            run_codes = np.arange(first, first + len(texts), dtype=np.int64)
            self._add(texts)
        positions = np.flatnonzero(starts)
        if not starts[0]:  # the rows before the first start continue the last run
            positions = np.r_[0, positions]
            run_codes = np.r_[self._last[1], run_codes]
        lengths = np.diff(np.r_[positions, count])
        self.codes.frombytes(np.repeat(run_codes, lengths)
                             .astype(np.dtype(self.codes.typecode)).tobytes())
        self._last = (cells[-1], int(run_codes[-1]))
        self._rows += count

    def extend_empty(self, count: int) -> None:
        self.codes.extend(bytes(count) if self.codes.typecode == "B" else [0] * count)

    def build(self) -> Column:
        if self._deferred_from is not None:  # every text valid: all converted when used
            assert self._convert is not None
            assert not self._errors
            return Column.deferred(self.name, self.spec, self.codes, self.raw_texts,
                                   self._convert, canonical=self._canonical, memo={})
        return Column(self.name, self.spec, self.codes, self.values, self.raw_texts, self._errors,
                      canonical=self._canonical and not self._identity)


def _extra_parse(text: str) -> str:
    return text


def _builder(spec: FileSpec, standard: Standard, name: str) -> ColumnBuilder:
    """The builder of column ``name`` of the file ``spec`` (an extra column holds text)."""
    column_spec = spec.column(name) if spec.has_column(name) else None
    parse = parser_for(column_spec, standard.lists) if column_spec else _extra_parse
    identity = column_spec is None or (column_spec.type == "S" and not column_spec.list)
    if column_spec is None:
        return ColumnBuilder(name, column_spec, parse, identity=identity)
    lists = standard.lists
    return ColumnBuilder(name, column_spec, parse, identity=identity,
                         batch=batch_parser_for(column_spec, lists),
                         check=batch_checker_for(column_spec, lists),
                         convert=canonical_converter_for(column_spec, lists))


_SEPARATOR = "\x00"


def pack_table(table: Table) -> tuple[Any, ...]:
    """A compact picklable form of ``table`` for another process: per column its codes as
    bytes, its distinct texts joined into one string (pickled in one piece, not text by
    text), its repairs and its :meth:`Column.memo` facts; typed values are not sent
    (:func:`unpack_table` converts the texts again: the converters are C-speed and cheaper
    than pickling dates and enums)."""
    columns = []
    for name, column in table.columns.items():
        texts = column.raw_texts
        joined: str | list[str] = _SEPARATOR.join(texts)
        if joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds the separator itself
            joined = texts
        repairs = {code: (column.values[code], note) for code, note in column.repairs.items()}
        columns.append((name, column.codes.typecode, column.codes.tobytes(), joined, repairs,
                        column._canonical, column._memo))
    return (table.spec.name, table.lines.typecode, table.lines.tobytes(), table.header,
            table.absent_columns, table.skipped_columns, table.present, columns)


def unpack_table(packed: tuple[Any, ...], standard: Standard) -> Table:
    """The table :func:`pack_table` packed, its values converted again by ``standard``."""
    file, lines_type, lines_bytes, header, absent, skipped, present, packed_columns = packed
    spec = standard.file(file)
    columns: dict[str, Column] = {}
    for name, typecode, code_bytes, joined, repairs, canonical, memo in packed_columns:
        builder = _builder(spec, standard, name)
        convert = canonical_converter_for(builder.spec, standard.lists) if canonical and \
            builder.spec is not None else None
        if not repairs and (builder._identity or convert is not None):
            # every text valid there: texts and values are made here only when used
            codes = array(typecode)
            codes.frombytes(code_bytes)
            columns[name] = Column.deferred(
                name, builder.spec, codes, joined, None if builder._identity else convert,
                canonical=canonical, memo=memo)
            continue
        texts = joined.split(_SEPARATOR) if isinstance(joined, str) else joined
        builder.raw_texts = texts
        values = convert(texts[1:]) if convert is not None else None
        if values is not None:  # parsed in batch there: converted again without checks
            builder.values.extend(values)
        elif len(texts) > 1:
            builder._type(texts[1:])  # the builder's own conversion, errors included
        codes = array(typecode)
        codes.frombytes(code_bytes)
        builder.codes = codes
        column = builder.build()
        for code, (value, note) in repairs.items():
            column.repair(code, value, note)
        column._memo.update(memo)  # computed over the repaired column: still true
        columns[name] = column
    lines = array(lines_type)
    lines.frombytes(lines_bytes)
    table = Table(spec, columns, lines, header, absent, present=present)
    table.skipped_columns = skipped
    return table


class TableBuilder:
    """Builds a :class:`Table` from chunks of rows whose cells follow ``header``.

    ``header`` holds HUD column names (already mapped by the reader); columns not in the
    file's spec are kept as extra text columns; spec columns missing from the header are
    recorded in :attr:`Table.absent_columns` and read as empty.
    """

    def __init__(self, spec: FileSpec, standard: Standard, header: Sequence[str],
                 keep: Iterable[str] | None = None) -> None:
        self.spec = spec
        self.header = list(header)
        self._builders: list[ColumnBuilder] = []
        self._pick: Callable[[Sequence[str]], Sequence[str]] | None = None
        self._positions: list[int] | None = None
        self.skipped: tuple[str, ...] = ()
        if keep is not None:  # build only these columns (the others read as absent)
            wanted = set(keep)
            self.skipped = tuple(name for name in self.header if name not in wanted)
            positions = self._positions = [i for i, name in enumerate(self.header)
                                           if name in wanted]
            self.header = [self.header[i] for i in positions]
            getter = operator.itemgetter(*positions) if positions else None
            if getter is not None and len(positions) == 1:
                self._pick = lambda row: (getter(row),)
            elif getter is not None:
                self._pick = getter
        for name in self.header:
            self._builders.append(_builder(spec, standard, name))
        present = set(self.header)
        self.absent = tuple(c.name for c in spec.columns if c.name not in present)
        self.lines: array[int] = array("I")
        self.rows = 0

    def add_rows(self, rows: Sequence[Sequence[str]], lines: Iterable[int] | None = None) -> None:
        """Append rows (each exactly ``len(header)`` cells) and their 1-based line numbers."""
        if not rows:
            return
        width = len(self.header)
        if width:
            picked = list(map(self._pick, rows)) if self._pick is not None else rows
            for builder, cells in zip(self._builders, zip(*picked, strict=True), strict=True):
                builder.extend(cells)
        if lines is None:
            lines = range(self.rows + 2, self.rows + 2 + len(rows))
        self.lines.extend(lines)
        self.rows += len(rows)
        if len(self.lines) != self.rows:
            raise ValueError("one line number per row is needed")

    def add_columns(self, columns: Sequence[Sequence[str]], lines: Sequence[int]) -> None:
        """Append rows given column by column: ``columns[i]`` holds the cells of column
        ``i`` of the header given to the constructor (all of one length), ``lines`` their
        1-based line numbers."""
        if not lines:
            return
        picked = columns if self._positions is None else [columns[i] for i in self._positions]
        for builder, cells in zip(self._builders, picked, strict=True):
            builder.extend(cells)
        if isinstance(lines, range) and lines.step == 1:
            self.lines.frombytes(np.arange(lines.start, lines.stop,
                                           dtype=np.dtype(self.lines.typecode)).tobytes())
        else:
            self.lines.extend(lines)
        self.rows += len(lines)

    def build(self) -> Table:
        columns = {b.name: b.build() for b in self._builders}
        for name in self.absent:
            builder = ColumnBuilder(name, self.spec.column(name), _extra_parse)
            builder.extend_empty(self.rows)
            columns[name] = builder.build()
        table = Table(self.spec, columns, self.lines, self.header, self.absent)
        table.skipped_columns = self.skipped
        return table


class Table:
    """One HMIS CSV file held column-wise.

    ``table[column_name]`` is a :class:`Column`. Rows are numbered from 0; :attr:`lines` maps
    a row to the line of the file it started on. Deleted rows (DateDeleted set) stay in the
    table; :meth:`live_rows` and the indexes leave them out unless asked.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> table = export.table("Enrollment")
    >>> len(table), table.header[:3], table.line(0)
    (1199, ('EnrollmentID', 'PersonalID', 'ProjectID'), 2)
    >>> rows = table.index("PersonalID").get("C1")
    >>> print(rows, table["EnrollmentID"][rows[0]])
    [0] E1
    """

    def __init__(
        self,
        spec: FileSpec,
        columns: Mapping[str, Column],
        lines: array[int],
        header: Sequence[str] = (),
        absent_columns: Sequence[str] = (),
        *,
        present: bool = True,
    ) -> None:
        self.spec = spec
        self.name = spec.name
        self.columns = dict(columns)
        self.lines = lines
        self.header = tuple(header)
        """Column names in the order the source file had them."""
        self.absent_columns = tuple(absent_columns)
        """Spec columns the source file lacked (read as empty)."""
        self.present = present
        """False when the export had no such file at all."""
        self.skipped_columns: tuple[str, ...] = ()
        """Columns the file had but the reader was told not to build (``columns=`` of
        :func:`hmis_core.read_export`); they read as empty."""
        self._indexes: dict[tuple[str, bool], dict[Any, list[int]]] = {}
        self._live: list[int] | None = None

    @classmethod
    def empty(cls, spec: FileSpec, standard: Standard) -> Table:
        """The table of a file the export does not have."""
        table = TableBuilder(spec, standard, []).build()
        table.present = False
        return table

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, column: str) -> Column:
        return self.columns[column]

    def __contains__(self, column: object) -> bool:
        return column in self.columns

    @property
    def extra_columns(self) -> tuple[str, ...]:
        """Columns of the source file that the spec does not define (kept as text)."""
        return tuple(n for n in self.header if not self.spec.has_column(n))

    def line(self, row: int) -> int:
        """1-based line of the source file where ``row`` starts (header = line 1)."""
        return self.lines[row]

    def is_deleted(self, row: int) -> bool:
        """Whether the row's DateDeleted is set (any non-empty text counts)."""
        column = self.columns.get("DateDeleted")
        return column is not None and column.codes[row] != 0

    def live_rows(self) -> list[int]:
        """Rows not deleted, in row order."""
        if self._live is None:
            column = self.columns.get("DateDeleted")
            if column is None or not any(column.codes):
                self._live = list(range(len(self)))
            else:
                self._live = [i for i, c in enumerate(column.codes) if c == 0]
        return self._live

    def rows(self, *, include_deleted: bool = False) -> Sequence[int]:
        return range(len(self)) if include_deleted else self.live_rows()

    def index(self, column: str, *, include_deleted: bool = False) -> Mapping[Any, list[int]]:
        """Typed value -> rows holding it (empty and invalid cells left out); cached.

        >>> # export.table("Enrollment").index("PersonalID")["P1"]  -> [0, 7]
        """
        key = (column, include_deleted)
        cached = self._indexes.get(key)
        if cached is not None:
            return cached
        col = self.columns[column]
        by_code: dict[int, list[int]] = {}
        codes = col.codes
        for row in self.rows(include_deleted=include_deleted):
            code = codes[row]
            if code:
                entry = by_code.get(code)
                if entry is None:
                    by_code[code] = [row]
                else:
                    entry.append(row)
        values = col.values
        result: dict[Any, list[int]] = {}
        for code, rows in by_code.items():
            value = values[code]
            if value is None:
                continue
            existing = result.get(value)
            if existing is None:
                result[value] = rows
            else:  # two texts with one value (e.g. "01" and "1"): merge in row order
                result[value] = sorted(existing + rows)
        self._indexes[key] = result
        return result

    def raw_row(self, row: int) -> dict[str, str]:
        """Every cell of ``row`` as read, by column name (source columns only)."""
        return {name: self.columns[name].raw(row) for name in self.header}

    def canonical_row(self, row: int, columns: Sequence[str]) -> list[str]:
        """Cells of ``row`` for writing: canonical text for valid values, raw text otherwise."""
        out = []
        for name in columns:
            col = self.columns[name]
            code = col.codes[row]
            value = col.values[code]
            out.append(col.raw_texts[code] if value is None else format_value(value))
        return out
