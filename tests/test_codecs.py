"""Strict parsers: the batch (C-speed) path agrees with the text-by-text path."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hmis_core.elements import (
    FY2026,
    CellError,
    batch_checker_for,
    batch_parser_for,
    canonical_converter_for,
    parser_for,
)

COLUMNS = [FY2026.column("Client", "DateCreated"), FY2026.column("Client", "DOB"),
           FY2026.column("Client", "YearSeparated"), FY2026.column("Client", "NameDataQuality"),
           FY2026.column("Project", "ProjectType"), FY2026.column("IncomeBenefits", "EarnedAmount")]

texts = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.replace(microsecond=0).isoformat(sep=" ")),
    st.integers(-5, 200).map(str),
    st.decimals(-10**6, 10**6, places=2).map(str),
    st.sampled_from(["2024-02-30", "2024-13-01 00:00:00", "1.5", "", " 7", "07", "99",
                     "2024-06-30T10:00:00", "6/30/2024", "x", "1200.5", "$1,200", "1.234",
                     "-5.00", "1e3", ".5"]),
)


@pytest.mark.parametrize("spec", COLUMNS, ids=lambda s: f"{s.file}.{s.name}")
@given(batch=st.lists(texts, min_size=1, max_size=8))
def test_batch_agrees_with_one_by_one(spec: object, batch: list[str]) -> None:
    parse = parser_for(spec, FY2026.lists)  # type: ignore[arg-type]
    parse_all = batch_parser_for(spec, FY2026.lists)  # type: ignore[arg-type]
    assert parse_all is not None
    singles = []
    for text in batch:
        try:
            singles.append(parse(text))
        except CellError:
            singles.append(CellError)
    result = parse_all(batch)
    if result is None:
        assert CellError in singles
    else:
        assert result == singles
        assert [type(v) for v in result] == [type(v) for v in singles]


def test_text_columns_have_no_batch_parser() -> None:
    assert batch_parser_for(FY2026.column("Client", "FirstName"), FY2026.lists) is None


_DATE_LIKE = st.text(alphabet="0123456789-: T/x\u0663", min_size=8, max_size=21)


@given(st.lists(st.one_of(_DATE_LIKE, st.dates().map(str),
                          st.datetimes().map(lambda d: d.isoformat(sep=" ")[:19])),
                max_size=6),
       st.sampled_from(["dddd-dd-dd", "dddd-dd-dd dd:dd:dd"]))
def test_fixed_shape_check_agrees_with_the_pattern(texts: list[str], shape: str) -> None:
    from hmis_core.elements._codecs import _has_shape  # noqa: PLC0415 - private helper

    joined = "".join(t + "\x00" for t in texts)
    pattern = shape.replace("d", "[0-9]")
    assert _has_shape(joined, len(texts), shape) == bool(
        re.fullmatch(f"(?:{pattern}\x00)*", joined))


_SHAPED = st.one_of(
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999),
              st.integers(0, 99), st.integers(0, 99)),
    st.dates().map(str))
_SHAPED_TIMES = st.one_of(
    st.builds(lambda day, h, m, s: f"{day} {h:02d}:{m:02d}:{s:02d}", _SHAPED,
              st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)),
    st.datetimes().map(lambda d: d.isoformat(sep=" ")[:19]))


@pytest.mark.parametrize("spec", COLUMNS, ids=lambda s: f"{s.file}.{s.name}")
@given(batch=st.lists(st.one_of(texts, _SHAPED, _SHAPED_TIMES), min_size=1, max_size=8))
def test_checker_passes_exactly_what_converts_canonically(spec: object,
                                                          batch: list[str]) -> None:
    # what the checker passes, the canonical converter converts, to what the strict
    # parser gives (so putting the conversion off changes nothing but when it happens)
    check = batch_checker_for(spec, FY2026.lists)  # type: ignore[arg-type]
    parse_all = batch_parser_for(spec, FY2026.lists)  # type: ignore[arg-type]
    convert = canonical_converter_for(spec, FY2026.lists)  # type: ignore[arg-type]
    if check is None:
        assert spec.list  # type: ignore[attr-defined]  # whole numbers on a list
        return
    assert check(batch) == (parse_all is not None and parse_all(batch) is not None)
    if check(batch):
        assert convert is not None
        assert convert(batch) == parse_all(batch)  # type: ignore[misc]
