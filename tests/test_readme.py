"""The README's quick start, run literally in a fresh virtual environment.

The two ``sh`` blocks of the "Quick start" section are extracted from README.md and run,
one after the other, with ``bash`` in the repository root, inside a new ``venv`` whose
``bin`` comes first on PATH — as a developer who has just cloned the repository would. The
second command runs this test suite again; inside it, this test skips itself (the
``HMIS_README_E2E`` variable marks the nested run).

This costs a few minutes (two installs from PyPI and a second run of the suite); set
``HMIS_SKIP_README_E2E=1`` to skip it while iterating.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from _support import ROOT

NESTED = "HMIS_README_E2E"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get(NESTED)) or bool(os.environ.get("HMIS_SKIP_README_E2E")),
    reason="nested run of the README's test command, or HMIS_SKIP_README_E2E set",
)


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)]


def test_readme_has_exactly_two_quick_start_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert commands[0].endswith("hmis demo")
    # .ci/run runs exactly the README's test command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_quick_start_in_a_fresh_virtualenv(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update({"PATH": f"{bin_dir}{os.pathsep}{env['PATH']}", "VIRTUAL_ENV": str(env_dir),
                NESTED: "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    first, second = quick_start_commands()

    demo = subprocess.run(["bash", "-c", first], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert "hmis_core demo on the bundled sample export" in demo.stdout
    assert "APR" in demo.stdout
    assert "CAPER" in demo.stdout
    assert "data quality" in demo.stdout
    # the demo ran from the fresh environment, not from the one running this test
    where = subprocess.run(["bash", "-c", "command -v hmis"], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(bin_dir))

    suite = subprocess.run(["bash", "-c", second], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=1800, check=False)
    assert suite.returncode == 0, suite.stdout[-5000:] + suite.stderr[-3000:]
    assert re.search(r"\d+ passed", suite.stdout)
