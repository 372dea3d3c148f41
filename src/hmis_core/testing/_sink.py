"""Where synthetic rows go: CSV files on disk (streamed) or an in-memory Export.

Rows are lists of text in the specification's column order; :class:`RowMaker` builds them
from column names so generator code reads like the data it describes.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from hmis_core._export import Export
from hmis_core._table import Table, TableBuilder
from hmis_core.elements import FY2026, Standard

__all__ = ["CsvSink", "ExportSink", "RowMaker", "Sink"]


class RowMaker:
    """Builds rows of one file from ``column=value`` pairs (values already text)."""

    __slots__ = ("blank", "index", "name")

    def __init__(self, name: str, standard: Standard = FY2026) -> None:
        spec = standard.file(name)
        self.name = name
        self.index = {c: i for i, c in enumerate(spec.column_names)}
        self.blank = [""] * len(spec.columns)

    def row(self, values: dict[str, str]) -> list[str]:
        row = self.blank.copy()
        index = self.index
        for column, value in values.items():
            row[index[column]] = value
        return row


class Sink:
    """Receives rows file by file."""

    def add(self, file: str, row: list[str]) -> None:
        raise NotImplementedError

    def add_many(self, file: str, rows: Iterable[list[str]]) -> None:
        for row in rows:
            self.add(file, row)


class CsvSink(Sink):
    """Streams rows to the 24 CSV files of a folder, or of a zip (written through a
    temporary folder, since a zip takes one member at a time)."""

    def __init__(self, target: str | Path, standard: Standard = FY2026) -> None:
        self.target = Path(target)
        self.standard = standard
        self.zip = self.target.suffix.lower() == ".zip"
        self._tmp = Path(tempfile.mkdtemp(prefix="hmis-synth-")) if self.zip else None
        folder = self._tmp if self._tmp is not None else self.target
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        for spec in standard.files:
            f = (folder / spec.filename).open("w", encoding="utf-8", newline="")
            writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(spec.column_names)
            self._files[spec.name] = f
            self._writers[spec.name] = writer

    def add(self, file: str, row: list[str]) -> None:
        self._writers[file].writerow(row)

    def add_many(self, file: str, rows: Iterable[list[str]]) -> None:
        self._writers[file].writerows(rows)

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        if self._tmp is not None:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(self.target, "w", compression=zipfile.ZIP_DEFLATED) as z:
                for spec in self.standard.files:
                    info = zipfile.ZipInfo(spec.filename, date_time=(2026, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with (self._tmp / spec.filename).open("rb") as src, \
                            z.open(info, "w", force_zip64=True) as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
            shutil.rmtree(self._tmp, ignore_errors=True)


class ExportSink(Sink):
    """Collects rows into an in-memory :class:`Export`, converting them in chunks."""

    _CHUNK = 20_000

    def __init__(self, standard: Standard = FY2026) -> None:
        self.standard = standard
        self._builders = {s.name: TableBuilder(s, standard, s.column_names)
                          for s in standard.files}
        self._pending: dict[str, list[list[str]]] = {s.name: [] for s in standard.files}

    def add(self, file: str, row: list[str]) -> None:
        pending = self._pending[file]
        pending.append(row)
        if len(pending) >= self._CHUNK:
            self._builders[file].add_rows(pending)
            pending.clear()

    def build(self) -> Export:
        tables: dict[str, Table] = {}
        for name, builder in self._builders.items():
            builder.add_rows(self._pending[name])
            self._pending[name] = []
            tables[name] = builder.build()
        return Export(tables, standard=self.standard)
