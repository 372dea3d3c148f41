"""Finding the CSV files of an export in a zip or a folder, and opening them as text.

Real uploads are messy: CSVs inside a sub-folder of the zip, lower-case file names, macOS
``__MACOSX`` litter, a BOM, Windows-1252 bytes. This module locates the files and decodes
them, recording each oddity as a :class:`~hmis_core.Finding`; it raises only for I/O errors
on a path that does not exist.
"""

from __future__ import annotations

import codecs
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from hmis_core._findings import Finding
from hmis_core.csvspec._checks import finding

__all__ = ["ExportSource", "decode_blocks", "open_source"]


class ExportSource:
    """The CSV members of one export: file stem (as written) -> opener of its bytes."""

    def __init__(self, description: str) -> None:
        self.description = description
        self.members: dict[str, tuple[str, object]] = {}
        """Lower-case stem -> (name as found, handle used by :meth:`open_bytes`)."""
        self._zip: zipfile.ZipFile | None = None

    def names(self) -> list[str]:
        return [name for name, _ in self.members.values()]

    def find(self, stem: str) -> str | None:
        """The member name for file ``stem`` (``"Client"``), matched case-insensitively."""
        entry = self.members.get(stem.lower())
        return entry[0] if entry else None

    def open_bytes(self, stem: str) -> IO[bytes]:
        _, handle = self.members[stem.lower()]
        if self._zip is not None:
            assert isinstance(handle, zipfile.ZipInfo)
            return self._zip.open(handle)
        assert isinstance(handle, Path)
        return handle.open("rb")

    def size(self, stem: str) -> int:
        """Uncompressed size in bytes of file ``stem`` (0 when unknown)."""
        _, handle = self.members[stem.lower()]
        try:
            if isinstance(handle, zipfile.ZipInfo):
                return handle.file_size
            assert isinstance(handle, Path)
            return handle.stat().st_size
        except OSError:
            return 0

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _is_junk(path: PurePosixPath) -> bool:
    return any(part.startswith(("__MACOSX", ".")) for part in path.parts)


def open_source(path: str | os.PathLike[str]) -> tuple[ExportSource | None, list[Finding]]:
    """Open a zip or a folder holding an HMIS CSV export.

    Returns (None, findings) when nothing can be read from ``path`` at all: not a zip, a
    broken zip, or a folder or zip with no CSV file. CSVs that sit in one sub-folder are
    read (with a finding), as HUD's Eva would refuse them.
    """
    p = Path(path)
    findings: list[Finding] = []
    if not p.exists():
        raise FileNotFoundError(f"no such file or folder: {p}")
    source = ExportSource(str(p))
    candidates: list[tuple[PurePosixPath, object]] = []
    if p.is_dir():
        for child in sorted(p.rglob("*")):
            rel = PurePosixPath(child.relative_to(p).as_posix())
            if child.is_file() and not _is_junk(rel):
                candidates.append((rel, child))
    else:
        if not zipfile.is_zipfile(p):
            findings.append(
                finding("not_a_zip", file=None, message=f"{p.name} is not a zip file or a "
                        "folder; an HMIS CSV export must be uploaded as a .zip of CSV files")
            )
            return None, findings
        try:
            archive = zipfile.ZipFile(p)
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError) as err:  # damaged, encrypted or unsupported zip structures
            findings.append(finding("not_a_zip", file=None,
                                    message=f"{p.name} cannot be opened as a zip: {err}"))
            return None, findings
        source._zip = archive
        for info in infos:
            rel = PurePosixPath(info.filename)
            if not info.is_dir() and not _is_junk(rel):
                candidates.append((rel, info))
    csvs = [(rel, h) for rel, h in candidates if rel.suffix.lower() == ".csv"]
    if not csvs:
        findings.append(finding("no_csv_files", file=None,
                                message=f"{p.name} holds no CSV file: it is not an HMIS CSV "
                                "export"))
        source.close()
        return None, findings
    depth = min(len(rel.parts) for rel, _ in csvs)
    top = [(rel, h) for rel, h in csvs if len(rel.parts) == depth]
    if depth > 1:
        folders = sorted({str(rel.parent) for rel, _ in top})
        findings.append(finding(
            "csv_in_subfolder", file=None, value=folders[0],
            message=f"the CSV files sit in the folder {folders[0]!r} instead of at the root of "
            "the zip; zip the files themselves, not the folder that holds them",
        ))
        top = [(rel, h) for rel, h in top if str(rel.parent) == folders[0]]
    for rel, handle in top:
        stem = rel.stem
        key = stem.lower()
        if key in source.members:
            findings.append(finding("duplicate_file", file=source.members[key][0],
                                    message=f"{rel.name} appears more than once; the first "
                                    "is read"))
            continue
        source.members[key] = (stem, handle)
    return source, findings


_BLOCK = 1 << 20


def _line_blocks(raw: IO[bytes]) -> Iterator[bytes]:
    """The stream in blocks of whole lines (about a megabyte each)."""
    pending = b""
    while True:
        chunk = raw.read(_BLOCK)
        if not chunk:
            if pending:
                yield pending
            return
        chunk = pending + chunk
        cut = chunk.rfind(b"\n") + 1
        if cut == 0:
            pending = chunk
            continue
        pending = chunk[cut:]
        yield chunk[:cut]


def decode_blocks(raw: IO[bytes], file: str, findings: list[Finding]) -> Iterator[str]:
    """The text of a CSV member in blocks of whole lines (about a megabyte each).

    Each line is decoded as UTF-8 (a leading BOM is dropped, with an info finding); a line
    that is not UTF-8 is decoded as Windows-1252, which maps every byte, so nothing is lost
    and nothing raises (one finding per file, at the first such line). NUL bytes are removed
    (a finding per line).
    """
    bad_lines = 0
    first_bad = 0
    number = 0
    for block in _line_blocks(raw):
        if number == 0 and block.startswith(codecs.BOM_UTF8):
            block = block[len(codecs.BOM_UTF8):]  # noqa: PLW2901
            findings.append(finding("utf8_bom", file=file, message="the file starts with a "
                                    "UTF-8 byte-order mark; it was ignored"))
        try:  # the usual case: a whole block of clean UTF-8, decoded in C
            text = block.decode("utf-8")
            if "\x00" not in text:
                number += text.count("\n") + (not text.endswith("\n"))
                yield text
                continue
        except UnicodeDecodeError:
            pass
        lines = []
        for line in block.splitlines(keepends=True):
            number += 1
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                bad_lines += 1
                first_bad = first_bad or number
                text = line.decode("cp1252", errors="replace")
            if "\x00" in text:
                findings.append(finding("csv_syntax", file=file, row=number,
                                        message="the line holds NUL bytes; they were removed"))
                text = text.replace("\x00", "")
            lines.append(text)
        yield "".join(lines)
    if bad_lines:
        findings.append(finding(
            "not_utf8", file=file, row=first_bad,
            message=f"{bad_lines} line(s) of the file, the first at line {first_bad}, are not "
            "valid UTF-8 and were read as Windows-1252; export the file as UTF-8",
        ))
