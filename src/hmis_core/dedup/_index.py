"""Intake search: find a returning client before creating a new record.

:class:`MatchIndex` learns its model from the client records it is built on (as
:func:`deduplicate` does), keeps every blocking key sorted, and answers a search by looking
the query's keys up (binary search per rule), comparing the query with the few candidates
found, and ranking them by match probability. Records added later go to a small unsorted
side table that is merged into the sorted keys when it grows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np

from hmis_core._export import Export
from hmis_core.csvspec._hashing import hash_name, hash_ssn
from hmis_core.dedup._blocking import BlockOn, candidate_pairs, record_keys, rule_keys
from hmis_core.dedup._compare import FIELDS, LEVELS, Comparer
from hmis_core.dedup._engine import (
    _RACE_ATTRIBUTES,
    DedupConfig,
    Evidence,
    records_from,
    score_pairs,
    train,
)
from hmis_core.dedup._model import Model, estimate_prior
from hmis_core.dedup._normalize import IntArray, Records, build_records, race_bits
from hmis_core.elements import Client

__all__ = ["Candidate", "MatchIndex"]

_GROWN = ("first", "last", "middle", "ssn_kind", "ssn_code", "ssn4_code", "dob_kind", "dob_y",
          "dob_m", "dob_d", "sex", "race")
_MERGE_AT = 20_000


@attrs.frozen
class Candidate:
    """A client record that may be the person searched for (see :meth:`MatchIndex.search`).

    >>> from hmis_core.testing import synthesize
    >>> from hmis_core.dedup import MatchIndex
    >>> export, _ = synthesize(clients=300, seed=1)
    >>> someone = export.clients[10]
    >>> index = MatchIndex.build(export)
    >>> best = index.search(first_name=someone.first_name, last_name=someone.last_name,
    ...                     dob=someone.dob)[0]
    >>> best.personal_id, best.probability > 0.9
    ('C11', True)
    >>> for evidence in best.evidence[:2]:
    ...     print(evidence.field, evidence.level)
    first_name exact
    last_name exact
    """

    personal_id: str
    probability: float
    match_weight: float
    levels: tuple[int, ...] = attrs.field(repr=False)
    weights: tuple[float, ...] = attrs.field(repr=False)

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Each field's agreement level and weight."""
        return tuple(Evidence(f, LEVELS[f][level], weight)
                     for f, level, weight in zip(FIELDS, self.levels, self.weights, strict=True))


class _RuleIndex:
    """The sorted keys of one blocking rule, plus records added since the last merge."""

    def __init__(self, rule: BlockOn, keys: IntArray, rows: IntArray | None) -> None:
        self.rule = rule
        present = np.flatnonzero(keys)
        order = np.argsort(keys[present], kind="stable")
        self.keys = keys[present][order]
        self.rows = (present if rows is None else rows[present])[order]
        self.new_keys: list[int] = []
        self.new_rows: list[int] = []

    def lookup(self, key: int, limit: int) -> IntArray:
        if key == 0:
            return np.zeros(0, np.int64)
        lo = int(np.searchsorted(self.keys, key, "left"))
        hi = int(np.searchsorted(self.keys, key, "right"))
        found = self.rows[lo:hi] if hi - lo <= limit else np.zeros(0, np.int64)
        if self.new_keys:
            extra = [r for k, r in zip(self.new_keys, self.new_rows, strict=True) if k == key]
            if extra:
                found = np.concatenate([found, np.asarray(extra, np.int64)])
        return np.asarray(found, np.int64)

    def add(self, key: int, row: int) -> None:
        if key == 0:
            return
        self.new_keys.append(key)
        self.new_rows.append(row)
        if len(self.new_keys) >= _MERGE_AT:
            keys = np.concatenate([self.keys, np.asarray(self.new_keys, np.int64)])
            rows = np.concatenate([self.rows, np.asarray(self.new_rows, np.int64)])
            order = np.argsort(keys, kind="stable")
            self.keys, self.rows = keys[order], rows[order]
            self.new_keys, self.new_rows = [], []


def _encoded(value: Any) -> tuple[IntArray, list[Any]]:
    return np.zeros(1, np.int64), [value]


class MatchIndex:
    """Ranked look-up of client records by name, date of birth, SSN and sex.

    >>> from hmis_core.testing import synthesize
    >>> export, _ = synthesize(clients=500, seed=3)
    >>> index = MatchIndex.build(export)
    >>> someone = export.clients[10]
    >>> best = index.search(first_name=someone.first_name, last_name=someone.last_name,
    ...                     dob=someone.dob, ssn=someone.ssn)[0]
    >>> best.personal_id == someone.personal_id
    True
    """

    def __init__(self, records: Records, model: Model, config: DedupConfig,
                 rules: tuple[BlockOn, ...]) -> None:
        self.model = model
        self.config = config
        self.rules = rules
        self._records = records
        self._size = len(records)
        self._buffers = {name: getattr(records, name) for name in _GROWN}
        keys = record_keys(records)
        self._indexes = [_RuleIndex(rule, *rule_keys([keys[k]() for k in rule.keys]))
                         for rule in rules]
        self._rows = {pid: i for i, pid in enumerate(records.ids)}

    @classmethod
    def build(cls, clients: Export | Iterable[Client], *,
              config: DedupConfig | None = None) -> MatchIndex:
        """Index ``clients`` (an export or Client records), learning the model from them."""
        cfg = config or DedupConfig()
        records = records_from(clients, hashed=cfg.hashed)
        key_cache: dict[str, np.ndarray] = {}
        comparer = Comparer(records)
        model = train(records, comparer, cfg, key_cache)
        a, b = candidate_pairs(records, cfg.blocking, key_cache)
        n = len(records)
        model.prior = estimate_prior(model, comparer.compare(a, b), max(1, n * (n - 1) // 2))
        rules = tuple(BlockOn(*rule.keys, max_block=max(rule.max_block, 2000))
                      for rule in cfg.blocking)
        return cls(records, model, cfg, rules)

    def __len__(self) -> int:
        return self._size

    # ------------------------------------------------------------------ query records
    def _query(self, first_name: str | None, middle_name: str | None, last_name: str | None,
               dob: datetime.date | None, ssn: str | None, sex: int | None,
               name_quality: int | None, ssn_quality: int | None,
               dob_quality: int | None, personal_id: str = "") -> Records:
        if ssn_quality is None:  # judged on the SSN as given, before any hashing
            clear = ssn.strip() if ssn else ""
            full = (len(clear) == 9 and clear.isdigit()) or \
                (len(clear) == 68 and clear[:4].isdigit())
            ssn_quality = 1 if full else 2 if clear else 99
        if self._records.hashed:  # look up a hashed index with hashed values
            first_name, middle_name, last_name = (
                v if v is None or len(v) == 64 else hash_name(v)
                for v in (first_name, middle_name, last_name))
            if ssn and len(ssn.strip()) <= 9:
                ssn = hash_ssn(ssn)
        return build_records(
            [personal_id], _encoded(first_name), _encoded(middle_name), _encoded(last_name),
            _encoded(name_quality if name_quality is not None else 1), _encoded(ssn),
            _encoded(ssn_quality),
            _encoded(dob), _encoded(dob_quality if dob_quality is not None else
                                    (1 if dob else 99)),
            _encoded(sex), hashed=self._records.hashed, vocab=self._records.vocab)

    def _view(self, rows: IntArray, query: Records) -> Records:
        """The query (row 0) followed by the candidate rows, as one small Records."""
        fields = {name: np.concatenate([getattr(query, name),
                                        self._buffers[name][:self._size][rows]])
                  for name in _GROWN}
        ids = [query.ids[0], *(self._records.ids[r] for r in rows.tolist())]
        return Records(ids=ids, vocab=self._records.vocab, hashed=self._records.hashed,
                       **fields)

    # ------------------------------------------------------------------ search
    def search(
        self,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        middle_name: str | None = None,
        dob: datetime.date | None = None,
        ssn: str | None = None,
        sex: int | None = None,
        name_data_quality: int | None = None,
        ssn_data_quality: int | None = None,
        dob_data_quality: int | None = None,
        top: int = 10,
        min_probability: float = 0.0,
    ) -> list[Candidate]:
        """The ``top`` most likely records of the person described, best first."""
        query = self._query(first_name, middle_name, last_name, dob, ssn, sex,
                            name_data_quality, ssn_data_quality, dob_data_quality)
        keys = record_keys(query)
        found = [index.lookup(int(key), index.rule.max_block) for index in self._indexes
                 for key in rule_keys([keys[k]() for k in index.rule.keys])[0].tolist()]
        rows = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
        if not len(rows):
            return []
        view = self._view(rows, query)
        a = np.zeros(len(rows), np.int64)
        b = np.arange(1, len(rows) + 1, dtype=np.int64)
        levels = Comparer(view).compare(a, b)
        self._pad_frequencies()
        prob, weight, contributions = score_pairs(self.model, levels, view, a, b, self.config)
        best = np.lexsort((b, -weight))[:top]  # by weight: probabilities saturate at 1
        out = []
        for k in best.tolist():
            if prob[k] < min_probability:
                break
            out.append(Candidate(view.ids[k + 1], float(prob[k]), float(weight[k]),
                                 tuple(int(levels[f][k]) for f in FIELDS),
                                 tuple(float(contributions[f][k]) for f in FIELDS)))
        return out

    def _pad_frequencies(self) -> None:
        """Names first seen in a query or an added record have no frequency yet: 0."""
        for field, tf in self.model.name_tf.items():
            missing = len(self._records.vocab) - len(tf)
            if missing > 0:
                self.model.name_tf[field] = np.concatenate([tf, np.zeros(missing)])

    # ------------------------------------------------------------------ add
    def add(self, client: Client) -> None:
        """Index one more client record (replacing an earlier one with its PersonalID is
        not supported: add the new record under its own PersonalID)."""
        if client.personal_id in self._rows:
            raise ValueError(f"PersonalID {client.personal_id} is already indexed")
        row = self._query(client.first_name, client.middle_name, client.last_name,
                          client.dob, client.ssn, client.sex, client.name_data_quality,
                          client.ssn_data_quality, client.dob_data_quality,
                          personal_id=client.personal_id)
        row.race = race_bits([_encoded(getattr(client, attr)) for attr in _RACE_ATTRIBUTES])
        n = self._size
        for name in _GROWN:
            buffer = self._buffers[name]
            if n >= len(buffer):
                grown = np.zeros(max(16, 2 * len(buffer)), buffer.dtype)
                grown[:n] = buffer[:n]
                self._buffers[name] = buffer = grown
            buffer[n] = getattr(row, name)[0]
        self._records.ids.append(client.personal_id)
        self._rows[client.personal_id] = n
        self._size = n + 1
        keys = record_keys(row)
        for index in self._indexes:
            for key in rule_keys([keys[k]() for k in index.rule.keys])[0].tolist():
                index.add(int(key), n)

