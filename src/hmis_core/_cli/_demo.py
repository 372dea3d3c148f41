"""``hmis demo``: show the library at work on the bundled sample export."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hmis_core._cli._output import summary, write_json
from hmis_core._sample import sample_export_path
from hmis_core.csvspec import read_export, validate
from hmis_core.dedup import deduplicate


def run(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="hmis-demo-"))
    out.mkdir(parents=True, exist_ok=True)
    path = sample_export_path()
    started = time.perf_counter()
    export, findings = read_export(path)
    findings += validate(export)
    people = deduplicate(export)
    seconds = time.perf_counter() - started
    with (out / "validation.json").open("w", encoding="utf-8") as f:
        write_json(findings, {"source": str(path)}, f)
    with (out / "dedup.json").open("w", encoding="utf-8") as f:
        json.dump(people.to_dict(explain=True), f, indent=1)
    s = summary(findings)
    result = {"sample": str(path), "output_folder": str(out),
              "files": {n: len(t) for n, t in export.tables.items() if t.present},
              "validation": s, "clients": people.record_count,
              "unduplicated_count": people.unduplicated_count, "seconds": round(seconds, 2)}
    if args.format == "json":
        json.dump(result, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    print(f"hmis_core demo on the bundled sample export ({path.name})")
    print(f"  read {len(export.clients):,} clients, {len(export.enrollments):,} enrollments, "
          f"{len(export.projects)} projects in {seconds:.2f} s")
    print(f"  validation: {s['total']} findings "
          + ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n))
    print(f"  deduplication: {people.record_count:,} client records are "
          f"{people.unduplicated_count:,} people ({len(people.clusters)} duplicate groups)")
    print(f"  full outputs in {out}/ (validation.json, dedup.json)")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("demo", help="run hmis_core on the bundled sample export")
    parser.add_argument("--out", help="folder for the full outputs (default: a temp folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)
