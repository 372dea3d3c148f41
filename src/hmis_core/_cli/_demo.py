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
from hmis_core.reports import apr, caper, data_quality, report_projects

START, END = "2024-10-01", "2025-09-30"
"""The last full federal fiscal year of the sample export (FY2025)."""


def run(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="hmis-demo-"))
    out.mkdir(parents=True, exist_ok=True)
    path = sample_export_path()
    started = time.perf_counter()
    export, findings = read_export(path)
    findings += validate(export)
    people = deduplicate(export)
    apr_project = report_projects(export, "APR", START, END)[0]
    caper_project = report_projects(export, "CAPER", START, END)[0]
    annual = apr(export, START, END, apr_project)
    esg = caper(export, START, END, caper_project)
    dq = data_quality(export, START, END)
    seconds = time.perf_counter() - started
    with (out / "validation.json").open("w", encoding="utf-8") as f:
        write_json(findings, {"source": str(path)}, f)
    with (out / "dedup.json").open("w", encoding="utf-8") as f:
        json.dump(people.to_dict(explain=True), f, indent=1)
    annual.write_sage(out / f"APR-{apr_project}.zip")
    esg.write_sage(out / f"CAPER-{caper_project}.zip")
    (out / "data-quality.html").write_text(dq.to_html(), encoding="utf-8")
    (out / "data-quality.json").write_text(dq.to_json(), encoding="utf-8")
    s = summary(findings)
    pii = dq.coc.tables["Q6a"]["F6"]
    on_time = dq.coc.timeliness.entries["rate_within_standard"]
    result: dict[str, Any] = {"sample": str(path), "output_folder": str(out),
              "files": {n: len(t) for n, t in export.tables.items() if t.present},
              "validation": s, "clients": people.record_count,
              "unduplicated_count": people.unduplicated_count,
              "apr": {"project": apr_project, "persons": annual["Q5a"]["C2"],
                      "households": annual["Q8a"]["B2"], "leavers": annual["Q5a"]["C6"]},
              "caper": {"project": caper_project, "persons": esg["Q5a"]["C2"],
                        "households": esg["Q8a"]["B2"], "leavers": esg["Q5a"]["C6"]},
              "data_quality": {"persons": dq.coc.persons, "pii_issue_rate": float(str(pii)),
                               "entries_within_3_days": on_time,
                               "findings": len(dq.findings)},
              "seconds": round(seconds, 2)}
    if args.format == "json":
        json.dump(result, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    print(f"hmis_core demo on the bundled sample export ({path.name})")
    print(f"  read {len(export.clients):,} clients, {len(export.enrollments):,} enrollments, "
          f"{len(export.projects)} projects")
    print(f"  validation: {s['total']} findings "
          + ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n))
    print(f"  deduplication: {people.record_count:,} client records are "
          f"{people.unduplicated_count:,} people ({len(people.clusters)} duplicate groups)")
    for kind, r in (("APR", result["apr"]), ("CAPER", result["caper"])):
        print(f"  {kind} {START}..{END} for project {r['project']}: {r['persons']} persons in "
              f"{r['households']} households, {r['leavers']} leavers (Sage zip written)")
    d = result["data_quality"]
    rate = "n/a" if on_time is None else f"{on_time:.0%}"
    print(f"  data quality, all projects: PII issue rate {d['pii_issue_rate']:.1%}, "
          f"{rate} of project starts entered within 3 days, {d['findings']} findings")
    print(f"  all of it in {seconds:.2f} s; full outputs in {out}/")
    print("  (validation.json, dedup.json, APR-*.zip, CAPER-*.zip, data-quality.html, "
          "data-quality.json)")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("demo", help="run hmis_core on the bundled sample export")
    parser.add_argument("--out", help="folder for the full outputs (default: a temp folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)
