"""Hypothesis entry point: registers a strategy for every record class, so that
``st.from_type(Client)`` and ``st.builds(...)`` work for users without setup.

Registered in ``pyproject.toml`` under ``[project.entry-points.hypothesis]``; hypothesis
calls :func:`_hypothesis_setup_hook` when it is imported.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st  # noqa: PLC0415 - only when hypothesis runs

    from hmis_core.elements import FY2026  # noqa: PLC0415
    from hmis_core.testing.strategies import records  # noqa: PLC0415

    for spec in FY2026.files:
        st.register_type_strategy(spec.record_type, records(spec.record_type))
