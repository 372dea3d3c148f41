"""``write_export``: an :class:`~hmis_core.Export` to HMIS CSV files, strictly.

Every file of the standard is written (a header row even when empty), columns in the
specification's order, valid values in canonical form (dates ``yyyy-mm-dd``, date-times
``yyyy-mm-dd hh:mm:ss``, money with two decimals), RFC 4180 quoting and CRLF line ends.
Invalid values are written back exactly as read, so read -> write -> read loses nothing.
Work is column-wise: each distinct value is formatted once.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hmis_core._export import Export
from hmis_core._table import Column, Table
from hmis_core.csvspec._hashing import hash_name, hash_ssn
from hmis_core.elements import FileSpec, format_value

__all__ = ["write_export"]

_HASHED_COLUMNS: dict[str, Callable[[str | None], str | None]] = {
    "FirstName": hash_name,
    "MiddleName": hash_name,
    "LastName": hash_name,
    "SSN": hash_ssn,
}


def _column_texts(
    column: Column, transform: Callable[[str | None], str | None] | None
) -> list[str]:
    texts = []
    for value, raw in zip(column.values, column.raw_texts, strict=True):
        text = raw if value is None else format_value(value)
        if transform is not None and text:
            text = transform(text) or ""
        texts.append(text)
    return texts


def _rows(table: Table, spec: FileSpec, hashed: bool, extra: bool) -> Iterator[tuple[str, ...]]:
    names = list(spec.column_names)
    if extra:
        names += [n for n in table.extra_columns if n not in names]
    streams = []
    for name in names:
        column = table[name]
        transform = _HASHED_COLUMNS.get(name) if hashed and spec.name == "Client" else None
        texts = _column_texts(column, transform)
        if spec.name == "Export" and hashed and name == "HashStatus":
            texts = [t and "4" for t in texts]
        streams.append(map(texts.__getitem__, column.codes))
    yield tuple(names)
    yield from zip(*streams, strict=True)


def _write_file(stream: io.TextIOBase | Any, rows: Iterator[tuple[str, ...]]) -> None:
    writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(rows)


def write_export(
    export: Export,
    path: str | os.PathLike[str],
    *,
    hashed: bool = False,
    keep_extra_columns: bool = False,
) -> None:
    """Write ``export`` to ``path``: a ``.zip`` (files at its root) or a folder.

    ``hashed=True`` writes HUD's hashed export (HashStatus 4): names as SHA-256 of their
    Soundex code, SSNs as last four digits + SHA-256 (see :mod:`._hashing`). An export that is
    already hashed (HashStatus 4) is written as it is. ``keep_extra_columns`` also writes
    columns the specification does not have (after the spec columns); by default the output
    holds exactly the specified columns.

    >>> import tempfile, pathlib, hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder) / "hashed.zip"
    ...     write_export(export, target, hashed=True)
    ...     hashed, _ = hmis_core.read_export(target)
    >>> hashed.export_record.hash_status
    <HashStatus.SHA_256: 4>
    >>> hashed.clients[0].ssn[:4]                     # last four digits in clear, then a hash
    '7645'
    """
    record = export.export_record
    already_hashed = record is not None and record.hash_status == 4
    hash_now = hashed and not already_hashed
    target = Path(path)
    if target.suffix.lower() == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for spec in export.standard.files:
                rows = _rows(export.table(spec.name), spec, hash_now, keep_extra_columns)
                with archive.open(spec.filename, "w", force_zip64=True) as raw, \
                        io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                    _write_file(text, rows)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for spec in export.standard.files:
            rows = _rows(export.table(spec.name), spec, hash_now, keep_extra_columns)
            with (target / spec.filename).open("w", encoding="utf-8", newline="") as f:
                _write_file(f, rows)
