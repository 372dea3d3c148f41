"""``hmis dq PATH --start --end``: the data-quality report of an HMIS CSV export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hmis_core._cli._output import load, period_error, unknown_projects
from hmis_core._cli._reports import _date
from hmis_core._findings import Severity
from hmis_core.reports import data_quality


def run(args: argparse.Namespace) -> int:
    if period_error("dq", args.start, args.end):
        return 2
    export, _ = load("dq", args.path, quiet=args.quiet)
    if export is None or unknown_projects("dq", export, args.project):
        return 2
    report = data_quality(export, args.start, args.end, args.project,
                          timeliness_days=args.timeliness_days)
    if args.html:
        Path(args.html).write_text(report.to_html(), encoding="utf-8")
        if not args.quiet:
            print(f"hmis dq: wrote {args.html}", file=sys.stderr)
    if args.format == "json":
        if report.victim_service_providers and not args.counts_only and not args.quiet:
            print("hmis dq: client-level findings withheld (victim service provider "
                  "projects in scope); counts only", file=sys.stderr)
        sys.stdout.write(report.to_json(findings=False if args.counts_only else None) + "\n")
    else:
        sys.stdout.write(report.to_text())
    threshold = Severity.parse(args.fail_on)
    return 1 if any(f.severity >= threshold for f in report.findings) else 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "dq", help="data-quality report (HUD's Q6 framework, Eva's checks, timeliness)",
        description="HUD's data-quality framework (APR Q5a, Q6a-Q6f) per project, "
        "organization and CoC; Eva's data-quality checks; timeliness of data entry against a "
        "standard. Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, "
        "2 unreadable input or usage error.",
    )
    parser.add_argument("path", help="a .zip of HMIS CSV files, or a folder of them")
    parser.add_argument("--start", type=_date, required=True, help="period start, YYYY-MM-DD")
    parser.add_argument("--end", type=_date, required=True, help="period end, YYYY-MM-DD")
    parser.add_argument("--project", action="append", metavar="ID",
                        help="only these projects (repeatable; default: all)")
    parser.add_argument("--timeliness-days", type=int, default=3,
                        help="data-entry standard in days (default 3, i.e. 72 hours)")
    parser.add_argument("--html", metavar="OUT.html", help="also write the HTML report here")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--counts-only", action="store_true",
                        help="json: finding counts only, no client-level findings")
    parser.add_argument("--fail-on", choices=("high", "error", "warning"), default="high",
                        help="lowest severity that makes the exit code 1 (default: high)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run)
