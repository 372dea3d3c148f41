"""Writing small generated text files (report CSVs, summaries) into a zip."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["write_zip"]


def write_zip(path: str | Path, files: Mapping[str, str]) -> Path:
    """Write text ``files`` (name → content) as UTF-8 at the root of the zip ``path``.

    >>> import tempfile, zipfile
    >>> out = write_zip(Path(tempfile.mkdtemp()) / "t.zip", {"Q5a.csv": "x\\r\\n"})
    >>> zipfile.ZipFile(out).namelist()
    ['Q5a.csv']
    """
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return path
