"""Blocks of plain lines are split without the csv module; the result must be exactly what
the csv module reads, whatever the blocks hold and wherever they are cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hmis_core.csvspec._reader as reader
import hmis_core.csvspec._source as source
from _support import EVA_DEMO, assert_same_read
from hmis_core import read_export, write_export
from hmis_core.testing import synthesize


def _both_ways(path: Path, monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(source, "_BLOCK", block)
    monkeypatch.setattr(reader, "PLAIN_BLOCKS", False)
    by_csv = read_export(path, workers=1)
    monkeypatch.setattr(reader, "PLAIN_BLOCKS", True)
    assert_same_read(by_csv, read_export(path, workers=1))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    export, _ = synthesize(clients=150, seed=8, defects=["duplicate_primary_key",
                                                        "invalid_date_format"])
    out = tmp_path_factory.mktemp("plain")
    write_export(export, out)
    return out


# Each edit puts one thing the plain split must leave to the csv module into a file, at a
# line chosen by the test: from that block on, the csv module reads.
EDITS = {
    "quoted comma and line break": lambda line: line.replace(",", ',"a,b\nc",', 1),
    "blank line": lambda line: line + "\n",
    "short row": lambda line: line.rsplit(",", 1)[0],
    "long row": lambda line: line + ",surplus",
    "lone CR": lambda line: line.replace(",", ",x\ry", 1),
    "line separator": lambda line: line.replace(",", ",x\u2028y", 1),
    "form feed": lambda line: line.replace(",", ",x\x0cy", 1),
    "NUL byte": lambda line: line.replace(",", ",x\x00y", 1),
    "not UTF-8": lambda line: line + "\udcff",
    "field over the csv limit": lambda line: line.replace(",", "," + "x" * 140_000, 1),
}


def _edit(folder: Path, tmp: Path, file: str, line: int, edit: str, crlf: bool) -> Path:
    out = tmp / "edited"
    out.mkdir(exist_ok=True)
    for csv_file in folder.iterdir():
        data = csv_file.read_bytes().decode("utf-8").replace("\r\n", "\n")
        if csv_file.name == file:
            lines = data.split("\n")
            at = 1 + line % max(1, len(lines) - 2)
            lines[at] = EDITS[edit](lines[at])
            data = "\n".join(lines)
        if crlf:
            data = data.replace("\n", "\r\n")
        (out / csv_file.name).write_bytes(data.encode("utf-8", errors="surrogateescape"))
    return out


@settings(max_examples=40, deadline=None)
@given(file=st.sampled_from(["Client.csv", "Enrollment.csv", "Services.csv", "Export.csv"]),
       line=st.integers(0, 10_000), edit=st.sampled_from(sorted(EDITS)),
       block=st.sampled_from([40, 300, 4096, 1 << 20]), crlf=st.booleans())
def test_edited_files_read_the_same_both_ways(
        folder: Path, tmp_path_factory: pytest.TempPathFactory, file: str, line: int,
        edit: str, block: int, crlf: bool) -> None:
    edited = _edit(folder, tmp_path_factory.mktemp("e"), file, line, edit, crlf)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _both_ways(edited, monkeypatch, block)


@pytest.mark.parametrize("block", [64, 1 << 20])
def test_clean_export_reads_the_same_both_ways(folder: Path, block: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _both_ways(folder, monkeypatch, block)


def test_plain_blocks_are_split_without_the_csv_module(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the csv module was used for a plain file")

    monkeypatch.setattr(reader.csv, "reader", refuse)
    export, findings = read_export(folder, workers=1)
    assert len(export.table("Client")) == 150
    assert [f.code for f in findings] == []


def test_eva_demo_reads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    if not EVA_DEMO.exists():
        pytest.skip(f"{EVA_DEMO} not found")
    _both_ways(EVA_DEMO, monkeypatch, 1 << 20)


@pytest.mark.parametrize("edit", ["quoted", "form feed", "line separator", "spaces"])
def test_odd_headers_read_the_same_both_ways(folder: Path, tmp_path: Path, edit: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "odd-header"
    out.mkdir()
    for csv_file in folder.iterdir():
        (out / csv_file.name).write_bytes(csv_file.read_bytes())
    path = out / "Client.csv"
    header, rest = path.read_bytes().decode("utf-8").split("\n", 1)
    header = {"quoted": lambda h: h.replace("PersonalID", '"PersonalID"'),
              "form feed": lambda h: h.replace("FirstName", "First\x0cName"),
              "line separator": lambda h: h.replace("LastName", "Last\u2028Name"),
              "spaces": lambda h: " " + h}[edit](header)
    path.write_bytes(f"{header}\n{rest}".encode())
    _both_ways(out, monkeypatch, 1 << 20)


@pytest.mark.parametrize("text", ["a\r\nb\nc\r\n", "a\nb\r\n", "a\r\nb\rc\r\n"])
def test_mixed_line_ends_are_left_to_the_csv_module(text: str) -> None:
    # one column: a line break missed by the split would not show in a comma count
    assert reader._plain_columns(text, 1) is None


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_plain_block_split_at_either_line_end(end: str) -> None:
    text = end.join(["1,a,", "2,,x", ""])
    assert reader._plain_columns(text, 3) == [["1", "2"], ["a", ""], ["", "x"]]
