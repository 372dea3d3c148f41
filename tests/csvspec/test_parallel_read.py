"""Reading with a second process gives exactly what reading in one process gives."""

from __future__ import annotations

import datetime
import sys
import threading
from array import array
from pathlib import Path
from typing import Any

import pytest

import hmis_core._fork as fork
import hmis_core.csvspec._reader as reader
from _support import EVA_DEMO, assert_same_read
from hmis_core import read_export, validate, write_export
from hmis_core._table import Column
from hmis_core.elements import FY2026, canonical_converter_for
from hmis_core.testing import synthesize

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the second process is forked on Linux only")


@pytest.fixture(scope="module")
def defective(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated export with defects of several kinds, as a folder."""
    export, _ = synthesize(clients=400, seed=3, defects=[
        "missing_reference", "duplicate_primary_key", "value_not_in_list",
        "invalid_date_format"])
    folder = tmp_path_factory.mktemp("defective")
    write_export(export, folder)
    return folder


@pytest.fixture
def unpacked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the tables this process received from the second one, as they come."""
    names: list[str] = []
    unpack = reader.unpack_table

    def counting(packed: Any, standard: Any) -> Any:
        table = unpack(packed, standard)
        names.append(table.name)
        return table

    monkeypatch.setattr(reader, "unpack_table", counting)
    return names


def test_two_processes_read_the_same_as_one(defective: Path, unpacked: list[str]) -> None:
    assert_same_read(read_export(defective, workers=1), read_export(defective, workers=2))
    assert unpacked  # the second process did read some of the files


def test_two_processes_read_the_eva_demo_as_one() -> None:
    if not EVA_DEMO.exists():
        pytest.skip(f"{EVA_DEMO} not found")
    # real defects: repaired dates, invalid values, a missing reference year
    assert_same_read(read_export(EVA_DEMO, workers=1), read_export(EVA_DEMO, workers=2))


def test_only_some_files_and_columns(defective: Path) -> None:
    options: dict[str, Any] = {"files": ["Client", "Enrollment", "Exit"],
                               "columns": {"Client": ["PersonalID", "DOB"]}}
    assert_same_read(read_export(defective, workers=1, **options),
                     read_export(defective, workers=2, **options))


def test_a_failing_second_process_leaves_its_files_to_the_first(
        defective: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(table: Any) -> Any:
        raise RuntimeError("the second process fails while packing")

    # the child is forked from this process, so it inherits the broken packer
    monkeypatch.setattr(reader, "pack_table", broken)
    assert_same_read(read_export(defective, workers=1), read_export(defective, workers=2))


def test_files_sent_before_a_failure_are_kept_and_the_rest_read_here(
        defective: Path, unpacked: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    packed: list[str] = []
    pack = reader.pack_table

    def second_fails(table: Any) -> Any:
        packed.append(table.name)  # counted in the second process (forked from here)
        if len(packed) == 2:
            raise RuntimeError("the second process fails on its second file")
        return pack(table)

    monkeypatch.setattr(reader, "pack_table", second_fails)
    assert_same_read(read_export(defective, workers=1), read_export(defective, workers=2))
    assert len(unpacked) <= 1  # at most its first file came; the others were read here


def test_tables_come_through_files_that_are_removed_afterwards(
        defective: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fork.tempfile, "tempdir", str(tmp_path))
    assert_same_read(read_export(defective, workers=1), read_export(defective, workers=2))
    assert list(tmp_path.iterdir()) == []


def test_without_a_temporary_folder_tables_come_through_the_pipe(
        defective: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_folder(*args: Any, **kwargs: Any) -> str:
        raise OSError("no space left on device")

    monkeypatch.setattr(fork.tempfile, "mkdtemp", no_folder)
    assert_same_read(read_export(defective, workers=1), read_export(defective, workers=2))


def test_a_second_process_is_not_forked_beside_other_threads(
        defective: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(reader._Child, "start", lambda *a, **k: started.append(a))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        read_export(defective, workers=2)
    finally:
        stop.set()
        thread.join()
    assert started == []


def test_small_exports_are_read_in_one_process_by_default(
        defective: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(reader._Child, "start", lambda *a, **k: started.append(a))
    read_export(defective)
    assert started == []
    monkeypatch.setattr(reader, "_PARALLEL_BYTES", 1)
    read_export(defective)
    assert len(started) == 1


def test_workers_must_be_positive(defective: Path) -> None:
    with pytest.raises(ValueError, match="workers"):
        read_export(defective, workers=0)


def test_received_columns_are_made_when_first_used(defective: Path) -> None:
    export, _ = read_export(defective, workers=2)
    received = [t for t in export.tables.values() if len(t)
                and any(c._pending is not None for c in t.columns.values())]
    assert received  # tables from the second process hold deferred columns
    validate(export)
    for table in received:
        created = table["DateCreated"]
        assert created._pending is not None  # validate used its facts, not its values
        assert isinstance(created[0], datetime.datetime)
        assert created._pending is None
        assert created.raw(0) == created[0].strftime("%Y-%m-%d %H:%M:%S")


def test_deferred_column() -> None:
    codes = array("B", [1, 0, 2, 1])
    spec = FY2026.column("Enrollment", "EntryDate")
    column = Column.deferred("EntryDate", spec, codes, "\x002024-06-30\x002025-01-01",
                             canonical_converter_for(spec, FY2026.lists), canonical=True,
                             memo={"span": "kept"})
    assert column.memo("span", lambda c: "computed") == "kept"
    assert len(column) == 4
    assert column.to_list() == [datetime.date(2024, 6, 30), None, datetime.date(2025, 1, 1),
                                datetime.date(2024, 6, 30)]
    assert column.raw_texts == ["", "2024-06-30", "2025-01-01"]
    assert not column.invalid_codes
    with pytest.raises(AttributeError):
        column.no_such_attribute  # noqa: B018
