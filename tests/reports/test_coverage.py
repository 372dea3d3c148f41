"""Bed and service-volume coverage, expectations by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from _build import Build

from hmis_core.reports._coverage import bed_coverage, service_coverage

ON = dt.date(2022, 1, 26)


def inventory(b: Build, pid: str, beds: int, start: str = "2020-01-01", end: str = "",
              coc: str = "XX-500") -> None:
    b.add("Inventory", InventoryID=f"I{pid}{beds}", ProjectID=pid, CoCCode=coc, HouseholdType=1,
          UnitInventory=beds, BedInventory=beds, InventoryStartDate=start, InventoryEndDate=end)


def participation(b: Build, pid: str, kind: int, start: str = "2020-01-01",
                  end: str = "") -> None:
    b.add("HMISParticipation", HMISParticipationID=f"HP{pid}{start}", ProjectID=pid,
          HMISParticipationType=kind, HMISParticipationStatusStartDate=start,
          HMISParticipationStatusEndDate=end)


def test_bed_coverage() -> None:
    b = Build()
    b.project("ES1", 0)
    b.project("ES2", 1)
    b.project("PH1", 3)
    b.project("PH2", 13)
    b.project("SO1", 4)
    inventory(b, "ES1", 40)
    inventory(b, "ES2", 60)
    inventory(b, "ES2", 25, end="2021-12-31")          # ended before the date: not counted
    inventory(b, "PH1", 30)
    inventory(b, "PH2", 10, start="2022-02-01")        # not yet open
    inventory(b, "SO1", 5)                              # not a lodging type
    participation(b, "ES1", 1)                          # HMIS
    participation(b, "ES2", 0)                          # not participating
    participation(b, "PH1", 2)                          # comparable database counts
    by_group = {c.group: c for c in bed_coverage(b.export(), ON)}
    # ES: 40 covered of 40 + 60 = 100 → 0.4. PH: 30 of 30. SH and TH: no beds.
    assert (by_group["ES"].covered, by_group["ES"].total, by_group["ES"].rate) == (40, 100, 0.4)
    assert (by_group["PH"].covered, by_group["PH"].total, by_group["PH"].rate) == (30, 30, 1.0)
    assert (by_group["TH"].total, by_group["TH"].rate) == (0, 0.0)


def test_participation_period_is_honoured() -> None:
    b = Build()
    b.project("TH1", 2)
    inventory(b, "TH1", 20)
    participation(b, "TH1", 1, end="2021-12-31")        # stopped before the date
    participation(b, "TH1", 0, start="2022-01-01")
    assert bed_coverage(b.export(), ON)[2].covered == 0


def test_service_coverage() -> None:
    b = Build()
    b.project("SO1", 4)
    b.project("SO2", 4)
    participation(b, "SO1", 1)
    participation(b, "SO2", 0)
    for pid in ("A", "B", "C"):
        b.client(pid)
    b.enrollment("E1", "A", "2022-01-01", project="SO1")
    b.enrollment("E2", "A", "2022-03-01", project="SO1")   # the same person again
    b.enrollment("E3", "B", "2021-01-01", project="SO1")
    b.exit("E3", "2021-06-01")                             # left before the period
    b.enrollment("E4", "C", "2022-01-01", project="SO2")   # not participating
    (c,) = service_coverage(b.export(), dt.date(2021, 10, 1), dt.date(2022, 9, 30), {"SO": 4})
    assert (c.covered, c.total, c.rate) == (1, 4, 0.25)
    with pytest.raises(ValueError, match="unknown groups"):
        service_coverage(b.export(), ON, ON, {"XX": 1})


def test_dates_may_be_iso_strings() -> None:
    b = Build()
    b.project("SO1", 4)
    assert service_coverage(b.export(), "2021-10-01", "2022-09-30", {"SO": 1})[0].covered == 0
    assert bed_coverage(b.export(), "2022-01-26")[0].group == "ES"
