"""``hmis convert IN OUT``: read an export (FY2026 or FY2024) and write it as FY2026."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from hmis_core._cli._output import load, summary
from hmis_core.csvspec import write_export


def run(args: argparse.Namespace) -> int:
    export, findings = load("convert", args.source, quiet=args.quiet)
    if export is None:
        return 2
    write_export(export, args.target, hashed=args.hashed)
    result = {"source": str(args.source), "target": str(args.target), "hashed": args.hashed,
              "read_findings": summary(findings)}
    if args.format == "json":
        json.dump(result, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(f"wrote {args.target} ({len(findings)} findings while reading; run "
              "`hmis validate` on the source for details)")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "convert", help="rewrite an export as strict FY2026 HMIS CSV (zip or folder)",
        description="Read an HMIS CSV export (FY2026, or FY2024 converted to FY2026) and write "
        "it in the FY2026 format: spec column order, canonical dates. Exit 2 on unreadable "
        "input.",
    )
    parser.add_argument("source", help="input .zip or folder")
    parser.add_argument("target", help="output .zip or folder")
    parser.add_argument("--hashed", action="store_true",
                        help="write HUD's hashed export (HashStatus 4)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run)
