"""Write docs/checks.md from the check catalogue (hmis_core.csvspec.CATALOGUE).

Usage: python tools/generate_checks_doc.py [--check]   (--check: exit 1 if the page is stale)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hmis_core.csvspec import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "checks.md"


def render() -> str:
    lines = [
        "# Checks",
        "",
        "Every finding hmis_core reports, generated from the check catalogue",
        "(`hmis_core.csvspec.CATALOGUE`) by `tools/generate_checks_doc.py`. Codes are stable",
        "and never reused. *Eva* gives the matching check ID of HUD's Eva tool, whose severity",
        "hmis_core follows; where Eva splits a check by column, the severity shown is the",
        "default and high-priority columns (Eva's `columns.csv` flag) are reported as `high`.",
        "*Stage* says where a check runs: `read` (reading the files), `validate` (checking the",
        "export), or `dq` (the data-quality checks of Eva's DQ and PDDE reports, run over the",
        "enrollments active in a date range and their projects, not by `hmis validate`).",
        "",
        "| Code | Severity | Stage | Element | Eva | Title |",
        "|---|---|---|---|---|---|",
    ]
    for check in CATALOGUE.values():
        eva = ", ".join(str(i) for i in check.eva)
        title = check.title + (" (retired)" if check.retired else "")
        lines.append(f"| `{check.code}` | {check.severity.value} | {check.stage} | "
                     f"{check.element or ''} | {eva} | {title} |")
    lines.append("")
    for check in CATALOGUE.values():
        lines += [f"## `{check.code}`", "", f"**{check.title}** — {check.severity.value}.", "",
                  check.guidance, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render()
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    if current == text:
        return 0
    if args.check:
        print("docs/checks.md is stale: run python tools/generate_checks_doc.py", file=sys.stderr)
        return 1
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
