"""``hmis synth``: stream a synthetic Continuum of Care export (and its ground truth)."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from typing import Any

from hmis_core.testing import write_synthetic


def run(args: argparse.Namespace) -> int:
    show = not args.quiet and sys.stderr.isatty()
    started = time.perf_counter()

    def progress(made: int) -> None:
        if show:
            print(f"\r  {made:,} / {args.clients:,} clients", end="", file=sys.stderr,
                  flush=True)

    try:
        start = datetime.date.fromisoformat(args.start)
        end = datetime.date.fromisoformat(args.end)
        truth = write_synthetic(args.out, clients=args.clients, seed=args.seed, start=start,
                                end=end, duplicate_rate=args.duplicates, hashed=args.hashed,
                                progress=progress)
    except ValueError as err:
        print(f"hmis synth: {err}", file=sys.stderr)
        return 2
    if show:
        print(file=sys.stderr)
    if args.truth:
        truth.write_csv(args.truth)
    records = len(truth.person_of)
    people = len(set(truth.person_of.values()))
    result = {"out": str(args.out), "clients": records, "people": people,
              "duplicate_records": records - people, "seconds": round(
                  time.perf_counter() - started, 2), "truth": args.truth}
    if args.format == "json":
        print(json.dumps(result))
    else:
        print(f"wrote {args.out}: {records:,} client records of {people:,} people "
              f"({records - people:,} duplicates) in {result['seconds']} s"
              + (f"; truth in {args.truth}" if args.truth else ""))
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "synth", help="generate a realistic synthetic HMIS CSV export",
        description="Stream a synthetic Continuum of Care (all project types, households, "
        "repeat enrollments, duplicate client records with realistic entry errors) to a .zip "
        "or folder. The same arguments always give the same files.",
    )
    parser.add_argument("out", help="output .zip or folder")
    parser.add_argument("--clients", type=int, default=1000, help="Client records (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--duplicates", type=float, default=0.05,
                        help="share of households re-entered by another agency (default 0.05)")
    parser.add_argument("--start", default="2022-10-01", help="period start (yyyy-mm-dd)")
    parser.add_argument("--end", default="2025-09-30", help="period end (yyyy-mm-dd)")
    parser.add_argument("--hashed", action="store_true", help="write HUD's hashed export")
    parser.add_argument("--truth", help="write the ground truth (PersonalID -> person) here")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run)
