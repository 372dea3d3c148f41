"""Pausing Python's cyclic garbage collector during bulk work.

Reading or checking millions of rows allocates millions of short-lived lists and tuples;
each allocation burst triggers collections that scan everything alive, which on large exports
costs more than the work itself. Nothing this library builds holds reference cycles, so
the collector is paused for the duration and restored afterwards (as it was).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector inside the block (re-entrant; restores its state)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
