"""Identifying data of client records, normalised column-wise for linkage.

* names: accents folded, upper-cased, punctuation dropped, generational suffixes (JR, SR,
  II, III, IV) removed, hyphenated and compound surnames kept as tokens; placeholders such as
  UNKNOWN or DOE count as missing; NameDataQuality 8/9/99 means no name;
* SSN: full only when nine digits pass SSA's rules (no 000/666/9xx area, 00 group or 0000
  serial) and are not a placeholder (123456789, one repeated digit …); a partial SSN keeps its
  last four digits; SSNDataQuality 8/9/99 means none (3.02 in the HMIS Data Standards);
* DOB: full with DOBDataQuality 1, year only with 2 ("approximate or partial", typically a
  defaulted 01/01), none with 8/9/99 or an impossible date.

Hashed exports (HashStatus 4) hold SHA-256 hashes of Soundex codes for names, and the last
four SSN digits followed by a hash: names can only be equal or not, and SSNs are compared by
hash and last four digits.
"""

from __future__ import annotations

import datetime
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from hmis_core.csvspec._hashing import hash_ssn
from hmis_core.dedup._arrays import unique_inverse
from hmis_core.dedup._vocabulary import Vocabulary

__all__ = ["RACE_COLUMNS", "Records", "build_records", "encode", "normalize_name",
           "race_bits", "ssn_kind"]

_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV", "V", "2ND", "3RD", "JNR", "SNR"})
_PLACEHOLDERS = frozenset({"UNKNOWN", "UNK", "ANONYMOUS", "ANON", "DOE", "REFUSED", "NONE",
                           "NA", "N/A", "CLIENT", "NOTPROVIDED", "NONAME", "BABY", "MISSING",
                           "TEST", "DK", "X", "XX", "XXX"})
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HASHED_SSN = re.compile(r"[0-9xX]{4}[0-9a-f]{64}")
_PLACEHOLDER_SSNS = frozenset({"123456789", "987654321", "012345678", "078051120"})
_HASHED_PLACEHOLDER_SSNS = frozenset(
    str(hash_ssn(s))[4:] for s in (*_PLACEHOLDER_SSNS, *(str(d) * 9 for d in range(10))))
"""The hash part of the placeholder SSNs as a hashed export writes them (:func:`hash_ssn`),
not evidence of identity."""


def normalize_name(text: str | None) -> tuple[str, tuple[str, ...]]:
    """(normalised name, tokens): ``"García-López Jr."`` -> ``("GARCIALOPEZ", ("GARCIA",
    "LOPEZ"))``; placeholders and empty names give ``("", ())``."""
    if not text:
        return "", ()
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in folded if ch.isascii()).upper()
    ascii_text = ascii_text.replace("'", "").replace("`", "")
    tokens = [t for t in re.split(r"[^A-Z0-9]+", ascii_text) if t]
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    joined = "".join(tokens)
    if not joined or joined in _PLACEHOLDERS or all(t in _PLACEHOLDERS for t in tokens):
        return "", ()
    return joined, tuple(tokens)


def ssn_kind(ssn: str | None, quality: int | None) -> tuple[int, str, str]:
    """(kind, nine digits or hash, last four): kind 0 none, 1 full, 2 last four only."""
    if not ssn or quality in (8, 9, 99):
        return 0, "", ""
    s = ssn.strip()
    if len(s) == 68 and _HASHED_SSN.fullmatch(s.lower()):
        s = s.lower()
        last4 = s[:4]
        full = quality == 1 and last4.isdigit() and s[4:] not in _HASHED_PLACEHOLDER_SSNS
        return (1 if full else 2 if last4.isdigit() else 0), s[4:] if full else "", \
            last4 if last4.isdigit() else ""
    digits = re.sub(r"[^0-9xX]", "", s)
    if len(digits) == 9 and digits.isdigit():
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        placeholder = (digits in _PLACEHOLDER_SSNS or len(set(digits)) == 1
                       or area in ("000", "666") or area[0] == "9" or group == "00"
                       or serial == "0000")
        if not placeholder:
            return 1, digits, serial
        return 0, "", ""
    tail = digits[-4:]
    if len(tail) == 4 and tail.isdigit() and tail != "0000":
        return 2, "", tail
    return 0, "", ""


IntArray = npt.NDArray[np.int64]
_NO_DATE = datetime.date(1, 1, 1)


@attrs.define
class Records:
    """Client identifying data, column-wise. Names are integer codes into ``names``
    (code 0 = missing), so every comparison is made once per distinct pair of values."""

    ids: list[str]
    vocab: Vocabulary
    """Distinct normalised names (first, middle and last share one vocabulary)."""
    first: IntArray
    last: IntArray
    middle: IntArray
    ssn_kind: IntArray
    ssn_code: IntArray
    """Per record: the full SSN as a number (clear exports) or a code of its hash (hashed
    exports, codes from 10**10 up), 0 when there is none."""
    ssn4_code: IntArray
    """Per record: last four digits + 1, 0 when unknown."""
    dob_kind: IntArray
    dob_y: IntArray
    dob_m: IntArray
    dob_d: IntArray
    sex: IntArray
    race: IntArray
    """Per record: the races reported, one bit per race column (0 = none reported)."""
    hashed: bool

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def names(self) -> list[str]:
        return self.vocab.names

    @property
    def tokens(self) -> list[tuple[str, ...]]:
        return self.vocab.tokens


Encoded = tuple[IntArray, list[Any]]
"""A column as (code per record, distinct values): record i holds ``values[codes[i]]``."""


def encode(values: Iterable[Any]) -> Encoded:
    """Dictionary-encode a column given value by value."""
    lookup: dict[Any, int] = {}
    codes = [lookup.setdefault(v, len(lookup)) for v in values]
    return np.asarray(codes, np.int64), list(lookup)


def _per_distinct(column: Encoded, fn: Callable[[Any], Any], dtype: Any = np.int64) -> Any:
    codes, values = column
    mapped = np.asarray([fn(v) for v in values], dtype=dtype) if values else np.zeros(0, dtype)
    return mapped[codes] if len(codes) else np.zeros(0, dtype)


def build_records(
    ids: list[str],
    first: Encoded,
    middle: Encoded,
    last: Encoded,
    name_quality: Encoded,
    ssn: Encoded,
    ssn_quality: Encoded,
    dob: Encoded,
    dob_quality: Encoded,
    sex: Encoded,
    *,
    hashed: bool | None = None,
    vocab: Vocabulary | None = None,
    race: IntArray | None = None,
) -> Records:
    """Normalise encoded client columns into :class:`Records`; every normalisation runs once
    per distinct value, then spreads to records by numpy indexing. ``vocab`` shares an
    existing vocabulary (intake search); ``race`` is each record's race bits (see
    :func:`race_bits`), none reported when not given."""
    n = len(ids)
    if hashed is None:
        sample = [v for v in first[1][:2000] if v]
        hashed = bool(sample) and all(_HEX64.fullmatch(str(v)) for v in sample)
    vocabulary = Vocabulary() if vocab is None else vocab

    def name_code(raw: Any) -> int:
        if not raw:
            return 0
        text = str(raw).strip()
        toks: tuple[str, ...]
        if hashed and _HEX64.fullmatch(text.lower()):
            norm, toks = text.lower(), (text.lower(),)
        else:
            norm, toks = normalize_name(text)
        if not norm:
            return 0
        return vocabulary.code(norm, toks)

    no_name = _per_distinct(name_quality, lambda q: q in (8, 9, 99), bool)
    f = np.where(no_name, 0, _per_distinct(first, name_code))
    mi = np.where(no_name, 0, _per_distinct(middle, name_code))
    la = np.where(no_name, 0, _per_distinct(last, name_code))
    # SSN: classified per distinct (ssn, quality) pair, vectorised for nine clear digits
    ssn_codes, ssn_values = ssn
    q_codes, q_values = ssn_quality
    width = len(q_values) + 1
    unique_pairs, inverse = unique_inverse(np.asarray(ssn_codes, np.int64) * width
                                           + np.asarray(q_codes, np.int64))
    kinds, full_codes, four_codes = _classify_ssns(
        [ssn_values[k] for k in (unique_pairs // width).tolist()],
        [q_values[k] for k in (unique_pairs % width).tolist()], vocabulary.ssn_hashes)

    def spread(values: IntArray) -> IntArray:
        return values[inverse] if n else np.zeros(0, np.int64)

    # DOB: per distinct date (year, month, day read at C speed), then the quality
    dob_codes, dob_values = dob
    dates = [d if isinstance(d, datetime.date) else _NO_DATE for d in dob_values]
    table = np.stack([np.fromiter(map(operator.attrgetter(part), dates), np.int64, len(dates))
                      for part in ("year", "month", "day")], axis=1).reshape(-1, 3)
    table[(table[:, 0] < 1900) | (table[:, 0] > 2100)] = 0
    ymd = table[dob_codes] if n else np.zeros((0, 3), np.int64)
    quality = _per_distinct(dob_quality, lambda q: -1 if q in (8, 9, 99) else (2 if q == 2
                                                                                else 1))
    dob_kind = np.where((ymd[:, 0] == 0) | (quality == -1), 0, quality)
    ymd[dob_kind == 0] = 0
    sexes = _per_distinct(sex, lambda v: v if v in (0, 1) else -1)
    return Records(ids=ids, vocab=vocabulary, first=f, last=la, middle=mi,
                   ssn_kind=spread(kinds), ssn_code=spread(full_codes),
                   ssn4_code=spread(four_codes),
                   dob_kind=dob_kind, dob_y=ymd[:, 0].copy(), dob_m=ymd[:, 1].copy(),
                   dob_d=ymd[:, 2].copy(), sex=sexes,
                   race=np.zeros(n, np.int64) if race is None else np.asarray(race, np.int64),
                   hashed=hashed)


RACE_COLUMNS = ("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao",
                "MidEastNAfrican", "NativeHIPacific", "White")
"""The Client.csv race columns (3.04), one bit each in :attr:`Records.race`."""


def race_bits(columns: Iterable[Encoded]) -> IntArray:
    """Per record, a bit for every race column answered 1 (Yes), from the encoded columns
    in the order of :data:`RACE_COLUMNS`."""
    out: IntArray | None = None
    for bit, column in enumerate(columns):
        yes = _per_distinct(column, lambda v: v == 1, bool)
        part = np.where(yes, 1 << bit, 0).astype(np.int64)
        out = part if out is None else out | part
    return np.zeros(0, np.int64) if out is None else out


_PLACEHOLDER_INTS = np.asarray([int(x) for x in _PLACEHOLDER_SSNS], np.int64)


def _classify_ssns(values: list[Any], qualities: list[Any], hashes: dict[str, int]
                   ) -> tuple[IntArray, IntArray, IntArray]:
    """(kind, full code, last four + 1) of each distinct SSN; nine clear digits are checked
    with numpy, anything else (partial, hashed, odd formats) by :func:`ssn_kind`. A hashed
    SSN's code comes from ``hashes`` (the vocabulary's, extended here), so that it is the
    same in every call."""
    count = len(values)
    kinds = np.zeros(count, np.int64)
    full = np.zeros(count, np.int64)
    four = np.zeros(count, np.int64)
    if not count:
        return kinds, full, four
    text = np.asarray([v if isinstance(v, str) else "" for v in values])
    quality = np.asarray([q if isinstance(q, int) else -1 for q in qualities], np.int64)
    usable = ~np.isin(quality, (8, 9, 99)) & (np.char.str_len(text) > 0)
    nine = usable & (np.char.str_len(text) == 9) & np.char.isdigit(text)
    numbers = np.zeros(count, np.int64)
    numbers[nine] = text[nine].astype(np.int64)
    area, group, serial = numbers // 1_000_000, (numbers // 10_000) % 100, numbers % 10_000
    bad = (area == 0) | (area == 666) | (area >= 900) | (group == 0) | (serial == 0) | \
        np.isin(numbers, _PLACEHOLDER_INTS) | (numbers % 111_111_111 == 0)
    good = nine & ~bad
    kinds[good] = 1
    full[good] = numbers[good]
    four[good] = serial[good] + 1
    for i in np.flatnonzero(usable & ~nine).tolist():
        k, nine_or_hash, last4 = ssn_kind(values[i], qualities[i])
        kinds[i] = k
        if nine_or_hash:
            full[i] = int(nine_or_hash) if len(nine_or_hash) == 9 else \
                10**10 + hashes.setdefault(nine_or_hash, len(hashes))
        four[i] = int(last4) + 1 if last4 else 0
    return kinds, full, four


