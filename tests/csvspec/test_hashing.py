"""HUD's hashed export (HashStatus 4): Soundex then SHA-256 for names; last four SSN digits in
clear then SHA-256 of the SSN. Vectors computed here independently of the library."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hmis_core import Export, read_export, validate, write_export
from hmis_core.csvspec import hash_name, hash_ssn, soundex
from hmis_core.elements import (
    Client,
    DOBDataQuality,
    ExportDirective,
    ExportPeriodType,
    ExportRecord,
    HashStatus,
    NameDataQuality,
    NoYes,
    NoYesReasonsForMissingData,
    SourceType,
    SSNDataQuality,
)

_CODES = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"),
          **dict.fromkeys("DT", "3"), "L": "4", **dict.fromkeys("MN", "5"), "R": "6"}


def reference_soundex(name: str) -> str:
    """American Soundex, written from its definition (National Archives, 2007):
    keep the first letter; code the rest; letters with the same code separated only by H or
    W count once; vowels separate; pad or cut to four characters."""
    letters = [c for c in name.upper() if "A" <= c <= "Z"]
    if not letters:
        return ""
    out = letters[0]
    previous = _CODES.get(letters[0], "")
    for c in letters[1:]:
        code = _CODES.get(c, "")
        if code and code != previous:
            out += code
        if c not in "HW":
            previous = code
    return (out + "000")[:4]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Robert", "R163"), ("Rupert", "R163"), ("Rubin", "R150"), ("Ashcraft", "A261"),
     ("Tymczak", "T522"), ("Pfister", "P236"), ("Honeyman", "H555"), ("Lee", "L000"),
     ("O'Brien", "O165"), ("Gutierrez", "G362")],
)
def test_soundex_known_codes(name: str, expected: str) -> None:
    assert soundex(name) == expected
    assert reference_soundex(name) == expected


@given(st.text(alphabet=st.characters(min_codepoint=65, max_codepoint=122), min_size=1,
               max_size=20))
def test_soundex_agrees_with_reference(name: str) -> None:
    assert soundex(name) == reference_soundex(name)


def test_hash_vectors() -> None:
    assert hash_name("Robert") == hashlib.sha256(b"R163").hexdigest()
    assert hash_name("robert") == hash_name("ROBERT") == hash_name("Rupert")
    assert hash_name("") == ""
    assert hash_name(None) is None
    ssn = "123456789"
    assert hash_ssn(ssn) == "6789" + hashlib.sha256(b"123456789").hexdigest()
    # a partial SSN is right-justified to nine characters with x before hashing
    assert hash_ssn("6789") == "6789" + hashlib.sha256(b"xxxxx6789").hexdigest()
    assert len(hash_ssn(ssn) or "") == 68


def _export(first: str, ssn: str) -> Export:
    t = datetime.datetime(2025, 10, 1, 12, 0, 0)
    return Export.from_records([
        ExportRecord(export_id="E1", source_type=SourceType.COC_HMIS, export_date=t,
                     export_start_date=t.date(), export_end_date=t.date(),
                     software_name="test", csv_version="2026 v1",
                     export_period_type=ExportPeriodType.REPORTING_PERIOD,
                     export_directive=ExportDirective.FULL_REFRESH,
                     hash_status=HashStatus.UNHASHED, implementation_id="I1"),
        Client(personal_id="P1", first_name=first, last_name="Ashcraft", ssn=ssn,
               name_data_quality=NameDataQuality.FULL_NAME_REPORTED,
               ssn_data_quality=SSNDataQuality.FULL_SSN_REPORTED,
               dob=datetime.date(1990, 5, 17), dob_data_quality=DOBDataQuality.FULL_DOB_REPORTED,
               am_ind_ak_native=NoYes.NO, asian=NoYes.NO, black_af_american=NoYes.NO,
               hispanic_latinao=NoYes.NO, mid_east_n_african=NoYes.NO,
               native_hi_pacific=NoYes.NO, white=NoYes.YES,
               veteran_status=NoYesReasonsForMissingData.NO, date_created=t, date_updated=t,
               user_id="U1", export_id="E1"),
    ])


def _client_rows(path: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as z:
        text = z.read("Client.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_write_hashed_export(tmp_path: Path) -> None:
    write_export(_export("Robert", "123456789"), tmp_path / "h.zip", hashed=True)
    row = _client_rows(tmp_path / "h.zip")[0]
    assert row["FirstName"] == hashlib.sha256(b"R163").hexdigest()
    assert row["LastName"] == hashlib.sha256(b"A261").hexdigest()
    assert row["MiddleName"] == ""
    assert row["SSN"] == "6789" + hashlib.sha256(b"123456789").hexdigest()
    assert row["DOB"] == "1990-05-17"  # not hashed
    export, findings = read_export(tmp_path / "h.zip")
    assert export.export_record is not None
    assert export.export_record.hash_status == HashStatus.SHA_256
    # a correctly hashed export raises no hashing or length finding
    codes = {f.code for f in findings + validate(export, require_hashed=True)}
    assert not codes & {"hash_mismatch", "string_too_long", "unhashed_export"}
    # hashing an already hashed export changes nothing
    write_export(export, tmp_path / "h2.zip", hashed=True)
    assert _client_rows(tmp_path / "h2.zip") == _client_rows(tmp_path / "h.zip")


def test_unhashed_names_under_hash_status_4_are_reported(tmp_path: Path) -> None:
    write_export(_export("Robert", "123456789"), tmp_path / "plain")
    export_csv = tmp_path / "plain" / "Export.csv"
    text = export_csv.read_text(encoding="utf-8")
    export_csv.write_text(text.replace(",1,I1", ",4,I1"), encoding="utf-8")
    export, _ = read_export(tmp_path / "plain")
    mismatches = [f for f in validate(export) if f.code == "hash_mismatch"]
    assert {f.column for f in mismatches} == {"FirstName", "LastName", "SSN"}
    first = next(f for f in mismatches if f.column == "FirstName")
    assert "length(s) 6" in first.message
    assert "64 hex" in first.message
    assert "Robert" not in str(first)  # evidence without the name itself
