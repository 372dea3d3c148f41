"""Corrupted input never produces a traceback: only findings, or exit code 2 when nothing can
be read. Corruption is driven by hypothesis over bytes, rows, headers and zip structure."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from hmis_core import Export, read_export, validate, write_export
from hmis_core._cli import main
from hmis_core.elements import Client, Enrollment, Organization
from hmis_core.testing.strategies import records

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def members(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files of a small valid export."""
    clients = find(st.lists(records(Client), min_size=3), lambda xs: True)
    enrollments = find(st.lists(records(Enrollment), min_size=3), lambda xs: True)
    orgs = find(st.lists(records(Organization), min_size=2), lambda xs: True)
    path = tmp_path_factory.mktemp("base") / "base.zip"
    write_export(Export.from_records([*orgs, *clients, *enrollments]), path)
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _read_everything(path: Path) -> None:
    export, findings = read_export(path)
    findings += validate(export)
    for finding in findings:
        str(finding)
        finding.to_dict()
    for spec in export.standard.files:
        for _ in export.records(spec.record_type, include_deleted=True):
            pass
    assert main(["validate", str(path), "--format", "json", "--quiet"]) in (0, 1, 2)


noise = st.binary(min_size=1, max_size=40) | st.sampled_from(
    [b"\x00", b'"', b"\r", b"\n", b",", b'""', b"\xff\xfe", b"\xe9", b"\xef\xbb\xbf", b"\t"]
)


@SETTINGS
@given(data=st.data())
def test_byte_corruption_of_a_member(
    members: dict[str, bytes], tmp_path: Path, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(members)))
    content = bytearray(members[name])
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(content)))
        action = data.draw(st.sampled_from(["insert", "delete", "truncate"]))
        if action == "insert":
            content[at:at] = data.draw(noise)
        elif action == "delete":
            del content[at : at + data.draw(st.integers(1, 30))]
        else:
            del content[at:]
    path = tmp_path / "x.zip"
    path.write_bytes(_zip({**members, name: bytes(content)}))
    _read_everything(path)


@SETTINGS
@given(data=st.data())
def test_header_and_row_corruption(
    members: dict[str, bytes], tmp_path: Path, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(["Client.csv", "Enrollment.csv", "Export.csv"]))
    lines = members[name].decode("utf-8").split("\r\n")
    header = lines[0].split(",")
    choice = data.draw(st.sampled_from(["shuffle", "drop", "duplicate", "rename", "rows"]))
    if choice == "shuffle":
        header = data.draw(st.permutations(header))
    elif choice == "drop" and header:
        header.pop(data.draw(st.integers(0, len(header) - 1)))
    elif choice == "duplicate":
        header.append(data.draw(st.sampled_from(header)))
    elif choice == "rename":
        i = data.draw(st.integers(0, len(header) - 1))
        header[i] = data.draw(st.text(max_size=12))
    else:
        body = lines[1:]
        lines = [lines[0], *data.draw(st.permutations(body)),
                 *data.draw(st.lists(st.text(max_size=30), max_size=3))]
    lines[0] = ",".join(header)
    path = tmp_path / "x.zip"
    path.write_bytes(_zip({**members, name: "\r\n".join(lines).encode("utf-8")}))
    _read_everything(path)


@SETTINGS
@given(data=st.data())
def test_zip_structure_corruption(
    members: dict[str, bytes], tmp_path: Path, data: st.DataObject
) -> None:
    choice = data.draw(st.sampled_from(["subfolder", "two_folders", "drop", "garbage",
                                        "flip", "empty", "lowercase"]))
    files = dict(members)
    if choice == "subfolder":
        files = {f"export/{k}": v for k, v in files.items()}
    elif choice == "two_folders":
        files = {f"{'a' if i % 2 else 'b'}/{k}": v for i, (k, v) in enumerate(files.items())}
    elif choice == "drop":
        for name in data.draw(st.lists(st.sampled_from(sorted(files)), max_size=5)):
            files.pop(name, None)
    elif choice == "empty":
        files = {}
    elif choice == "lowercase":
        files = {k.lower(): v for k, v in files.items()}
    blob = _zip(files)
    if choice == "garbage":
        blob = data.draw(st.binary(max_size=200))
    elif choice == "flip":
        content = bytearray(blob)
        for _ in range(data.draw(st.integers(1, 10))):
            at = data.draw(st.integers(0, len(content) - 1))
            content[at] = data.draw(st.integers(0, 255))
        blob = bytes(content)
    path = tmp_path / "x.zip"
    path.write_bytes(blob)
    _read_everything(path)


def test_unreadable_inputs_exit_2(tmp_path: Path) -> None:
    not_zip = tmp_path / "export.zip"
    not_zip.write_text("hello")
    assert main(["validate", str(not_zip), "--quiet"]) == 2
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    assert main(["validate", str(empty_dir), "--quiet"]) == 2
    assert main(["validate", str(tmp_path / "missing.zip"), "--quiet"]) == 2
