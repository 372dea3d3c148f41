"""Build the name data shipped in src/hmis_core/_data/ (run by maintainers, not at run time).

Sources (downloaded with pip, nothing else fetched):

* US Census Bureau 1990 name frequency files (public domain), as packaged in the PyPI
  distribution ``names`` 0.3.0: ``dist.female.first``, ``dist.male.first``,
  ``dist.all.last``. We keep name and frequency (percent) of the most common names.
* The nickname table of the PyPI distribution ``nicknames`` 1.0.1 (Apache-2.0, Carlton
  Northern and Nick Crews): ``names.csv`` (name, relationship, nickname). Kept as is;
  see src/hmis_core/_data/NOTICE.

Usage: python tools/make_name_data.py
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "hmis_core" / "_data"
LIMITS = {"dist.female.first": 1500, "dist.male.first": 1000, "dist.all.last": 20000}
TARGETS = {"dist.female.first": "first_names_female.csv", "dist.male.first":
           "first_names_male.csv", "dist.all.last": "last_names.csv"}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp,
                        "names==0.3.0", "nicknames==1.0.1"], check=True)
        archive = next(Path(tmp).glob("names-*.tar.gz"))
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                base = member.name.rsplit("/", 1)[-1]
                if base in LIMITS:
                    data = tar.extractfile(member)
                    assert data is not None
                    lines = data.read().decode("ascii").splitlines()[: LIMITS[base]]
                    with (OUT / TARGETS[base]).open("w", newline="") as f:
                        w = csv.writer(f, lineterminator="\n")
                        w.writerow(["name", "percent"])
                        for line in lines:
                            name, percent = line.split()[:2]
                            w.writerow([name.title(), percent])
        wheel = next(Path(tmp).glob("nicknames-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            text = z.read("nicknames/names.csv").decode("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        with (OUT / "nicknames.csv").open("w", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
