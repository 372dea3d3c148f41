"""Fellegi–Sunter scoring with parameters estimated from the data itself.

* ``u`` (chance of each level among non-matching pairs) from random record pairs, as Splink
  does; exact name and birth-date agreement is then adjusted by how common the value is
  (term-frequency adjustment: agreeing on SMITH is weaker evidence than on ZBIGNIEW);
* ``m`` (chance among matching pairs) and the share of matches by EM over the *distinct
  comparison patterns* of the candidate pairs (a few thousand rows, so milliseconds), with
  ``u`` held fixed;
* a pair's match weight is the prior plus the sum of ``log2(m / u)`` of its levels; its
  probability is ``1 / (1 + 2 ** -weight)``.
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from hmis_core.dedup._arrays import unique_counts
from hmis_core.dedup._compare import FIELDS, LEVELS, Comparer, Levels
from hmis_core.dedup._household import HouseholdModel
from hmis_core.dedup._normalize import IntArray, Records

__all__ = ["Model", "estimate_u", "fit"]

_EPS = 1e-6
_PRIOR_FLOOR = 1e-12


@attrs.define
class Model:
    """Estimated parameters: per field, ``m`` and ``u`` per level; the prior match share."""

    m: dict[str, np.ndarray]
    u: dict[str, np.ndarray]
    prior: float
    """Probability that two random records are the same person."""
    iterations: int = 0
    name_tf: dict[str, np.ndarray] = attrs.field(factory=dict)
    """first_name / last_name: per name code, share of records with that name."""
    dob_tf: dict[int, float] = attrs.field(factory=dict)
    record_count: int = 0
    """How many records the term frequencies were counted over."""
    household: HouseholdModel | None = None
    """The household model, when household evidence was used."""

    def weights(self) -> dict[str, np.ndarray]:
        """``log2(m / u)`` per field and level (0 for the missing level)."""
        out = {}
        for f in FIELDS:
            w = np.log2(np.maximum(self.m[f], _EPS) / np.maximum(self.u[f], _EPS))
            w[0] = 0.0
            out[f] = w
        return out

    @property
    def prior_weight(self) -> float:
        """log2 odds that two random records are the same person."""
        p = min(max(self.prior, _PRIOR_FLOOR), 0.5)
        return math.log2(p / (1 - p))


def _shares(levels: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    counts = np.bincount(levels, weights=weights, minlength=size).astype(float)
    counts[0] = 0.0  # missing carries no evidence
    counts[1:] += 0.5  # smoothing: no level is impossible
    return np.asarray(counts / counts.sum(), float)


def estimate_u(comparer: Comparer, rng: np.random.Generator, pairs: int = 400_000) -> dict[
        str, np.ndarray]:
    """u per field and level from random record pairs (almost all non-matches)."""
    n = len(comparer.records)
    if n < 2:
        return {f: _shares(np.zeros(1, np.int64), len(LEVELS[f])) for f in FIELDS}
    count = min(pairs, n * (n - 1) // 2)
    a = rng.integers(0, n, count)
    b = rng.integers(0, n - 1, count)
    b = b + (b >= a)
    levels = comparer.compare(a, b)
    return {f: _shares(levels[f].astype(np.int64), len(LEVELS[f])) for f in FIELDS}


_M_START = {
    "first_name": [0, 0.80, 0.06, 0.06, 0.04, 0.04],
    "last_name": [0, 0.85, 0.03, 0.06, 0.03, 0.03],
    "middle_initial": [0, 0.1, 0.05, 0.03, 0.82],
    "dob": [0, 0.86, 0.03, 0.04, 0.04, 0.02, 0.01],
    "ssn": [0, 0.86, 0.05, 0.02, 0.02, 0.05],
    "sex": [0, 0.97, 0.03],
    "race": [0, 0.9, 0.07, 0.03],
}


def _patterns(levels: Levels, fields: tuple[str, ...]) -> tuple[dict[str, np.ndarray],
                                                                  np.ndarray]:
    """Distinct level patterns over ``fields`` and how many pairs have each."""
    n = len(levels[FIELDS[0]])
    code = np.zeros(n, np.int64)
    for f in fields:
        code = code * 8 + levels[f].astype(np.int64)
    patterns, counts = unique_counts(code)
    pattern_levels = {}
    rest = patterns.copy()
    for f in reversed(fields):
        pattern_levels[f] = (rest % 8).astype(np.int64)
        rest //= 8
    return pattern_levels, counts.astype(float)


def _posterior(pattern_levels: dict[str, np.ndarray], fields: tuple[str, ...],
               m: dict[str, np.ndarray], u: dict[str, np.ndarray], prior: float) -> np.ndarray:
    log_m = sum((np.log(np.maximum(m[f], _EPS))[pattern_levels[f]] for f in fields),
                np.zeros(1))
    log_u = sum((np.log(np.maximum(u[f], _EPS))[pattern_levels[f]] for f in fields),
                np.zeros(1))
    a = math.log(prior) + log_m
    b = math.log(1 - prior) + log_u
    top = np.maximum(a, b)
    return np.asarray(np.exp(a - top) / (np.exp(a - top) + np.exp(b - top)))


def em_session(levels: Levels, u: dict[str, np.ndarray], free: tuple[str, ...], *,
               iterations: int = 60, tolerance: float = 1e-6) -> tuple[dict[str, np.ndarray],
                                                                      float, int]:
    """EM over pairs found by one blocking rule, estimating ``m`` of the fields the rule did
    not block on (the blocked fields agree by construction, so they say nothing): returns
    (m of the free fields, expected matches, iterations)."""
    pattern_levels, counts = _patterns(levels, free)
    m = {f: np.array(_M_START[f], float) for f in free}
    for f in free:
        m[f][1:] /= m[f][1:].sum()
    prior = 0.3
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007 - the count is reported
        posterior = _posterior(pattern_levels, free, m, u, prior)
        weighted = posterior * counts
        new_prior = float(weighted.sum() / counts.sum())
        new_m = {f: _shares(pattern_levels[f], len(LEVELS[f]), weighted) for f in free}
        change = abs(new_prior - prior) + max(float(np.abs(new_m[f] - m[f]).max())
                                              for f in free)
        m, prior = new_m, min(max(new_prior, _EPS), 1 - _EPS)
        if change < tolerance:
            break
    return m, float((posterior * counts).sum()), done


def fit(sessions: list[tuple[Levels, tuple[str, ...]]], u: dict[str, np.ndarray]) -> Model:
    """``m`` per field from EM sessions (each field from the sessions that left it free,
    weighted by their expected matches), as Splink trains."""
    sums = {f: np.zeros(len(LEVELS[f])) for f in FIELDS}
    weights = dict.fromkeys(FIELDS, 0.0)
    total_iterations = 0
    for levels, free in sessions:
        if not len(levels[FIELDS[0]]) or not free:
            continue
        m_session, matches, iterations = em_session(levels, u, free)
        total_iterations += iterations
        for f in free:
            sums[f] += m_session[f] * matches
            weights[f] += matches
    m = {}
    for f in FIELDS:
        if weights[f] > 0:
            m[f] = sums[f] / weights[f]
        else:
            start = np.array(_M_START[f], float)
            start[1:] /= start[1:].sum()
            m[f] = start
    return Model(m=m, u=u, prior=_EPS, iterations=total_iterations)


def estimate_prior(model: Model, levels: Levels, total_pairs: int, *,
                   iterations: int = 50) -> float:
    """Probability that two random records match: EM on the prior alone over the candidate
    pairs, every pair outside the candidates counted as a non-match."""
    pattern_levels, counts = _patterns(levels, FIELDS)
    prior = max(1.0 / max(total_pairs, 1), _EPS * _EPS)
    for _ in range(iterations):
        posterior = _posterior(pattern_levels, FIELDS, model.m, model.u, prior)
        new = float((posterior * counts).sum()) / max(total_pairs, 1)
        new = min(max(new, 1e-12), 0.5)
        if abs(new - prior) < prior * 1e-4:
            prior = new
            break
        prior = new
    return prior


def term_frequencies(records: Records) -> tuple[dict[str, np.ndarray], dict[int, float]]:
    """Share of records holding each first, last and middle name (by code) and full DOB."""
    tf = {}
    for field, codes in (("first_name", records.first), ("last_name", records.last),
                         ("middle_initial", records.middle)):
        counts = np.bincount(codes, minlength=len(records.names)).astype(float)
        counts[0] = 0.0
        tf[field] = counts / max(1.0, counts.sum())
    full = records.dob_kind == 1
    keys = records.dob_y[full] * 10000 + records.dob_m[full] * 100 + records.dob_d[full]
    values, counts = unique_counts(keys)
    total = max(1, int(full.sum()))
    dob_tf = {int(v): c / total for v, c in zip(values.tolist(), counts.tolist(), strict=True)}
    return tf, dob_tf


def score(model: Model, levels: Levels, records: Records, a: IntArray, b: IntArray,
          *, tf_adjust: bool = True) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Match weight per pair and each field's contribution to it."""
    weights = model.weights()
    contributions = {f: weights[f][levels[f]] for f in FIELDS}
    if tf_adjust and model.name_tf:
        for field, codes in (("first_name", records.first), ("last_name", records.last)):
            exact = levels[field] == 1
            if not exact.any():
                continue
            floor = 1.0 / max(1, model.record_count)
            tf = np.maximum(model.name_tf[field][codes[a[exact]]], floor)
            adjusted = np.log2(np.maximum(model.m[field][1], _EPS) / tf)
            # never weaker than a rare-ish name's agreement, never below the average evidence
            contributions[field][exact] = np.maximum(
                np.minimum(adjusted, weights[field][1] + 4.0), weights[field][1] - 6.0)
        # the same full middle name: MARIE and ANN say less than ZEBEDEE
        same = levels["middle_initial"] == _MIDDLE_SAME_NAME
        if same.any() and "middle_initial" in model.name_tf:
            floor = 1.0 / max(1, model.record_count)
            tf = np.maximum(model.name_tf["middle_initial"][records.middle[a[same]]], floor)
            base = weights["middle_initial"][_MIDDLE_SAME_NAME]
            adjusted = np.log2(np.maximum(model.m["middle_initial"][_MIDDLE_SAME_NAME], _EPS)
                               / tf)
            contributions["middle_initial"][same] = np.maximum(
                np.minimum(adjusted, base + 4.0), base - 6.0)
        exact = levels["dob"] == 1
        if exact.any() and model.dob_tf:
            keys = (records.dob_y[a[exact]] * 10000 + records.dob_m[a[exact]] * 100
                    + records.dob_d[a[exact]])
            tf = np.fromiter((model.dob_tf.get(k, 0.0) for k in keys.tolist()), float,
                             len(keys))
            adjusted = np.log2(np.maximum(model.m["dob"][1], _EPS) /
                               np.maximum(tf, 1.0 / max(1, model.record_count)))
            contributions["dob"][exact] = np.maximum(
                np.minimum(adjusted, weights["dob"][1] + 3.0), weights["dob"][1] - 6.0)
    # first names are gendered: once they agree, agreeing on sex is no further evidence
    # (u of "sex agrees" among pairs with the same first name is close to 1, not the 1/2
    # of random pairs); a disagreement still counts against the pair
    named = (levels["first_name"] >= 1) & (levels["first_name"] <= 3) & (levels["sex"] == 1)
    contributions["sex"][named] = np.minimum(contributions["sex"][named], 0.0)
    # SSNs one digit apart are weak evidence: twins and siblings often have consecutive
    # numbers, which random pairs (where u comes from) never show
    near = levels["ssn"] == 3
    contributions["ssn"][near] = np.minimum(contributions["ssn"][near], SSN_NEAR_CAP)
    total = model.prior_weight + sum(contributions.values())
    return np.asarray(total, float), contributions


_MIDDLE_SAME_NAME = LEVELS["middle_initial"].index("same name")

SSN_NEAR_CAP = 4.0
"""Most bits an SSN one digit or one swap apart may contribute."""


def twin_guard(levels: Levels) -> np.ndarray:
    """Pairs that look like twins: same surname and date of birth, clearly different first
    names, and no SSN evidence for one person (neither the full SSN nor its last four digits
    agree; twins often have consecutive SSNs) nor the same full middle name (twins are
    rarely given one). They are never linked automatically."""
    return np.asarray((levels["first_name"] == 5) & (levels["last_name"] == 1)
                      & (levels["dob"] == 1) & (levels["ssn"] != 1) & (levels["ssn"] != 2)
                      & (levels["middle_initial"] != 4))


def probability(weight: np.ndarray) -> np.ndarray:
    """Match probability of a match weight (bits)."""
    return np.asarray(1.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60))), float)
