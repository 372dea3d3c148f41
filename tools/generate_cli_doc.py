"""Write docs/cli.md from the ``hmis`` argparse parser (hmis_core._cli.build_parser()).

Usage: python tools/generate_cli_doc.py [--check]   (--check: exit 1 if the page is stale)

The page is rendered from the parser's actions rather than from argparse's help text, whose
layout depends on the terminal width and the Python version.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hmis_core._cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "cli.md"
WIDTH = 88


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[
        argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise SystemExit("the hmis parser has no sub-commands")


def _metavar(action: argparse.Action) -> str:
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices is not None:
        return "{" + ",".join(str(c) for c in action.choices) + "}"
    return action.dest if not action.option_strings else action.dest.upper()


def _with_nargs(action: argparse.Action, metavar: str) -> str:
    if action.nargs == 0:
        return ""
    if action.nargs == "?":
        return f"[{metavar}]"
    if action.nargs == "*":
        return f"[{metavar} ...]"
    if action.nargs == "+":
        return f"{metavar} [{metavar} ...]"
    if isinstance(action.nargs, int):
        return " ".join([metavar] * action.nargs)
    return metavar


def _invocation(action: argparse.Action) -> str:
    """``--format {text,json}``, ``--quiet``, ``path``."""
    if not action.option_strings:
        return _with_nargs(action, _metavar(action))
    value = _with_nargs(action, _metavar(action))
    return ", ".join(f"{flag} {value}".strip() for flag in action.option_strings)


def _usage(prog: str, parser: argparse.ArgumentParser) -> str:
    parts: list[str] = []
    positionals: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            positionals.append("COMMAND ...")
            continue
        if not action.option_strings:
            positionals.append(_with_nargs(action, _metavar(action)))
            continue
        text = f"{action.option_strings[-1]} {_with_nargs(action, _metavar(action))}".strip()
        parts.append(text if action.required else f"[{text}]")
    words = [prog, *parts, *positionals]
    lines: list[str] = []
    line = words[0]
    indent = " " * (len(prog) + 1)
    for word in words[1:]:
        if len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line = indent + word
        else:
            line += " " + word
    lines.append(line)
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _help(action: argparse.Action, prog: str) -> str:
    text = action.help or ""
    if "%" in text:
        params = dict(vars(action), prog=prog)
        if params.get("choices") is not None:
            params["choices"] = ", ".join(str(c) for c in params["choices"])
        text = text % params
    notes: list[str] = []
    if action.required and action.option_strings:
        notes.append("required")
    if isinstance(action, argparse._AppendAction) and "repeat" not in text.lower():
        notes.append("repeatable")
    default = action.default
    if (action.option_strings and action.nargs != 0 and default not in (None, argparse.SUPPRESS)
            and "default" not in text.lower()):
        notes.append(f"default: `{default}`")
    if notes:
        text = f"{text} ({'; '.join(notes)})" if text else "; ".join(notes).capitalize()
    return _cell(text)


def _arguments(parser: argparse.ArgumentParser, prog: str) -> list[str]:
    rows = ["| Argument | Meaning |", "|---|---|"]
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.help == argparse.SUPPRESS:
            continue
        rows.append(f"| `{_invocation(action)}` | {_help(action, prog)} |")
    return rows if len(rows) > 2 else []


def render() -> str:
    parser = build_parser()
    commands = _subcommands(parser)
    helps = {a.dest: a.help or "" for a in commands._choices_actions}
    lines = [
        "# Command line",
        "",
        "The `hmis` command is installed with the package (`python -m hmis_core` runs it too).",
        "This page is generated from its argument parser by `tools/generate_cli_doc.py`; "
        "`hmis COMMAND --help` prints the same information.",
        "",
        "```text",
        _usage("hmis", parser),
        "```",
        "",
    ]
    if parser.description:
        lines += [parser.description, ""]
    lines += _arguments(parser, "hmis")
    lines += ["", "| Command | What it does |", "|---|---|"]
    for name in commands.choices:
        lines.append(f"| [`{name}`](#hmis-{name}) | {_cell(helps.get(name, ''))} |")
    lines += [
        "",
        "Exit codes, unless a command says otherwise: 0 success, 1 findings at or above the "
        "command's threshold, 2 unusable input or a usage error. Progress goes to standard "
        "error (`--quiet` turns it off); results go to standard output or `--out`.",
        "",
    ]
    for name, sub in commands.choices.items():
        prog = f"hmis {name}"
        lines += [f"## `{prog}`", ""]
        summary = " ".join((sub.description or helps.get(name, "")).split())
        if summary:
            lines += [summary[:1].upper() + summary[1:] + ("" if summary.endswith(".") else "."),
                      ""]
        lines += ["```text", _usage(prog, sub), "```", ""]
        table = _arguments(sub, prog)
        if table:
            lines += [*table, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render()
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    if current == text:
        return 0
    if args.check:
        print("docs/cli.md is stale: run python tools/generate_cli_doc.py", file=sys.stderr)
        return 1
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
