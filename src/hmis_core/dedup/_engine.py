"""``deduplicate``: client records -> people, with the evidence for every link."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from hmis_core._export import Export
from hmis_core._gc import paused_gc
from hmis_core.dedup._blocking import (
    DEFAULT_BLOCKING,
    FIELDS_OF_KEY,
    TRAINING_BLOCKING,
    BlockOn,
    candidate_pairs,
)
from hmis_core.dedup._cluster import ClusterRules, cluster
from hmis_core.dedup._compare import FIELDS, LEVELS, Comparer
from hmis_core.dedup._model import (
    Model,
    estimate_prior,
    estimate_u,
    fit,
    probability,
    score,
    term_frequencies,
    twin_guard,
)
from hmis_core.dedup._normalize import Records, build_records, encode
from hmis_core.elements import Client

__all__ = ["CLIENT_COLUMNS", "Clusters", "DedupConfig", "Evidence", "Pair", "deduplicate",
           "records_from"]


@attrs.frozen
class DedupConfig:
    """How :func:`deduplicate` decides. Every field has a sensible default.

    >>> DedupConfig(threshold=0.95).threshold
    0.95
    """

    threshold: float = 0.5
    """Least match probability for a pair to link two records: by default a link must be
    more likely than not (raise it to trade recall for precision: on generated data with
    1,000,000 records, 0.5 gives precision 0.993 / recall 0.973, 0.9 gives 0.998 / 0.960)."""
    blocking: tuple[BlockOn, ...] = DEFAULT_BLOCKING
    training: tuple[BlockOn, ...] = TRAINING_BLOCKING
    """Rules whose pairs train the model by EM (see :data:`TRAINING_BLOCKING`)."""
    training_pairs: int = 200_000
    """At most this many pairs per training rule (a random sample beyond)."""
    rules: ClusterRules = attrs.field(factory=ClusterRules)
    never_link: tuple[tuple[str, str], ...] = ()
    """PersonalID pairs an administrator split: never in one cluster."""
    always_link: tuple[tuple[str, str], ...] = ()
    """PersonalID pairs an administrator merged: always in one cluster."""
    u_sample_pairs: int = 400_000
    tf_adjust: bool = True
    twin_guard: bool = True
    """Never link what looks like twins (see ``hmis_core.dedup._model.twin_guard``)."""
    hashed: bool | None = None
    """Names hashed as in HUD's HashStatus 4 export (None: detect from the values)."""
    seed: int = 0


@attrs.frozen
class Evidence:
    """One field's part in a link: the agreement level and its weight (bits).

    >>> from hmis_core.testing import synthesize
    >>> from hmis_core.dedup import deduplicate
    >>> export, _ = synthesize(clients=300, seed=1)
    >>> pair = deduplicate(export).pairs[0]
    >>> for evidence in pair.evidence:
    ...     print(evidence.field, evidence.level, evidence.weight > 0)
    first_name exact True
    last_name similar (JW >= 0.92) True
    middle_initial same initial True
    dob exact True
    ssn exact True
    sex agree True
    """

    field: str
    level: str
    weight: float


@attrs.frozen
class Pair:
    """Two linked client records, with the match probability and its explanation.

    >>> from hmis_core.testing import synthesize
    >>> from hmis_core.dedup import deduplicate
    >>> export, _ = synthesize(clients=300, seed=1)
    >>> pair = deduplicate(export).pairs[0]
    >>> pair.a, pair.b, pair.probability > 0.99, pair.names_swapped
    ('C46', 'C47', True, False)
    """

    a: str
    b: str
    probability: float
    match_weight: float
    levels: tuple[int, ...] = attrs.field(repr=False)
    """Agreement level of each field of :data:`LEVELS` (in that order)."""
    weights: tuple[float, ...] = attrs.field(repr=False)
    """Each field's contribution to ``match_weight`` (bits)."""
    names_swapped: bool = False
    """The names agreed only with first and last name swapped."""

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Each field's agreement level and weight."""
        return tuple(Evidence(f, LEVELS[f][level], weight)
                     for f, level, weight in zip(FIELDS, self.levels, self.weights, strict=True))


@attrs.define
class Clusters:
    """The partition of PersonalIDs into people, and the links behind it.

    >>> from hmis_core.testing import synthesize
    >>> from hmis_core.dedup import deduplicate
    >>> export, truth = synthesize(clients=300, seed=1)
    >>> result = deduplicate(export)
    >>> result.record_count, result.unduplicated_count, len(result.clusters)
    (300, 286, 14)
    >>> result.cluster_of("C46"), result.cluster_of("C1")
    (['C46', 'C47'], ['C1'])
    >>> sorted(result.to_dict())
    ['clusters', 'pairs', 'unduplicated_count']
    """

    clusters: list[list[str]]
    """Every cluster of two or more records (PersonalIDs sorted; clusters by first ID)."""
    pairs: list[Pair]
    """Linked pairs inside the final clusters, strongest first."""
    record_count: int
    model: Model
    timings: dict[str, float] = attrs.field(factory=dict)
    _of: dict[str, list[str]] = attrs.field(factory=dict, repr=False)

    @property
    def unduplicated_count(self) -> int:
        """Number of distinct people: records minus those merged into another."""
        return self.record_count - sum(len(c) - 1 for c in self.clusters)

    def cluster_of(self, personal_id: str) -> list[str]:
        """The PersonalIDs of the person ``personal_id`` belongs to (itself if unlinked)."""
        if not self._of:
            for c in self.clusters:
                for pid in c:
                    self._of[pid] = c
        return self._of.get(personal_id, [personal_id])

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        pairs = []
        for p in self.pairs:
            entry: dict[str, Any] = {"a": p.a, "b": p.b, "probability": round(p.probability, 6)}
            if explain:
                entry["match_weight"] = round(p.match_weight, 3)
                entry["evidence"] = [{"field": e.field, "level": e.level,
                                      "weight": round(e.weight, 3)} for e in p.evidence]
            pairs.append(entry)
        return {"unduplicated_count": self.unduplicated_count, "clusters": self.clusters,
                "pairs": pairs}


CLIENT_COLUMNS = ("PersonalID", "FirstName", "MiddleName", "LastName", "NameDataQuality", "SSN",
                  "SSNDataQuality", "DOB", "DOBDataQuality", "Sex", "DateDeleted")
"""The Client.csv columns deduplication reads (``read_export(path, files=["Client"],
columns={"Client": CLIENT_COLUMNS})`` reads only them)."""

_COLUMNS = ("FirstName", "MiddleName", "LastName", "NameDataQuality", "SSN", "SSNDataQuality",
            "DOB", "DOBDataQuality", "Sex")
_ATTRIBUTES = ("first_name", "middle_name", "last_name", "name_data_quality", "ssn",
               "ssn_data_quality", "dob", "dob_data_quality", "sex")


def records_from(clients: Export | Iterable[Client], *, hashed: bool | None = None) -> Records:
    """Normalised :class:`Records` from an export (column-wise, per distinct value) or Client
    records, sorted by PersonalID so results never depend on input order; a PersonalID that
    appears twice counts once (the validator reports it)."""
    if isinstance(clients, Export):
        table = clients.table("Client")
        rows = np.asarray(table.live_rows(), np.int64)
        if hashed is None and clients.export_record is not None and \
                clients.export_record.hash_status == 4:
            hashed = True
        pid = table["PersonalID"]
        ids = np.asarray(pid.values, dtype=object)[np.asarray(pid.codes, np.int64)[rows]]
        encoded = {}
        for name in _COLUMNS:
            col = table[name]
            encoded[name] = (np.asarray(col.codes, np.int64)[rows], list(col.values))
    else:
        listed = list(clients)
        ids = np.asarray([c.personal_id for c in listed], dtype=object)
        encoded = {name: encode(getattr(c, attr) for c in listed)
                   for name, attr in zip(_COLUMNS, _ATTRIBUTES, strict=True)}
    present = np.flatnonzero(np.asarray([pid is not None for pid in ids], bool))
    as_text = np.asarray([str(x) for x in ids[present]]) if len(present) else \
        np.zeros(0, str)
    order = present[np.argsort(as_text, kind="stable")] if len(present) else present
    sorted_ids = ids[order]
    keep = np.r_[True, sorted_ids[1:] != sorted_ids[:-1]] if len(order) else np.zeros(0, bool)
    order = order[keep]
    chosen = {name: (codes[order], values) for name, (codes, values) in encoded.items()}

    def enc(name: str) -> tuple[np.ndarray, list[Any]]:
        codes, values = chosen[name]
        return codes, [None if v is None else (int(v) if name.endswith(("Quality", "Sex"))
                                               or name == "Sex" else v) for v in values]

    return build_records([str(x) for x in ids[order]], *(enc(n) for n in _COLUMNS),
                         hashed=hashed)


def deduplicate(
    clients: Export | Iterable[Client],
    *,
    config: DedupConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> Clusters:
    """Partition client records into people (HUD's unduplicated count).

    ``clients`` is an :class:`~hmis_core.Export` (its live Client rows) or any iterable of
    :class:`~hmis_core.elements.Client` records. The result lists every cluster of two or
    more PersonalIDs and, for every linked pair, its probability and the evidence of each
    field. Deterministic: the same records in any order give the same result.

    >>> from hmis_core.testing import synthesize
    >>> export, truth = synthesize(clients=300, seed=1)
    >>> result = deduplicate(export)
    >>> result.unduplicated_count <= len(export.clients)
    True
    """
    with paused_gc():
        return _deduplicate(clients, config or DedupConfig(), progress)


def _deduplicate(clients: Export | Iterable[Client], cfg: DedupConfig,
                 progress: Callable[[str], None] | None) -> Clusters:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now
        if progress is not None:
            progress(name)

    records = records_from(clients, hashed=cfg.hashed)
    lap("normalise")
    key_cache: dict[str, np.ndarray] = {}
    a, b = candidate_pairs(records, cfg.blocking, key_cache)
    lap("blocking")
    comparer = Comparer(records)
    model = train(records, comparer, cfg, key_cache)
    lap("train")
    levels = comparer.compare(a, b)
    swapped = comparer.swapped if comparer.swapped is not None else np.zeros(len(a), bool)
    lap("compare")
    n = len(records)
    model.prior = estimate_prior(model, levels, n * (n - 1) // 2)
    prob, weight, contributions = score_pairs(model, levels, records, a, b, cfg)
    lap("score")
    never, always = [], []
    if cfg.never_link or cfg.always_link:
        index = {pid: i for i, pid in enumerate(records.ids)}
        never = [(index[x], index[y]) for x, y in cfg.never_link if x in index and y in index]
        always = [(index[x], index[y]) for x, y in cfg.always_link
                  if x in index and y in index]
    labels = cluster(records, a, b, prob, cfg.threshold, cfg.rules, never, always)
    lap("cluster")
    result = _result(records, labels, a, b, prob, weight, levels, contributions, swapped,
                     cfg.threshold, model)
    lap("explain")
    result.timings = timings
    return result


TWIN_PROBABILITY = 0.05
"""The most a pair that looks like twins may score (below any sensible threshold)."""


def train(records: Records, comparer: Comparer, cfg: DedupConfig,
          key_cache: dict[str, np.ndarray] | None = None) -> Model:
    """Estimate the model from the records themselves: u from random pairs, m by EM over
    the pairs of each training rule; term frequencies of names and dates of birth. The
    prior is left to the caller (it depends on the candidate pairs)."""
    rng = np.random.default_rng(cfg.seed)
    u = estimate_u(comparer, rng, cfg.u_sample_pairs)
    sessions = []
    for rule in cfg.training:
        ta, tb = candidate_pairs(records, (rule,), key_cache)
        if len(ta) > cfg.training_pairs:
            pick = np.sort(rng.choice(len(ta), cfg.training_pairs, replace=False))
            ta, tb = ta[pick], tb[pick]
        blocked = set().union(*(FIELDS_OF_KEY[k] for k in rule.keys))
        sessions.append((comparer.compare(ta, tb), tuple(f for f in FIELDS if f not in blocked)))
    model = fit(sessions, u)
    if cfg.tf_adjust:
        model.name_tf, model.dob_tf = term_frequencies(records)
    model.record_count = len(records)
    return model


def score_pairs(model: Model, levels: dict[str, np.ndarray], records: Records, a: np.ndarray,
                b: np.ndarray, cfg: DedupConfig) -> tuple[np.ndarray, np.ndarray,
                                                          dict[str, np.ndarray]]:
    """(probability, match weight, per-field contributions) of compared pairs."""
    weight, contributions = score(model, levels, records, a, b, tf_adjust=cfg.tf_adjust)
    prob = probability(weight)
    if cfg.twin_guard:
        prob = np.where(twin_guard(levels), np.minimum(prob, TWIN_PROBABILITY), prob)
    return prob, weight, contributions


def _result(records: Records, labels: Sequence[int], a: np.ndarray, b: np.ndarray,
            prob: np.ndarray, weight: np.ndarray, levels: dict[str, np.ndarray],
            contributions: dict[str, np.ndarray], swapped: np.ndarray, threshold: float,
            model: Model) -> Clusters:
    label_arr = np.asarray(labels, np.int64)
    order = np.argsort(label_arr, kind="stable")
    sorted_labels = label_arr[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    ids = records.ids
    clusters = sorted((sorted(ids[i] for i in order[s:s + z].tolist())
                       for s, z in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(),
                                       strict=True)), key=lambda g: g[0])
    linked = np.flatnonzero((prob >= threshold) & (label_arr[a] == label_arr[b]))
    linked = linked[np.lexsort((b[linked], a[linked], -prob[linked]))]
    la, lb = a[linked].tolist(), b[linked].tolist()
    level_rows = np.stack([levels[f][linked] for f in FIELDS], axis=1).tolist()
    weight_rows = np.stack([contributions[f][linked] for f in FIELDS], axis=1).tolist()
    pairs = [Pair(ids[x], ids[y], p, w, tuple(lv), tuple(wv), bool(sw))
             for x, y, p, w, lv, wv, sw in zip(la, lb, prob[linked].tolist(),
                                               weight[linked].tolist(), level_rows,
                                               weight_rows, swapped[linked].tolist(),
                                               strict=True)]
    return Clusters(clusters=clusters, pairs=pairs, record_count=len(records), model=model)

