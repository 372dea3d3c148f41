"""De-identification: dropped identifiers, keyed pseudonyms, DOB generalisation, date shifts."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import string
from pathlib import Path

import pytest
from _privacybuild import Builder, D, T
from hypothesis import given
from hypothesis import strategies as st

from hmis_core import Export, read_export, write_export
from hmis_core.privacy import (
    AGE_BAND_COLUMN,
    age_band,
    date_shift,
    deidentify,
    pseudonym,
)
from hmis_core.privacy._tables import cells, client_files
from hmis_core.testing.strategies import exports

KEY = b"test key: 32 bytes long, exactly"


def small() -> Export:
    # C1: Zebulon Quixote, SSN 123456789, born 1980-05-17, entered P1 2024-01-02, left
    # 2024-03-01 (59 days later); C2: born 2010-07-01 (a 1 July birthday), no enrollment.
    return (Builder().organization("O1").project("P1", "O1").project("P2", "O1")
            .affiliation("A1", "P2", "P1")
            .user("U1", "Staffy", "Member", "staff@example.org")
            .client("C1", first="Zebulon", last="Quixote", extra_text="Lives at 12 Elm St")
            .client("C2", first="Ynez", last="Rivera", ssn=None, dob=D(2010, 7, 1))
            .enrollment("N1", "C1", "P1", D(2024, 1, 2), household="HH1")
            .exit("X1", "N1", "C1", D(2024, 3, 1), other="staying with sister Maria")
            .service("S1", "N1", "C1", D(2024, 1, 5))
            .assessment("AS1", "N1", "C1", D(2024, 1, 3), "Room 12, 400 Main St")
            .build())


def test_pseudonym_is_hmac_sha256_truncated() -> None:
    expected = hmac.new(KEY, b"PersonalID\x00C1", hashlib.sha256).hexdigest()[:32]
    assert pseudonym(KEY, "C1") == expected
    assert pseudonym(KEY, "C1", namespace="HouseholdID") != expected
    assert pseudonym(b"another key, also 32 bytes long!", "C1") != expected


def test_key_must_be_long_enough() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        deidentify(small(), key=b"short")
    with pytest.raises(TypeError):
        pseudonym("not bytes", "C1")  # type: ignore[arg-type]


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="dob"):
        deidentify(small(), key=KEY, dob="month")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ID columns"):
        deidentify(small(), key=KEY, pseudonymize=["FirstName"])
    with pytest.raises(ValueError, match="max_shift_days"):
        deidentify(small(), key=KEY, max_shift_days=0)


def test_identifiers_dropped_and_quality_codes_kept() -> None:
    out = deidentify(small(), key=KEY)
    c1 = next(c for c in out.clients if c.personal_id == pseudonym(KEY, "C1"))
    assert (c1.first_name, c1.middle_name, c1.last_name, c1.name_suffix, c1.ssn) == (
        None, None, None, None, None)
    assert (c1.name_data_quality, c1.ssn_data_quality, c1.dob_data_quality) == (1, 1, 1)
    assert c1.additional_race_ethnicity is None  # free text
    assert c1.white == 1  # everything else kept
    assert c1.date_created == T(2020, 1, 1, 9, 0)


def test_personal_id_pseudonym_is_consistent_across_files() -> None:
    out = deidentify(small(), key=KEY)
    p1 = pseudonym(KEY, "C1")
    assert {c.personal_id for c in out.clients} == {p1, pseudonym(KEY, "C2")}
    assert [e.personal_id for e in out.enrollments] == [p1]
    assert [x.personal_id for x in out.exits] == [p1]
    assert [s.personal_id for s in out.services] == [p1]
    assert [a.personal_id for a in out.assessments] == [p1]
    # other IDs untouched by default: joins by EnrollmentID still work
    assert [x.enrollment_id for x in out.exits] == ["N1"]
    assert [e.household_id for e in out.enrollments] == ["HH1"]


def test_other_ids_on_request() -> None:
    out = deidentify(small(), key=KEY,
                     pseudonymize=["PersonalID", "EnrollmentID", "HouseholdID", "ProjectID"])
    n1 = pseudonym(KEY, "N1", namespace="EnrollmentID")
    assert [e.enrollment_id for e in out.enrollments] == [n1]
    assert [x.enrollment_id for x in out.exits] == [n1]
    assert [e.household_id for e in out.enrollments] == [
        pseudonym(KEY, "HH1", namespace="HouseholdID")]
    p1 = pseudonym(KEY, "P1", namespace="ProjectID")
    assert [e.project_id for e in out.enrollments] == [p1]
    assert p1 in {p.project_id for p in out.projects}
    # Affiliation.ResProjectID follows ProjectID
    assert [a.res_project_id for a in out.affiliations] == [p1]


def test_dob_year_is_mid_year() -> None:
    out = deidentify(small(), key=KEY)
    assert sorted(c.dob for c in out.clients) == [D(1980, 7, 1), D(2010, 7, 1)]


def test_dob_age_band_on_export_end_date() -> None:
    # ExportEndDate 2025-09-30: C1 (1980-05-17) is 45 -> "45-54"; C2 (2010-07-01) is 15 ->
    # "13-17".
    out = deidentify(small(), key=KEY, dob="age_band")
    assert {c.dob for c in out.clients} == {None}
    table = out.table("Client")
    bands = dict(zip(cells(table["PersonalID"], range(2)),
                     cells(table[AGE_BAND_COLUMN], range(2)), strict=True))
    assert bands == {pseudonym(KEY, "C1"): "45-54", pseudonym(KEY, "C2"): "13-17"}
    # and on a given day: on 2028-06-30 C2 is 17, on 2028-07-01 18
    table = deidentify(small(), key=KEY, dob="age_band", as_of=D(2028, 7, 1)).table("Client")
    assert "18-24" in cells(table[AGE_BAND_COLUMN], range(2))


def test_age_band_boundaries() -> None:
    born = D(2000, 3, 1)
    assert age_band(born, D(2018, 2, 28)) == "13-17"
    assert age_band(born, D(2018, 3, 1)) == "18-24"
    assert age_band(born, D(2065, 3, 1)) == "65+"
    assert age_band(born, D(1999, 1, 1)) == ""  # not born yet
    assert age_band(born, D(2030, 3, 1), bands=(0, 18, 30)) == "30+"
    with pytest.raises(ValueError, match="increasing"):
        age_band(born, D(2030, 3, 1), bands=(18, 0))


def test_dob_keep() -> None:
    out = deidentify(small(), key=KEY, dob="keep")
    assert sorted(c.dob for c in out.clients) == [D(1980, 5, 17), D(2010, 7, 1)]


def test_shifted_dates_keep_each_persons_intervals() -> None:
    shift = dt.timedelta(days=date_shift(KEY, "C1"))
    assert -365 <= shift.days <= -1
    out = deidentify(small(), key=KEY, shift_dates=True, dob="keep")
    (enrollment,), (exit_,), (service,) = out.enrollments, out.exits, out.services
    assert enrollment.entry_date == D(2024, 1, 2) + shift
    assert exit_.exit_date == D(2024, 3, 1) + shift
    assert (exit_.exit_date - enrollment.entry_date).days == 59  # length of stay kept
    assert service.date_provided == D(2024, 1, 5) + shift
    assert enrollment.date_created == T(2024, 1, 2, 10, 0) + shift  # time of day kept
    c1 = next(c for c in out.clients if c.personal_id == pseudonym(KEY, "C1"))
    assert c1.dob == D(1980, 5, 17) + shift  # age at entry kept exactly
    # project and export dates do not move
    assert {p.operating_start_date for p in out.projects} == {D(2010, 1, 1)}
    assert out.export_record is not None
    assert out.export_record.export_end_date == D(2025, 9, 30)


def test_shift_then_year() -> None:
    # DOB 1980-05-17 moved back up to 365 days lands in 1979 or 1980; then 1 July.
    out = deidentify(small(), key=KEY, shift_dates=True)
    c1 = next(c for c in out.clients if c.personal_id == pseudonym(KEY, "C1"))
    shifted = D(1980, 5, 17) + dt.timedelta(days=date_shift(KEY, "C1"))
    assert c1.dob == D(shifted.year, 7, 1)


def test_free_text_and_staff_contacts() -> None:
    out = deidentify(small(), key=KEY)
    assert [x.other_destination for x in out.exits] == [None]
    assert [a.assessment_location for a in out.assessments] == ["Redacted"]  # required column
    assert [(u.user_first_name, u.user_last_name, u.user_email) for u in out.users] == [
        (None, None, None)]
    record = out.export_record
    assert record is not None
    assert (record.source_contact_first, record.source_contact_email) == (None, None)
    kept = deidentify(small(), key=KEY, drop_free_text=False, drop_staff_contacts=False)
    assert [x.other_destination for x in kept.exits] == ["staying with sister Maria"]
    assert [u.user_first_name for u in kept.users] == ["Staffy"]


def test_input_is_not_changed_and_output_is_deterministic() -> None:
    export = small()
    first = deidentify(export, key=KEY, shift_dates=True)
    second = deidentify(export, key=KEY, shift_dates=True)
    assert list(first.all_records()) == list(second.all_records())
    assert {c.first_name for c in export.clients} == {"Zebulon", "Ynez"}


def test_only_some_clients() -> None:
    out = deidentify(small(), key=KEY, clients={"C1"})
    names = {c.personal_id: c.first_name for c in out.clients}
    assert names == {pseudonym(KEY, "C1"): None, "C2": "Ynez"}
    assert [u.user_first_name for u in out.users] == ["Staffy"]  # not client data


def test_invalid_dob_text_is_dropped(tmp_path: Path) -> None:
    write_export(small(), tmp_path / "in")
    client_csv = tmp_path / "in" / "Client.csv"
    client_csv.write_text(client_csv.read_text().replace("1980-05-17", "1980-13-45"))
    export, _ = read_export(tmp_path / "in")
    assert "1980-13-45" in cells(export.table("Client")["DOB"], range(2))
    for mode in ("year", "age_band"):
        table = deidentify(export, key=KEY, dob=mode).table("Client")  # type: ignore[arg-type]
        assert "1980-13-45" not in cells(table["DOB"], range(2))
    kept = deidentify(export, key=KEY, dob="keep").table("Client")
    assert "1980-13-45" in cells(kept["DOB"], range(2))


def test_hashed_input_is_emptied_too(tmp_path: Path) -> None:
    write_export(small(), tmp_path / "hashed.zip", hashed=True)
    export, _ = read_export(tmp_path / "hashed.zip")
    assert all(len(c.first_name or "") == 64 for c in export.clients)
    out = deidentify(export, key=KEY)
    assert {(c.first_name, c.ssn) for c in out.clients} == {(None, None)}


def test_hud_hashed_export_is_not_de_identification(tmp_path: Path) -> None:
    # The docs' claim, demonstrated: hashing the 26 x 7^3 = 8,918 Soundex codes reverses
    # every name hash of a hashed export, and 10^5 guesses reverse the SSN hash.
    write_export(small(), tmp_path / "hashed.zip", hashed=True)
    export, _ = read_export(tmp_path / "hashed.zip")
    codes = [letter + "".join(digits) for letter in string.ascii_uppercase
             for digits in itertools.product("0123456", repeat=3)]
    reverse = {hashlib.sha256(code.encode()).hexdigest(): code for code in codes}
    client = next(c for c in export.clients if c.personal_id == "C1")
    assert client.last_name is not None
    assert reverse[client.last_name] == "Q230"  # Soundex of Quixote
    ssn = client.ssn or ""
    guesses = (f"{n:05d}{ssn[:4]}" for n in range(100_000))
    assert next(g for g in guesses if hashlib.sha256(g.encode()).hexdigest() == ssn[4:]) == (
        "123456789")


def test_round_trip_through_csv(tmp_path: Path) -> None:
    out = deidentify(small(), key=KEY, dob="age_band", shift_dates=True)
    write_export(out, tmp_path / "out.zip", keep_extra_columns=True)
    again, findings = read_export(tmp_path / "out.zip")
    # AgeBand is not an HMIS CSV column: the reader says so (a release, not an upload)
    assert [(f.code, f.column) for f in findings] == [("extra_column", AGE_BAND_COLUMN)]
    assert list(again.all_records()) == list(out.all_records())
    assert AGE_BAND_COLUMN in again.table("Client").extra_columns


# ----------------------------------------------------------------------------- property


def _texts(export: Export) -> set[str]:
    out: set[str] = set()
    for spec in client_files(export.standard):
        table = export.table(spec.name)
        for name in table.columns:
            out.update(cells(table[name], range(len(table))))
    return out


@given(exports(max_clients=10) | exports(max_clients=6, hashed=True),
       st.sampled_from(["year", "age_band"]), st.booleans())
def test_no_identifying_value_survives(export: Export, dob: str, shift: bool) -> None:
    out = deidentify(export, key=KEY, dob=dob, shift_dates=shift)  # type: ignore[arg-type]
    clients = export.table("Client")
    rows = range(len(clients))
    identifying: set[str] = set()
    for column in ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN"):
        identifying.update(cells(clients[column], rows))
    for spec in client_files(export.standard):
        table = export.table(spec.name)
        identifying.update(cells(table["PersonalID"], range(len(table))))
    identifying.discard("")
    assert not identifying & _texts(out)
    # DOB: no exact date of birth of the input, unless it already was 1 July of its year
    dobs_in = {d for d in cells(clients["DOB"], rows) if d and not d.endswith("-07-01")}
    out_clients = out.table("Client")
    dobs_out = set(cells(out_clients["DOB"], range(len(out_clients)))) - {""}
    assert not dobs_in & dobs_out
    if dob == "year":
        assert all(d.endswith("-07-01") for d in dobs_out)
    else:
        assert not dobs_out
    # nothing lost: same number of rows in every file, joins intact
    for name, table in export.tables.items():
        assert len(out.table(name)) == len(table)
    people = {c.personal_id for c in out.clients}
    assert {e.personal_id for e in out.enrollments} <= people
