"""The Splink side of ``bench_dedup.py``: Splink (DuckDB backend) on an HMIS CSV export.

This is the model a competent Splink user would write for HMIS ``Client.csv`` without
looking at the ground truth. Nothing here was tuned on the benchmark's labelled data: the
thresholds below were fixed before the first scored run and are Splink's customary ones.

Run on its own (it prints a JSON summary; the clusters are not scored here)::

    python benchmarks/_dedup_splink.py EXPORT.zip [--out clusters.json]

Input
    ``Client.csv`` of the export (a ``.zip`` or a folder) read with pandas, every column as
    a string. The export is *hashed* when ``Export.csv`` says ``HashStatus`` 4 (or, failing
    that, when the first names look like 64 hex characters).

Preprocessing (clear export)
    * names: accents folded to ASCII, upper-cased, everything but A-Z removed; empty,
      ``NameDataQuality`` 8/9/99 and placeholders (UNKNOWN, ANONYMOUS, REFUSED, ...) are null;
      ``first_soundex`` / ``last_soundex`` (jellyfish's American Soundex; DuckDB has no
      ``soundex`` function) for blocking.
    * SSN: digits only; the full SSN is null unless ``SSNDataQuality`` is 1 and it is a
      valid 9-digit SSN (area not 000/666/9xx, group not 00, serial not 0000, not a
      placeholder such as 000000000/111111111/123456789/999999999); ``ssn_last4`` is kept
      for full *and* partial (``SSNDataQuality`` 2, ``xxxxx1234``) SSNs.
    * DOB: ``yyyy-mm-dd`` string, null when ``DOBDataQuality`` is 8/9/99 (approximate
      DOBs, quality 2, are kept); ``dob_year`` for blocking.
    * sex: ``0``/``1``, anything else null.

Preprocessing (hashed export, HashStatus 4)
    Names are SHA-256 of their Soundex code, so they can only be compared for equality;
    the SSN column is last-4-in-clear + SHA-256 of the 9-character SSN: ``ssn_last4`` is
    its first four characters, ``ssn_hash`` the rest (null for partial SSNs, whose hash is
    of ``xxxxx1234``, and for the hashes of the placeholder SSNs). DOB and sex as above.

Comparisons (clear)
    * ``first_name``, ``last_name``: ``cl.NameComparison`` (exact with term-frequency
      adjustment, Jaro-Winkler >= 0.92 / 0.88 / 0.70, else);
    * ``dob``: ``cl.DateOfBirthComparison(input_is_string=True)`` (exact, Levenshtein 1,
      within 1 month, 1 year, 10 years, else);
    * SSN: one custom comparison so that full-SSN and last-4 agreement are not counted
      twice: null (no last 4 on either side) / exact full SSN / same last 4 / else (a
      Levenshtein-1 level on the full SSN was dropped: this data has no SSN typos, so EM
      never observes it and Splink warns that its m probability is untrained);
    * ``sex``: ``cl.ExactMatch``.

Comparisons (hashed)
    ``first_name`` and ``last_name`` exact match with term-frequency adjustment; ``dob`` as
    above; SSN null / exact hash / same last 4 / else; ``sex`` exact.

Blocking rules for prediction
    clear: ``ssn``; ``first_name + last_name``; ``dob``; ``last_soundex + dob_year``;
    ``first_soundex + dob_year``; ``ssn_last4 + dob_year``.
    hashed: ``ssn_hash``; ``first_name + last_name``; ``dob``; ``last_name + dob_year``;
    ``first_name + dob_year``; ``ssn_last4 + dob_year``.

Training
    ``estimate_probability_two_random_records_match`` with the deterministic rules
    ``first_name + last_name + dob`` and ``ssn + dob`` at an assumed recall of 0.7;
    ``estimate_u_using_random_sampling(max_pairs=1e7, seed=1)``; expectation maximisation
    on ``first_name + last_name`` (estimates dob, SSN, sex) then on ``dob`` (estimates the
    names).

Prediction and clustering
    ``predict(threshold_match_probability=0.5)`` then
    ``cluster_pairwise_predictions_at_threshold(..., 0.9)`` (connected components). DuckDB
    runs with its default thread count (all cores: 2 here).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
import re
import sys
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

PREDICT_THRESHOLD = 0.5
"""Pairs scored below this match probability are not kept by ``predict``."""
CLUSTER_THRESHOLD = 0.9
"""Connected components over pairs at or above this match probability."""
U_MAX_PAIRS = 1e7
"""Record pairs sampled to estimate the u probabilities."""
DETERMINISTIC_RECALL = 0.7
"""Assumed recall of the deterministic rules used for the prior match probability."""
SEED = 1

MISSING_QUALITY = frozenset({"8", "9", "99"})
NAME_PLACEHOLDERS = frozenset({
    "UNKNOWN", "UNK", "ANONYMOUS", "ANON", "REFUSED", "NONE", "NA", "NULL", "TEST", "CLIENT",
    "NOFIRSTNAME", "NOLASTNAME", "NONAME", "BABY", "BABYBOY", "BABYGIRL", "DOE",
})
SSN_PLACEHOLDERS = frozenset({
    "000000000", "111111111", "222222222", "333333333", "444444444", "555555555",
    "666666666", "777777777", "888888888", "999999999", "123456789", "987654321",
})
HASHED_SSN_PLACEHOLDERS = frozenset(
    hashlib.sha256(s.encode("ascii")).hexdigest() for s in SSN_PLACEHOLDERS)
_NOT_LETTERS = re.compile(r"[^A-Z]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CLIENT_COLUMNS = ["PersonalID", "FirstName", "LastName", "NameDataQuality", "SSN",
                  "SSNDataQuality", "DOB", "DOBDataQuality", "Sex"]


# ------------------------------------------------------------------ reading the export


@contextmanager
def _open_member(export: Path, name: str) -> Iterator[IO[bytes]]:
    """A binary file object for ``name`` (e.g. ``Client.csv``) of a .zip or folder export."""
    if export.is_dir():
        with (export / name).open("rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(export) as archive:
        member = next(n for n in archive.namelist() if n.rsplit("/", 1)[-1].lower()
                      == name.lower())
        with archive.open(member) as handle:
            yield handle


def is_hashed_export(export: Path) -> bool:
    """True when ``Export.csv`` has ``HashStatus`` 4 (SHA-256)."""
    import csv  # noqa: PLC0415 - small helper, keeps module import light

    with _open_member(export, "Export.csv") as handle:
        rows = list(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8-sig")))
    return bool(rows) and rows[0].get("HashStatus", "").strip() == "4"


def read_clients(export: Path) -> Any:
    """``Client.csv`` as a pandas DataFrame of strings (only the columns the model uses)."""
    import pandas as pd  # noqa: PLC0415 - heavy, imported where used

    with _open_member(export, "Client.csv") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False, usecols=CLIENT_COLUMNS)


# ------------------------------------------------------------------ preprocessing


def clean_name(value: str) -> str | None:
    """Upper-case A-Z only (accents folded); None for empty values and placeholders.

    >>> clean_name(" o'Brien-Smith "), clean_name("José"), clean_name("Unknown")
    ('OBRIENSMITH', 'JOSE', None)
    """
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    cleaned = _NOT_LETTERS.sub("", folded.upper())
    if not cleaned or cleaned in NAME_PLACEHOLDERS:
        return None
    return cleaned


def clean_ssn(value: str, quality: str) -> tuple[str | None, str | None]:
    """(full SSN or None, last 4 or None) of a clear SSN.

    >>> clean_ssn("123-45-6780", "1"), clean_ssn("xxxxx1234", "2"), clean_ssn("", "99")
    (('123456780', '6780'), (None, '1234'), (None, None))
    >>> clean_ssn("123456789", "1"), clean_ssn("000121234", "1")
    ((None, None), (None, None))
    """
    if quality in MISSING_QUALITY:
        return None, None
    raw = value.strip()
    digits = re.sub(r"\D", "", raw)
    if quality == "2" or len(digits) != 9:
        last4 = raw[-4:]
        ok = len(last4) == 4 and last4.isdigit() and last4 != "0000"
        return None, last4 if ok else None
    valid = (digits not in SSN_PLACEHOLDERS and digits[:3] not in {"000", "666"}
             and digits[0] != "9" and digits[3:5] != "00" and digits[5:] != "0000")
    return (digits, digits[5:]) if valid else (None, None)


def clean_hashed_ssn(value: str, quality: str) -> tuple[str | None, str | None]:
    """(hash of the full SSN or None, clear last 4 or None) of a hashed SSN."""
    if quality in MISSING_QUALITY or len(value) != 68:
        return None, None
    last4, digest = value[:4], value[4:].lower()
    if digest in HASHED_SSN_PLACEHOLDERS:
        return None, None
    ok4 = last4.isdigit() and last4 != "0000"
    return (digest if quality == "1" else None), (last4 if ok4 else None)


def prepare(clients: Any, hashed: bool) -> Any:
    """The Splink input table (``unique_id`` = PersonalID) from ``read_clients``."""
    import jellyfish  # noqa: PLC0415 - imported where used
    import pandas as pd  # noqa: PLC0415

    def strings(column: str) -> list[str]:
        return [str(v) for v in clients[column].tolist()]

    name_ok = [q not in MISSING_QUALITY for q in strings("NameDataQuality")]
    columns: dict[str, Sequence[str | None]] = {"unique_id": strings("PersonalID")}
    for column, source in (("first_name", "FirstName"), ("last_name", "LastName")):
        raw = strings(source)
        if hashed:
            columns[column] = [v.strip().lower() or None if ok else None
                               for v, ok in zip(raw, name_ok, strict=True)]
        else:
            names = [clean_name(v) if ok and v else None
                     for v, ok in zip(raw, name_ok, strict=True)]
            columns[column] = names
            columns[column.replace("_name", "_soundex")] = [
                jellyfish.soundex(v) if v else None for v in names]
    cleaner = clean_hashed_ssn if hashed else clean_ssn
    ssns = [cleaner(v, q) for v, q in zip(strings("SSN"), strings("SSNDataQuality"),
                                             strict=True)]
    columns["ssn_hash" if hashed else "ssn"] = [s[0] for s in ssns]
    columns["ssn_last4"] = [s[1] for s in ssns]
    dobs = [d.strip()[:10] if q not in MISSING_QUALITY and _DATE.fullmatch(d.strip()[:10])
            else None for d, q in zip(strings("DOB"), strings("DOBDataQuality"), strict=True)]
    columns["dob"] = dobs
    columns["dob_year"] = [d[:4] if d else None for d in dobs]
    columns["sex"] = [s if s in {"0", "1"} else None for s in (v.strip() for v in strings("Sex"))]
    return pd.DataFrame({name: pd.Series(values, dtype=object)
                         for name, values in columns.items()})


# ------------------------------------------------------------------ the model


def settings(hashed: bool) -> Any:
    """The ``SettingsCreator`` of the model (see the module docstring)."""
    import splink.comparison_level_library as cll  # noqa: PLC0415
    import splink.comparison_library as cl  # noqa: PLC0415
    from splink import SettingsCreator, block_on  # noqa: PLC0415

    blocking: list[Any]
    if hashed:
        names = [cl.ExactMatch("first_name").configure(term_frequency_adjustments=True),
                 cl.ExactMatch("last_name").configure(term_frequency_adjustments=True)]
        ssn = cl.CustomComparison(
            comparison_levels=[
                cll.NullLevel("ssn_last4"),
                cll.ExactMatchLevel("ssn_hash").configure(label_for_charts="same SSN hash"),
                cll.ExactMatchLevel("ssn_last4").configure(label_for_charts="same last 4"),
                cll.ElseLevel(),
            ],
            output_column_name="ssn",
            comparison_description="hashed SSN: full hash, last 4",
        )
        blocking = [block_on("ssn_hash"), block_on("first_name", "last_name"),
                    block_on("dob"), block_on("last_name", "dob_year"),
                    block_on("ssn_last4", "dob_year")]
    else:
        names = [cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
                 cl.NameComparison("last_name").configure(term_frequency_adjustments=True)]
        ssn = cl.CustomComparison(
            comparison_levels=[
                cll.NullLevel("ssn_last4"),
                cll.ExactMatchLevel("ssn").configure(label_for_charts="same SSN"),
                cll.ExactMatchLevel("ssn_last4").configure(label_for_charts="same last 4"),
                cll.ElseLevel(),
            ],
            output_column_name="ssn",
            comparison_description="SSN: full, last 4",
        )
        blocking = [block_on("ssn"), block_on("first_name", "last_name"),
                    block_on("first_soundex", "last_soundex"), block_on("dob"),
                    block_on("last_soundex", "dob_year"), block_on("ssn_last4", "dob_year")]
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            *names,
            cl.DateOfBirthComparison("dob", input_is_string=True),
            ssn,
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=blocking,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def _train(linker: Any, hashed: bool, lap: Callable[[str], None]) -> None:
    from splink import block_on  # noqa: PLC0415

    ssn = "ssn_hash" if hashed else "ssn"
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "dob"), block_on(ssn, "dob")],
        recall=DETERMINISTIC_RECALL)
    lap("train_prior")
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=SEED)
    lap("train_u")
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "last_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    lap("train_em")


class Laps:
    """Wall time of consecutive phases: ``lap(name)`` ends the phase called ``name``."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.started = self._mark = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = now - self._mark
        self._mark = now


def run(export: Path, *, cluster_threshold: float = CLUSTER_THRESHOLD) -> dict[str, Any]:
    """Everything from reading ``Client.csv`` to the clusters, timed phase by phase.

    Returns ``clusters`` (lists of PersonalIDs, size >= 2), ``edges`` (``[a, b, p]`` of every
    pair predicted at >= PREDICT_THRESHOLD, gathered after the clock stops), ``seconds``,
    ``phases`` and a few counts.
    """
    lap = Laps()
    phases, started = lap.phases, lap.started

    from splink import DuckDBAPI, Linker  # noqa: PLC0415

    hashed = is_hashed_export(export)
    clients = read_clients(export)
    lap("read")
    table = prepare(clients, hashed)
    records = len(table)
    del clients
    lap("prepare")
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table, dataset_display_name="clients"),
                    settings(hashed), log_level=logging.WARNING)
    del table
    lap("register")
    _train(linker, hashed, lap)
    predictions: Any = linker.inference.predict(threshold_match_probability=PREDICT_THRESHOLD)
    lap("predict")
    clustered: Any = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=cluster_threshold)
    frame = clustered.as_pandas_dataframe()
    groups = frame.groupby("cluster_id")["unique_id"].agg(list)
    clusters = [[str(x) for x in g] for g in groups if len(g) >= 2]
    lap("cluster")
    seconds = time.perf_counter() - started
    edges_frame = predictions.as_pandas_dataframe()
    edges = [[str(a), str(b), float(p)] for a, b, p in zip(
        edges_frame["unique_id_l"], edges_frame["unique_id_r"],
        edges_frame["match_probability"], strict=True)]
    return {
        "seconds": seconds,
        "phases": phases,
        "hashed": hashed,
        "records": records,
        "predicted_pairs": len(edges),
        "clusters": clusters,
        "edges": edges,
        "probability_two_random_records_match": linker._settings_obj._probability_two_random_records_match,  # noqa: E501
        "cluster_threshold": cluster_threshold,
    }


def main(argv: list[str] | None = None) -> int:
    import splink  # noqa: PLC0415

    parser = argparse.ArgumentParser(description="Run the benchmark's Splink model.")
    parser.add_argument("export", type=Path, help="HMIS CSV export (.zip or folder)")
    parser.add_argument("--out", type=Path, help="write clusters and edges here (JSON)")
    args = parser.parse_args(argv)
    result = run(args.export)
    if args.out:
        args.out.write_text(json.dumps(result))
    summary = {k: v for k, v in result.items() if k not in {"clusters", "edges"}}
    summary["clusters"] = len(result["clusters"])
    summary["splink"] = splink.__version__
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
