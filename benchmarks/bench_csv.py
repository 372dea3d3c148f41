"""Benchmark: reading and validating a large HMIS CSV export, against pandas.

Run from the repository root (hmis_core installed, plus ``pip install pandas psutil``)::

    python benchmarks/bench_csv.py [--enrollments N] [--data-dir D] [--json]
    python benchmarks/bench_csv.py --enrollments 100000          # a quick run
    python benchmarks/bench_csv.py --profile                     # cProfile of hmis_core only

One run times, on the same synthetic FY2026 export (all 24 files; 1,000,000 enrollments by
default, built by ``_make_large_export.py`` and cached under ``D/fy2026_e<N>_s<seed>``, so
re-runs skip generation):

(a) ``hmis_core.read_export(path)`` followed by ``hmis_core.validate(export)``;
(b) ``pandas.read_csv(f, dtype=str, keep_default_na=False)`` of every CSV file of the export,
    keeping every DataFrame alive as hmis_core keeps its Export. pandas 3 stores ``dtype=str``
    columns with pyarrow when it is installed, else as Python objects (``--pandas-storage``
    forces one; the storage used is printed).

Each side runs in its own fresh Python process (``subprocess``), so the two never share a
heap, and measures its own wall time and peak resident set size (``VmHWM`` from
``/proc/self/status``, which - unlike ``ru_maxrss`` - is not inherited from the parent
across fork/exec; ``ru_maxrss`` is used where there is no /proc). The files are read once
beforehand so both sides find them in the page cache. Printed: rows read per file by each
side, both wall times and their ratio a/b (and CPU times: the wall-time ratio is only fair on
an otherwise idle machine, so the 1-minute load average before and after is printed too),
both peak RSS and their ratio, next to the targets (time ratio <= 1.0, hmis_core memory <= 2x
pandas'), then one JSON line with every figure. ``--json`` writes only that JSON line to
stdout. The exit status is 0 whether or not the targets are met (1 if a side fails).

``--profile`` runs only the hmis_core side, under cProfile, prints the 25 functions with the
highest cumulative time (and the 25 with the highest own time) and saves the profile to
``D/hmis_core.prof``; its times are inflated by the profiler, so it times nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _memory import MB, peak_rss_mb, rss_mb

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "_make_large_export.py"
DEFAULT_DATA_DIR = Path(os.environ.get("HMIS_BENCH_DIR", "/tmp/hmis_bench"))
TARGET_TIME_RATIO = 1.0
"""hmis_core (read + validate) may take at most this many times pandas' time."""
TARGET_MEMORY_RATIO = 2.0
"""hmis_core's peak RSS may be at most this many times pandas'."""

# ------------------------------------------------------------------ in the worker processes


def _csv_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (user + system)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _children_peak_mb() -> float:
    """Largest peak RSS of the finished child processes (0 where unknown)."""
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return usage / MB if sys.platform == "darwin" else usage / 1024


def _run_hmis(folder: Path) -> dict[str, Any]:
    start_rss = rss_mb()
    import hmis_core  # noqa: PLC0415 - imported in the worker only

    import_rss = rss_mb()
    cpu = _cpu_seconds()
    started = time.perf_counter()
    export, read_findings = hmis_core.read_export(folder)
    read_done = time.perf_counter()
    read_rss, read_peak = rss_mb(), peak_rss_mb()
    findings = hmis_core.validate(export)
    done = time.perf_counter()
    cpu = _cpu_seconds() - cpu
    # read_export forks a second process for large exports: its CPU counts, and its peak
    # memory is added to ours (an upper bound on the two together)
    child_peak = _children_peak_mb()
    peak = peak_rss_mb() + child_peak
    rows = {t.name: len(t) for t in export.tables.values() if t.present}
    return {
        "version": hmis_core.__version__,
        "seconds": done - started,
        "read_seconds": read_done - started,
        "validate_seconds": done - read_done,
        "cpu_seconds": cpu,
        "start_rss_mb": start_rss,
        "import_rss_mb": import_rss,
        "read_rss_mb": read_rss,
        "read_peak_rss_mb": read_peak,
        "end_rss_mb": rss_mb(),
        "peak_rss_mb": peak,
        "child_peak_rss_mb": child_peak,
        "rows": rows,
        "read_findings": len(read_findings),
        "validate_findings": len(findings),
    }


def _run_pandas(folder: Path, storage: str) -> dict[str, Any]:
    start_rss = rss_mb()
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]  # noqa: PLC0415

    if storage != "auto":  # "auto": pyarrow when it is installed, else Python objects
        pd.set_option("mode.string_storage", storage)
    import_rss = rss_mb()
    frames: dict[str, Any] = {}
    cpu = time.process_time()
    started = time.perf_counter()
    for path in _csv_files(folder):
        frames[path.stem] = pd.read_csv(path, dtype=str, keep_default_na=False)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    peak = peak_rss_mb()
    dtype = next((df.dtypes.iloc[0] for df in frames.values() if df.shape[1]), None)
    return {
        "version": pd.__version__,
        "string_dtype": f"{dtype} ({getattr(dtype, 'storage', 'object')} storage)",
        "seconds": done - started,
        "cpu_seconds": cpu,
        "start_rss_mb": start_rss,
        "import_rss_mb": import_rss,
        "end_rss_mb": rss_mb(),
        "peak_rss_mb": peak,
        "rows": {name: len(df) for name, df in frames.items()},
    }


def _run_profile(folder: Path, out: Path) -> dict[str, Any]:
    import cProfile  # noqa: PLC0415 - imported in the worker only
    import io  # noqa: PLC0415 - imported in the worker only
    import pstats  # noqa: PLC0415 - imported in the worker only

    import hmis_core  # noqa: PLC0415 - imported in the worker only

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    export, _ = hmis_core.read_export(folder)
    hmis_core.validate(export)
    profiler.disable()
    seconds = time.perf_counter() - started
    profiler.dump_stats(out)
    report = io.StringIO()
    stats = pstats.Stats(profiler, stream=report)
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(25)
    return {"seconds_under_profiler": seconds, "profile": str(out), "report": report.getvalue()}


def _worker(side: str, folder: str, extra: str | None) -> int:
    runs: dict[str, Callable[[], dict[str, Any]]] = {
        "hmis_core": lambda: _run_hmis(Path(folder)),
        "pandas": lambda: _run_pandas(Path(folder), extra or "auto"),
        "profile": lambda: _run_profile(Path(folder), Path(extra or "hmis_core.prof")),
    }
    result = runs[side]()
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


# ------------------------------------------------------------------ in the parent process


def _spawn(side: str, folder: Path, extra: str | None = None) -> dict[str, Any]:
    """Run one side in a fresh interpreter; its last stdout line is its JSON result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", side, str(folder)]
    if extra:
        command += ["--worker-extra", extra]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"the {side} process failed ({proc.returncode}):\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _ensure_export(data_dir: Path, enrollments: int, seed: int, quiet: bool) -> dict[str, Any]:
    """The cached export's manifest, generating the export first when it is missing or was
    made from another version of the spec (the generator decides, in its own process)."""
    folder = data_dir / f"fy2026_e{enrollments}_s{seed}"
    if not quiet and not (folder / "manifest.json").exists():
        print(f"generating {enrollments:,} enrollments into {folder} ...", file=sys.stderr,
              flush=True)
    proc = subprocess.run([sys.executable, str(GENERATOR), str(folder), "--enrollments",
                           str(enrollments), "--seed", str(seed)], check=True,
                          capture_output=True, text=True)
    if proc.stderr and not quiet:
        sys.stderr.write(proc.stderr)
    manifest: dict[str, Any] = json.loads(proc.stdout)
    manifest["folder"] = str(folder)
    return manifest


def _warm_cache(folder: Path) -> float:
    """Read every file once, so that neither side pays for the disk."""
    started = time.perf_counter()
    for path in _csv_files(folder):
        with path.open("rb") as handle:
            while handle.read(16 * MB):
                pass
    return time.perf_counter() - started


def _load_average() -> float:
    """The 1-minute load average (other work on the machine skews wall times)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def _report(manifest: dict[str, Any], hmis: dict[str, Any], pandas: dict[str, Any],
            summary: dict[str, Any]) -> None:
    print(f"hmis_core CSV benchmark - FY2026 export, {manifest['enrollments']:,} enrollments "
          f"(seed {manifest['seed']})")
    how = f"cached; generated in {manifest['seconds']} s" if manifest["reused"] else \
        f"generated now in {manifest['seconds']} s"
    print(f"data: {manifest['folder']} ({len(manifest['rows'])} files, "
          f"{manifest['total_rows']:,} rows, {manifest['total_bytes'] / 1e9:.2f} GB; {how})")
    print(f"python {platform.python_version()}, hmis_core {hmis['version']}, pandas "
          f"{pandas['version']} [{pandas['string_dtype']}], {os.cpu_count()} CPUs")
    print()
    print(f"{'rows read per file':<26}{'hmis_core':>12}{'pandas':>12}{'expected':>12}")
    expected: dict[str, int] = manifest["rows"]
    for name, count in expected.items():
        a, b = hmis["rows"].get(name, 0), pandas["rows"].get(name, 0)
        flag = "" if a == b == count else "  <- differs"
        print(f"  {name + '.csv':<24}{a:>12,}{b:>12,}{count:>12,}{flag}")
    print(f"  {'total':<24}{sum(hmis['rows'].values()):>12,}{sum(pandas['rows'].values()):>12,}"
          f"{manifest['total_rows']:>12,}")
    print()
    ratio, memory = summary["time_ratio"], summary["memory_ratio"]
    print(f"{'':<26}{'hmis_core':>12}{'pandas':>12}   a/b      target")
    print(f"{'wall time (s)':<26}{hmis['seconds']:>12.1f}{pandas['seconds']:>12.1f}"
          f"{ratio:>8.2f}   <= {TARGET_TIME_RATIO:.1f}  {_verdict(ratio, TARGET_TIME_RATIO)}")
    print(f"{'  read_export (s)':<26}{hmis['read_seconds']:>12.1f}")
    print(f"{'  validate (s)':<26}{hmis['validate_seconds']:>12.1f}")
    print(f"{'CPU time (s)':<26}{hmis['cpu_seconds']:>12.1f}{pandas['cpu_seconds']:>12.1f}"
          f"{summary['cpu_ratio']:>8.2f}")
    print(f"{'peak RSS (MB)':<26}{hmis['peak_rss_mb']:>12,.0f}{pandas['peak_rss_mb']:>12,.0f}"
          f"{memory:>8.2f}   <= {TARGET_MEMORY_RATIO:.1f}  "
          f"{_verdict(memory, TARGET_MEMORY_RATIO)}")
    print(f"{'  of which 2nd process':<26}{hmis.get('child_peak_rss_mb', 0.0):>12,.0f}"
          "   (read_export's second process, its peak added to ours)")
    print(f"{'  RSS after imports (MB)':<26}{hmis['import_rss_mb']:>12,.0f}"
          f"{pandas['import_rss_mb']:>12,.0f}")
    print(f"{'  RSS after read (MB)':<26}{hmis['read_rss_mb']:>12,.0f}   (peak so far "
          f"{hmis['read_peak_rss_mb']:,.0f})")
    work_a = hmis["peak_rss_mb"] - hmis["import_rss_mb"]
    work_b = pandas["peak_rss_mb"] - pandas["import_rss_mb"]
    print(f"{'  peak - imports (MB)':<26}{work_a:>12,.0f}{work_b:>12,.0f}"
          f"{work_a / work_b if work_b else float('nan'):>8.2f}")
    print(f"{'rows per second':<26}{summary['hmis_rows_per_second']:>12,.0f}"
          f"{summary['pandas_rows_per_second']:>12,.0f}")
    print(f"findings: {hmis['read_findings']:,} while reading, {hmis['validate_findings']:,} "
          "from validate")
    before, after = summary["load_average"]
    print(f"load average (1 min) before / after: {before:.2f} / {after:.2f}"
          + ("  - other processes shared the CPUs: compare CPU times"
             if max(before, after) > 1.2 else ""))
    print()


def _summary(manifest: dict[str, Any], hmis: dict[str, Any], pandas: dict[str, Any],
             load: tuple[float, float]) -> dict[str, Any]:
    ratio = hmis["seconds"] / pandas["seconds"]
    memory = hmis["peak_rss_mb"] / pandas["peak_rss_mb"]
    rows = manifest["total_rows"]
    return {
        "time_ratio": round(ratio, 3),
        "cpu_ratio": round(hmis["cpu_seconds"] / pandas["cpu_seconds"], 3),
        "memory_ratio": round(memory, 3),
        "targets": {
            "time_ratio_max": TARGET_TIME_RATIO,
            "memory_ratio_max": TARGET_MEMORY_RATIO,
            "time_met": ratio <= TARGET_TIME_RATIO,
            "memory_met": memory <= TARGET_MEMORY_RATIO,
        },
        "rows_match": hmis["rows"] == pandas["rows"] == manifest["rows"],
        "hmis_rows_per_second": rows / hmis["seconds"],
        "pandas_rows_per_second": rows / pandas["seconds"],
        "load_average": load,
    }


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time hmis_core.read_export + validate against pandas.read_csv on a "
        "large synthetic HMIS CSV FY2026 export.")
    parser.add_argument("--enrollments", type=int, default=1_000_000,
                        help="Enrollment rows of the export (default 1,000,000)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help=f"where exports are generated and cached (default "
                        f"{DEFAULT_DATA_DIR}, or $HMIS_BENCH_DIR)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--json", action="store_true", help="write only the JSON line")
    parser.add_argument("--pandas-storage", choices=("auto", "python", "pyarrow"),
                        default="auto", help="pandas string storage for dtype=str (default "
                        "auto: pyarrow if installed, else Python objects)")
    parser.add_argument("--profile", action="store_true",
                        help="profile the hmis_core side (cProfile) instead of timing")
    parser.add_argument("--worker", nargs=2, metavar=("SIDE", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--worker-extra", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args.worker[0], args.worker[1], args.worker_extra)

    manifest = _ensure_export(args.data_dir, args.enrollments, args.seed, args.json)
    folder = Path(manifest["folder"])
    warm = _warm_cache(folder)
    if args.profile:
        result = _spawn("profile", folder, str(args.data_dir / "hmis_core.prof"))
        if args.json:
            result.pop("report")
            print(json.dumps(_rounded(result)))
        else:
            print(result.pop("report"))
            print(json.dumps(_rounded(result)))
        return 0
    load_before = _load_average()
    try:
        hmis = _spawn("hmis_core", folder)
        pandas = _spawn("pandas", folder, args.pandas_storage)
    except RuntimeError as err:
        print(err, file=sys.stderr)
        return 1
    summary = _summary(manifest, hmis, pandas, (load_before, _load_average()))
    if not args.json:
        _report(manifest, hmis, pandas, summary)
    record = {
        "benchmark": "bench_csv",
        "enrollments": manifest["enrollments"],
        "seed": manifest["seed"],
        "data_dir": str(folder),
        "total_rows": manifest["total_rows"],
        "total_bytes": manifest["total_bytes"],
        "generated_seconds": manifest["seconds"],
        "generated_now": not manifest["reused"],
        "spec_fingerprint": manifest["fingerprint"],
        "warm_cache_seconds": warm,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        **summary,
        "hmis_core": hmis,
        "pandas": pandas,
    }
    print(json.dumps(_rounded(record)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
