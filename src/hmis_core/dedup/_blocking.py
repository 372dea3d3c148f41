"""Multi-pass blocking: which pairs of records are compared at all.

Each :class:`BlockOn` rule names record keys; records that share every key of a rule are
candidate pairs. The default passes recover the errors HMIS data has: an exact SSN, SSN last
four with the birth year, the date of birth with a phonetic or initial name key, the day and
month of birth transposed, first and last name swapped, nicknames (the formal name's key).
Keys are integer codes; pairs are produced with numpy, never a Python loop per pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import numpy as np

from hmis_core.dedup._arrays import unique
from hmis_core.dedup._normalize import IntArray, Records

__all__ = ["DEFAULT_BLOCKING", "FIELDS_OF_KEY", "TRAINING_BLOCKING", "BlockOn",
           "candidate_pairs", "record_keys", "rule_keys"]


@attrs.frozen(init=False)
class BlockOn:
    """Records that agree on every one of ``keys`` are compared.

    Keys: ``ssn`` (full SSN), ``ssn4`` (last four), ``dob`` (full date), ``dob_year``,
    ``dob_md_sorted`` (month and day in either order: finds transpositions), ``first_sx``,
    ``last_sx`` (Soundex), ``first_initial``, ``last_initial``, ``middle_initial``, ``sex``,
    ``middle`` (the middle name), ``first_root`` (the formal name a nickname stands for),
    ``name_pair_sx`` (both Soundex codes in either order: finds swapped names),
    ``name_sx_any`` (either name's Soundex code: records agree when one of first or last
    name sounds like one of the other's, so a swapped name pair is found even with a typo
    in the other name), ``last_prefix`` (first four letters of the surname). With
    ``partial_dob`` only pairs where a record lacks a full date of birth are kept; with
    ``partial_name`` only pairs where a record lacks a first name.

    >>> from hmis_core.dedup import DEFAULT_BLOCKING, BlockOn, DedupConfig
    >>> rule = BlockOn("ssn4", "last_initial", max_block=50)
    >>> rule.keys, rule.max_block
    (('ssn4', 'last_initial'), 50)
    >>> config = DedupConfig(blocking=(*DEFAULT_BLOCKING, rule))
    >>> len(config.blocking) == len(DEFAULT_BLOCKING) + 1
    True
    """

    keys: tuple[str, ...]
    max_block: int = 400
    """Blocks larger than this are skipped (a key so common it says nothing)."""
    partial_dob: bool = False
    """Only pairs where one record or both lack a full date of birth (missing or
    approximate): rules on the full date find the others."""
    partial_name: bool = False
    """Only pairs where one record or both lack a first name (HUD's "partial name"): rules
    on first-name keys find the others."""

    def __init__(self, *keys: str, max_block: int = 400, partial_dob: bool = False,
                 partial_name: bool = False) -> None:
        self.__attrs_init__(tuple(keys), max_block, partial_dob, partial_name)


DEFAULT_BLOCKING: tuple[BlockOn, ...] = (
    # SSN: full, or last four with the birth year or a name
    BlockOn("ssn"),
    BlockOn("ssn4", "dob_year"),
    BlockOn("ssn4", "first_sx"),
    BlockOn("ssn4", "last_sx"),
    # the full date of birth with a name: nicknames, either name (also swapped), or typos in
    # both names
    BlockOn("dob", "first_root"),
    BlockOn("dob", "name_sx_any"),
    BlockOn("dob", "last_initial", "sex"),
    BlockOn("dob", "middle"),
    # day and month of birth transposed
    BlockOn("dob_md_sorted", "dob_year", "last_sx"),
    BlockOn("dob_md_sorted", "dob_year", "first_root"),
    # the birth year with names: typos in the day or month, swapped names
    BlockOn("name_pair_sx", "dob_year"),
    BlockOn("first_root", "last_sx", "dob_year"),
    # no full date of birth on one side (missing, or approximate: year only)
    BlockOn("first_root", "last_sx", max_block=40, partial_dob=True),
    BlockOn("last_prefix", "first_initial", "dob_year", partial_dob=True),
    BlockOn("first_sx", "last_initial", "dob_year", partial_dob=True),
    BlockOn("middle", "name_sx_any", "sex", max_block=100, partial_dob=True),
    # no first name on one side: the surname with the birth year (full or approximate)
    BlockOn("last_sx", "dob_year", partial_name=True),
)
"""The blocking passes used unless a configuration says otherwise."""


FIELDS_OF_KEY: dict[str, frozenset[str]] = {
    "ssn": frozenset({"ssn"}), "ssn4": frozenset({"ssn"}), "dob": frozenset({"dob"}),
    "dob_year": frozenset({"dob"}), "dob_md_sorted": frozenset({"dob"}),
    "first_sx": frozenset({"first_name"}), "last_sx": frozenset({"last_name"}),
    "first_initial": frozenset({"first_name"}), "last_initial": frozenset({"last_name"}),
    "first_root": frozenset({"first_name"}),
    "name_pair_sx": frozenset({"first_name", "last_name"}),
    "last_prefix": frozenset({"last_name"}),
    "middle_initial": frozenset({"middle_initial"}), "middle": frozenset({"middle_initial"}),
    "sex": frozenset({"sex"}),
    "name_sx_any": frozenset(),
}
"""Which compared fields a blocking key constrains (they agree by construction)."""

TRAINING_BLOCKING: tuple[BlockOn, ...] = (
    BlockOn("dob", "first_initial"),
    BlockOn("ssn"),
    BlockOn("first_sx", "last_sx", "dob_year"),
)
"""Blocking rules whose pairs train ``m`` by EM (together they leave every field free)."""


def record_keys(records: Records) -> dict[str, Callable[[], IntArray]]:
    """Lazily computed key columns (0 = missing) of every record; a two-dimensional column
    gives each record several keys (records agree when any of them is equal)."""
    vocab = records.vocab
    sx, root, prefix, initial = (vocab.array(k) for k in ("sx", "root", "prefix", "initial"))

    def name_pair_sx() -> IntArray:
        a, b = sx[records.first], sx[records.last]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        out = lo * (1 << 31) + hi  # a constant width: keys stay valid as names are added
        out[(a == 0) | (b == 0)] = 0
        return np.asarray(out, np.int64)

    def dob() -> IntArray:
        full = records.dob_kind == 1
        return np.where(full, records.dob_y * 10000 + records.dob_m * 100 + records.dob_d, 0)

    def dob_md_sorted() -> IntArray:
        full = records.dob_kind == 1
        lo = np.minimum(records.dob_m, records.dob_d)
        hi = np.maximum(records.dob_m, records.dob_d)
        return np.where(full, lo * 100 + hi, 0)

    def name_sx_any() -> IntArray:
        return np.stack([sx[records.first], sx[records.last]], axis=1)

    return {
        "ssn": lambda: records.ssn_code, "ssn4": lambda: records.ssn4_code, "dob": dob,
        "dob_year": records.dob_y.copy, "dob_md_sorted": dob_md_sorted,
        "first_sx": lambda: sx[records.first], "last_sx": lambda: sx[records.last],
        "first_root": lambda: root[records.first], "name_pair_sx": name_pair_sx,
        "first_initial": lambda: initial[records.first],
        "last_initial": lambda: initial[records.last],
        "last_prefix": lambda: prefix[records.last],
        "middle_initial": lambda: initial[records.middle],
        "middle": records.middle.copy,
        "sex": lambda: np.where(records.sex >= 0, records.sex + 1, 0),
        "name_sx_any": name_sx_any,
    }


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _combine(columns: Sequence[IntArray]) -> IntArray:
    """One key per record from several (0 where any part is 0), by multiplicative hashing
    with wrap-around: a rare collision only adds a candidate pair, never loses one."""
    missing = np.zeros(len(columns[0]), bool)
    for c in columns:
        missing |= c == 0
    if len(columns) == 1:
        out = columns[0].copy()
    else:
        mixed = np.zeros(len(columns[0]), np.uint64)
        with np.errstate(over="ignore"):
            for c in columns:
                mixed = (mixed ^ c.astype(np.uint64)) * _MIX
                mixed ^= mixed >> np.uint64(29)
        out = mixed.view(np.int64)
        out[out == 0] = 1
    out[missing] = 0
    return np.asarray(out, np.int64)


def rule_keys(columns: Sequence[IntArray]) -> tuple[IntArray, IntArray | None]:
    """One key per record and rule (``rows`` None), or, when a column gives records several
    keys, (keys, the record of each key)."""
    wide = [c.shape[1] for c in columns if c.ndim == 2]
    if not wide:
        return _combine(columns), None
    n = len(columns[0])
    keys = [_combine([c[:, j] if c.ndim == 2 else c for c in columns])
            for j in range(max(wide))]
    return np.concatenate(keys), np.tile(np.arange(n, dtype=np.int64), len(keys))


def _pairs_in_blocks(key: IntArray, max_block: int,
                     flag: np.ndarray | None = None) -> tuple[IntArray, IntArray]:
    """All (i, j), i < j, of records sharing a non-zero key, blocks of at most max_block;
    with ``flag``, only pairs with at least one flagged record."""
    idx = np.flatnonzero(key)
    if len(idx) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    order = idx[np.argsort(key[idx])]  # the set of pairs does not depend on ties' order
    sorted_keys = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    keep = (sizes >= 2) & (sizes <= max_block)
    starts, sizes = starts[keep], sizes[keep]
    if not len(starts):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    member_pos = _positions(starts, sizes)
    if flag is not None:
        return _flagged_pairs(order, member_pos, starts, sizes, flag)
    # position p in a block of start g and size s pairs with p+1 .. g+s-1
    block_end = np.repeat(starts + sizes, sizes)
    counts = block_end - member_pos - 1
    left = np.repeat(member_pos, counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    right = left + offsets + 1
    a, b = order[left], order[right]
    return np.asarray(np.minimum(a, b), np.int64), np.asarray(np.maximum(a, b), np.int64)


def _flagged_pairs(order: IntArray, member_pos: IntArray, starts: IntArray, sizes: IntArray,
                   flag: np.ndarray) -> tuple[IntArray, IntArray]:
    """The pairs of each block with at least one flagged member: each flagged member with
    every other member (a pair of two flagged members once)."""
    flagged = flag[order[member_pos]]
    pos = member_pos[flagged]
    first = np.repeat(starts, sizes)[flagged]
    counts = np.repeat(sizes, sizes)[flagged]
    left = np.repeat(pos, counts)
    right = np.repeat(first, counts) + (np.arange(counts.sum())
                                        - np.repeat(np.cumsum(counts) - counts, counts))
    keep = (right != left) & (~flag[order[right]] | (right > left))
    a, b = order[left[keep]], order[right[keep]]
    return np.asarray(np.minimum(a, b), np.int64), np.asarray(np.maximum(a, b), np.int64)


def _positions(starts: IntArray, sizes: IntArray) -> IntArray:
    total = int(sizes.sum())
    base = np.repeat(starts, sizes)
    within = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return base + within


def candidate_pairs(records: Records, rules: Sequence[BlockOn],
                    cache: dict[str, IntArray] | None = None) -> tuple[IntArray, IntArray]:
    """Unique candidate pairs (i < j) from every rule."""
    keys = record_keys(records)
    cache = {} if cache is None else cache
    n = max(1, len(records))
    found: list[IntArray] = []  # pair keys i * n + j; merged (duplicates dropped) as they grow
    pending = 0
    for rule in rules:
        unknown = [k for k in rule.keys if k not in keys]
        if unknown:
            raise ValueError(f"unknown blocking key(s) {unknown}; known: {sorted(keys)}")
        columns = [cache[k] if k in cache else cache.setdefault(k, keys[k]())
                   for k in rule.keys]
        key, rows = rule_keys(columns)
        flag = None
        if rule.partial_dob:
            flag = records.dob_kind != 1
        if rule.partial_name:
            lacking = records.first == 0
            flag = lacking if flag is None else flag & lacking
        if flag is not None and rows is not None:
            flag = flag[rows]
        a, b = _pairs_in_blocks(key, rule.max_block, flag)
        if rows is not None:  # several keys per record: back to records, once per pair
            a, b = rows[a], rows[b]
            distinct = a != b
            a, b = np.minimum(a[distinct], b[distinct]), np.maximum(a[distinct], b[distinct])
        found.append(a * n + b)
        pending += len(a)
        del a, b
        if pending > 4 * n and len(found) > 1:
            found = [unique(np.concatenate(found))]
            pending = len(found[0])
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    combined = unique(np.concatenate(found)) if len(found) > 1 else unique(found[0])
    return combined // n, combined % n
