"""A griffe extension for the API reference: makes hmis_core's docstrings render as Markdown.

hmis_core's docstrings are plain reST-flavoured text run by ``doctest``. Rendered as Markdown,
a ``>>>`` line becomes a nested block quote and ``[...]`` in an example can be read as a
reference link. This extension, loaded by mkdocstrings (``extensions:`` in ``mkdocs.yml``),
rewrites each docstring before it is rendered:

* every doctest block (from a ``>>>`` line to the next blank line) becomes a fenced
  ``pycon`` code block;
* Sphinx roles (``:class:`Table```, ``:func:`~hmis_core.read_export```) become code spans.

The source files are not changed; only the rendered page is.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(2)
    if match.group(1):  # ~a.b.c shows only c
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def _fence_doctests(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    in_fence = False
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        if in_fence or not stripped.startswith(">>>"):
            out.append(_ROLE.sub(_role, line) if not in_fence else line)
            i += 1
            continue
        indent = len(line) - len(stripped)
        block: list[str] = []
        while i < len(lines) and lines[i].strip():
            prefix = lines[i][:indent]
            block.append(lines[i][indent:] if not prefix.strip() else lines[i].lstrip())
            i += 1
        if out and out[-1].strip():
            out.append("")
        out += ["```pycon", *block, "```", ""]
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fence doctest blocks and turn Sphinx roles into code spans in every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _fence_doctests(obj.docstring.value)
