"""Scoring a deduplication against ground truth, for ``bench_dedup.py``.

Both functions take the *predicted clusters* - a list of lists of PersonalIDs, normally only
the clusters of two or more records; every record of the truth that is in no predicted
cluster is a singleton - and the *truth*, a mapping PersonalID -> person id.

Pairwise precision / recall / F1 (:func:`pairwise_scores`)
    The standard record-linkage measure over all record pairs *implied by the clusters*:
    a predicted pair is any two records in the same predicted cluster, a true pair any two
    records of the same person. TP = pairs that are both, precision = TP / predicted pairs,
    recall = TP / true pairs, F1 their harmonic mean. Computed from the cluster/person
    contingency counts, so a 1,000-record cluster costs nothing to count.

Cluster precision / recall / F1 (:func:`cluster_scores`)
    *Exact cluster match*, over the clusters of two or more records (the duplicate groups a
    user would review): precision = share of predicted clusters (size >= 2) whose record set
    is exactly one person's record set; recall = share of true persons with >= 2 records
    whose record set is found exactly as a predicted cluster; F1 their harmonic mean.
    A cluster that misses one record or holds one stranger counts as wrong. B-cubed
    precision / recall / F1 (record-averaged over every record of the truth, singletons
    included: for record r in predicted cluster C and true cluster T, precision_r =
    |C n T| / |C| and recall_r = |C n T| / |T|) are returned alongside as ``bcubed_*``;
    with ~95% singletons they sit close to 1 and separate systems less than the others.

Run the self-check::

    python benchmarks/_dedup_metrics.py
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["cluster_scores", "f1", "pairwise_scores", "score"]


def f1(precision: float, recall: float) -> float:
    """Harmonic mean (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, 1.0 for 0/0 (nothing predicted, nothing to find)."""
    return numerator / denominator if denominator else 1.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _checked(clusters: Iterable[Sequence[str]], truth: Mapping[str, str]) -> list[list[str]]:
    """The clusters as lists, after checking every id is known and used once."""
    seen: set[str] = set()
    out: list[list[str]] = []
    for cluster in clusters:
        members = [str(pid) for pid in cluster]
        for pid in members:
            if pid not in truth:
                raise ValueError(f"PersonalID {pid!r} of a predicted cluster is not in the "
                                 "truth")
            if pid in seen:
                raise ValueError(f"PersonalID {pid!r} is in two predicted clusters")
            seen.add(pid)
        out.append(members)
    return out


def pairwise_scores(clusters: Iterable[Sequence[str]],
                    truth: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision, recall, F1 and the counts behind them (see the module doc)."""
    checked = _checked(clusters, truth)
    person_size = Counter(truth.values())
    true_pairs = sum(_pairs(n) for n in person_size.values())
    predicted_pairs = sum(_pairs(len(c)) for c in checked)
    true_positives = 0
    for cluster in checked:
        true_positives += sum(_pairs(n) for n in Counter(truth[p] for p in cluster).values())
    precision = _ratio(true_positives, predicted_pairs)
    recall = _ratio(true_positives, true_pairs)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1(precision, recall),
        "true_positives": true_positives,
        "false_positives": predicted_pairs - true_positives,
        "false_negatives": true_pairs - true_positives,
        "predicted_pairs": predicted_pairs,
        "true_pairs": true_pairs,
    }


def cluster_scores(clusters: Iterable[Sequence[str]],
                   truth: Mapping[str, str]) -> dict[str, float]:
    """Exact-cluster-match precision/recall/F1 (sizes >= 2) and B-cubed P/R/F1."""
    checked = _checked(clusters, truth)
    person_size = Counter(truth.values())
    predicted = [c for c in checked if len(c) >= 2]
    exact = 0
    for cluster in predicted:
        people = {truth[p] for p in cluster}
        if len(people) == 1 and person_size[next(iter(people))] == len(cluster):
            exact += 1
    true_groups = sum(1 for n in person_size.values() if n >= 2)
    precision = _ratio(exact, len(predicted))
    recall = _ratio(exact, true_groups)

    # B-cubed over every record of the truth; unclustered records are singletons, for
    # which precision is 1 and recall 1 / |T|.
    b_precision = b_recall = 0.0
    in_clusters: set[str] = set()
    for cluster in checked:
        size = len(cluster)
        in_clusters.update(cluster)
        for person, n in Counter(truth[p] for p in cluster).items():
            b_precision += n * n / size
            b_recall += n * n / person_size[person]
    for pid, person in truth.items():
        if pid not in in_clusters:
            b_precision += 1.0
            b_recall += 1.0 / person_size[person]
    records = len(truth)
    bp, br = _ratio(b_precision, records), _ratio(b_recall, records)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1(precision, recall),
        "exact_clusters": exact,
        "predicted_clusters": len(predicted),
        "true_clusters": true_groups,
        "bcubed_precision": bp,
        "bcubed_recall": br,
        "bcubed_f1": f1(bp, br),
        "records": records,
        "records_in_clusters": len(in_clusters),
    }


def score(clusters: Iterable[Sequence[str]], truth: Mapping[str, str]) -> dict[str, dict[str,
                                                                                      float]]:
    """``{"pairwise": pairwise_scores(...), "cluster": cluster_scores(...)}``."""
    listed = [list(c) for c in clusters]
    return {"pairwise": pairwise_scores(listed, truth), "cluster": cluster_scores(listed, truth)}


def _expect(condition: bool, detail: object) -> None:
    """An assert that ``python -O`` does not remove."""
    if not condition:
        raise AssertionError(detail)


def _self_check() -> int:
    # Truth: person P has a,b,c; Q has d,e; R has f; S has g.
    #   true pairs: ab ac bc de            -> 4
    truth = {"a": "P", "b": "P", "c": "P", "d": "Q", "e": "Q", "f": "R", "g": "S"}
    # Predicted: {a,b} {c,d,e} {f,g}     (nothing left as a singleton)
    #   predicted pairs: ab | cd ce de | fg -> 5; TP: ab, de -> 2
    #   pairwise P = 2/5, R = 2/4, F1 = 2*.4*.5/.9 = 4/9
    predicted = [["a", "b"], ["c", "d", "e"], ["f", "g"]]
    pw = pairwise_scores(predicted, truth)
    _expect((pw["true_positives"], pw["predicted_pairs"], pw["true_pairs"]) == (2, 5, 4), pw)
    _expect(abs(pw["precision"] - 0.4) < 1e-12, pw)
    _expect(abs(pw["recall"] - 0.5) < 1e-12, pw)
    _expect(abs(pw["f1"] - 4 / 9) < 1e-12, pw)
    # Exact clusters: none of {a,b} {c,d,e} {f,g} is a person's full record set -> P = 0/3;
    # true groups of size >= 2: P, Q -> R = 0/2.
    cs = cluster_scores(predicted, truth)
    _expect((cs["exact_clusters"], cs["predicted_clusters"], cs["true_clusters"]) == (0, 3, 2),
            cs)
    _expect((cs["precision"], cs["recall"], cs["f1"]) == (0.0, 0.0, 0.0), cs)
    # B-cubed, per record (precision, recall):
    #   a,b: C={a,b}, T={a,b,c}: (2/2, 2/3)   c: C={c,d,e}, T={a,b,c}: (1/3, 1/3)
    #   d,e: C={c,d,e}, T={d,e}: (2/3, 2/2)   f: C={f,g}, T={f}: (1/2, 1)   g: same as f
    #   P = (1+1+1/3+2/3+2/3+1/2+1/2)/7 = (14/3)/7 = 2/3
    #   R = (2/3+2/3+1/3+1+1+1+1)/7 = (17/3)/7 = 17/21
    _expect(abs(cs["bcubed_precision"] - 2 / 3) < 1e-12, cs)
    _expect(abs(cs["bcubed_recall"] - 17 / 21) < 1e-12, cs)

    # Second case: {a,b,c} found exactly, {d} and {e} left as singletons, {f,g} wrongly merged
    # is absent; a spurious {f} cluster of size 1 is allowed and ignored by exact matching.
    predicted2 = [["a", "b", "c"], ["f"]]
    pw2 = pairwise_scores(predicted2, truth)
    _expect((pw2["precision"], pw2["recall"]) == (1.0, 0.75), pw2)  # TP 3 of 3, of 4 true
    cs2 = cluster_scores(predicted2, truth)
    _expect((cs2["exact_clusters"], cs2["predicted_clusters"]) == (1, 1), cs2)
    _expect((cs2["precision"], cs2["recall"]) == (1.0, 0.5), cs2)
    # B-cubed: precision 1 everywhere; recall a,b,c 1; d,e 1/2; f,g 1 -> 6/7
    _expect(cs2["bcubed_precision"] == 1.0, cs2)
    _expect(abs(cs2["bcubed_recall"] - 6 / 7) < 1e-12, cs2)

    # Nothing predicted: pairwise precision 1 (0/0), recall 0.
    pw3 = pairwise_scores([], truth)
    _expect((pw3["precision"], pw3["recall"], pw3["f1"]) == (1.0, 0.0, 0.0), pw3)
    # Errors: unknown id, id in two clusters.
    for bad in ([["a", "zz"]], [["a", "b"], ["b", "c"]]):
        try:
            pairwise_scores(bad, truth)
        except ValueError:
            pass
        else:
            raise AssertionError(f"{bad} was accepted")
    print("_dedup_metrics self-check: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(_self_check())
