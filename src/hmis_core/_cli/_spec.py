"""``hmis spec``: print the FY2026 HMIS CSV specification the library implements."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from hmis_core.elements import CURRENT, HudList, Standard


def spec_document(standard: Standard) -> dict[str, Any]:
    """The spec as JSON-ready data: files with their columns, and every code list."""
    files = [
        {
            "name": f.name,
            "columns": [
                {
                    "name": c.name,
                    "type": c.type,
                    "max_length": c.max_length,
                    "nullable": c.nullable,
                    "list": c.list,
                    "element": c.element,
                }
                for c in f.columns
            ],
        }
        for f in standard.files
    ]
    lists = [
        {
            "number": number,
            "name": codes.list_name,
            "values": [
                {"code": int(m.value) if issubclass(codes, HudList) else m.value, "label": m.label}
                for m in codes
            ],
        }
        for number, codes in standard.lists.items()
    ]
    return {"csv_version": standard.csv_version, "files": files, "lists": lists}


def _text(doc: dict[str, Any]) -> str:
    out = [f"HMIS CSV {doc['csv_version']}: {len(doc['files'])} files, {len(doc['lists'])} lists"]
    for f in doc["files"]:
        out.append("")
        out.append(f"{f['name']}.csv")
        for c in f["columns"]:
            kind = c["type"] + (str(c["max_length"]) if c["max_length"] else "")
            extra = []
            if not c["nullable"]:
                extra.append("required")
            if c["list"]:
                extra.append(f"list {c['list']}")
            if c["element"]:
                extra.append(f"element {c['element']}")
            out.append(f"  {c['name']:<45} {kind:<5} {', '.join(extra)}")
    for lst in doc["lists"]:
        out.append("")
        out.append(f"List {lst['number']} {lst['name']}")
        out.extend(f"  {v['code']:>5}  {v['label']}" for v in lst["values"])
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    doc = spec_document(CURRENT)
    if args.format == "json":
        json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_text(doc))
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser("spec", help="print the HMIS CSV specification (files, lists)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)
