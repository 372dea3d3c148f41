"""Synthetic people and their client records, with the entry errors real HMIS data has.

A *person* is the truth; a *client record* is what one agency typed in. Most people have one
record; a duplicate is a second (or third) record of the same person with realistic errors:
typos, nicknames, swapped first and last name, day and month of birth transposed, a
defaulted 01/01 birthday, a partial or missing SSN, a missing name part, a married name.
Names are drawn from the US Census 1990 frequency lists shipped in ``hmis_core/_data``.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import functools
import itertools
import random
from collections.abc import Mapping, Sequence
from importlib import resources

import attrs

__all__ = ["ERROR_TYPES", "ClientRecord", "NameBank", "Person", "make_duplicate", "make_person"]

ERROR_TYPES = (
    "typo_last", "typo_first", "nickname", "swap_names", "dob_transposed", "dob_default",
    "ssn_partial", "ssn_missing", "missing_name_part", "married_name", "suffix_dropped",
)
"""Kinds of entry error a duplicate record can carry (keys of ``error_rates``)."""


@attrs.define
class Person:
    """The truth about one person."""

    person_id: str
    first: str
    middle: str
    last: str
    suffix: str
    sex: int
    dob: datetime.date
    ssn: str
    veteran: bool
    races: tuple[str, ...]


@attrs.define
class ClientRecord:
    """One Client.csv row's identifying data, as an agency entered it."""

    personal_id: str
    person: Person
    first: str
    middle: str
    last: str
    suffix: str
    name_quality: int
    ssn: str
    ssn_quality: int
    dob: datetime.date | None
    dob_quality: int
    errors: tuple[str, ...] = ()


class _Weighted:
    def __init__(self, names: list[str], weights: list[float]) -> None:
        self.names = names
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        x = rng.random() * self.cumulative[-1]
        return self.names[min(bisect.bisect_right(self.cumulative, x), len(self.names) - 1)]


def _load(name: str) -> _Weighted:
    text = resources.files("hmis_core._data").joinpath(name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return _Weighted([r["name"] for r in rows], [float(r["percent"]) for r in rows])


class NameBank:
    """Census name frequencies and the nickname table."""

    def __init__(self) -> None:
        self.female = _load("first_names_female.csv")
        self.male = _load("first_names_male.csv")
        self.last = _load("last_names.csv")
        self.nicknames: dict[str, list[str]] = {}
        text = resources.files("hmis_core._data").joinpath("nicknames.csv").read_text(
            encoding="utf-8")
        for row in csv.DictReader(text.splitlines()):
            if row["relationship"] == "has_nickname":
                self.nicknames.setdefault(row["name1"], []).append(row["name2"])

    def nickname(self, first: str, rng: random.Random) -> str | None:
        options = self.nicknames.get(first.lower())
        return rng.choice(options).title() if options else None


@functools.cache
def name_bank() -> NameBank:
    """The shared :class:`NameBank` (loaded once)."""
    return NameBank()


_RACES = ("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao", "MidEastNAfrican",
          "NativeHIPacific", "White")
_RACE_WEIGHTS = (3, 2, 37, 20, 1, 1, 36)
_SUFFIXES = ("Jr", "Sr", "II", "III")


def _ssn(rng: random.Random) -> str:
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def make_person(person_id: str, dob: datetime.date, rng: random.Random, *,
                sex: int | None = None, last: str | None = None) -> Person:
    """A new person; ``last`` shares a family name."""
    bank = name_bank()
    sex = rng.choice((0, 1)) if sex is None else sex
    first = (bank.female if sex == 0 else bank.male).draw(rng)
    middle = (bank.female if sex == 0 else bank.male).draw(rng) if rng.random() < 0.5 else ""
    suffix = rng.choice(_SUFFIXES) if sex == 1 and rng.random() < 0.02 else ""
    races = tuple(rng.choices(_RACES, _RACE_WEIGHTS, k=1 if rng.random() < 0.9 else 2))
    return Person(person_id, first, middle, last or bank.last.draw(rng), suffix, sex, dob,
                  _ssn(rng), False, tuple(sorted(set(races))))


def first_record(person: Person, personal_id: str, rng: random.Random) -> ClientRecord:
    """The person's first client record: mostly complete, with HUD's usual data quality."""
    ssn, ssn_q = person.ssn, 1
    r = rng.random()
    if r < 0.05:
        ssn, ssn_q = "xxxxx" + person.ssn[-4:], 2
    elif r < 0.13:
        ssn, ssn_q = "", rng.choice((8, 9, 99))
    dob: datetime.date | None = person.dob
    dob_q = 1
    r = rng.random()
    if r < 0.03:
        dob, dob_q = datetime.date(person.dob.year, 1, 1), 2
    elif r < 0.06:
        dob, dob_q = None, rng.choice((8, 9, 99))
    return ClientRecord(personal_id, person, person.first, person.middle, person.last,
                        person.suffix, 1, ssn, ssn_q, dob, dob_q)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word + rng.choice("aeiou")
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.3:  # transpose two letters
        j = min(i + 1, len(word) - 1)
        chars = list(word)
        chars[i], chars[j] = chars[j], chars[i]
        return "".join(chars)
    if kind < 0.6:  # drop a letter
        return word[:i] + word[i + 1 :]
    if kind < 0.8:  # double a letter
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]  # substitute


def make_duplicate(
    base: ClientRecord, personal_id: str, rng: random.Random,
    error_rates: Mapping[str, float], kinds: Sequence[str] = ERROR_TYPES,
) -> ClientRecord:
    """Another agency's record of the same person, with errors drawn by ``error_rates``
    (at least one error)."""
    person = base.person
    rec = ClientRecord(personal_id, person, person.first, person.middle, person.last,
                       person.suffix, 1, person.ssn, 1, person.dob, 1)
    chosen = [k for k in kinds if rng.random() < error_rates.get(k, 0.0)]
    if not chosen:
        weights = [error_rates.get(k, 0.0) for k in kinds]
        chosen = rng.choices(list(kinds), weights if any(weights) else None, k=1)
    applied = []
    bank = name_bank()
    for kind in chosen:
        if kind == "typo_last":
            rec.last = _typo(rec.last, rng)
        elif kind == "typo_first":
            rec.first = _typo(rec.first, rng)
        elif kind == "nickname":
            nick = bank.nickname(rec.first, rng)
            if nick is None:
                continue
            rec.first = nick
        elif kind == "swap_names":
            rec.first, rec.last = rec.last, rec.first
        elif kind == "dob_transposed":
            if person.dob.day > 12 or person.dob.day == person.dob.month:
                continue
            rec.dob = datetime.date(person.dob.year, person.dob.day, person.dob.month)
        elif kind == "dob_default":
            rec.dob, rec.dob_quality = datetime.date(person.dob.year, 1, 1), 2
        elif kind == "ssn_partial":
            rec.ssn, rec.ssn_quality = "xxxxx" + person.ssn[-4:], 2
        elif kind == "ssn_missing":
            rec.ssn, rec.ssn_quality = "", rng.choice((8, 9, 99))
        elif kind == "missing_name_part":
            if rng.random() < 0.5 and rec.middle:
                rec.middle = ""
            else:
                rec.first, rec.name_quality = "", 2
        elif kind == "married_name":
            if person.sex != 0:
                continue
            rec.last = bank.last.draw(rng)
        elif kind == "suffix_dropped":
            if not rec.suffix:
                continue
            rec.suffix = ""
        applied.append(kind)
    rec.errors = tuple(applied)
    return rec
