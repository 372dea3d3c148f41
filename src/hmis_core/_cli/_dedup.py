"""``hmis dedup PATH``: which client records are the same person."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from hmis_core._cli._output import load
from hmis_core.dedup import CLIENT_COLUMNS, ENROLLMENT_COLUMNS, DedupConfig, deduplicate
from hmis_core.elements import Client


def _masked(client: Client | None) -> dict[str, str]:
    """Identifying data with the values masked: initials and lengths, birth year, last
    four SSN digits (what intake staff see on a lookup screen)."""
    if client is None:
        return {}

    def name(value: str | None) -> str:
        return f"{value[0]}{'*' * (len(value) - 1)}" if value else ""

    return {
        "first_name": name(client.first_name),
        "last_name": name(client.last_name),
        "dob": f"{client.dob.year}-**-**" if client.dob else "",
        "ssn": f"***-**-{client.ssn[-4:]}" if client.ssn and len(client.ssn) <= 9 else "",
    }


def run(args: argparse.Namespace) -> int:
    # Enrollment.csv's household IDs are evidence too (family members linked strongly make a
    # weak pair between the others likely); an export without it is deduplicated on Client.csv
    columns: dict[str, tuple[str, ...]] = {"Enrollment": ENROLLMENT_COLUMNS}
    if not args.explain:
        columns["Client"] = CLIENT_COLUMNS
    export, _ = load("dedup", args.path, quiet=True, files=["Client", "Enrollment"],
                     columns=columns)
    if export is None or not export.table("Client").present:
        return 2
    result = deduplicate(export, config=DedupConfig(threshold=args.threshold))
    doc = result.to_dict(explain=args.explain)
    if args.explain:
        clients = {c.personal_id: c for c in export.clients}
        for pair in doc["pairs"]:
            pair["a_masked"] = _masked(clients.get(pair["a"]))
            pair["b_masked"] = _masked(clients.get(pair["b"]))
    if args.format == "json":
        json.dump(doc, sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["a", "b", "probability"])
        for pair in doc["pairs"]:
            writer.writerow([pair["a"], pair["b"], pair["probability"]])
    else:
        print(f"{result.record_count:,} client records, {result.unduplicated_count:,} people "
              f"({len(result.clusters):,} clusters of two or more records, "
              f"{len(result.pairs):,} linked pairs at p >= {args.threshold})")
        for pair in result.pairs[: None if args.explain else 20]:
            line = f"  {pair.a} ~ {pair.b}  p={pair.probability:.4f}"
            if args.explain:
                line += "  " + ", ".join(f"{e.field}: {e.level} ({e.weight:+.1f})"
                                         for e in pair.evidence)
            print(line)
        if not args.explain and len(result.pairs) > 20:
            print(f"  … {len(result.pairs) - 20:,} more (use --format json)")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "dedup", help="find client records of the same person (unduplicated count)",
        description="Deduplicate the Client.csv of an export (with the household IDs of "
        "Enrollment.csv as further evidence when it is there). Never prints names, SSNs or "
        "dates of birth; --explain adds each link's evidence and masked identifiers.",
    )
    parser.add_argument("path", help="a .zip or folder holding Client.csv (and Enrollment.csv)")
    parser.add_argument("--threshold", type=float, default=DedupConfig().threshold,
                        help="least match probability for a link (default 0.5)")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text")
    parser.add_argument("--explain", action="store_true",
                        help="show the evidence of every link (identifiers masked)")
    parser.set_defaults(run=run)
