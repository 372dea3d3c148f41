"""Generate hmis_core's element modules from the HMIS CSV spec tables.

The spec tables (``csv_columns_fy2026.csv``, ``lists_fy2026.csv``, ``csv_keys_fy2026.csv``,
``lists_fy2024_removed.csv`` and the file table of ``NOTES.md``) are the single source of
truth. This script turns them into committed Python modules, the way pydicom generates its
DICOM dictionary:

* ``src/hmis_core/elements/fy2026/_lists.py``: one :class:`HudList` enum per code list;
* ``src/hmis_core/elements/fy2026/_records.py``: one attrs record class per CSV file, each
  field carrying its :class:`ColumnSpec`, plus the key table;
* ``src/hmis_core/elements/fy2024/_lists.py``: the FY2024 lists the FY2026 CSV dropped.

Usage::

    python tools/generate_spec.py [--spec ../shared/spec] [--check]

``--check`` writes nothing and exits 1 if a generated module differs from what is committed
(``tests/test_spec_generated.py`` runs it).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import keyword
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "spec"
REPORTS_DATA = ROOT / "src" / "hmis_core" / "reports" / "_data"
ELEMENTS = ROOT / "src" / "hmis_core" / "elements"

CLASS_NAMES = {"Export": "ExportRecord"}
"""Record class names that differ from the file name (``hmis_core.Export`` is the export model)."""

PYTYPES = {"S": "str", "I": "int", "D": "datetime.date", "T": "datetime.datetime", "M": "Decimal"}
MISSING_LABEL = re.compile(r"doesn.t know|prefers not to answer|data not collected", re.I)


# --------------------------------------------------------------------------- naming


def snake_case(column: str) -> str:
    """HUD column name -> attribute name (``RelationshipToHoH`` -> ``relationship_to_hoh``)."""
    s = column.replace("CoC", "Coc").replace("HoH", "Hoh")
    s = re.sub(r"(?<=[A-Z])(?=ID$)", "_", s)
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])", "_", s)
    s = s.lower()
    return s + "_" if keyword.iskeyword(s) else s


def member_name(label: str, *, full: bool = False) -> str:
    """HUD label -> UPPER_SNAKE enum member name.

    Parenthetical remarks are dropped and long labels cut at a word near 60 characters,
    unless ``full`` (used when the short form would collide with another member's).
    """
    text = label.replace("\u2019", "'").replace("'", "")
    text = text.replace("&", " and ").replace("%", " percent ").replace("+", " plus ")
    without_parens = re.sub(r"\([^)]*\)", " ", text)
    if re.search(r"[A-Za-z0-9]", without_parens) and not full:
        text = without_parens
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = ""
    for word in words:
        candidate = f"{name}_{word}" if name else word
        if len(candidate) > 60 and name and not full:
            break
        name = candidate
    name = name.upper() or "VALUE"
    if name[0].isdigit():
        name = "N_" + name
    return name


def list_class_name(list_name: str, file_names: set[str]) -> str:
    """Enum class name of a list: its HUD list name, plus ``Code`` where a file has that name
    (list 4.12 ``CurrentLivingSituation`` -> ``CurrentLivingSituationCode``)."""
    return f"{list_name}Code" if list_name in file_names else list_name


# --------------------------------------------------------------------------- reading


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def is_retired(row: dict[str, str]) -> bool:
    """A value the FY2026 table lists only to say it was removed (not valid FY2026 data)."""
    return row.get("ValueChangeFY2024toFY2026", "").startswith("removed")


def group_lists(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    lists: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        if not is_retired(r):
            lists.setdefault(r["List"], []).append(r)
    return lists


def file_purposes(notes: Path) -> dict[str, str]:
    purposes: dict[str, str] = {}
    in_table = False
    for line in notes.read_text(encoding="utf-8").splitlines():
        if line.startswith("| File | Category | Purpose |"):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                break
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 3 and not cells[0].startswith("-"):
                purposes[cells[0]] = cells[2]
    return purposes


# --------------------------------------------------------------------------- writing


def header(doc: str, sources: list[Path]) -> list[str]:
    names = ", ".join(p.name for p in sources)
    return [
        f'"""{doc}',
        "",
        f"GENERATED by tools/generate_spec.py from {names}",
        f"(sha256 prefix {digest(sources)}). Do not edit: change the spec tables and regenerate.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
    ]


def enum_source(
    number: str, rows: list[dict[str, str]], class_name: str, extra_doc: str = ""
) -> list[str]:
    string_codes = any(not r["Value"].isdigit() for r in rows)
    out = [f"class {class_name}({'HudStrList' if string_codes else 'HudList'}):"]
    doc = f"HUD list {number} {rows[0]['ListName']}."
    if extra_doc:
        doc += f" {extra_doc}"
    first = rows[0]["Value"] if string_codes else int(rows[0]["Value"])
    out += [
        f'    """{doc}',
        "",
        f"    >>> {class_name}({first!r}).label",
        f"    {rows[0]['Text']!r}",
        f"    >>> {class_name}.list_number",
        f"    {number!r}",
        '    """',
        "",
    ]
    used: set[str] = set()
    for r in rows:
        code = r["Value"]
        name = member_name(r["Text"])
        if name in used:
            name = member_name(r["Text"], full=True)
        if name in used:
            name = f"{name}_{code}"
        used.add(name)
        missing = code in ("8", "9", "99") and bool(MISSING_LABEL.search(r["Text"]))
        literal = repr(code) if string_codes else code
        args = f"{literal}, {r['Text']!r}" + (", True" if missing else "")
        out.append(f"    {name} = {args}")
    out += [
        "",
        "",
        f"{class_name}.list_number = {number!r}",
        f"{class_name}.list_name = {rows[0]['ListName']!r}",
        "",
        "",
    ]
    return out


def lists_module(
    lists: dict[str, list[dict[str, str]]],
    doc: str,
    sources: list[Path],
    file_names: set[str],
    extra: str = "",
    retired: list[dict[str, str]] | None = None,
) -> str:
    out = header(doc, sources)
    out += ["from hmis_core.elements._base import HudList, HudStrList", "", ""]
    names: dict[str, str] = {}
    for number, rows in lists.items():
        class_name = list_class_name(rows[0]["ListName"], file_names)
        names[number] = class_name
        out += enum_source(number, rows, class_name, extra)
    out.append("LISTS: dict[str, type[HudList] | type[HudStrList]] = {")
    out += [f"    {number!r}: {cls}," for number, cls in names.items()]
    out.append("}")
    out.append('"""Every list of this module by HUD list number."""')
    out.append("")
    exported = [*names.values(), "LISTS"]
    if retired is not None:
        by_list: dict[str, dict[int, str]] = {}
        for r in retired:
            by_list.setdefault(r["List"], {})[int(r["Value"])] = r["Text"]
        out.append(f"RETIRED_CODES: dict[str, dict[int, str]] = {by_list!r}")
        out.append('"""Codes of FY2026 lists that FY2026 retired: list number -> code -> label."""')
        out.append("")
        exported.append("RETIRED_CODES")
    out.append("__all__ = [")
    out += [f'    "{cls}",' for cls in sorted(exported)]
    out.append("]")
    return "\n".join(out) + "\n"


def parse_foreign_keys(text: str) -> list[tuple[tuple[str, ...], str, tuple[str, ...]]]:
    keys: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = []
    for piece in text.split(";"):
        part = piece.strip()
        if not part:
            continue
        m = re.match(r"^\(([\w,]+)\)->(\w+)\(([\w,]+)\)", part)
        if m:
            keys.append((tuple(m[1].split(",")), m[2], tuple(m[3].split(","))))
            continue
        m = re.match(r"^(\w+)->(\w+)", part)
        if not m:
            raise SystemExit(f"cannot parse foreign key {part!r}")
        target = m[2]
        keys.append(((m[1],), target, (m[1] if m[1] != "ResProjectID" else "ProjectID",)))
    return keys


def records_module(spec: Path) -> str:
    sources = [spec / "csv_columns_fy2026.csv", spec / "csv_keys_fy2026.csv", spec / "NOTES.md"]
    columns = read_csv(sources[0])
    keys = {r["File"]: r for r in read_csv(sources[1])}
    purposes = file_purposes(sources[2])
    file_names = {c["File"] for c in columns}
    list_classes = {
        number: list_class_name(rows[0]["ListName"], file_names)
        for number, rows in group_lists(read_csv(spec / "lists_fy2026.csv")).items()
    }
    files: dict[str, list[dict[str, str]]] = {}
    for c in columns:
        files.setdefault(c["File"], []).append(c)

    out = header("Record classes of the HMIS CSV FY2026 files, one per file.", sources)
    out += [
        "import datetime",
        "from decimal import Decimal",
        "",
        "import attrs",
        "",
        "from hmis_core.elements._base import ForeignKeys, column_spec",
        "from hmis_core.elements.fy2026._lists import (",
    ]
    used_lists = sorted(
        {list_classes[c["List"]] for c in columns if c["List"] and ";" not in c["List"]}
    )
    out += [f"    {name}," for name in used_lists]
    out += [")", "", ""]
    for file, cols in files.items():
        key = keys[file]
        doc = f"{file}.csv: {purposes.get(file, '')}".rstrip()
        out.append("@attrs.frozen(kw_only=True)")
        out.append(f"class {CLASS_NAMES.get(file, file)}:")
        out.append(f'    """{doc}')
        out.append("")
        out.append(f"    Primary key ``{key['PrimaryKey']}``; category {key['FileCategory']}.")
        if key["Notes"]:
            out.append(f"    {key['Notes']}")
        first_column = snake_case(cols[0]["Column"])
        out += [
            "",
            f"    >>> attrs.fields({CLASS_NAMES.get(file, file)})[0].name",
            f"    {first_column!r}",
            '    """',
        ]
        out.append("")
        for c in cols:
            lst = c["List"]
            pytype = list_classes[lst] if lst and ";" not in lst else PYTYPES[c["Type"]]
            nullable = c["Nullable"] == "Y"
            annotation = f"{pytype} | None" if nullable else pytype
            max_length = c["MaxLength"] or None
            meta = (
                f"column_spec({file!r}, {c['Column']!r}, {int(c['ColumnNo'])}, {c['Type']!r}, "
                f"{max_length}, {nullable}, {lst or None!r}, {c['Element'] or None!r}"
                + (f", {c['Notes']!r}" if c["Notes"] else "")
                + ")"
            )
            default = "default=None, " if nullable else ""
            attribute = snake_case(c["Column"])
            out.append(f"    {attribute}: {annotation} = attrs.field({default}metadata={meta})")
        out += ["", ""]

    out.append("RECORD_TYPES: tuple[type, ...] = (")
    out += [f"    {CLASS_NAMES.get(file, file)}," for file in files]
    out.append(")")
    out.append('"""Every record class, in the spec\'s file order."""')
    out.append("")
    out.append("KEYS: dict[str, tuple[str, ForeignKeys, str, str]] = {")
    for file in files:
        key = keys[file]
        fks = tuple(parse_foreign_keys(key["ForeignKeys"]))
        values = (key["PrimaryKey"], fks, key["FileCategory"], key["Notes"])
        out.append(f"    {file!r}: {values!r},")
    out.append("}")
    out.append('"""File -> (primary key, foreign keys, category, notes): csv_keys_fy2026.csv."""')
    out.append("")
    out.append("__all__ = [")
    names = [CLASS_NAMES.get(file, file) for file in files]
    out += [f'    "{name}",' for name in sorted([*names, "KEYS", "RECORD_TYPES"])]
    out.append("]")
    return "\n".join(out) + "\n"


def outputs(spec: Path) -> dict[Path, str]:
    lists_2026 = spec / "lists_fy2026.csv"
    lists_2024 = spec / "lists_fy2024_removed.csv"
    file_names = {r["File"] for r in read_csv(spec / "csv_columns_fy2026.csv")}
    return {
        ELEMENTS / "fy2026" / "_lists.py": lists_module(
            group_lists(read_csv(lists_2026)),
            "HUD code lists used by the HMIS CSV FY2026 (CSVVersion 2026 v1).",
            [lists_2026],
            file_names,
        ),
        ELEMENTS / "fy2026" / "_records.py": records_module(spec),
        ELEMENTS / "fy2024" / "_lists.py": lists_module(
            group_lists(read_csv(lists_2024)),
            "FY2024 code lists and codes that the FY2026 CSV no longer uses (for migration only).",
            [lists_2024, lists_2026],
            file_names,
            "Removed from the FY2026 CSV; kept for converting FY2024 exports.",
            [r for r in read_csv(lists_2026) if is_retired(r)],
        ),
        # The APR/CAPER table shells, shipped verbatim: hmis_core.reports reads every row and
        # column label of every table from this one copy.
        REPORTS_DATA / "apr_tables.csv": (spec / "reports" / "apr_tables.csv").read_text(
            encoding="utf-8"
        ),
        # CoC codes (2.03.1) for the APR's Q6b Enrollment CoC validity test.
        REPORTS_DATA / "coc_codes.csv": (spec / "coc_codes_reference.csv").read_text(
            encoding="utf-8"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="spec tables folder")
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs(args.spec).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        verb = "differs from the spec" if args.check else "written"
        print(f"{path.relative_to(ROOT)}: {verb}", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
