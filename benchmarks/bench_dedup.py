"""Benchmark: client deduplication - hmis_core.dedup against Splink (DuckDB), with truth.

Run from the repository root (hmis_core installed in editable mode, plus
``pip install "splink>=4" duckdb pandas psutil``)::

    python benchmarks/bench_dedup.py                                # 100k and 1M, clear+hashed
    python benchmarks/bench_dedup.py --sizes 100000 --modes clear   # one quick case
    python benchmarks/bench_dedup.py --sizes 100000 --only splink   # Splink alone
    python benchmarks/bench_dedup.py --sizes 1000000 --modes clear --only hmis  # no Splink
    python benchmarks/bench_dedup.py --hmis-read client             # hmis: Client.csv only
    python benchmarks/bench_dedup.py --hmis-read all                # hmis reads every file
    python benchmarks/bench_dedup.py --json > result.json           # only the JSON line

Data
    For each size N and mode (``clear`` or ``hashed``) the library's own generator writes a
    synthetic FY2026 export of N client records with duplicate records and entry errors, and
    its ground truth, as ``hmis synth --clients N --seed 20261121 [--hashed] --truth T Z``
    would: ``D/dedup/c<N>_s<seed>_<mode>.zip`` and ``.truth.csv`` (``D`` is ``--data-dir``,
    default ``$HMIS_BENCH_DIR`` or ``/tmp/hmis_bench``). Files already there are reused.
    Seed 20261121 is the benchmark's *held-out* seed: nobody tunes hmis_core or the Splink
    model on it - tune on other seeds. (1M records take ~6-10 minutes to generate.)

What is run, each side in its own fresh Python process, one after the other
    (1) hmis_core: ``export, _ = hmis_core.read_export(zip, ...)`` then
        ``hmis_core.dedup.deduplicate(export)``; both are timed (the read included). By
        default (``--hmis-read dedup``) the read is what deduplication uses:
        ``read_export(zip, files=["Client", "Enrollment"], columns={"Client":
        CLIENT_COLUMNS, "Enrollment": ENROLLMENT_COLUMNS})`` - the identifying columns of
        Client.csv (as Splink reads) plus PersonalID and HouseholdID of Enrollment.csv, for
        the household evidence (families re-entered together); ``--hmis-read client``
        reads only the Client columns (no household evidence), ``--hmis-read all`` all 24
        files. Until ``hmis_core.dedup.deduplicate`` exists the side is reported as
        unavailable and ``--only splink`` runs without it.
    (2) Splink 4/5 with the DuckDB backend, the model of ``_dedup_splink.py`` (preprocessing,
        comparisons, blocking rules, training and thresholds are documented there), timed
        from reading ``Client.csv`` with pandas to the list of clusters.
    Each worker reports its wall time, CPU time (user+sys, DuckDB's threads included) and
    peak resident set size: ``VmHWM`` of ``/proc/self/status`` - the kernel's high-water mark
    for that process, which covers DuckDB's native allocations and, unlike ``ru_maxrss``, is
    not inherited across fork/exec - plus the peak the parent saw by polling the worker's
    process tree with psutil every 0.1 s (a cross-check; it can miss short spikes). The
    zip is read once beforehand so that both sides find it in the page cache.

Scores (``_dedup_metrics.py`` defines them)
    * pairwise precision / recall / F1 over all record pairs implied by the predicted
      clusters against the true clusters (the standard measure);
    * cluster precision / recall / F1 by *exact cluster match* over clusters of >= 2
      records, and B-cubed precision / recall / F1 over all records.
    Splink's predicted pairs are also re-clustered (connected components, untimed) at other
    thresholds, for information only: it shows how much Splink's F1 depends on the 0.9 fixed
    a priori (the best of those is an oracle's choice, made with the truth; the headline and
    the targets use 0.9).

Printed for each case: both sides' figures, hmis/Splink ratios and the targets - pairwise
F1 >= Splink's + 0.03, wall time <= 0.5 x Splink's, peak memory <= Splink's - then one JSON
line with every figure (``--json``: only that line). The machine is shared: the load
average before and after each worker is recorded; compare CPU times too when it was busy.
Exit status 0 when every side that was asked for ran (or hmis_core's engine is not there
yet), 1 when a side failed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _dedup_metrics as metrics  # noqa: E402 - needs the sys.path entry above
from _memory import MB, peak_rss_mb, rss_mb  # noqa: E402 - benchmarks/ is on sys.path

DEFAULT_DATA_DIR = Path(os.environ.get("HMIS_BENCH_DIR", "/tmp/hmis_bench"))
DEFAULT_SIZES = (100_000, 1_000_000)
MODES = ("clear", "hashed")
SEED = 20261121
"""Held-out generator seed: never used to tune either side."""
TARGET_F1_MARGIN = 0.03
"""hmis_core's pairwise F1 must be at least Splink's plus this."""
TARGET_TIME_RATIO = 0.5
"""hmis_core may take at most this share of Splink's wall time."""
TARGET_MEMORY_RATIO = 1.0
"""hmis_core's peak RSS may be at most this many times Splink's."""
SWEEP_THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
"""Match probabilities at which Splink's pairs are re-clustered, for information."""
UNAVAILABLE = 3
"""Exit status of a worker whose library (or its dedup engine) is not installed."""
SIDES = ("hmis", "splink")
LABEL = {"hmis": "hmis_core", "splink": "Splink"}

# ------------------------------------------------------------------ in the worker processes


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


READS = ("dedup", "client", "all")
"""What hmis_core reads (``--hmis-read``): the Client and Enrollment columns deduplication
uses, the Client columns only, or the whole export."""


def _run_hmis(export: Path, read: str) -> dict[str, Any]:
    import hmis_core  # noqa: PLC0415 - imported in the worker only

    try:
        from hmis_core.dedup import deduplicate  # noqa: PLC0415
    except ImportError as err:
        raise _UnavailableError(
            f"hmis_core.dedup.deduplicate is not available yet ({err})") from err
    import_rss = rss_mb()
    cpu = _cpu_seconds()
    started = time.perf_counter()
    if read == "all":
        export_obj, _ = hmis_core.read_export(export)
    else:  # the identifying columns of Client.csv (what Splink reads), and households
        from hmis_core.dedup import CLIENT_COLUMNS  # noqa: PLC0415

        columns = {"Client": CLIENT_COLUMNS}
        if read == "dedup":
            from hmis_core.dedup import ENROLLMENT_COLUMNS  # noqa: PLC0415

            columns["Enrollment"] = ENROLLMENT_COLUMNS
        export_obj, _ = hmis_core.read_export(export, files=list(columns), columns=columns)
    read_done = time.perf_counter()
    result = deduplicate(export_obj)
    clusters = [[str(pid) for pid in cluster] for cluster in result.clusters]
    done = time.perf_counter()
    cpu = _cpu_seconds() - cpu
    peak = peak_rss_mb()
    return {
        "version": hmis_core.__version__,
        "seconds": done - started,
        "cpu_seconds": cpu,
        "phases": {"read_export": read_done - started, "deduplicate": done - read_done},
        "import_rss_mb": import_rss,
        "peak_rss_mb": peak,
        "records": len(export_obj.clients),
        "scored_pairs": len(result.pairs),
        "read_files": {"dedup": "Client+Enrollment", "client": "Client",
                       "all": "all"}[read],
        "engine_timings": dict(getattr(result, "timings", None) or {}),
        "clusters": clusters,
    }


def _run_splink(export: Path, threshold: float) -> dict[str, Any]:
    try:
        import duckdb  # noqa: PLC0415 - imported in the worker only
        import splink  # noqa: PLC0415
    except ImportError as err:
        raise _UnavailableError(f"splink/duckdb not installed ({err}); "
                           'pip install "splink>=4" duckdb pandas') from err
    import _dedup_splink  # noqa: PLC0415

    import_rss = rss_mb()
    cpu = _cpu_seconds()
    result = _dedup_splink.run(export, cluster_threshold=threshold)
    cpu = _cpu_seconds() - cpu
    peak = peak_rss_mb()
    result.update({
        "version": splink.__version__,
        "duckdb_version": duckdb.__version__,
        "cpu_seconds": cpu,
        "import_rss_mb": import_rss,
        "peak_rss_mb": peak,
    })
    return result


class _UnavailableError(RuntimeError):
    """The side cannot run here (library or engine missing)."""


def _worker(side: str, export: str, out: str, threshold: float, read: str) -> int:
    try:
        path = Path(export)
        run_hmis = side == "hmis"
        result = _run_hmis(path, read) if run_hmis else _run_splink(path, threshold)
    except _UnavailableError as err:
        print(f"UNAVAILABLE: {err}", file=sys.stderr)
        return UNAVAILABLE
    Path(out).write_text(json.dumps(result))
    return 0


# ------------------------------------------------------------------ in the parent process


def _note(quiet: bool, message: str) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def _ensure_data(data_dir: Path, size: int, mode: str, seed: int,
                 quiet: bool) -> tuple[Path, Path, float | None]:
    """The export and truth of one case, generated with ``hmis synth`` if not cached."""
    folder = data_dir / "dedup"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"c{size}_s{seed}_{mode}"
    export, truth = folder / f"{stem}.zip", folder / f"{stem}.truth.csv"
    if export.exists() and truth.exists():
        return export, truth, None
    _note(quiet, f"generating {size:,} client records ({mode}) into {export} ...")
    part_zip, part_truth = folder / f"{stem}.partial.zip", folder / f"{stem}.partial.csv"
    command = [sys.executable, "-m", "hmis_core", "synth", "--clients", str(size), "--seed",
               str(seed), "--quiet", "--truth", str(part_truth), str(part_zip)]
    if mode == "hashed":
        command.insert(-1, "--hashed")
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    part_truth.replace(truth)
    part_zip.replace(export)
    return export, truth, time.perf_counter() - started


def _warm_cache(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(16 * MB):
            pass


def _load_truth(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["PersonalID"]: row["PersonID"] for row in csv.DictReader(handle)}


class _TreePoller:
    """Polls the RSS of a process and its descendants (psutil) for the peak."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.peak_mb = float("nan")
        self._pid, self._interval = pid, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> _TreePoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        try:
            import psutil  # type: ignore[import-untyped, unused-ignore]  # noqa: PLC0415
        except ImportError:
            return
        try:
            process = psutil.Process(self._pid)
        except psutil.Error:
            return
        peak = 0
        while not self._stop.is_set():
            try:
                total = process.memory_info().rss
                for child in process.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        total += child.memory_info().rss
            except psutil.Error:
                break
            peak = max(peak, total)
            self.peak_mb = peak / MB
            self._stop.wait(self._interval)


def _spawn(side: str, export: Path, out_dir: Path, threshold: float,
           timeout: float | None, read: str = "dedup") -> dict[str, Any]:
    """Run one side in a fresh interpreter. Returns its result, or ``{"error": ...}``
    (``"unavailable": True`` when the library is missing)."""
    out = out_dir / f"{export.stem}.{side}.json"
    log = out_dir / f"{export.stem}.{side}.log"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", side, str(export),
               str(out), "--splink-threshold", str(threshold)]
    command += ["--hmis-read", read]
    return run_worker(command, out, log, timeout)


def run_worker(command: list[str], out: Path, log: Path,
               timeout: float | None) -> dict[str, Any]:
    """Run a worker command (it writes its JSON result to ``out``), its output to ``log``,
    polling its memory; its result with the parent's measures added, or ``{"error": ...}``
    (``"unavailable": True`` when it exits with :data:`UNAVAILABLE`)."""
    out.unlink(missing_ok=True)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    started = time.perf_counter()
    with log.open("w") as log_file:
        proc = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
        with _TreePoller(proc.pid) as poller:
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                code = None
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    tail = log.read_text(errors="replace").strip().splitlines()[-15:]
    if code is None:
        return {"error": f"timed out after {timeout} s; log {log}"}
    if code == UNAVAILABLE:
        message = next((line for line in tail if line.startswith("UNAVAILABLE:")), "")
        return {"error": message.removeprefix("UNAVAILABLE: ") or "unavailable",
                "unavailable": True}
    if code != 0 or not out.exists():
        return {"error": f"exit status {code}; log {log}:\n" + "\n".join(tail)}
    result: dict[str, Any] = json.loads(out.read_text())
    result.update({"process_seconds": elapsed, "polled_peak_rss_mb": poller.peak_mb,
                   "load_before": load_before, "load_after": load_after, "log": str(log)})
    return result


def _components(edges: Sequence[Sequence[Any]], threshold: float) -> list[list[str]]:
    """Connected components (size >= 2) of the edges at or above ``threshold``."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b, probability in edges:
        if probability < threshold:
            continue
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return [g for g in groups.values() if len(g) >= 2]


def _scored(side: dict[str, Any], truth: dict[str, str]) -> dict[str, Any]:
    """The side's figures with its scores, without the bulky cluster and edge lists."""
    if "error" in side:
        return side
    out = {k: v for k, v in side.items() if k not in {"clusters", "edges"}}
    out["clusters"] = len(side["clusters"])
    out.update(metrics.score(side["clusters"], truth))
    if "edges" in side:
        sweep = {}
        for threshold in SWEEP_THRESHOLDS:
            scores = metrics.pairwise_scores(_components(side["edges"], threshold), truth)
            sweep[str(threshold)] = {k: scores[k] for k in ("precision", "recall", "f1")}
        out["threshold_sweep"] = sweep
    return out


def _comparison(hmis: dict[str, Any], splink: dict[str, Any]) -> dict[str, Any]:
    if "error" in hmis or "error" in splink:
        return {}
    f1_gain = hmis["pairwise"]["f1"] - splink["pairwise"]["f1"]
    time_ratio = hmis["seconds"] / splink["seconds"]
    cpu_ratio = hmis["cpu_seconds"] / splink["cpu_seconds"]
    memory_ratio = hmis["peak_rss_mb"] / splink["peak_rss_mb"]
    return {
        "pairwise_f1_gain": f1_gain,
        "cluster_f1_gain": hmis["cluster"]["f1"] - splink["cluster"]["f1"],
        "time_ratio": time_ratio,
        "cpu_ratio": cpu_ratio,
        "memory_ratio": memory_ratio,
        "targets": {
            "pairwise_f1_gain_min": TARGET_F1_MARGIN,
            "time_ratio_max": TARGET_TIME_RATIO,
            "memory_ratio_max": TARGET_MEMORY_RATIO,
            "f1_met": f1_gain >= TARGET_F1_MARGIN,
            "time_met": time_ratio <= TARGET_TIME_RATIO,
            "memory_met": memory_ratio <= TARGET_MEMORY_RATIO,
        },
    }


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _fmt(side: dict[str, Any] | None, path: Sequence[str], spec: str) -> str:
    if side is None or "error" in side:
        return "-"
    value: Any = side
    for key in path:
        value = value[key]
    return format(value, spec)


def _report(case: dict[str, Any]) -> None:
    hmis, splink = case.get("hmis"), case.get("splink")
    data = case["data"]
    print(f"dedup benchmark - {case['size']:,} client records, {case['mode']} export "
          f"(seed {case['seed']}, held out)")
    print(f"data: {data['export']} - {data['records']:,} records of {data['people']:,} people,"
          f" {data['true_pairs']:,} true pairs, {data['true_clusters']:,} persons with >= 2 "
          "records")
    cmp = case.get("comparison", {})
    rows: list[tuple[str, Sequence[str], str, str]] = [
        ("pairwise precision", ("pairwise", "precision"), ".4f", ""),
        ("pairwise recall", ("pairwise", "recall"), ".4f", ""),
        ("pairwise F1", ("pairwise", "f1"), ".4f", "f1"),
        ("cluster precision (exact)", ("cluster", "precision"), ".4f", ""),
        ("cluster recall (exact)", ("cluster", "recall"), ".4f", ""),
        ("cluster F1 (exact)", ("cluster", "f1"), ".4f", ""),
        ("B-cubed F1", ("cluster", "bcubed_f1"), ".4f", ""),
        ("wall time (s)", ("seconds",), ".1f", "time"),
        ("CPU time (s)", ("cpu_seconds",), ".1f", "cpu"),
        ("peak RSS (MB)", ("peak_rss_mb",), ",.0f", "memory"),
        ("  polled peak RSS (MB)", ("polled_peak_rss_mb",), ",.0f", ""),
        ("  RSS after imports (MB)", ("import_rss_mb",), ",.0f", ""),
    ]
    print(f"{'':<27}{'hmis_core':>11}{'Splink':>11}  {'hmis vs Splink':>15}   target")
    for label, path, spec, key in rows:
        extra = ""
        if cmp and key == "f1":
            extra = (f"  {cmp['pairwise_f1_gain']:>+15.4f}   >= +{TARGET_F1_MARGIN:.2f}  "
                     f"{_verdict(cmp['targets']['f1_met'])}")
        elif cmp and key == "time":
            extra = (f"  {cmp['time_ratio']:>14.2f}x   <= {TARGET_TIME_RATIO:.2f}x "
                     f"{_verdict(cmp['targets']['time_met'])}")
        elif cmp and key == "cpu":
            extra = f"  {cmp['cpu_ratio']:>14.2f}x"
        elif cmp and key == "memory":
            extra = (f"  {cmp['memory_ratio']:>14.2f}x   <= {TARGET_MEMORY_RATIO:.2f}x "
                     f"{_verdict(cmp['targets']['memory_met'])}")
        print(f"{label:<27}{_fmt(hmis, path, spec):>11}{_fmt(splink, path, spec):>11}{extra}")
    if not cmp:
        print(f"{'':<27}targets: pairwise F1 >= Splink + {TARGET_F1_MARGIN}, wall time <= "
              f"{TARGET_TIME_RATIO} x Splink, peak RSS <= {TARGET_MEMORY_RATIO} x Splink")
    for side in SIDES:
        figures = case.get(side)
        if figures is None:
            continue
        if "error" in figures:
            print(f"{LABEL[side]}: not run - {figures['error']}")
            continue
        phases = ", ".join(f"{k} {v:.1f}" for k, v in figures.get("phases", {}).items())
        counts = (f"{figures['pairwise']['true_positives']:,} TP, "
                  f"{figures['pairwise']['false_positives']:,} FP, "
                  f"{figures['pairwise']['false_negatives']:,} FN; {figures['clusters']:,} "
                  "clusters")
        read = f" (read_export of {figures['read_files']} files)" if side == "hmis" else ""
        print(f"{LABEL[side]} {figures['version']}: {counts}; phases (s){read}: {phases}; "
              f"load avg {figures['load_before']:.1f} -> {figures['load_after']:.1f}")
        engine = figures.get("engine_timings")
        if engine:
            print("  deduplicate's own timings (s): "
                  + ", ".join(f"{k} {v:.1f}" for k, v in engine.items()))
    if splink and "threshold_sweep" in splink:
        sweep = "  ".join(f"{t}: {v['f1']:.4f}" for t, v in splink["threshold_sweep"].items())
        print(f"Splink pairwise F1 re-clustered at other thresholds (untimed, info only; the "
              f"run uses {splink['cluster_threshold']}): {sweep}")
    print()


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def run_case(size: int, mode: str, args: argparse.Namespace) -> dict[str, Any]:
    """Generate (or reuse) one case's data, run the sides asked for, and score them."""
    export, truth_path, generated = _ensure_data(args.data_dir, size, mode, args.seed,
                                                 args.json)
    out_dir = args.data_dir / "dedup" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    _warm_cache(export)
    sides = [args.only] if args.only else list(SIDES)
    raw: dict[str, dict[str, Any]] = {}
    for side in sides:
        _note(args.json, f"  {size:,} {mode}: running {LABEL[side]} ...")
        raw[side] = _spawn(side, export, out_dir, args.splink_threshold, args.timeout,
                           args.hmis_read)
        if "error" in raw[side]:
            _note(args.json, f"  {LABEL[side]}: {raw[side]['error']}")
    truth = _load_truth(truth_path)
    person_size: dict[str, int] = {}
    for person in truth.values():
        person_size[person] = person_size.get(person, 0) + 1
    case: dict[str, Any] = {
        "size": size,
        "mode": mode,
        "seed": args.seed,
        "data": {
            "export": str(export),
            "truth": str(truth_path),
            "generated_seconds": generated,
            "records": len(truth),
            "people": len(person_size),
            "true_pairs": sum(n * (n - 1) // 2 for n in person_size.values()),
            "true_clusters": sum(1 for n in person_size.values() if n >= 2),
        },
    }
    for side, result in raw.items():
        case[side] = _scored(result, truth)
    if "hmis" in case and "splink" in case:
        case["comparison"] = _comparison(case["hmis"], case["splink"])
    return case


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Score and time hmis_core.dedup against Splink (DuckDB) on synthetic "
        "HMIS exports with ground truth.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES),
                        help="client records per export (default 100000 1000000)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES),
                        help="clear and/or hashed exports (default both)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help=f"where exports are generated and cached (default "
                        f"{DEFAULT_DATA_DIR}, or $HMIS_BENCH_DIR)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"generator seed (default {SEED}, held out: do not tune on it)")
    parser.add_argument("--only", choices=SIDES, help="run only this side")
    parser.add_argument("--json", action="store_true", help="write only the JSON line")
    parser.add_argument("--splink-threshold", type=float, default=0.9,
                        help="Splink's clustering match probability (default 0.9, fixed "
                        "a priori)")
    parser.add_argument("--hmis-read", choices=READS, default="dedup",
                        help="what hmis_core reads: the Client and Enrollment columns "
                        "deduplication uses (default; Enrollment gives the household "
                        "evidence), the Client columns only, or all 24 files (Splink reads "
                        "Client.csv either way)")
    parser.add_argument("--hmis-client-only", action=argparse.BooleanOptionalAction,
                        default=None, help=argparse.SUPPRESS)  # older spelling of the above
    parser.add_argument("--timeout", type=float, default=None,
                        help="kill a worker after this many seconds (default: no limit)")
    parser.add_argument("--worker", nargs=3, metavar=("SIDE", "EXPORT", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.hmis_client_only is not None:
        args.hmis_read = "client" if args.hmis_client_only else "all"
    if args.worker:
        side, export, out = args.worker
        return _worker(side, export, out, args.splink_threshold, args.hmis_read)

    cases = []
    failed = False
    for size in args.sizes:
        for mode in args.modes:
            case = run_case(size, mode, args)
            cases.append(case)
            for side in SIDES:
                figures = case.get(side)
                if figures and "error" in figures and not figures.get("unavailable"):
                    failed = True
                if side == "splink" and figures and figures.get("unavailable"):
                    failed = True
            if not args.json:
                _report(case)
    record = {
        "benchmark": "bench_dedup",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "targets": {"pairwise_f1_gain_min": TARGET_F1_MARGIN,
                    "time_ratio_max": TARGET_TIME_RATIO,
                    "memory_ratio_max": TARGET_MEMORY_RATIO},
        "cases": cases,
    }
    print(json.dumps(_rounded(record)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
