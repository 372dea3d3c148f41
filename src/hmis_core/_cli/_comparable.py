"""``hmis comparable-db-check PATH``: does a victim service provider's comparable database
meet HUD's data standards and produce the APR and CAPER? Aggregates only are printed or
written."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from hmis_core._cli._output import load, period_error, unknown_projects
from hmis_core.csvspec import validate
from hmis_core.privacy import comparable_database_check


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _threshold(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {text!r}")
    return value


def _fail(message: str) -> int:
    print(f"hmis comparable-db-check: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    if period_error("comparable-db-check", args.start, args.end):
        return 2
    if args.out and Path(args.out).resolve() == Path(args.path).resolve():
        return _fail("the output must not overwrite the input")
    export, read_findings = load("comparable-db-check", args.path, quiet=args.quiet)
    if export is None:
        return 2
    if unknown_projects("comparable-db-check", export, args.project):
        return 2
    findings = [*read_findings, *validate(export)]
    check = comparable_database_check(export, args.start, args.end, projects=args.project,
                                      threshold=args.threshold, findings=findings)
    if args.out:
        check.write_zip(args.out)
    if args.format == "json":
        sys.stdout.write(check.to_json(released=False, indent=1) + "\n")
    else:
        sys.stdout.write(check.to_text())
        if args.out:
            print(f"  released tables and summary.json written to {args.out}")
    return 0 if check.meets_standard else 1


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "comparable-db-check",
        help="check a victim service provider's comparable database (aggregates only)",
        description="Check an HMIS CSV export of a victim service provider's comparable "
        "database: validate it (counts of findings only) and compute the APR and the CAPER of "
        "every project table by table. It meets the standard when there is no high-priority "
        "finding and every table is produced. With --out, the tables are written with counts "
        "from 1 to --threshold suppressed (and enough others that none can be worked out from "
        "the totals) and rates and averages left out, plus summary.json. Nothing client-level "
        "is printed or written. Exit codes: 0 meets the standard, 1 does not, 2 unreadable "
        "input or usage error.",
    )
    parser.add_argument("path", help="a .zip of HMIS CSV files, or a folder of them")
    parser.add_argument("--start", type=_date, required=True, help="report start, YYYY-MM-DD")
    parser.add_argument("--end", type=_date, required=True, help="report end, YYYY-MM-DD")
    parser.add_argument("--project", action="append", metavar="ID",
                        help="a ProjectID to check (repeat; default: every project)")
    parser.add_argument("--threshold", type=_threshold, default=10, metavar="N",
                        help="suppress counts from 1 to N (default: 10)")
    parser.add_argument("--out", metavar="OUT.zip",
                        help="write the released tables (Sage CSVs) and summary.json here")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: a short summary (default); json: the summary as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run)
