"""The ``hmis`` command line. Exit codes: 0 success, 1 findings at or above the threshold,
2 unusable input or usage error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hmis_core._cli import (
    _comparable,
    _convert,
    _dedup,
    _deidentify,
    _demo,
    _dq,
    _reports,
    _spec,
    _synth,
    _validate,
)
from hmis_core._version import __version__

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hmis",
        description="HUD HMIS standards: read, validate and report on HMIS CSV exports.",
    )
    parser.add_argument("--version", action="version", version=f"hmis_core {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _demo.register(commands)
    _spec.register(commands)
    _validate.register(commands)
    _convert.register(commands)
    _deidentify.register(commands)
    _dedup.register(commands)
    _synth.register(commands)
    _reports.register(commands)
    _dq.register(commands)
    _comparable.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hmis`` command with ``argv`` (default: ``sys.argv[1:]``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # `hmis spec | head`
        return 0
    return code
