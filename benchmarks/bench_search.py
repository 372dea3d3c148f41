"""Benchmark: intake search - hmis_core.dedup.MatchIndex against Splink (DuckDB), with truth.

At intake a worker types a client's name, date of birth, SSN and sex, and the system must
show, before a new record is created, the records that may be the same person. This
benchmark holds some client records out of a synthetic export, indexes all the others, and
searches for each held-out record with its own values (entry errors included).

Run from the repository root (hmis_core installed in editable mode, plus
``pip install "splink>=5" duckdb pandas psutil``)::

    python benchmarks/bench_search.py                                # 1M clients, clear
    python benchmarks/bench_search.py --sizes 100000                 # a quicker case
    python benchmarks/bench_search.py --sizes 100000 --modes hashed --only hmis
    python benchmarks/bench_search.py --queries 2000 --splink-queries 200
    python benchmarks/bench_search.py --json > result.json           # only the JSON line

Data
    The exports and truths of ``bench_dedup.py`` (same cache, same generator, same held-out
    seed 20261121): ``D/dedup/c<N>_s<seed>_<mode>.zip`` and ``.truth.csv`` (``D`` is
    ``--data-dir``, default ``$HMIS_BENCH_DIR`` or ``/tmp/hmis_bench``), generated with
    ``python -m hmis_core synth --clients N --seed SEED [--hashed] --quiet --truth T Z``
    when missing (1M records take ~6-10 minutes).

Queries (fixed by ``--query-seed``, default 7)
    From the truth, ``--queries`` records (default 1000) are held out: half are *returning*
    clients - one record, drawn at random, of a person who has another record (the other
    stays indexed) - and half are *new* clients - the only record of a person, so nothing
    of theirs is indexed. The parent splits ``Client.csv`` once into
    ``D/dedup/search/<case>_q<Q>_r<query seed>.base.zip`` (``Export.csv`` and every other
    client record: what is indexed) and ``.queries.zip`` (``Export.csv`` and the held-out
    records), cached with the list of held-out PersonalIDs. Queries alternate returning /
    new, so any prefix (Splink's sample) is balanced.

What is run, each side in its own fresh Python process, one after the other
    (1) hmis_core - build: ``hmis_core.read_export(base, files=["Client"], columns={"Client":
        CLIENT_COLUMNS})`` then ``MatchIndex.build(export)`` (the model is learnt from the
        indexed records), timed together. Search: after 5 warm-up searches for indexed
        records (not counted), each held-out record's name, middle name, DOB, SSN, sex and
        data-quality values are passed to ``index.search(..., top=10)``, one call at a time,
        each timed with ``time.perf_counter``. Then ``index.add(client)`` of every held-out
        record is timed (all added records stay in the side table: it is merged into the
        sorted keys every 20,000 additions).
    (2) Splink 5 with the DuckDB backend, the model of ``_dedup_splink.py`` - build: read
        ``Client.csv`` with pandas, ``prepare``, register, ``Linker``, ``_train`` exactly as
        ``_dedup_splink.run`` does, plus ``compute_tf_table`` of the term-frequency columns
        (first and last name), which searching needs; timed together. Search: after 3
        warm-up searches for indexed records, for the first ``--splink-queries`` queries
        (default 100: each call takes ~0.1 s at 100k records), one call per query, timed
        from the raw ``Client.csv`` row to the ranked list: ``prepare`` of the one row,
        ``db_api.register``, ``linker.inference.predict_between(indexed, new)`` with the
        settings' own prediction blocking rules and no threshold (every blocked candidate
        is scored), fetching the scored pairs, ranking them by match weight and dropping
        the two tables. ``predict_between`` is Splink 5's replacement of Splink 4's
        ``find_matches_to_new_records`` (removed in 5); ``_dedup_splink.py`` already needs
        Splink 5 (``db_api.register``). DuckDB uses its default thread count (all cores).
    Each worker reports its build time (wall and CPU, DuckDB's threads included), peak
    resident set size after the build and at the end (``VmHWM``, see ``_memory.py``), plus
    the peak the parent saw by polling the worker's process tree (psutil, every 0.1 s).
    Both zips are read once beforehand so that both sides find them in the page cache.

Scores (candidates ranked by match weight, best first - the order of match probability,
    without the ties of probabilities that round to 1)
    * latency of one search: p50 / p95 / p99 / max in ms (percentiles interpolated);
    * returning clients: hit@1 / hit@10 - share of queries whose top 1 / top 10 holds a
      record of the same person; "sure" - share whose true record is listed with match
      probability >= 0.9; confident errors - top 1 of another person at >= 0.9;
    * new clients: false alarms - share of queries with any candidate at probability >= 0.9
      (every candidate of a new client is another person);
    * hmis_core is also scored on Splink's sample alone (same queries).

Printed for each case: both sides' figures, hmis/Splink ratios, the target of the issue -
search p99 < 10 ms with 1,000,000 clients indexed (judged only for exports of >= 1,000,000
records; smaller cases say "not judged") - the returning clients hmis_core did not find,
then one JSON line with every figure (``--json``: only that line). The machine may be
shared: the load average before and after each worker is recorded. Exit status 0 when
every side asked for ran, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import math
import os
import platform
import random
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _memory import peak_rss_mb, rss_mb  # noqa: E402 - benchmarks/ is on sys.path
from bench_dedup import (  # noqa: E402
    DEFAULT_DATA_DIR,
    LABEL,
    MODES,
    SEED,
    SIDES,
    UNAVAILABLE,
    _cpu_seconds,
    _ensure_data,
    _note,
    _rounded,
    _warm_cache,
    run_worker,
)

DEFAULT_SIZES = (1_000_000,)
DEFAULT_QUERIES = 1000
DEFAULT_SPLINK_QUERIES = 100
QUERY_SEED = 7
"""Seed of the choice of held-out records."""
TOP = 10
"""Candidates asked for per search."""
SURE = 0.9
"""Match probability at or above which a candidate counts as a confident match."""
HMIS_WARMUP = 5
SPLINK_WARMUP = 3
TARGET_P99_MS = 10.0
TARGET_CLIENTS = 1_000_000
"""The issue's target: search p99 below TARGET_P99_MS with TARGET_CLIENTS indexed."""

# ------------------------------------------------------------------ in the worker processes


class _UnavailableError(RuntimeError):
    """The side cannot run here (library missing or too old)."""


def _spread(count: int, total: int) -> list[int]:
    """``count`` row numbers spread over ``range(total)`` (warm-up records)."""
    count = min(count, total)
    return [i * total // count for i in range(count)] if count else []


def _run_hmis(plan: dict[str, Any]) -> dict[str, Any]:
    import hmis_core  # noqa: PLC0415 - imported in the worker only

    try:
        from hmis_core.dedup import CLIENT_COLUMNS, MatchIndex  # noqa: PLC0415
    except ImportError as err:
        raise _UnavailableError(f"hmis_core.dedup.MatchIndex is not available ({err})") from err

    def search(index: Any, client: Any) -> list[Any]:
        found: list[Any] = index.search(
            first_name=client.first_name, last_name=client.last_name,
            middle_name=client.middle_name, dob=client.dob, ssn=client.ssn, sex=client.sex,
            name_data_quality=client.name_data_quality,
            ssn_data_quality=client.ssn_data_quality,
            dob_data_quality=client.dob_data_quality, top=TOP)
        return found

    columns = {"Client": CLIENT_COLUMNS}
    import_rss = rss_mb()
    cpu = _cpu_seconds()
    started = time.perf_counter()
    export, _ = hmis_core.read_export(plan["base"], files=["Client"], columns=columns)
    read_done = time.perf_counter()
    index = MatchIndex.build(export)
    built = time.perf_counter()
    build_cpu = _cpu_seconds() - cpu
    build_peak, build_rss = peak_rss_mb(), rss_mb()

    held_out, _ = hmis_core.read_export(plan["queries_zip"], files=["Client"], columns=columns)
    by_id = {client.personal_id: client for client in held_out.clients}
    for row in _spread(HMIS_WARMUP, len(export.clients)):
        search(index, export.clients[row])
    results = []
    for pid in plan["queries"]:
        client = by_id[pid]
        start = time.perf_counter()
        found = search(index, client)
        elapsed = time.perf_counter() - start
        results.append({"id": pid, "ms": elapsed * 1000,
                        "candidates": [[c.personal_id, c.probability] for c in found]})
    add_ms = []
    for pid in plan["queries"]:
        client = by_id[pid]
        start = time.perf_counter()
        index.add(client)
        add_ms.append((time.perf_counter() - start) * 1000)
    return {
        "version": hmis_core.__version__,
        "build_seconds": built - started,
        "build_cpu_seconds": build_cpu,
        "phases": {"read_export": read_done - started, "build": built - read_done},
        "import_rss_mb": import_rss,
        "build_rss_mb": build_rss,
        "build_peak_rss_mb": build_peak,
        "peak_rss_mb": peak_rss_mb(),
        "indexed": len(export.clients),
        "results": results,
        "add_ms": add_ms,
    }


def _run_splink(plan: dict[str, Any]) -> dict[str, Any]:
    try:
        import duckdb  # noqa: PLC0415 - imported in the worker only
        import splink  # noqa: PLC0415
        from splink import DuckDBAPI, Linker  # noqa: PLC0415
    except ImportError as err:
        raise _UnavailableError(f"splink/duckdb not installed ({err}); "
                                'pip install "splink>=5" duckdb pandas') from err
    if int(splink.__version__.split(".")[0]) < 5:
        raise _UnavailableError(f"Splink {splink.__version__}: needs Splink >= 5 "
                                "(DuckDBAPI.register, linker.inference.predict_between)")
    import _dedup_splink as model  # noqa: PLC0415

    import_rss = rss_mb()
    cpu = _cpu_seconds()
    lap = model.Laps()
    phases, started = lap.phases, lap.started

    base = Path(plan["base"])
    hashed = model.is_hashed_export(base)
    clients = model.read_clients(base)
    lap("read")
    table = model.prepare(clients, hashed)
    warm_rows = clients.iloc[_spread(SPLINK_WARMUP, len(clients))]
    records = len(table)
    del clients
    lap("prepare")
    db_api = DuckDBAPI()
    indexed = db_api.register(table, dataset_display_name="clients")
    linker = Linker(indexed, model.settings(hashed), log_level=logging.WARNING)
    del table
    lap("register")
    model._train(linker, hashed, lap)
    for column in linker._settings_obj._term_frequency_columns:
        linker.table_management.compute_tf_table(column.unquote().name)
    lap("tf_tables")
    built = time.perf_counter()
    build_cpu = _cpu_seconds() - cpu
    build_peak, build_rss = peak_rss_mb(), rss_mb()

    def search(raw: Any) -> tuple[list[list[Any]], int, float]:
        """Ranked candidates, scored pairs and the ms spent in ``prepare``."""
        start = time.perf_counter()
        row = model.prepare(raw, hashed)
        prepared = time.perf_counter()
        query_id = str(row["unique_id"].iloc[0])
        new = db_api.register(row)
        scored = linker.inference.predict_between(indexed, new, warning_mode="never")
        pairs = scored.as_record_list()
        scored.drop_table_from_database_and_remove_from_cache()
        new.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        ranked = sorted(pairs, key=lambda p: (-p["match_weight"], str(p["unique_id_l"])))
        candidates = [[str(p["unique_id_r"] if str(p["unique_id_l"]) == query_id
                           else p["unique_id_l"]), float(p["match_probability"])]
                      for p in ranked[:TOP]]
        return candidates, len(pairs), (prepared - start) * 1000

    queries = model.read_clients(Path(plan["queries_zip"]))
    position = {str(pid): i for i, pid in enumerate(queries["PersonalID"].tolist())}
    for i in range(len(warm_rows)):
        search(warm_rows.iloc[[i]])
    results = []
    for pid in plan["queries"][:plan["splink_queries"]]:
        raw = queries.iloc[[position[pid]]]
        start = time.perf_counter()
        candidates, pairs, prepare_ms = search(raw)
        elapsed = time.perf_counter() - start
        results.append({"id": pid, "ms": elapsed * 1000, "prepare_ms": prepare_ms,
                        "pairs": pairs, "candidates": candidates})
    return {
        "version": splink.__version__,
        "duckdb_version": duckdb.__version__,
        "build_seconds": built - started,
        "build_cpu_seconds": build_cpu,
        "phases": phases,
        "import_rss_mb": import_rss,
        "build_rss_mb": build_rss,
        "build_peak_rss_mb": build_peak,
        "peak_rss_mb": peak_rss_mb(),
        "indexed": records,
        "results": results,
    }


def _worker(side: str, plan_path: str, out: str) -> int:
    plan = json.loads(Path(plan_path).read_text())
    try:
        result = _run_hmis(plan) if side == "hmis" else _run_splink(plan)
    except _UnavailableError as err:
        print(f"UNAVAILABLE: {err}", file=sys.stderr)
        return UNAVAILABLE
    Path(out).write_text(json.dumps(result))
    return 0


# ------------------------------------------------------------------ in the parent process


class TruthRow(NamedTuple):
    person: str
    errors: str


def _load_truth(path: Path) -> dict[str, TruthRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["PersonalID"]: TruthRow(row["PersonID"], row.get("Errors") or "")
                for row in csv.DictReader(handle)}


def _choose_queries(truth: dict[str, TruthRow], count: int,
                    seed: int) -> tuple[list[str], dict[str, str]]:
    """The held-out PersonalIDs (returning and new alternately) and the kind of each."""
    records: dict[str, list[str]] = {}
    for pid, row in truth.items():
        records.setdefault(row.person, []).append(pid)
    several = [person for person, pids in records.items() if len(pids) >= 2]
    single = [person for person, pids in records.items() if len(pids) == 1]
    returning_count, new_count = count // 2, count - count // 2
    if returning_count > len(several) or new_count > len(single):
        raise SystemExit(f"--queries {count}: the export has only {len(several):,} people "
                         f"with >= 2 records and {len(single):,} with one")
    rng = random.Random(seed)
    returning = [rng.choice(records[person]) for person in rng.sample(several, returning_count)]
    new = [records[person][0] for person in rng.sample(single, new_count)]
    ordered: list[str] = []
    for i in range(max(returning_count, new_count)):
        ordered += returning[i:i + 1] + new[i:i + 1]
    kinds = dict.fromkeys(returning, "returning") | dict.fromkeys(new, "new")
    return ordered, kinds


def _member(archive: zipfile.ZipFile, name: str) -> str:
    for member in archive.namelist():
        if member.rsplit("/", 1)[-1].lower() == name.lower():
            return member
    raise SystemExit(f"{archive.filename}: no {name}")


def _split_export(export: Path, ids: list[str], quiet: bool,
                  query_seed: int) -> tuple[Path, Path, float | None]:
    """The export's client records without / with only the held-out ones (cached)."""
    folder = export.parent / "search"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{export.stem}_q{len(ids)}_r{query_seed}"
    base, queries, listing = (folder / f"{stem}.base.zip", folder / f"{stem}.queries.zip",
                              folder / f"{stem}.ids.json")
    if base.exists() and queries.exists() and listing.exists() and \
            json.loads(listing.read_text()) == ids:
        return base, queries, None
    _note(quiet, f"  splitting {export.name}: {len(ids):,} held-out client records ...")
    started = time.perf_counter()
    wanted = set(ids)
    found = 0
    part_base, part_queries = base.with_suffix(".partial"), queries.with_suffix(".partial")
    with zipfile.ZipFile(export) as archive, \
            zipfile.ZipFile(part_base, "w", zipfile.ZIP_DEFLATED) as base_zip, \
            zipfile.ZipFile(part_queries, "w", zipfile.ZIP_DEFLATED) as queries_zip:
        export_csv = archive.read(_member(archive, "Export.csv"))
        base_zip.writestr("Export.csv", export_csv)
        queries_zip.writestr("Export.csv", export_csv)
        with archive.open(_member(archive, "Client.csv")) as raw, \
                io.TextIOWrapper(base_zip.open("Client.csv", "w"), encoding="utf-8",
                                 newline="") as base_out, \
                io.TextIOWrapper(queries_zip.open("Client.csv", "w"), encoding="utf-8",
                                 newline="") as queries_out:
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
            base_rows = csv.writer(base_out, lineterminator="\n")
            query_rows = csv.writer(queries_out, lineterminator="\n")
            header = next(reader)
            base_rows.writerow(header)
            query_rows.writerow(header)
            column = header.index("PersonalID")
            for row in reader:
                if not row:
                    continue
                if row[column] in wanted:
                    query_rows.writerow(row)
                    found += 1
                else:
                    base_rows.writerow(row)
    if found != len(wanted):
        raise SystemExit(f"{export}: {found} of the {len(wanted)} held-out PersonalIDs found")
    part_base.replace(base)
    part_queries.replace(queries)
    listing.write_text(json.dumps(ids))
    return base, queries, time.perf_counter() - started


def _spawn(side: str, plan: Path, out_dir: Path, stem: str,
           timeout: float | None) -> dict[str, Any]:
    """Run one side in a fresh interpreter. Returns its result, or ``{"error": ...}``
    (``"unavailable": True`` when the library is missing)."""
    out, log = out_dir / f"{stem}.{side}.json", out_dir / f"{stem}.{side}.log"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", side, str(plan),
               str(out)]
    return run_worker(command, out, log, timeout)


def _percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile, linearly interpolated between order statistics."""
    data = sorted(values)
    if not data:
        return float("nan")
    position = (len(data) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (position - low)


def _latency(values: Sequence[float]) -> dict[str, float]:
    return {"p50": _percentile(values, 50), "p95": _percentile(values, 95),
            "p99": _percentile(values, 99), "max": max(values, default=float("nan")),
            "mean": sum(values) / len(values) if values else float("nan")}


def _quality(results: Sequence[dict[str, Any]], kinds: dict[str, str],
             truth: dict[str, TruthRow]) -> dict[str, Any]:
    """Hit rates of the returning queries and false alarms of the new ones."""
    returning = [r for r in results if kinds[r["id"]] == "returning"]
    new = [r for r in results if kinds[r["id"]] == "new"]

    def same(query: str, candidate: str) -> bool:
        return candidate in truth and truth[candidate].person == truth[query].person

    hit1 = hit10 = sure = confident_wrong = 0
    misses = []
    members: dict[str, list[str]] = {}  # person -> records, filled at the first miss
    for r in returning:
        candidates = r["candidates"][:TOP]
        hits = [same(r["id"], pid) for pid, _ in candidates]
        hit1 += bool(hits[:1] and hits[0])
        hit10 += any(hits)
        sure += any(h and p >= SURE for h, (_, p) in zip(hits, candidates, strict=True))
        confident_wrong += bool(hits[:1] and not hits[0] and candidates[0][1] >= SURE)
        if not any(hits):
            if not members:
                for pid, row in truth.items():
                    members.setdefault(row.person, []).append(pid)
            others = [pid for pid in members[truth[r["id"]].person] if pid != r["id"]]
            misses.append({"id": r["id"], "errors": truth[r["id"]].errors,
                           "indexed": [[pid, truth[pid].errors] for pid in others],
                           "top": candidates[:3]})
    alarms = sum(any(p >= SURE for _, p in r["candidates"]) for r in new)

    def share(count: int, total: int) -> float:
        return count / total if total else float("nan")

    return {
        "returning": {"queries": len(returning), "hit_at_1": share(hit1, len(returning)),
                      "hit_at_10": share(hit10, len(returning)),
                      "sure": share(sure, len(returning)),
                      "confident_wrong": confident_wrong, "missed": len(returning) - hit10},
        "new": {"queries": len(new), "false_alarms": alarms,
                "false_alarm_rate": share(alarms, len(new))},
        "misses": misses[:20],
    }


def _scored(side: dict[str, Any], kinds: dict[str, str], truth: dict[str, TruthRow],
            sample: int) -> dict[str, Any]:
    """The side's figures with its scores, without the per-query lists."""
    if "error" in side:
        return side
    results = side["results"]
    out = {k: v for k, v in side.items() if k not in {"results", "add_ms"}}
    out["queries"] = len(results)
    out["latency_ms"] = _latency([r["ms"] for r in results])
    out.update(_quality(results, kinds, truth))
    if "add_ms" in side:
        out["add_ms"] = _latency(side["add_ms"])
    if results and "prepare_ms" in results[0]:
        out["prepare_ms"] = _latency([r["prepare_ms"] for r in results])
        out["mean_scored_pairs"] = sum(r["pairs"] for r in results) / len(results)
    if len(results) > sample:
        subset = results[:sample]
        same_sample = _quality(subset, kinds, truth)
        del same_sample["misses"]
        out["splink_sample"] = {"queries": len(subset),
                                "latency_ms": _latency([r["ms"] for r in subset]),
                                **same_sample}
    return out


def _comparison(hmis: dict[str, Any], splink: dict[str, Any]) -> dict[str, Any]:
    if "error" in hmis or "error" in splink:
        return {}
    return {
        "p50_ratio": hmis["latency_ms"]["p50"] / splink["latency_ms"]["p50"],
        "p99_ratio": hmis["latency_ms"]["p99"] / splink["latency_ms"]["p99"],
        "build_ratio": hmis["build_seconds"] / splink["build_seconds"],
        "memory_ratio": hmis["peak_rss_mb"] / splink["peak_rss_mb"],
    }


def _target(size: int, hmis: dict[str, Any] | None) -> dict[str, Any]:
    judged = size >= TARGET_CLIENTS and hmis is not None and "error" not in hmis
    p99 = hmis["latency_ms"]["p99"] if hmis and "error" not in hmis else None
    return {"p99_ms_max": TARGET_P99_MS, "clients": TARGET_CLIENTS, "judged": judged,
            "p99_ms": p99, "met": (p99 is not None and p99 < TARGET_P99_MS) if judged else None}


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _get(side: dict[str, Any] | None, path: Sequence[str]) -> Any:
    if side is None or "error" in side:
        return None
    value: Any = side
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _fmt(side: dict[str, Any] | None, path: Sequence[str], spec: str) -> str:
    value = _get(side, path)
    return "-" if value is None else format(value, spec)


def _alarms(side: dict[str, Any] | None) -> str:
    new = _get(side, ("new",))
    return f"{new['false_alarms']}/{new['queries']}" if new else "-"


def _report(case: dict[str, Any]) -> None:
    hmis, splink = case.get("hmis"), case.get("splink")
    data = case["data"]
    print(f"intake search benchmark - {case['size']:,} client records, {case['mode']} export "
          f"(seed {case['seed']}, held out)")
    print(f"data: {data['export']} - {data['records']:,} records; {data['queries']:,} held "
          f"out ({data['returning']:,} returning, {data['new']:,} new; query seed "
          f"{case['query_seed']}), {data['records'] - data['queries']:,} indexed")
    cmp = case.get("comparison", {})
    rows: list[tuple[str, Sequence[str], str, str]] = [
        ("records indexed", ("indexed",), ",d", ""),
        ("queries timed", ("queries",), ",d", ""),
        ("build (s)", ("build_seconds",), ".1f", "build_ratio"),
        ("build CPU (s)", ("build_cpu_seconds",), ".1f", ""),
        ("peak RSS after build (MB)", ("build_peak_rss_mb",), ",.0f", ""),
        ("peak RSS (MB)", ("peak_rss_mb",), ",.0f", "memory_ratio"),
        ("  polled peak RSS (MB)", ("polled_peak_rss_mb",), ",.0f", ""),
        ("search p50 (ms)", ("latency_ms", "p50"), ".2f", "p50_ratio"),
        ("search p95 (ms)", ("latency_ms", "p95"), ".2f", ""),
        ("search p99 (ms)", ("latency_ms", "p99"), ".2f", "p99_ratio"),
        ("search max (ms)", ("latency_ms", "max"), ".2f", ""),
        ("returning: hit@1", ("returning", "hit_at_1"), ".3f", ""),
        ("returning: hit@10", ("returning", "hit_at_10"), ".3f", ""),
        ("returning: sure (p>=0.9)", ("returning", "sure"), ".3f", ""),
        ("returning: wrong top1 p>=0.9", ("returning", "confident_wrong"), "d", ""),
        ("new: false alarm rate", ("new", "false_alarm_rate"), ".3f", ""),
    ]
    print(f"{'':<30}{'hmis_core':>11}{'Splink':>11}  {'hmis / Splink':>14}")
    for label, path, spec, key in rows:
        extra = f"  {cmp[key]:>13.3f}x" if cmp and key else ""
        print(f"{label:<30}{_fmt(hmis, path, spec):>11}{_fmt(splink, path, spec):>11}{extra}")
    print(f"{'new: false alarms':<30}{_alarms(hmis):>11}{_alarms(splink):>11}")
    if hmis and "splink_sample" in hmis:
        sample = hmis["splink_sample"]
        print(f"hmis_core on Splink's {sample['queries']} queries: hit@1 "
              f"{sample['returning']['hit_at_1']:.3f}, hit@10 "
              f"{sample['returning']['hit_at_10']:.3f}, false alarms "
              f"{sample['new']['false_alarms']}/{sample['new']['queries']}, p99 "
              f"{sample['latency_ms']['p99']:.2f} ms")
    if hmis and "add_ms" in hmis:
        add = hmis["add_ms"]
        print(f"hmis_core index.add of the {hmis['queries']:,} held-out records: p50 "
              f"{add['p50']:.3f} ms, p99 {add['p99']:.3f} ms, max {add['max']:.3f} ms")
    if splink and "prepare_ms" in splink:
        print(f"Splink per search: prepare p50 {splink['prepare_ms']['p50']:.2f} ms, "
              f"{splink['mean_scored_pairs']:.1f} scored pairs on average")
    target = case["target"]
    goal = (f"target: search p99 < {TARGET_P99_MS:g} ms with {TARGET_CLIENTS:,} clients "
            "indexed")
    if target["p99_ms"] is None:
        print(f"{goal}: not judged (hmis_core did not run)")
    elif target["judged"]:
        print(f"{goal}: {_verdict(target['met'])} (p99 {target['p99_ms']:.2f} ms)")
    else:
        print(f"{goal}: not judged at {case['size']:,} records (p99 here "
              f"{target['p99_ms']:.2f} ms)")
    for side in SIDES:
        figures = case.get(side)
        if figures is None:
            continue
        if "error" in figures:
            print(f"{LABEL[side]}: not run - {figures['error']}")
            continue
        phases = ", ".join(f"{k} {v:.2f}" for k, v in figures.get("phases", {}).items())
        print(f"{LABEL[side]} {figures['version']}: build phases (s): {phases}; load avg "
              f"{figures['load_before']:.1f} -> {figures['load_after']:.1f}")
        misses = figures.get("misses", [])
        if misses:
            print(f"  returning clients not in {LABEL[side]}'s top {TOP} "
                  f"({figures['returning']['missed']}):")
            for miss in misses[:5]:
                indexed = "; ".join(f"{pid} [{err or 'no errors'}]"
                                    for pid, err in miss["indexed"])
                top = ", ".join(f"{pid} {p:.2f}" for pid, p in miss["top"]) or "none"
                print(f"    {miss['id']} [{miss['errors'] or 'no errors'}] - indexed: "
                      f"{indexed}; top: {top}")
    print()


def run_case(size: int, mode: str, args: argparse.Namespace) -> dict[str, Any]:
    """Generate (or reuse) one case's data, hold out the queries, run the sides, score."""
    export, truth_path, generated = _ensure_data(args.data_dir, size, mode, args.seed,
                                                 args.json)
    truth = _load_truth(truth_path)
    ids, kinds = _choose_queries(truth, args.queries, args.query_seed)
    base, queries_zip, split = _split_export(export, ids, args.json, args.query_seed)
    out_dir = args.data_dir / "dedup" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"search_{export.stem}"
    plan = out_dir / f"{stem}.plan.json"
    splink_queries = min(args.splink_queries, len(ids))
    plan.write_text(json.dumps({"base": str(base), "queries_zip": str(queries_zip),
                                "queries": ids, "splink_queries": splink_queries}))
    _warm_cache(base)
    _warm_cache(queries_zip)
    sides = [args.only] if args.only else list(SIDES)
    case: dict[str, Any] = {
        "size": size,
        "mode": mode,
        "seed": args.seed,
        "query_seed": args.query_seed,
        "data": {
            "export": str(export),
            "truth": str(truth_path),
            "base": str(base),
            "queries_zip": str(queries_zip),
            "generated_seconds": generated,
            "split_seconds": split,
            "records": len(truth),
            "queries": len(ids),
            "returning": sum(1 for k in kinds.values() if k == "returning"),
            "new": sum(1 for k in kinds.values() if k == "new"),
            "splink_queries": splink_queries,
        },
    }
    for side in sides:
        _note(args.json, f"  {size:,} {mode}: running {LABEL[side]} ...")
        raw = _spawn(side, plan, out_dir, stem, args.timeout)
        if "error" in raw:
            _note(args.json, f"  {LABEL[side]}: {raw['error']}")
        case[side] = _scored(raw, kinds, truth, splink_queries)
    if "hmis" in case and "splink" in case:
        case["comparison"] = _comparison(case["hmis"], case["splink"])
    case["target"] = _target(size, case.get("hmis"))
    return case


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time and score intake search (hmis_core.dedup.MatchIndex) against "
        "Splink (DuckDB) on synthetic HMIS exports with ground truth.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES),
                        help="client records per export (default 1000000)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=["clear"],
                        help="clear and/or hashed exports (default clear)")
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES,
                        help=f"held-out records searched for, half returning and half new "
                        f"(default {DEFAULT_QUERIES})")
    parser.add_argument("--splink-queries", type=int, default=DEFAULT_SPLINK_QUERIES,
                        help="of those, how many Splink searches for (the first ones; "
                        f"default {DEFAULT_SPLINK_QUERIES})")
    parser.add_argument("--query-seed", type=int, default=QUERY_SEED,
                        help=f"seed of the choice of held-out records (default {QUERY_SEED})")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help=f"where exports are generated and cached (default "
                        f"{DEFAULT_DATA_DIR}, or $HMIS_BENCH_DIR)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"generator seed (default {SEED}, held out: do not tune on it)")
    parser.add_argument("--only", choices=SIDES, help="run only this side")
    parser.add_argument("--json", action="store_true", help="write only the JSON line")
    parser.add_argument("--timeout", type=float, default=None,
                        help="kill a worker after this many seconds (default: no limit)")
    parser.add_argument("--worker", nargs=3, metavar=("SIDE", "PLAN", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        side, plan, out = args.worker
        return _worker(side, plan, out)
    if args.queries < 2:
        parser.error("--queries must be at least 2")

    cases = []
    failed = False
    for size in args.sizes:
        for mode in args.modes:
            case = run_case(size, mode, args)
            cases.append(case)
            failed |= any("error" in case[side] for side in SIDES if side in case)
            if not args.json:
                _report(case)
    record = {
        "benchmark": "bench_search",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "top": TOP,
        "sure_probability": SURE,
        "target": {"p99_ms_max": TARGET_P99_MS, "clients": TARGET_CLIENTS},
        "cases": cases,
    }
    print(json.dumps(_rounded(record)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
