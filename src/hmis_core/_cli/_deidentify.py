"""``hmis deidentify IN OUT``: write a de-identified copy of an export."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path
from typing import Any

from hmis_core._cli._output import load, summary
from hmis_core.csvspec import write_export
from hmis_core.privacy import AGE_BAND_COLUMN, DobMode, deidentify
from hmis_core.privacy._deidentify import MIN_KEY_BYTES

KEY_VARIABLE = "HMIS_DEID_KEY"
_DOB: dict[str, DobMode] = {"year": "year", "age-band": "age_band", "keep": "keep"}


def _fail(message: str) -> int:
    print(f"hmis deidentify: {message}", file=sys.stderr)
    return 2


def _key(args: argparse.Namespace) -> bytes | str:
    """The key as bytes, or why there is none."""
    if args.key_file:
        try:
            key = Path(args.key_file).read_bytes().strip()
        except OSError as err:
            return f"cannot read the key file {args.key_file}: {err.strerror or err}"
    else:
        key = os.environ.get(KEY_VARIABLE, "").strip().encode("utf-8")
        if not key:
            return f"no key: pass --key-file FILE or set {KEY_VARIABLE}"
    if len(key) < MIN_KEY_BYTES:
        return f"the key must be at least {MIN_KEY_BYTES} bytes"
    return key


def run(args: argparse.Namespace) -> int:
    key = _key(args)
    if isinstance(key, str):
        return _fail(key)
    as_of = None
    if args.as_of:
        try:
            as_of = datetime.date.fromisoformat(args.as_of)
        except ValueError:
            return _fail(f"--as-of {args.as_of!r} is not a date (yyyy-mm-dd)")
    source, target = Path(args.source), Path(args.target)
    if source.resolve() == target.resolve():
        return _fail("the output must not overwrite the input")
    export, findings = load("deidentify", args.source, quiet=args.quiet)
    if export is None:
        return 2
    dob = _DOB[args.dob]
    try:
        out = deidentify(export, key=key, dob=dob, shift_dates=args.shift_dates, as_of=as_of)
    except ValueError as err:
        return _fail(str(err))
    write_export(out, target, keep_extra_columns=dob == "age_band")
    if dob == "keep" and not args.shift_dates:
        print("hmis deidentify: warning: dates of birth kept as they are; the output is not "
              "de-identified", file=sys.stderr)
    result: dict[str, Any] = {
        "source": str(args.source), "target": str(args.target),
        "clients": len(out.table("Client")), "dob": args.dob,
        "shift_dates": args.shift_dates, "pseudonymized": ["PersonalID"],
        "extra_columns": [AGE_BAND_COLUMN] if dob == "age_band" else [],
        "read_findings": summary(findings),
    }
    if args.format == "json":
        json.dump(result, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(f"wrote {args.target}: {result['clients']:,} client records de-identified "
              f"(names and SSNs dropped, PersonalIDs pseudonymised, DOB: {args.dob}, dates "
              f"{'shifted' if args.shift_dates else 'not shifted'}; {len(findings)} findings "
              "while reading)")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "deidentify", help="write a de-identified copy of an export",
        description="Read an HMIS CSV export and write a de-identified copy: names, SSNs, "
        "free text and staff contacts dropped, PersonalIDs replaced by keyed HMAC-SHA256 "
        "pseudonyms, DOB generalised, dates optionally shifted per person. The key comes from "
        f"--key-file or the {KEY_VARIABLE} environment variable (at least {MIN_KEY_BYTES} "
        "bytes); the same key gives the same pseudonyms. HUD's hashed export is not "
        "de-identification. Exit 2 on unusable input or usage errors.",
    )
    parser.add_argument("source", help="input .zip or folder")
    parser.add_argument("target", help="output .zip or folder")
    parser.add_argument("--key-file", help=f"file holding the secret key (default: "
                        f"${KEY_VARIABLE})")
    parser.add_argument("--dob", choices=tuple(_DOB), default="year",
                        help="year (1 July of the birth year, the default), age-band (DOB "
                        f"emptied, {AGE_BAND_COLUMN} column added) or keep")
    parser.add_argument("--shift-dates", action="store_true",
                        help="move each person's dates back by a keyed 1-365 days")
    parser.add_argument("--as-of", help="day ages are computed on for --dob age-band "
                        "(default: ExportEndDate)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run)
