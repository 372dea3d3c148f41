"""``hmis deidentify``: keys, options, output and exit codes."""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path

import pytest

import hmis_core
from hmis_core._cli import _deidentify, build_parser, main
from hmis_core.privacy import pseudonym

KEY = "a key for the CLI tests, 32 byte"
SAMPLE = str(hmis_core.sample_export_path())


def run(*argv: str) -> int:
    """Run the command as ``hmis deidentify`` would (through its own sub-parser)."""
    parser = argparse.ArgumentParser(prog="hmis")
    _deidentify.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["deidentify", *argv])
    code: int = args.run(args)
    return code


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMIS_DEID_KEY", KEY)


@pytest.mark.usefixtures("env_key")
def test_key_from_environment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(SAMPLE, str(tmp_path / "out.zip"), "--quiet") == 0
    assert "1,000 client records de-identified" in capsys.readouterr().out
    out, _ = hmis_core.read_export(tmp_path / "out.zip")
    assert {c.first_name for c in out.clients} == {None}
    assert pseudonym(KEY.encode(), "C1") in {c.personal_id for c in out.clients}


def test_key_from_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("HMIS_DEID_KEY", raising=False)
    key_file = tmp_path / "key"
    key_file.write_bytes(KEY.encode() + b"\n")  # the trailing newline is not part of it
    assert run(SAMPLE, str(tmp_path / "out"), "--key-file", str(key_file),
               "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["clients"] == 1000
    assert doc["dob"] == "year"
    assert KEY not in json.dumps(doc)
    out, _ = hmis_core.read_export(tmp_path / "out")
    assert pseudonym(KEY.encode(), "C1") in {c.personal_id for c in out.clients}


@pytest.mark.usefixtures("env_key")
def test_age_band_and_shifted_dates(tmp_path: Path) -> None:
    assert run(SAMPLE, str(tmp_path / "out.zip"), "--dob", "age-band", "--shift-dates",
               "--quiet") == 0
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        header = archive.read("Client.csv").decode().splitlines()[0]
    assert header.endswith(",AgeBand")
    source, _ = hmis_core.read_export(SAMPLE)
    out, _ = hmis_core.read_export(tmp_path / "out.zip")
    assert {c.dob for c in out.clients} == {None}
    assert sorted(e.entry_date for e in out.enrollments) != sorted(
        e.entry_date for e in source.enrollments)


@pytest.mark.usefixtures("env_key")
def test_keep_dob_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(SAMPLE, str(tmp_path / "out"), "--dob", "keep", "--quiet") == 0
    assert "not de-identified" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("HMIS_DEID_KEY", raising=False)
    assert run(SAMPLE, str(tmp_path / "out")) == 2
    assert "no key" in capsys.readouterr().err
    monkeypatch.setenv("HMIS_DEID_KEY", "short")
    assert run(SAMPLE, str(tmp_path / "out")) == 2
    assert "at least 16 bytes" in capsys.readouterr().err
    assert run(SAMPLE, str(tmp_path / "out"), "--key-file", str(tmp_path / "nope")) == 2
    assert "cannot read the key file" in capsys.readouterr().err
    monkeypatch.setenv("HMIS_DEID_KEY", KEY)
    assert run(str(tmp_path / "missing.zip"), str(tmp_path / "out")) == 2
    assert run(SAMPLE, SAMPLE) == 2
    assert "overwrite" in capsys.readouterr().err
    assert run(SAMPLE, str(tmp_path / "out"), "--as-of", "June") == 2
    assert not (tmp_path / "out").exists()
    with pytest.raises(SystemExit) as exit_info:  # argparse: unknown --dob choice
        run(SAMPLE, str(tmp_path / "out"), "--dob", "month")
    assert exit_info.value.code == 2


@pytest.mark.usefixtures("env_key")
def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(str(empty), str(tmp_path / "out"), "--quiet") == 2


def test_registered_in_main_when_wired(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once ``_deidentify.register`` is called by ``hmis_core._cli``, ``hmis deidentify``
    works through ``main``."""
    commands = next(a for a in build_parser()._actions
                    if isinstance(a, argparse._SubParsersAction))
    if "deidentify" not in commands.choices:
        pytest.skip("not registered in hmis_core._cli yet")
    monkeypatch.setenv("HMIS_DEID_KEY", KEY)
    assert main(["deidentify", SAMPLE, str(tmp_path / "out.zip"), "--quiet"]) == 0
