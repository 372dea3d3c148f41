"""Peak and current resident memory of the running process, for the benchmark workers.

``VmHWM`` / ``VmRSS`` from ``/proc/self/status`` (unlike ``ru_maxrss``, not inherited from the
parent across fork/exec); ``ru_maxrss`` or psutil where there is no /proc.
"""

from __future__ import annotations

import sys

MB = 1024 * 1024


def _status_kb(field: str) -> int | None:
    """A ``kB`` field of ``/proc/self/status`` (``VmHWM``, ``VmRSS``), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def peak_rss_mb() -> float:
    kb = _status_kb("VmHWM")
    if kb is None:
        import resource  # noqa: PLC0415 - imported in the worker only

        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return usage / MB if sys.platform == "darwin" else usage / 1024
    return kb / 1024


def rss_mb() -> float:
    kb = _status_kb("VmRSS")
    if kb is None:
        import psutil  # type: ignore[import-untyped, unused-ignore]  # noqa: PLC0415

        return float(psutil.Process().memory_info().rss) / MB
    return kb / 1024
