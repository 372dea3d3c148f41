"""``read_export``: an HMIS CSV export (zip or folder) into an :class:`~hmis_core.Export`.

Read liberally: columns are mapped by header name (case, spaces, order and quotes forgiven,
each reported), ragged rows are padded or their surplus kept apart, non-UTF-8 lines decoded
as Windows-1252, and unambiguous value quirks repaired (:mod:`._repair`). Nothing raises on
bad data: every problem becomes a :class:`~hmis_core.Finding` and the rest is still read.
Files are parsed by the C csv module in chunks and stored column-wise, so memory follows the
distinct values, not the file size.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
import multiprocessing
import os
import pickle
import re
import sys
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from hmis_core._export import Export
from hmis_core._findings import Finding, Severity
from hmis_core._fork import hand_back, remove_folder, take_back, temporary_folder
from hmis_core._gc import paused_gc
from hmis_core._table import Table, TableBuilder, pack_table, unpack_table
from hmis_core.csvspec import _fy2024
from hmis_core.csvspec._checks import finding
from hmis_core.csvspec._eva import HIGH_PRIORITY_NAMES
from hmis_core.csvspec._repair import repair_column
from hmis_core.csvspec._source import ExportSource, decode_blocks, open_source
from hmis_core.csvspec._validate import precompute
from hmis_core.elements import FY2026, FileSpec, Standard

__all__ = ["read_export"]

_CHUNK_ROWS = 20_000
OVERFLOW_COLUMN = "(extra fields)"
"""Extra column holding, as CSV text, the fields of rows longer than the header."""

EVA_OPTIONAL_FILES = frozenset({"Affiliation", "AssessmentQuestions", "AssessmentResults",
                                "Disabilities"})
"""Files HUD's Eva does not require (NOTES.md); missing, they are an error, not high priority."""

Progress = Callable[[str, int], None]


def _fold(name: str) -> str:
    return re.sub(r"[\s_\"'\u201c\u201d\ufeff]", "", name).lower()


def _column_severity(name: str) -> Severity:
    """Eva: a missing or extra column is high priority when its name is high priority in any
    file (checks 12 / 82)."""
    return Severity.HIGH if name in HIGH_PRIORITY_NAMES else Severity.ERROR


def map_header(
    header: Sequence[str],
    spec: FileSpec,
    findings: list[Finding],
    *,
    fy2024: bool = False,
) -> list[str]:
    """Target column name for each position of ``header`` (spec names where they can be
    matched, otherwise unique extra names), recording every mismatch as a finding.

    With ``fy2024`` the FY2024 layout is expected: renamed columns are mapped, dropped ones
    kept as extra columns (reported by the migration), new FY2026 columns not missed."""
    renamed = _fy2024.RENAMED.get(spec.name, {}) if fy2024 else {}
    dropped = set(_fy2024.DROPPED.get(spec.name, ())) if fy2024 else set()
    added = set(_fy2024.ADDED.get(spec.name, ())) if fy2024 else set()
    header = [renamed.get(h.strip(), h) for h in header]
    exact = set(spec.column_names)
    folded = {_fold(c): c for c in spec.column_names}
    names: list[str] = []
    used: set[str] = set()
    for position, raw in enumerate(header, start=1):
        target = raw if raw in exact else folded.get(_fold(raw))
        if target is not None and target not in used:
            if raw != target:
                findings.append(finding(
                    "column_name_mismatch", file=spec.name, row=1, column=target, value=raw,
                    message=f"header {raw!r} (column {position}) should be spelled {target!r}",
                    severity=_column_severity(target),
                ))
        else:
            if target is not None:
                findings.append(finding(
                    "duplicate_column", file=spec.name, row=1, column=target, value=raw,
                    message=f"column {target} appears again at position {position}",
                ))
            elif raw.strip() not in dropped:
                findings.append(finding(
                    "extra_column", file=spec.name, row=1, column=raw.strip() or None, value=raw,
                    message=f"column {raw!r} (position {position}) is not a column of "
                    f"{spec.filename}", severity=_column_severity(raw.strip()),
                ))
            base = raw.strip() or f"(column {position})"
            target = base if base not in used and base not in exact else f"{base} #{position}"
        names.append(target)
        used.add(target)
    for column in spec.columns:
        if column.name not in used and column.name not in added:
            findings.append(finding(
                "missing_column", file=spec.name, row=1, column=column.name,
                element=column.element,
                message=f"{spec.filename} has no {column.name} column",
                severity=_column_severity(column.name),
            ))
    present = [n for n in names if n in exact]
    if present != [c for c in spec.column_names if c in used]:
        findings.append(finding(
            "column_order", file=spec.name, row=1,
            message=f"the columns of {spec.filename} are not in the specification's order",
        ))
    return names


_STORAGE_ERRORS = (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error,
                   NotImplementedError, RuntimeError)
"""What a damaged zip member or file raises while being read."""


def _line_breaks(row: list[str]) -> int:
    """How many line breaks the row's quoted fields hold (they make the row span lines)."""
    return sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in row)


def _row_chunks(
    reader: Any, file: str, findings: list[Finding], offset: int = 0,
) -> Iterator[tuple[list[list[str]], list[int]]]:
    """Rows in chunks, each with the line it starts on; blank lines skipped, malformed lines
    become findings. The rows of a chunk are collected by a tight loop and their lines
    worked out once per chunk (one line per row unless a quoted field spans lines). If the
    file itself cannot be read further (a damaged zip member), what was read is kept.
    ``offset``: lines of the file read before the reader's first."""
    finished = False
    while not finished:
        rows: list[list[str]] = []
        append = rows.append
        start = reader.line_num + offset
        bad_line = 0
        finished = True
        try:
            for row in reader:
                append(row)
                if len(rows) >= _CHUNK_ROWS:
                    finished = False
                    break
        except csv.Error as err:
            bad_line = reader.line_num + offset
            findings.append(finding("csv_syntax", file=file, row=bad_line,
                                    message=f"line cannot be parsed as CSV: {err}"))
            finished = False
        except _STORAGE_ERRORS as err:
            findings.append(_unreadable_past(file, reader.line_num + offset + 1, err))
        consumed = reader.line_num + offset - start - (1 if bad_line else 0)
        if consumed == len(rows):
            lines = list(range(start + 1, start + 1 + len(rows)))
        else:
            lines = []
            line = start + 1
            for row in rows:
                lines.append(line)
                line += 1 + _line_breaks(row)
        if not all(rows):
            kept = [(r, n) for r, n in zip(rows, lines, strict=True) if r]
            rows = [r for r, _ in kept]
            lines = [n for _, n in kept]
        if rows:
            yield rows, lines


def _unreadable_past(file: str, line: int, err: BaseException) -> Finding:
    return finding("csv_syntax", file=file, row=line, message=f"the file cannot be read "
                   f"past this line: {err}; the lines before it were read")


PLAIN_BLOCKS = True
"""Split plain blocks without the csv module (:func:`_plain_columns`); tests turn it off to
compare both ways of reading."""
_Chunk = tuple["list[list[str]] | None", "list[list[str]] | None", "Sequence[int]"]
"""(rows, None, lines) from the csv module, or (None, columns, lines) from the fast path."""
_ODD_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
_ODD_BREAKS_UNICODE = ("\x85", "\u2028", "\u2029")
"""Characters other than CR and LF that ``str.splitlines`` (so the csv path) breaks at."""


def _plain_columns(text: str, width: int) -> list[list[str]] | None:
    """The columns of a block of lines in which no field is quoted and every line has
    ``width`` fields, split at C speed without the csv module; None for any other block
    (quotes, a blank or ragged line, a lone CR or another line break, a line longer than
    the csv module's field size limit), which the csv module then reads."""
    if '"' in text or any(map(text.__contains__, _ODD_BREAKS)) or (
            not text.isascii() and any(map(text.__contains__, _ODD_BREAKS_UNICODE))):
        return None
    end = "\n"
    if "\r" in text:
        crlf = text.count("\r\n")
        if text.count("\r") != crlf or text.count("\n") != crlf:  # mixed line ends
            return None
        end = "\r\n"  # split at it: no copy of the block with the CRs removed
    text = text.removesuffix(end)
    if not text:
        return None
    lines = text.split(end)
    if set(map(str.count, lines, itertools.repeat(","))) != {width - 1} or \
            max(map(len, lines)) > csv.field_size_limit():  # the csv module reports it
        return None
    cells = ",".join(lines).split(",")
    return [cells[j::width] for j in range(width)]


def _file_chunks(blocks: Iterator[str], file: str, findings: list[Finding]
                 ) -> Iterator[list[str] | _Chunk]:
    """The header row, then the file's rows in chunks. Blocks of plain lines (the usual
    export: nothing quoted, every line complete) are split into columns directly; from the
    first other block on, the csv module reads the rest of the file row by row."""
    header: list[str] | None = None
    pending = ""
    line = 0  # lines of the file read so far
    try:
        for text in blocks:
            if header is None:
                first, _, text = text.partition("\n")  # noqa: PLW2901
                first = first.removesuffix("\r")
                if not PLAIN_BLOCKS or "," not in first or first.strip() != first or \
                        _plain_columns(first, first.count(",") + 1) is None:
                    pending = f"{first}\n{text}"
                    break
                header = first.split(",")
                yield header
                line = 1
                if not text:
                    continue
            columns = _plain_columns(text, len(header))
            if columns is None:
                pending = text
                break
            rows = len(columns[0])
            yield None, columns, range(line + 1, line + 1 + rows)
            line += rows
        else:
            return
    except _STORAGE_ERRORS as err:
        findings.append(_unreadable_past(file, line + 1, err))
        return
    lines = itertools.chain(pending.splitlines(keepends=True),
                            itertools.chain.from_iterable(map(str.splitlines, blocks,
                                                              itertools.repeat(True))))
    for rows_read, row_lines in _row_chunks(csv.reader(lines), file, findings, offset=line):
        if header is None:
            header = rows_read[0]
            yield header
            del rows_read[0], row_lines[0]
            if not rows_read:
                continue
        yield rows_read, None, row_lines


def _read_table(
    source: ExportSource, spec: FileSpec, standard: Standard, findings: list[Finding],
    progress: Progress | None, *, fy2024: bool = False, keep: list[str] | None = None,
) -> Table:
    with source.open_bytes(spec.name) as raw:
        chunks = _file_chunks(decode_blocks(raw, spec.name, findings), spec.name, findings)
        first = next(chunks, None)
        if first is None:
            findings.append(finding("empty_file", file=spec.name,
                                    message=f"{spec.filename} is empty: not even a header row"))
            return TableBuilder(spec, standard, []).build()
        assert isinstance(first, list)
        names = map_header(first, spec, findings, fy2024=fy2024)
        width = len(names)
        builder: TableBuilder | None = None
        for chunk in chunks:
            assert isinstance(chunk, tuple)
            rows, columns, lines = chunk
            if columns is not None:
                if builder is None:
                    builder = TableBuilder(spec, standard, names, keep)
                builder.add_columns(columns, lines)
            else:
                assert rows is not None
                assert isinstance(lines, list)
                overflow: list[tuple[int, str]] = []
                if set(map(len, rows)) - {width}:
                    _fix_widths(rows, lines, width, spec.name, findings, overflow)
                builder = _flush(builder, spec, standard, names, rows, lines, overflow, keep)
            if progress:
                progress(spec.name, len(builder.lines))
        if builder is None:
            builder = TableBuilder(spec, standard, names, keep)
        return builder.build()


def _fix_widths(rows: list[list[str]], lines: list[int], width: int, file: str,
                findings: list[Finding], overflow: list[tuple[int, str]]) -> None:
    """Pad short rows; move the surplus fields of long rows to the overflow column."""
    for i, row in enumerate(rows):
        if len(row) == width:
            continue
        if len(row) < width:
            findings.append(finding(
                "row_too_short", file=file, row=lines[i],
                message=f"{len(row)} fields where the header has {width}",
            ))
            row.extend([""] * (width - len(row)))
        else:
            findings.append(finding(
                "row_too_long", file=file, row=lines[i],
                message=f"{len(row)} fields where the header has {width}; the extra "
                f"fields are kept in {OVERFLOW_COLUMN!r}",
            ))
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="").writerow(row[width:])
            overflow.append((i, buffer.getvalue()))
            del row[width:]


def _flush(
    builder: TableBuilder | None,
    spec: FileSpec,
    standard: Standard,
    names: list[str],
    chunk: list[list[str]],
    lines: list[int],
    overflow: list[tuple[int, str]],
    keep: list[str] | None = None,
) -> TableBuilder:
    """Hand a chunk to the table builder. Rows that overflowed get one more column; since it
    is only known at the end whether any did, the overflow column is added per chunk."""
    if keep is not None:  # only some columns are wanted: the surplus fields are not kept
        overflow.clear()
    if builder is None:
        header = [*names, OVERFLOW_COLUMN] if overflow else names
        builder = TableBuilder(spec, standard, header,
                               None if keep is None else [*keep, OVERFLOW_COLUMN])
    if overflow and OVERFLOW_COLUMN not in builder.header:
        # first overflow after some chunks were stored: rebuild with the extra column
        builder = _with_overflow(builder, spec, standard, keep)
    if OVERFLOW_COLUMN in builder.header:
        extra = dict(overflow)
        for i, row in enumerate(chunk):
            row.append(extra.get(i, ""))
    builder.add_rows(chunk, lines)
    chunk.clear()
    lines.clear()
    overflow.clear()
    return builder


def _with_overflow(builder: TableBuilder, spec: FileSpec, standard: Standard,
                   keep: list[str] | None) -> TableBuilder:
    table = builder.build()
    rebuilt = TableBuilder(spec, standard, [*builder.header, OVERFLOW_COLUMN],
                           None if keep is None else [*keep, OVERFLOW_COLUMN])
    rows = [[table[name].raw(r) for name in builder.header] + [""] for r in range(len(table))]
    rebuilt.add_rows(rows, list(table.lines))
    return rebuilt


def _declares_fy2024(table: Table) -> bool:
    return bool(len(table)) and "CSVVersion" in table and _fy2024.is_fy2024(
        table["CSVVersion"].raw(0))


def _reference_year(table: Table | None) -> int:
    if table is not None and len(table) and "ExportDate" in table:
        raw = table["ExportDate"].raw(0)
        if raw[:4].isdigit():
            return int(raw[:4])
    return datetime.date.today().year


def read_export(
    path: str | os.PathLike[str],
    *,
    standard: Standard = FY2026,
    repair: bool = True,
    progress: Progress | None = None,
    files: Iterable[str] | None = None,
    columns: Mapping[str, Iterable[str]] | None = None,
    workers: int | None = None,
) -> tuple[Export, list[Finding]]:
    """Read an HMIS CSV export from a ``.zip`` or a folder.

    Returns the export and the findings made while reading (file structure, headers, CSV
    syntax, encodings). Bad data never raises; a path that cannot be read at all gives an
    empty export and a high-priority finding. Only a path that does not exist raises
    (``FileNotFoundError``). With ``repair`` (the default) unambiguous value quirks are
    repaired (the raw text is kept, and :func:`hmis_core.validate` reports each repaired
    cell). ``progress(file, rows)`` is called as rows are read. ``files`` reads only those
    files (e.g. ``["Client"]`` for deduplication; Export.csv is always read), the others
    left absent without findings; ``columns`` maps a file to the only columns to build (the
    others read as empty): reading what a task needs is much faster on large files.

    ``workers``: large exports (over 16 MB of CSV) are read by two processes, each parsing
    its share of the files, where the platform can fork safely (Linux, no other thread
    running); ``workers=1`` reads in this process only, ``workers=2`` uses the second
    process whatever the size. The result is the same either way.

    >>> import hmis_core
    >>> export, findings = read_export(hmis_core.sample_export_path())
    >>> len(export.clients), findings
    (1000, [])
    >>> clients, _ = read_export(hmis_core.sample_export_path(), files=["Client"],
    ...                          columns={"Client": ["PersonalID", "DOB"]})
    >>> clients.table("Enrollment").present, clients.table("Client")["FirstName"][0]
    (False, None)
    """
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}")
    with paused_gc():
        return _read_export(path, standard=standard, repair=repair, progress=progress,
                            files=files, columns=columns, workers=workers)


_PARALLEL_BYTES = 16 * 1024 * 1024
"""Least CSV size (uncompressed) worth a second process by default."""

Job = tuple[FileSpec, "list[str] | None"]


def _read_one(source: ExportSource, spec: FileSpec, standard: Standard,
              findings: list[Finding], progress: Progress | None, *, fy2024: bool,
              keep: list[str] | None) -> Table | None:
    """One file's table (None when its storage cannot be opened: a finding says so)."""
    try:
        return _read_table(source, spec, standard, findings, progress, fy2024=fy2024,
                           keep=keep)
    except _STORAGE_ERRORS as err:  # a zip member that cannot be opened
        findings.append(finding("csv_syntax", file=spec.name,
                                message=f"{spec.filename} cannot be read: {err}"))
        return None


def _repair_table(table: Table, standard: Standard, year: int) -> None:
    for column in table.columns.values():
        repair_column(column, standard, year)


def _read_export(
    path: str | os.PathLike[str],
    *,
    standard: Standard,
    repair: bool,
    progress: Progress | None,
    files: Iterable[str] | None,
    columns: Mapping[str, Iterable[str]] | None,
    workers: int | None = None,
) -> tuple[Export, list[Finding]]:
    source, findings = open_source(path)
    if source is None:
        return Export({}, standard=standard, source=str(path)), findings
    tables: dict[str, Table] = {}
    notes: dict[str, list[Finding]] = {}  # findings per file, reported in the spec's order
    fy2024 = False
    year = datetime.date.today().year
    wanted = None if files is None else {f.removesuffix(".csv") for f in files} | {"Export"}
    try:
        known = {f.name.lower() for f in standard.files}
        for name in source.names():
            if name.lower() not in known:
                findings.append(finding("unexpected_file", file=name,
                                        message=f"{name}.csv is not an HMIS CSV file; ignored"))
        jobs: list[Job] = []
        for spec in standard.files:
            if wanted is not None and spec.name not in wanted:
                continue
            found = source.find(spec.name)
            file_notes = notes.setdefault(spec.name, [])
            if found is not None and found != spec.name:
                file_notes.append(finding(
                    "file_name_mismatch", file=spec.name, value=f"{found}.csv",
                    message=f"{found}.csv should be named {spec.filename} (HUD's tools match "
                    "file names exactly); it was read",
                ))
            if found is None:
                if spec.name == "Export":
                    file_notes.append(finding("missing_export_file", file="Export",
                                              message="the export has no Export.csv"))
                else:
                    file_notes.append(finding(
                        "missing_file", file=spec.name,
                        message=f"the export has no {spec.filename}",
                        severity=Severity.ERROR if spec.name in EVA_OPTIONAL_FILES else None,
                    ))
                continue
            keep = None if columns is None or spec.name not in columns else \
                list(columns[spec.name])
            if spec.name != "Export":
                jobs.append((spec, keep))
                continue
            # Export.csv first: it says whether this is an FY2024 export, and its year
            table = _read_one(source, spec, standard, file_notes, progress, fy2024=False,
                              keep=keep)
            if table is not None:
                tables[spec.name] = table
                fy2024 = _declares_fy2024(table)
        year = _reference_year(tables.get("Export"))
        repair_now = repair and not fy2024  # an FY2024 export is repaired once converted
        if repair_now and "Export" in tables:
            _repair_table(tables["Export"], standard, year)
        child = None
        if not fy2024 and _use_two_processes(workers, source, jobs):
            # both processes take the next file, largest first, until none is left
            jobs.sort(key=lambda job: -source.size(job[0].name))
            child = _Child.start(path, jobs, standard, repair_now, year)
        def read_here(spec: FileSpec, keep: list[str] | None) -> None:
            table = _read_one(source, spec, standard, notes[spec.name], progress,
                              fy2024=fy2024, keep=keep)
            if table is not None:
                tables[spec.name] = table
                if repair_now:
                    _repair_table(table, standard, year)
                precompute(table)

        done: set[str] = set()

        def take(received: Iterator[tuple[str, Table | None, list[Finding]]]) -> None:
            for name, table, file_notes in received:
                done.add(name)
                notes[name].extend(file_notes)
                if table is not None:
                    tables[name] = table
                    if progress:
                        progress(name, len(table))

        for spec, keep in jobs if child is None else child.claim():
            read_here(spec, keep)
            done.add(spec.name)
            if child is not None:  # convert what the second process has sent meanwhile
                take(child.received(standard))
        if child is not None:
            take(child.finish(standard))
            for spec, keep in jobs:  # the second process failed: the rest is read here
                if spec.name not in done:
                    read_here(spec, keep)
    finally:
        source.close()
    for spec in standard.files:
        findings.extend(notes.get(spec.name, ()))
    if fy2024:
        findings.append(finding(
            "fy2024_export", file="Export", row=2, column="CSVVersion",
            value=tables["Export"]["CSVVersion"].raw(0),
            message="this is an FY2024 export; it was converted to FY2026 on reading (write "
            "it with `hmis convert` to get an FY2026 export)",
        ))
        _fy2024.migrate(tables, findings)
        if repair:
            for table in tables.values():
                _repair_table(table, standard, year)
    return Export(tables, standard=standard, source=str(path)), findings


# ---------------------------------------------------------------------- a second process

def _use_two_processes(workers: int | None, source: ExportSource, jobs: list[Job]) -> bool:
    """Whether to read with a second process: asked for (or a large export by default),
    more than one file to share, and a platform where forking is safe."""
    if workers == 1 or len(jobs) < 2:
        return False
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False  # fork is unsafe with other threads running, and absent on Windows
    if workers is None:
        return (os.cpu_count() or 1) > 1 and \
            sum(source.size(spec.name) for spec, _ in jobs) >= _PARALLEL_BYTES
    return True


class _Child:
    """A forked process reading files and handing each back packed
    (:func:`hmis_core._table.pack_table`) as soon as it is read: pickled into a file of a
    private temporary folder, whose name it sends (a pipe holds a small message without
    waiting for this process; a large one would make it wait until this process reads).
    It and this process take files from one shared list, the next one each time either is
    free, so neither waits for the other; this process converts what it was sent between
    its own files and at the end. Any failure of it (it could not start, died, raised)
    leaves the files it did not hand back to this process."""

    def __init__(self, process: Any, receiver: Any, jobs: list[Job], counter: Any,
                 folder: str) -> None:
        self.process = process
        self.receiver = receiver
        self.jobs = jobs
        self.counter = counter
        self.folder = folder
        self._ended = False

    @classmethod
    def start(cls, path: str | os.PathLike[str], jobs: list[Job], standard: Standard,
              repair: bool, year: int) -> _Child | None:
        context = multiprocessing.get_context("fork")
        folder = temporary_folder()  # "" if there is none: tables come through the pipe
        receiver, sender = context.Pipe(duplex=False)
        counter = context.Value("i", 0)
        process = context.Process(target=_child_main, daemon=True, args=(
            sender, path, jobs, counter, standard, repair, year, folder))
        try:
            process.start()
        except (OSError, AssertionError, ValueError):  # e.g. a daemon may not have children
            receiver.close()
            sender.close()
            remove_folder(folder)
            return None
        sender.close()
        return cls(process, receiver, jobs, counter, folder)

    def claim(self) -> Iterator[Job]:
        """The files this process reads: the next unclaimed one each time."""
        yield from _claim(self.jobs, self.counter)

    def received(self, standard: Standard, *, wait: bool = False
                 ) -> Iterator[tuple[str, Table | None, list[Finding]]]:
        """The tables handed back so far (with ``wait``, all of them), converted."""
        while not self._ended:
            try:
                if not wait and not self.receiver.poll():
                    return
                message = self.receiver.recv_bytes()
            except (EOFError, OSError):  # it died
                message = _FAILED
            if message in (_DONE, _FAILED):
                self._ended = True
                return
            try:
                name, packed, notes = take_back(message)
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
                self._ended = True  # a damaged message: what it held is read here
                return
            del message
            yield name, None if packed is None else unpack_table(packed, standard), notes

    def finish(self, standard: Standard) -> Iterator[tuple[str, Table | None, list[Finding]]]:
        """The rest of the files the second process read (none if it failed)."""
        try:
            yield from self.received(standard, wait=True)
        finally:
            self._ended = True
            self.receiver.close()
            self.process.join()
            remove_folder(self.folder)


_DONE = b"done"
_FAILED = b""
"""End markers of the second process's messages."""
def _claim(jobs: list[Job], counter: Any) -> Iterator[Job]:
    while True:
        with counter.get_lock():
            k = counter.value
            counter.value = k + 1
        if k >= len(jobs):
            return
        yield jobs[k]


def _child_main(sender: Any, path: str | os.PathLike[str], jobs: list[Job], counter: Any,
                standard: Standard, repair: bool, year: int, folder: str) -> None:
    """The second process: read the files it claims and send each packed as soon as it is
    read, then an end marker (:data:`_FAILED` on any failure: the first process then reads
    the files it did not receive itself)."""
    end = _DONE
    try:
        source, _ = open_source(path)
        if source is None:
            raise OSError(f"cannot open {path}")
        try:
            for spec, keep in _claim(jobs, counter):
                file_notes: list[Finding] = []
                table = _read_one(source, spec, standard, file_notes, None, fy2024=False,
                                  keep=keep)
                if table is not None:
                    if repair:
                        _repair_table(table, standard, year)
                    precompute(table)  # here, while the first process still reads
                packed = None if table is None else pack_table(table)
                del table
                sender.send_bytes(hand_back((spec.name, packed, file_notes), folder))
                del packed
        finally:
            source.close()
    except Exception:  # any failure: the first process reads the files not sent itself
        end = _FAILED
    with contextlib.suppress(OSError):
        sender.send_bytes(end)
        sender.close()
