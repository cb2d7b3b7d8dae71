"""The frames contract: types per field, and why a value is missing, worked out in one place."""

from __future__ import annotations

import datetime as dt

import polars as pl

from piis_audit.frames import ExportFrames, invalid_column, table_schema


def test_every_field_has_its_type() -> None:
    schema = table_schema("cases")
    assert schema["piis_signed_date"] == pl.Date()
    assert schema["signed_cpas"] == pl.Boolean()
    assert schema["category"] == pl.Int64()
    assert schema["ri_monthly_amount"] == pl.Float64()
    assert list(schema)[:3] == ["_case", "_file", "_row"]


def test_missing_why_tells_empty_unreadable_and_absent_apart() -> None:
    cases = pl.DataFrame({
        "_case": [0, 1, 2], "piis_signed_date": [dt.date(2024, 1, 2), None, None],
        invalid_column("piis_signed_date"): [False, True, False], "signed_cpas": [None, True, False],
        "third_party": [None, None, None]})
    frames = ExportFrames({"cases": cases}, {"cases": frozenset({"piis_signed_date", "signed_cpas"})})
    why = cases.select(
        signed=frames.missing_why("cases", "piis_signed_date"),
        cpas=frames.missing_why("cases", "signed_cpas"),
        third=frames.missing_why("cases", "third_party"))
    assert why["signed"].to_list() == [None, "invalid", "empty"]
    assert why["cpas"].to_list() == ["empty", None, None]
    assert why["third"].to_list() == ["no_column"] * 3
