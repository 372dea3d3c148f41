"""Shared output helpers for commands that print findings."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from hmis_core._export import Export
from hmis_core._findings import Finding, Severity
from hmis_core.csvspec import read_export

FIELDS = ("code", "severity", "file", "row", "column", "value", "element", "message")


def summary(findings: Sequence[Finding]) -> dict[str, Any]:
    by_severity = Counter(f.severity.value for f in findings)
    by_check = Counter(f.code for f in findings)
    return {
        "total": len(findings),
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in
                        sorted(Severity, reverse=True)},
        "by_check": dict(sorted(by_check.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def write_json(findings: Sequence[Finding], extra: dict[str, Any], out: TextIO) -> None:
    doc = {**extra, "summary": summary(findings), "findings": [f.to_dict() for f in findings]}
    json.dump(doc, out, indent=1, ensure_ascii=False)
    out.write("\n")


def write_csv(findings: Sequence[Finding], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for f in findings:
        d = f.to_dict()
        writer.writerow(["" if d[k] is None else d[k] for k in FIELDS])


def write_text(findings: Sequence[Finding], out: TextIO, *, details_per_check: int | None) -> None:
    s = summary(findings)
    if not findings:
        out.write("No findings.\n")
        return
    counts = ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n)
    out.write(f"{s['total']} findings: {counts}\n\n")
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    order = sorted(by_code.items(),
                   key=lambda kv: (-max(f.severity.rank for f in kv[1]), -len(kv[1]), kv[0]))
    width = max(len(code) for code in by_code)
    for code, group in order:
        severity = max(f.severity for f in group).value
        out.write(f"  {severity:<8} {code:<{width}} {len(group):>8}\n")
    out.write("\n")
    for code, group in order:
        shown = group if details_per_check is None else group[:details_per_check]
        out.write(f"{code} ({len(group)}):\n")
        for f in shown:
            out.write(f"  [{f.severity.value}] {f}\n")
        if len(shown) < len(group):
            out.write(f"  … and {len(group) - len(shown)} more (use --all or --format json)\n")
        out.write("\n")


def load(command: str, path: str, *, quiet: bool = False, **options: Any) -> tuple[
        Export | None, list[Finding]]:
    """``read_export`` for a command: progress on stderr when it is a terminal; (None,
    findings) when nothing could be read (the caller exits 2), after saying why on stderr."""
    show = not quiet and sys.stderr.isatty()
    try:
        export, findings = read_export(path, progress=progress_printer(show), **options)
    except (FileNotFoundError, PermissionError, IsADirectoryError) as err:
        print(f"hmis {command}: cannot read {path}: {err}", file=sys.stderr)
        return None, []
    if show:
        print(file=sys.stderr)
    if not any(t.present for t in export.tables.values()):
        for f in findings:
            print(f"hmis {command}: {f}", file=sys.stderr)
        return None, findings
    return export, findings


def progress_printer(enabled: bool) -> Any:
    """A progress callback printing to stderr, or None."""
    if not enabled:
        return None

    def show(file: str, rows: int) -> None:
        print(f"\r  reading {file}.csv: {rows:,} rows ", end="", file=sys.stderr, flush=True)

    return show


def period_error(command: str, start: Any, end: Any) -> bool:
    """Say on stderr and return True when ``end`` is before ``start`` (the caller exits 2)."""
    if end < start:
        print(f"hmis {command}: --end {end} is before --start {start}", file=sys.stderr)
        return True
    return False


def unknown_projects(command: str, export: Export, project_ids: Sequence[str] | None) -> bool:
    """Say on stderr and return True when a ``--project`` is not in the export (exit 2)."""
    if not project_ids:
        return False
    known = set(export["Project"]["ProjectID"].to_list())
    unknown = [p for p in project_ids if p not in known]
    if unknown:
        print(f"hmis {command}: no such project in the export: {', '.join(unknown)}",
              file=sys.stderr)
        return True
    return False
