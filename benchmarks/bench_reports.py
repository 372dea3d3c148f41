"""Benchmark: CoC-wide APR and CAPER over a synthetic export of 1,000,000+ enrollments, a
pandas baseline for the report universe, and the per-project time on HUD's Eva demo export.

Run from the repository root (hmis_core installed; pandas for the baseline)::

    python benchmarks/bench_reports.py [--clients 850000] [--data-dir D] [--json]
    python benchmarks/bench_reports.py --clients 100000            # a quick run
    python benchmarks/bench_reports.py --eva ../shared/data/eva-demo-fy2026.zip

The export comes from ``hmis synth --clients N --seed 7`` (850,000 client records give
about 1,022,000 enrollments over 600 projects of every type), cached under
``D/synth_<N>``. Each measurement runs in its own fresh Python process and reports its wall
time and peak resident memory (``VmHWM``):

(a) **APR**: ``read_export`` of the files the reports use, then one CoC-wide APR — every
    project with HUD:CoC funding in one report (the universe is each client's latest
    enrollment across all of them) — over 2024-10-01..2025-09-30; then, in the same process,
    the CAPER over every project with HUD:ESG funding. Read and report times are printed
    apart; the target (under 60 s and 6 GB each) is for the reports.
(b) **pandas**: the same universe computed with pandas (active enrollments with the
    night-by-night bed-night rule, latest enrollment per client, age at the later of report
    start and entry, household type) and Q7a (persons by age group and household type)
    for the APR's projects; its Q7a is compared cell by cell with hmis_core's.
(c) **Eva demo** (``--eva``): every project of the export, one APR each (and a CAPER for
    ESG-funded projects) over 2021-10-01..2022-09-30; time per project.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _memory import peak_rss_mb

HERE = Path(__file__).resolve().parent
START, END = dt.date(2024, 10, 1), dt.date(2025, 9, 30)


def _data(clients: int, data_dir: Path) -> Path:
    out = data_dir / f"synth_{clients}"
    if not (out / "Export.csv").exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        print(f"generating {out} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "hmis_core", "synth", "--clients", str(clients),
                        "--seed", "7", "--quiet", str(out)], check=True)
    return out


def worker_hmis(path: str) -> dict[str, Any]:
    from hmis_core import read_export  # noqa: PLC0415
    from hmis_core.reports import (  # noqa: PLC0415
        REPORT_COLUMNS,
        REPORT_FILES,
        report_projects,
        run_report,
    )
    from hmis_core.reports._universe import ReportParameters  # noqa: PLC0415

    began = time.perf_counter()
    export, _ = read_export(path, files=REPORT_FILES, columns=REPORT_COLUMNS)
    read_s = time.perf_counter() - began
    out: dict[str, Any] = {"read_s": read_s, "rss_after_read_mb": peak_rss_mb()}
    # Like for like with the pandas baseline: the universe and Q7a alone.
    from hmis_core._gc import paused_gc  # noqa: PLC0415
    from hmis_core.reports._layout import layout  # noqa: PLC0415
    from hmis_core.reports._tally import TABLES, Tally  # noqa: PLC0415
    from hmis_core.reports._universe import build_context  # noqa: PLC0415

    projects = report_projects(export, "APR", START, END)
    began = time.perf_counter()
    with paused_gc():
        ctx = build_context(export, ReportParameters(START, END, tuple(projects)))
        tally = Tally(layout("APR", "Q7a"))
        TABLES["Q7a"](ctx, tally)
        tally.build()
        ctx.release()
    out["universe_q7a_s"] = time.perf_counter() - began
    del ctx, tally
    for kind in ("APR", "CAPER"):
        projects = report_projects(export, kind, START, END)
        began = time.perf_counter()
        report = run_report(kind, export, ReportParameters(START, END, tuple(projects)))
        seconds = time.perf_counter() - began
        q7a = report["Q7a"]
        out[kind] = {"projects": len(projects), "seconds": seconds,
                     "peak_rss_mb": peak_rss_mb(), "persons": report["Q5a"]["C2"],
                     "q7a": [row[:] for row in q7a.values[:5]]}
    return out


def worker_pandas(path: str) -> dict[str, Any]:
    import pandas as pd  # noqa: PLC0415

    began = time.perf_counter()

    def read(name: str, cols: list[str]) -> Any:
        return pd.read_csv(Path(path) / f"{name}.csv", usecols=cols, dtype=str,
                           keep_default_na=False)

    project = read("Project", ["ProjectID", "ProjectType", "DateDeleted"])
    funder = read("Funder", ["ProjectID", "Funder", "StartDate", "EndDate", "DateDeleted"])
    enr = read("Enrollment", ["EnrollmentID", "PersonalID", "ProjectID", "EntryDate",
                              "HouseholdID", "RelationshipToHoH", "DateCreated",
                              "DateDeleted"])
    exits = read("Exit", ["EnrollmentID", "ExitDate", "DateDeleted"])
    client = read("Client", ["PersonalID", "DOB", "DOBDataQuality", "DateDeleted"])
    services = read("Services", ["EnrollmentID", "DateProvided", "RecordType", "TypeProvided",
                                 "DateDeleted"])
    read_s = time.perf_counter() - began
    began = time.perf_counter()
    start, end = pd.Timestamp(START), pd.Timestamp(END)
    live = [t[t.DateDeleted == ""] for t in (project, funder, enr, exits, client, services)]
    project, funder, enr, exits, client, services = live
    f_start = pd.to_datetime(funder.StartDate, errors="coerce")
    f_end = pd.to_datetime(funder.EndDate.replace("", None), errors="coerce")
    coc = funder[funder.Funder.astype(int).isin([1, 2, 3, 4, 5, 6, 7, 43, 44, 56])
                 & (f_start <= end) & (f_end.isna() | (f_end >= start))]
    types = project.set_index("ProjectID").ProjectType.astype(int)
    projects = sorted(set(coc.ProjectID) & set(types[types != 14].index))
    e = enr[enr.ProjectID.isin(projects)].copy()
    e["entry"] = pd.to_datetime(e.EntryDate)
    x = exits.assign(exit=pd.to_datetime(exits.ExitDate, errors="coerce"))
    x = x.sort_values("exit").drop_duplicates("EnrollmentID", keep="last")
    e = e.merge(x[["EnrollmentID", "exit"]], on="EnrollmentID", how="left")
    e = e[(e.entry <= end) & (e.exit.isna() | (e.exit >= start))]
    e["ptype"] = e.ProjectID.map(types)
    nights = services[(services.RecordType == "200") & (services.TypeProvided == "200")]
    nights = nights.assign(day=pd.to_datetime(nights.DateProvided, errors="coerce"))
    nights = nights.merge(e[["EnrollmentID", "entry"]], on="EnrollmentID")
    ok = nights[(nights.day >= start) & (nights.day <= end) & (nights.day >= nights.entry)]
    nbn_ok = set(ok.EnrollmentID)
    in_range_exit = e.exit.notna() & (e.exit <= end)
    e = e[(e.ptype != 1) | in_range_exit | e.EnrollmentID.isin(nbn_ok)].copy()
    e.loc[~in_range_exit, "exit"] = pd.NaT
    c = client.assign(dob=pd.to_datetime(client.DOB.replace("", None), errors="coerce"))
    c = c.drop_duplicates("PersonalID")
    e = e.merge(c[["PersonalID", "dob", "DOBDataQuality"]], on="PersonalID", how="left")
    at = e.entry.where(e.entry > start, start)
    age = (at.dt.year - e.dob.dt.year
           - ((at.dt.month * 100 + at.dt.day) < (e.dob.dt.month * 100 + e.dob.dt.day)))
    age = age.where(age >= 0)
    e["group"] = "dnc"
    e.loc[e.DOBDataQuality.isin(["8", "9"]), "group"] = "dkpnta"
    e.loc[age >= 18, "group"] = "adult"
    e.loc[(age >= 0) & (age < 18), "group"] = "child"
    e["hid"] = e.HouseholdID.where(e.HouseholdID != "", "\x00" + e.EnrollmentID)
    flags = e.groupby("hid").group.agg(frozenset)
    e["hh"] = e.hid.map(flags.map(lambda s: "AC" if {"adult", "child"} <= s else
                                   ("UK" if s & {"dkpnta", "dnc"} else
                                    ("AO" if "adult" in s else "CO"))))
    e["has_exit"] = e.exit.notna()
    e = e.sort_values(["PersonalID", "entry", "has_exit", "exit", "DateCreated", "EnrollmentID"],
                      ascending=[True, True, False, True, True, True], na_position="first")
    latest = e.drop_duplicates("PersonalID", keep="last")
    table = pd.crosstab(latest.group, latest.hh)
    q7a = []
    for group in ("adult", "child", "dkpnta", "dnc"):
        row = [int(table.loc[group].sum()) if group in table.index else 0]
        for hh in ("AO", "AC", "CO", "UK"):
            row.append(int(table.loc[group, hh]) if group in table.index
                       and hh in table.columns else 0)
        q7a.append(row)
    q7a.append([sum(r[i] for r in q7a) for i in range(5)])
    return {"read_s": read_s, "seconds": time.perf_counter() - began,
            "peak_rss_mb": peak_rss_mb(), "projects": len(projects),
            "persons": len(latest), "q7a": q7a}


def worker_eva(path: str) -> dict[str, Any]:
    from hmis_core import read_export  # noqa: PLC0415
    from hmis_core.reports import (  # noqa: PLC0415
        REPORT_COLUMNS,
        REPORT_FILES,
        report_projects,
        run_report,
    )
    from hmis_core.reports._frame import Frame  # noqa: PLC0415
    from hmis_core.reports._universe import ReportParameters  # noqa: PLC0415

    start, end = dt.date(2021, 10, 1), dt.date(2022, 9, 30)
    export, _ = read_export(path, files=REPORT_FILES, columns=REPORT_COLUMNS)
    frame = Frame(export)
    esg = set(report_projects(export, "CAPER", start, end))
    times = []
    for pid in export["Project"]["ProjectID"].to_list():
        began = time.perf_counter()
        run_report("APR", export, ReportParameters(start, end, (pid,)), frame=frame)
        if pid in esg:
            run_report("CAPER", export, ReportParameters(start, end, (pid,)), frame=frame)
        times.append(time.perf_counter() - began)
    return {"projects": len(times), "total_s": sum(times), "max_s": max(times),
            "mean_s": sum(times) / len(times), "peak_rss_mb": peak_rss_mb()}


def _spawn(kind: str, path: Path) -> dict[str, Any]:
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, str(Path(__file__)), "--worker", kind, str(path)],
                          capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=850_000)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/hmis_bench/reports"))
    parser.add_argument("--eva", type=Path, help="also time every project of this export")
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, path = args.worker
        worker = {"hmis": worker_hmis, "pandas": worker_pandas, "eva": worker_eva}[kind]
        print(json.dumps(worker(path)))
        return 0
    path = _data(args.clients, args.data_dir)
    figures: dict[str, Any] = {"data": str(path), "start": START.isoformat(),
                               "end": END.isoformat()}
    figures["hmis"] = hmis = _spawn("hmis", path)
    if not args.no_pandas:
        figures["pandas"] = _spawn("pandas", path)
    if args.eva:
        figures["eva"] = _spawn("eva", args.eva)
    if not args.json:
        print(f"export {path} (read {hmis['read_s']:.1f} s, "
              f"{hmis['rss_after_read_mb']:,.0f} MB after reading)")
        for kind in ("APR", "CAPER"):
            r = hmis[kind]
            print(f"  {kind}: {r['projects']} projects, {r['persons']:,} persons: "
                  f"{r['seconds']:.1f} s (target < 60 s), peak {r['peak_rss_mb']:,.0f} MB "
                  f"(target < 6,144 MB)")
        if "pandas" in figures:
            p = figures["pandas"]
            same = p["q7a"] == hmis["APR"]["q7a"]
            print(f"  universe + Q7a: hmis_core {hmis['universe_q7a_s']:.1f} s, pandas "
                  f"{p['seconds']:.1f} s (ratio {hmis['universe_q7a_s'] / p['seconds']:.2f}; "
                  f"pandas read {p['read_s']:.1f} s, {p['persons']:,} persons); "
                  f"Q7a identical: {same}")
        if "eva" in figures:
            ev = figures["eva"]
            print(f"  Eva demo: {ev['projects']} projects, mean {ev['mean_s']:.3f} s, "
                  f"max {ev['max_s']:.3f} s per project (target < 1 s)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())
