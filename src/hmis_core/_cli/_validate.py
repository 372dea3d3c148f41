"""``hmis validate PATH``: check an HMIS CSV export and report every finding."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hmis_core._cli._output import load, write_csv, write_json, write_text
from hmis_core._findings import Severity
from hmis_core.csvspec import validate


def run(args: argparse.Namespace) -> int:
    export, findings = load("validate", args.path, quiet=args.quiet)
    unreadable = export is None
    if export is not None:
        findings += validate(export, require_hashed=args.require_hashed)
    threshold = Severity.parse(args.fail_on)
    failed = any(f.severity >= threshold for f in findings)
    code = 2 if unreadable else (1 if failed else 0)
    if args.format == "json":
        write_json(findings, {"source": str(args.path), "exit_code": code}, sys.stdout)
    elif args.format == "csv":
        write_csv(findings, sys.stdout)
    else:
        write_text(findings, sys.stdout, details_per_check=None if args.all else 10)
    return code


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "validate", help="check an HMIS CSV export (zip or folder)",
        description="Check an HMIS CSV export against the FY2026 specification. Exit codes: "
        "0 nothing at or above --fail-on, 1 findings at or above it, 2 unreadable input.",
    )
    parser.add_argument("path", help="a .zip of HMIS CSV files, or a folder of them")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text")
    parser.add_argument("--fail-on", choices=("high", "error", "warning"), default="error",
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--require-hashed", action="store_true",
                        help="report an unhashed export, as HUD's Eva does")
    parser.add_argument("--all", action="store_true", help="text: list every finding")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run)
