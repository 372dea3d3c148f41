"""Retention: the plan (who is due) and applying it (de-identifying only those clients).

As of 2025-06-01 with the default seven years, the cutoff is 2018-06-01: identifying data
last changed before that day, of clients with no activity since, is due.
"""

from __future__ import annotations

import json
from pathlib import Path

from _privacybuild import Builder, D, T

from hmis_core import Export, read_export, write_export
from hmis_core.privacy import apply_retention, pseudonym, retention_plan

AS_OF = D(2025, 6, 1)
KEY = b"retention test key, 32 bytes...."
OLD = T(2015, 3, 1, 9, 0)


def history() -> Export:
    b = Builder().organization("O1").project("P1", "O1")
    # R1: changed 2016-01-01, stay 2015-03-02 .. 2015-06-01: due.
    b.client("R1", first="Rhea", created=OLD, updated=T(2016, 1, 1, 9, 0))
    b.enrollment("N1", "R1", "P1", D(2015, 3, 2)).exit("X1", "N1", "R1", D(2015, 6, 1))
    # R2: Client.csv row updated 2019-01-01, after the cutoff: not due.
    b.client("R2", created=OLD, updated=T(2019, 1, 1, 9, 0))
    # R3: an enrollment never exited: in use, however old.
    b.client("R3", created=OLD).enrollment("N3", "R3", "P1", D(2015, 3, 2))
    # R4: exited on the cutoff day itself (record created the day before): active in the
    # period, in use.
    b.client("R4", created=OLD).enrollment("N4", "R4", "P1", D(2015, 3, 2))
    b.exit("X4", "N4", "R4", D(2018, 6, 1), created=T(2018, 5, 31, 9, 0))
    # R5: stay over in 2016, but a service entered late, on 2019-02-01: in use.
    b.client("R5", created=OLD).enrollment("N5", "R5", "P1", D(2015, 3, 2))
    b.exit("X5", "N5", "R5", D(2016, 1, 1))
    b.service("S5", "N5", "R5", D(2015, 12, 1), created=T(2019, 2, 1, 9, 0))
    # R6: created the day before the cutoff, nothing else: due. R7: created on the cutoff
    # day: exactly seven years is not more than seven, not due.
    b.client("R6", created=T(2018, 5, 31, 23, 59)).client("R7", created=T(2018, 6, 1, 0, 0))
    # R8: deleted long ago: not reported.
    b.client("R8", created=OLD, deleted=T(2016, 1, 1, 9, 0))
    return b.build()


def test_plan_by_hand() -> None:
    plan = retention_plan(history(), as_of=AS_OF)
    assert plan.cutoff == D(2018, 6, 1)
    assert plan.personal_ids == {"R1", "R6"}
    r1 = next(c for c in plan.candidates if c.personal_id == "R1")
    assert (r1.date_created, r1.date_updated) == (OLD, T(2016, 1, 1, 9, 0))
    assert r1.last_activity == D(2016, 1, 1)  # the Client.csv update is the latest sign of use
    assert plan.undetermined == ()


def test_years_and_as_of() -> None:
    # With 10 years the cutoff is 2015-06-01: R1 (updated 2016), R2 (2019), R6 and R7
    # (2018) changed after it; R3 is open, R4 exited 2018, R5 has a 2019 service: nobody.
    assert retention_plan(history(), as_of=AS_OF, years=10).personal_ids == set()
    # Ten years later (cutoff 2028-06-01) everyone without an open enrollment is due:
    # R3 still has one (never exited).
    later = retention_plan(history(), as_of=D(2035, 6, 1))
    assert later.personal_ids == {"R1", "R2", "R4", "R5", "R6", "R7"}


def test_plan_to_dict_holds_no_identifying_values() -> None:
    doc = retention_plan(history(), as_of=AS_OF).to_dict()
    text = json.dumps(doc)
    assert "Rhea" not in text
    assert "123456789" not in text
    assert "1980-05-17" not in text
    assert doc["cutoff"] == "2018-06-01"
    assert [c["personal_id"] for c in doc["candidates"]] == ["R1", "R6"]


def test_undetermined_clients(tmp_path: Path) -> None:
    export = Builder().organization("O1").client("U1", created=OLD).build()
    write_export(export, tmp_path / "x")
    client_csv = tmp_path / "x" / "Client.csv"
    client_csv.write_text(client_csv.read_text().replace("2015-03-01 09:00:00", "sometime"))
    broken, _ = read_export(tmp_path / "x")
    plan = retention_plan(broken, as_of=AS_OF)
    assert plan.undetermined == ("U1",)
    assert plan.candidates == ()


def test_apply_de_identifies_only_the_plan() -> None:
    export = history()
    plan = retention_plan(export, as_of=AS_OF)
    out = apply_retention(export, plan, key=KEY)
    r1 = pseudonym(KEY, "R1")
    clients = {c.personal_id: c for c in out.clients}
    assert set(clients) == {r1, pseudonym(KEY, "R6"), "R2", "R3", "R4", "R5", "R7"}
    assert (clients[r1].first_name, clients[r1].ssn, clients[r1].dob) == (
        None, None, D(1980, 7, 1))
    assert clients["R2"].first_name == "Ann"  # untouched
    assert clients["R2"].dob == D(1980, 5, 17)
    assert [e.personal_id for e in out.enrollments if e.enrollment_id == "N1"] == [r1]
    assert [x.personal_id for x in out.exits if x.exit_id == "X1"] == [r1]
    assert [x.personal_id for x in out.exits if x.exit_id == "X4"] == ["R4"]
    for name, table in export.tables.items():  # nothing deleted
        assert len(out.table(name)) == len(table)
    # the deleted R8 is not in the plan and stays as it was
    r8 = [c for c in out.records(type(out.clients[0]), include_deleted=True)
          if c.personal_id == "R8"]
    assert r8[0].first_name == "Ann"


def test_apply_an_empty_plan_changes_nothing() -> None:
    export = history()
    plan = retention_plan(export, as_of=D(2019, 1, 1))
    assert plan.candidates == ()
    out = apply_retention(export, plan, key=KEY)
    assert list(out.all_records()) == list(export.all_records())
