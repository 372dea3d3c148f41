"""The documentation's examples run, and its generated pages are current.

Every ```pycon block of ``docs/**/*.md`` (and of README.md, the first page most people read)
is a doctest. The blocks of one page share their globals (a page reads like one session), and
each page starts afresh. Blocks marked ```python are not run; the documentation labels them
"Not run".
"""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")


def pycon_blocks(text: str) -> list[tuple[int, str]]:
    """(line number of the opening fence, block text) of every ```pycon block in ``text``."""
    blocks: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        indent, fence = match.group("indent"), match.group("fence")
        info = match.group("info").strip().split()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not (lines[i].strip().startswith(fence)
                                      and not lines[i].strip().strip(fence[0])):
            body.append(lines[i].removeprefix(indent))
            i += 1
        i += 1
        if info and info[0] == "pycon":
            blocks.append((start + 1, "\n".join(body) + "\n"))
    return blocks


PAGES = sorted(p for p in [*DOCS.rglob("*.md"), ROOT / "README.md"]
               if pycon_blocks(p.read_text(encoding="utf-8")))


def test_pages_with_examples_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert {"README.md", "docs/reports.md", "docs/guides/developers.md",
            "docs/guides/comparable-database.md", "docs/guides/test-suites.md"} <= names


def test_block_parser() -> None:
    text = "x\n\n```pycon\n>>> 1 + 1\n2\n\n```\n\n```python\nnot run\n```\n"
    assert pycon_blocks(text) == [(3, ">>> 1 + 1\n2\n\n")]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_examples_run(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    globs: dict[str, object] = {"__name__": "__docs__"}
    name = page.relative_to(ROOT).as_posix()
    report: list[str] = []
    for line, block in pycon_blocks(text):
        test = parser.get_doctest(block, globs, f"{name}:{line}", name, line)
        runner.run(test, out=report.append, clear_globs=False)
        globs = test.globs  # DocTest copies its globals: carry them to the next block
    globs.clear()
    assert runner.failures == 0, "".join(report)


def test_cli_page_is_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_cli_doc.py"),
                             "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
