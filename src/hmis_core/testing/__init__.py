"""Test data for hmis_core and its users: hypothesis strategies and a synthetic CoC generator.

* :mod:`hmis_core.testing.strategies` (needs the ``testing`` extra: hypothesis) — strategies
  for every record type and whole exports;
* :func:`synthesize` / :func:`write_synthetic` — a realistic Continuum of Care with duplicate
  client records and the ground truth (:class:`Truth`); no hypothesis needed;
* :func:`hmis_core.sample_export_path` — the small export bundled with the package.

Importing :mod:`hmis_core` never imports this package, and importing this package imports
hypothesis only through :mod:`hmis_core.testing.strategies`.
"""

from __future__ import annotations

from hmis_core.testing._people import ERROR_TYPES
from hmis_core.testing._synth import DEFAULT_ERROR_RATES, Truth, synthesize, write_synthetic

__all__ = [
    "DEFAULT_ERROR_RATES",
    "ERROR_TYPES",
    "Truth",
    "synthesize",
    "write_synthetic",
]
