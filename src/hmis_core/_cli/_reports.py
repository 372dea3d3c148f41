"""``hmis apr`` and ``hmis caper``: HUD's annual reports from an HMIS CSV export."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from hmis_core._cli._output import load, period_error, unknown_projects
from hmis_core.reports import (
    REPORT_COLUMNS,
    REPORT_FILES,
    Report,
    report_projects,
    run_report,
)
from hmis_core.reports._frame import Frame
from hmis_core.reports._universe import ReportParameters


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "project"


def run(args: argparse.Namespace) -> int:
    kind = args.kind
    command = kind.lower()
    if period_error(command, args.start, args.end):
        return 2
    export, _ = load(command, args.path, quiet=args.quiet, files=REPORT_FILES,
                     columns=REPORT_COLUMNS)
    if export is None or unknown_projects(command, export, args.project):
        return 2
    if args.project:
        groups = [tuple(args.project)]
    else:
        groups = [(p,) for p in report_projects(export, kind, args.start, args.end)]
        if not groups:
            funder = "HUD:CoC" if kind == "APR" else "HUD:ESG"
            print(f"hmis {command}: no project with {funder} funding overlapping "
                  f"{args.start}..{args.end}", file=sys.stderr)
            return 1
    frame = Frame(export)
    reports: list[Report] = []
    show = not args.quiet and sys.stderr.isatty()
    began = time.perf_counter()
    for i, ids in enumerate(groups, start=1):
        if show:
            print(f"\r  {kind} {i}/{len(groups)}: {', '.join(ids)}   ", end="", file=sys.stderr,
                  flush=True)
        params = ReportParameters(args.start, args.end, ids, tuple(args.coc or ()))
        reports.append(run_report(kind, export, params, frame=frame))
    if show:
        print(f"\r  {kind}: {len(reports)} report(s) in {time.perf_counter() - began:.1f} s",
              file=sys.stderr)
    if args.members and any(r.victim_service_provider for r in reports):
        print(f"hmis {command}: --members refused: a reported project belongs to a victim "
              "service provider, whose client-level data must not leave its comparable "
              "database", file=sys.stderr)
        return 2
    return _write(args, kind, reports)


def _write(args: argparse.Namespace, kind: str, reports: list[Report]) -> int:
    if args.format == "sage":
        if args.project:
            out = Path(args.out or f"{kind}-{_safe('-'.join(args.project))}.zip")
            reports[0].write_sage(out)
            written = [out]
        else:
            folder = Path(args.out or kind.lower())
            folder.mkdir(parents=True, exist_ok=True)
            written = [r.write_sage(folder / f"{kind}-{_safe(r.project_ids[0])}.zip")
                       for r in reports]
        for path in written:
            print(path)
        return 0
    if args.format == "json":
        docs: Any = [r.to_dict(members=args.members) for r in reports]
        text = json.dumps(docs[0] if args.project else docs, indent=1, ensure_ascii=False) + "\n"
    else:
        text = "\n".join(r.to_text() for r in reports)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


def _register(commands: Any, kind: str, title: str, funder: str) -> None:
    parser = commands.add_parser(
        kind.lower(), help=f"compute the {title}",
        description=f"Compute the {title} exactly as HUD's FY2026 HMIS Programming "
        f"Specifications lay it out. Without --project, every project with {funder} funding "
        "overlapping the range is reported (with --format sage: one zip each into the --out "
        "folder). Exit codes: 0 written, 1 no project to report, 2 unreadable input or "
        "usage error.",
    )
    parser.add_argument("path", help="a .zip of HMIS CSV files, or a folder of them")
    parser.add_argument("--start", type=_date, required=True, help="report start, YYYY-MM-DD")
    parser.add_argument("--end", type=_date, required=True, help="report end, YYYY-MM-DD")
    parser.add_argument("--project", action="append", metavar="ID",
                        help="a ProjectID to report (repeat for a multi-project report)")
    parser.add_argument("--coc", action="append", metavar="XX-999",
                        help="leave out enrollments recorded in a different CoC")
    parser.add_argument("--format", choices=("sage", "json", "text"), default="sage",
                        help="sage: the Sage CSV zip (default); json; text")
    parser.add_argument("--out", help="output file (one project) or folder (all projects)")
    parser.add_argument("--members", action="store_true",
                        help="json: list the (PersonalID, EnrollmentID) behind each count "
                        "(client-level: keep inside the agency)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run, kind=kind)


def register(commands: Any) -> None:
    _register(commands, "APR", "CoC Annual Performance Report (APR)", "HUD:CoC")
    _register(commands, "CAPER", "ESG CAPER", "HUD:ESG")
