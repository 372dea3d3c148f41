"""Client deduplication: which client records are the same person (HUD's unduplicated count).

A Fellegi–Sunter engine over rapidfuzz, jellyfish and numpy, with parameters estimated from
the data itself (no labelled data), multi-pass blocking that recovers typical HMIS entry
errors, and clustering that resists chaining. Links are evidence, not verdicts: each carries
the contribution of every field, and administrators' "never link" / "always link" decisions
are honoured.

>>> from hmis_core.dedup import deduplicate, DedupConfig, BlockOn
"""

from __future__ import annotations

from hmis_core.dedup._blocking import DEFAULT_BLOCKING, BlockOn
from hmis_core.dedup._cluster import ClusterRules
from hmis_core.dedup._compare import LEVELS
from hmis_core.dedup._engine import (
    CLIENT_COLUMNS,
    Clusters,
    DedupConfig,
    Evidence,
    Pair,
    deduplicate,
)
from hmis_core.dedup._household import ENROLLMENT_COLUMNS
from hmis_core.dedup._index import Candidate, MatchIndex

__all__ = [
    "CLIENT_COLUMNS",
    "DEFAULT_BLOCKING",
    "ENROLLMENT_COLUMNS",
    "LEVELS",
    "BlockOn",
    "Candidate",
    "ClusterRules",
    "Clusters",
    "DedupConfig",
    "Evidence",
    "MatchIndex",
    "Pair",
    "deduplicate",
]
