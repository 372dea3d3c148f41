"""``deduplicate``: client records -> people, with the evidence for every link."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from hmis_core._export import Export
from hmis_core._gc import paused_gc
from hmis_core.dedup._arrays import column_codes, live_rows
from hmis_core.dedup._blocking import (
    DEFAULT_BLOCKING,
    FIELDS_OF_KEY,
    TRAINING_BLOCKING,
    BlockOn,
    candidate_pairs,
)
from hmis_core.dedup._cluster import ClusterRules, cluster
from hmis_core.dedup._compare import FIELDS, LEVELS, Comparer
from hmis_core.dedup._household import (
    HOUSEHOLD_LEVEL,
    Households,
    household_links,
    households_from,
)
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
from hmis_core.dedup._normalize import RACE_COLUMNS, Records, build_records, encode, race_bits
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
    1,000,000 records and their households, 0.5 gives precision 0.995 / recall 0.994, 0.9
    gives 0.999 / 0.989)."""
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
    """Never link what looks like twins (see ``hmis_core.dedup._model.twin_guard``), nor a
    pair the household evidence finds ambiguous (a record with two candidates in the
    other household about as likely)."""
    hashed: bool | None = None
    """Names hashed as in HUD's HashStatus 4 export (None: detect from the values)."""
    seed: int = 0
    households: bool = True
    """Use household evidence when the export has Enrollment.csv (PersonalID, HouseholdID):
    see ``hmis_core.dedup._household``."""
    household_anchor: float = 0.99
    """Least probability of a pair whose two records make their households linked."""
    household_margin: float = 2.0
    """How much (bits) a pair of linked households must beat every other candidate of its
    records to win their assignment."""


@attrs.frozen
class Evidence:
    """One field's part in a link: the agreement level and its weight (bits; positive for
    the link, negative against it, 0 when it adds nothing: agreeing on sex once the first
    names agree, since first names are gendered).

    >>> from hmis_core.testing import synthesize
    >>> from hmis_core.dedup import deduplicate
    >>> export, _ = synthesize(clients=300, seed=1)
    >>> pair = deduplicate(export).pairs[0]
    >>> for evidence in pair.evidence:
    ...     print(evidence.field, evidence.level, "for" if evidence.weight > 0 else
    ...           "against" if evidence.weight < 0 else "neither")
    first_name exact for
    last_name similar (JW >= 0.92 or one typo) for
    middle_initial same name for
    dob exact for
    ssn exact for
    sex agree neither
    race same races for
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
    household_weight: float = 0.0
    """What household evidence added to ``match_weight`` (bits): other members of the two
    records' households are linked and this pair is their best match."""

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Each field's agreement level and weight, then the household evidence if any."""
        fields = tuple(Evidence(f, LEVELS[f][level], weight)
                       for f, level, weight in zip(FIELDS, self.levels, self.weights,
                                                   strict=True))
        if self.household_weight:
            return (*fields, Evidence("household", HOUSEHOLD_LEVEL, self.household_weight))
        return fields


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
                  "SSNDataQuality", "DOB", "DOBDataQuality", "Sex", *RACE_COLUMNS,
                  "DateDeleted")
"""The Client.csv columns deduplication reads: identifiers, sex and race
(``read_export(path, files=["Client"], columns={"Client": CLIENT_COLUMNS})`` reads only
them; add ``"Enrollment"`` and ``ENROLLMENT_COLUMNS`` for the household evidence)."""

_COLUMNS = ("FirstName", "MiddleName", "LastName", "NameDataQuality", "SSN", "SSNDataQuality",
            "DOB", "DOBDataQuality", "Sex")
_ATTRIBUTES = ("first_name", "middle_name", "last_name", "name_data_quality", "ssn",
               "ssn_data_quality", "dob", "dob_data_quality", "sex")
_RACE_ATTRIBUTES = ("am_ind_ak_native", "asian", "black_af_american", "hispanic_latinao",
                    "mid_east_n_african", "native_hi_pacific", "white")


def records_from(clients: Export | Iterable[Client], *, hashed: bool | None = None) -> Records:
    """Normalised :class:`Records` from an export (column-wise, per distinct value) or Client
    records, sorted by PersonalID so results never depend on input order; a PersonalID that
    appears twice counts once (the validator reports it)."""
    if isinstance(clients, Export):
        table = clients.table("Client")
        rows = live_rows(table)
        if hashed is None and clients.export_record is not None and \
                clients.export_record.hash_status == 4:
            hashed = True
        pid = table["PersonalID"]
        pid_codes = column_codes(pid)
        ids = np.asarray(pid.values, dtype=object)[pid_codes if rows is None else
                                                   pid_codes[rows]]
        # codes stay in their compact storage (views, indexed once the order is known)
        encoded: dict[str, tuple[Any, list[Any]]] = {
            name: (column_codes(table[name]), table[name].values)
            for name in (*_COLUMNS, *RACE_COLUMNS)}
    else:
        rows = None
        listed = list(clients)
        ids = np.asarray([c.personal_id for c in listed], dtype=object)
        encoded = {name: encode(getattr(c, attr) for c in listed)
                   for name, attr in zip((*_COLUMNS, *RACE_COLUMNS),
                                         (*_ATTRIBUTES, *_RACE_ATTRIBUTES), strict=True)}
    present = np.flatnonzero(ids != np.array(None))  # elementwise on the object array
    as_text = ids[present].astype(str) if len(present) else np.zeros(0, str)
    by_id = np.argsort(as_text, kind="stable")
    order, sorted_text = present[by_id], as_text[by_id]
    keep = np.r_[True, sorted_text[1:] != sorted_text[:-1]] if len(order) else \
        np.zeros(0, bool)
    order, sorted_text = order[keep], sorted_text[keep]
    source_rows = order if rows is None else rows[order]
    chosen = {name: (codes[source_rows], values) for name, (codes, values) in encoded.items()}
    del encoded

    def enc(name: str) -> tuple[np.ndarray, list[Any]]:
        codes, values = chosen[name]
        if name.endswith(("Quality", "Sex")):
            values = [None if v is None else int(v) for v in values]
        return codes, values

    race = race_bits(chosen[name] for name in RACE_COLUMNS)
    return build_records(sorted_text.tolist(), *(enc(n) for n in _COLUMNS),
                         hashed=hashed, race=race if len(race) else None)


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
    households = households_from(clients, records) \
        if cfg.households and isinstance(clients, Export) else None
    lap("normalise")
    key_cache: dict[str, np.ndarray] = {}
    a, b = candidate_pairs(records, cfg.blocking, key_cache)
    lap("blocking")
    comparer = Comparer(records)
    model = train(records, comparer, cfg, key_cache)
    lap("train")
    levels, swapped = _compare_all(comparer, a, b)
    lap("compare")
    n = len(records)
    model.prior = estimate_prior(model, levels, n * (n - 1) // 2)
    # only pairs that may link (or anchor households) are kept: the others are dropped
    # chunk by chunk, which bounds the memory the per-field contributions take
    a, b, levels, swapped, prob, weight, contributions = _score_likely(
        model, levels, records, a, b, swapped, cfg,
        min(cfg.threshold, cfg.household_anchor))
    household = np.zeros(len(a))
    lap("score")
    if households is not None:
        a, b, levels, swapped, prob, weight, contributions, household = _household_evidence(
            households, records, comparer, model, cfg, a, b, levels, swapped, prob, weight,
            contributions)
        lap("households")
    never, always = [], []
    if cfg.never_link or cfg.always_link:
        index = {pid: i for i, pid in enumerate(records.ids)}
        never = [(index[x], index[y]) for x, y in cfg.never_link if x in index and y in index]
        always = [(index[x], index[y]) for x, y in cfg.always_link
                  if x in index and y in index]
    labels = cluster(records, a, b, prob, cfg.threshold, cfg.rules, never, always,
                     households.of_records() if households is not None else None)
    lap("cluster")
    result = _result(records, labels, a, b, prob, weight, levels, contributions, swapped,
                     household, cfg.threshold, model)
    lap("explain")
    result.timings = timings
    return result


_SCORE_CHUNK = 1 << 20
_COMPARE_CHUNK = 1 << 20


def _compare_all(comparer: Comparer, a: np.ndarray, b: np.ndarray,
                 ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Levels and swapped-names flags of every pair, compared in chunks (bounded memory)."""
    if len(a) <= _COMPARE_CHUNK:
        levels = comparer.compare(a, b)
        swapped = comparer.swapped if comparer.swapped is not None else \
            np.zeros(len(a), bool)
        return levels, swapped
    levels = {f: np.zeros(len(a), np.int8) for f in FIELDS}
    swapped = np.zeros(len(a), bool)
    for start in range(0, len(a), _COMPARE_CHUNK):
        chunk = slice(start, start + _COMPARE_CHUNK)
        part = comparer.compare(a[chunk], b[chunk])
        for f in FIELDS:
            levels[f][chunk] = part[f]
        if comparer.swapped is not None:
            swapped[chunk] = comparer.swapped
    return levels, swapped


def _score_likely(model: Model, levels: dict[str, np.ndarray], records: Records, a: np.ndarray,
                  b: np.ndarray, swapped: np.ndarray, cfg: DedupConfig, least: float,
                  ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], np.ndarray,
                             np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Score the pairs and keep those of probability ``least`` or more (with their levels,
    swapped flags, probabilities, weights and per-field contributions)."""
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]] = []
    for start in range(0, max(len(a), 1), _SCORE_CHUNK):
        chunk = slice(start, start + _SCORE_CHUNK)
        chunk_levels = {f: levels[f][chunk] for f in FIELDS}
        prob, weight, contributions = score_pairs(model, chunk_levels, records, a[chunk],
                                                  b[chunk], cfg)
        keep = np.flatnonzero(prob >= least) + start
        local = keep - start
        parts.append((keep, prob[local], weight[local],
                      {f: contributions[f][local] for f in FIELDS}))
    keep = np.concatenate([p[0] for p in parts])
    return (a[keep], b[keep], {f: levels[f][keep] for f in FIELDS}, swapped[keep],
            np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts]),
            {f: np.concatenate([p[3][f] for p in parts]) for f in FIELDS})


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


def _household_evidence(
    households: Households, records: Records, comparer: Comparer, model: Model,
    cfg: DedupConfig, a: np.ndarray, b: np.ndarray, levels: dict[str, np.ndarray],
    swapped: np.ndarray, prob: np.ndarray, weight: np.ndarray,
    contributions: dict[str, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray,
           dict[str, np.ndarray], np.ndarray]:
    """Add household evidence (see ``_household``): a pair of linked households that wins
    the assignment takes the household model's weight when it is higher than its own (the
    difference is its household evidence); pairs not scored yet are compared and added."""
    strong = np.flatnonzero(prob >= cfg.household_anchor)
    links = household_links(households, comparer, model.m, a[strong], b[strong],
                            margin=cfg.household_margin)
    model.household = links.model
    household = np.zeros(len(a))
    n = max(1, len(records))
    existing = a * n + b
    if cfg.twin_guard and len(links.ambiguous):
        # the household says "one of these", not which: like twins, left unlinked
        prob = np.where(np.isin(existing, links.ambiguous),
                        np.minimum(prob, TWIN_PROBABILITY), prob)
    if not len(links.a):
        return a, b, levels, swapped, prob, weight, contributions, household
    keys, best = links.a * n + links.b, links.weight
    order = np.argsort(existing)
    found = np.minimum(np.searchsorted(existing, keys, sorter=order), max(0, len(a) - 1))
    index = order[found] if len(a) else np.zeros(len(keys), np.int64)
    present = existing[index] == keys if len(a) else np.zeros(len(keys), bool)
    new = ~present
    if new.any():
        na, nb = links.a[new], links.b[new]
        new_levels = comparer.compare(na, nb)
        new_swapped = comparer.swapped if comparer.swapped is not None else \
            np.zeros(len(na), bool)
        new_prob, new_weight, new_contrib = score_pairs(model, new_levels, records, na, nb,
                                                        cfg)
        start = len(a)
        a, b = np.concatenate([a, na]), np.concatenate([b, nb])
        levels = {f: np.concatenate([levels[f], new_levels[f]]) for f in FIELDS}
        swapped = np.concatenate([swapped, new_swapped])
        prob, weight = np.concatenate([prob, new_prob]), np.concatenate([weight, new_weight])
        contributions = {f: np.concatenate([contributions[f], new_contrib[f]])
                         for f in FIELDS}
        household = np.zeros(len(a))
        index = index.copy()
        index[new] = np.arange(start, len(a))
    # the assignment settles what the twin guard fears (the other twin is in the household
    # and was not the better match): the pair's probability is that of its best weight
    gain = np.maximum(best - weight[index], 0.0)
    household[index] = gain
    weight = weight.copy()
    weight[index] += gain
    prob = prob.copy()
    prob[index] = probability(weight[index])
    return a, b, levels, swapped, prob, weight, contributions, household


def _result(records: Records, labels: Sequence[int], a: np.ndarray, b: np.ndarray,
            prob: np.ndarray, weight: np.ndarray, levels: dict[str, np.ndarray],
            contributions: dict[str, np.ndarray], swapped: np.ndarray,
            household: np.ndarray, threshold: float, model: Model) -> Clusters:
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
    pairs = [Pair(ids[x], ids[y], p, w, tuple(lv), tuple(wv), bool(sw), hw)
             for x, y, p, w, lv, wv, sw, hw in zip(la, lb, prob[linked].tolist(),
                                                   weight[linked].tolist(), level_rows,
                                                   weight_rows, swapped[linked].tolist(),
                                                   household[linked].tolist(), strict=True)]
    return Clusters(clusters=clusters, pairs=pairs, record_count=len(records), model=model)

