"""The demo generator: deterministic, well-formed, and written the way Belgian exports come."""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from piis_audit.demo import DEMO_AS_OF, DEMO_CASES, DEMO_EXPORT_DIR, DEMO_SEED
from piis_audit.demo.generate import generate, main, plan
from piis_audit.demo.scenarios import FAMILIES
from piis_audit.demo.writers import COLUMNS, write_csv_folder, write_xlsx
from piis_audit.schema import TABLES, FieldType

TABLE_FILES = ("cases.csv", "evaluations.csv", "sanctions.csv")

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]

# Dates of things that happened: none may lie after the anchor. (Planned ends and starts, a
# suspension still to run, a PIIS taking effect next month, may.)
EVENT_DATES = {
    "cases": ("ri_decision_date", "ri_start_date", "ri_end_date", "social_balance_date",
              "draft_given_date", "piis_signed_date", "piis_request_date", "exemption_decision_date",
              "alimony_investigation_date", "recovery_decision_date", "reactivation_consent_date",
              "recovery_notified_applicant_date", "recovery_notified_debtors_date", "birth_date"),
    "evaluations": ("evaluation_date",),
    "sanctions": ("decision_date", "warning_date", "hearing_invitation_date",
                  "social_worker_advice_date"),
}


@pytest.fixture(scope="module")
def demo_rows() -> Rows:
    return generate(DEMO_CASES, DEMO_SEED, DEMO_AS_OF)


def test_default_run_reproduces_the_committed_export_byte_for_byte(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    for name in TABLE_FILES:
        assert (tmp_path / name).read_bytes() == (DEMO_EXPORT_DIR / name).read_bytes(), name


def test_same_arguments_same_rows_other_seed_other_rows() -> None:
    first = generate(300, 7, DEMO_AS_OF)
    assert generate(300, 7, DEMO_AS_OF) == first
    assert generate(300, 8, DEMO_AS_OF) != first


@pytest.mark.parametrize("n", [0, 1, 5, 57, DEMO_CASES, 2000])
def test_exactly_n_cases_with_unique_ids(n: int) -> None:
    cases, _, _ = generate(n, DEMO_SEED, DEMO_AS_OF)
    assert len(cases) == n
    ids = [c["case_id"] for c in cases]
    assert len(set(ids)) == n
    assert all(re.fullmatch(r"RI-\d{4}-\d{5,}", i) for i in ids)


def test_every_child_row_references_a_case(demo_rows: Rows) -> None:
    cases, evaluations, sanctions = demo_rows
    ids = {c["case_id"] for c in cases}
    assert evaluations and sanctions
    assert {e["case_id"] for e in evaluations} <= ids
    assert {s["case_id"] for s in sanctions} <= ids


def test_partners_point_at_each_other(demo_rows: Rows) -> None:
    by_id = {c["case_id"]: c for c in demo_rows[0]}
    couples = [c for c in by_id.values() if c["partner_case_id"]]
    assert couples
    for case in couples:
        partner = by_id[case["partner_case_id"]]
        assert partner["partner_case_id"] == case["case_id"]
        assert case["category"] == partner["category"] == 3


def test_about_two_and_a_half_evaluations_and_a_few_percent_sanctioned() -> None:
    cases, evaluations, sanctions = generate(4000, 3, DEMO_AS_OF)
    assert 2.2 <= len(evaluations) / len(cases) <= 2.8
    sanctioned = {s["case_id"] for s in sanctions}
    assert 0.01 <= len(sanctioned) / len(cases) <= 0.06


def test_staff_and_offices(demo_rows: Rows) -> None:
    cases = demo_rows[0]
    workers = Counter(c["social_worker"] for c in cases)
    offices = {c["office"] for c in cases}
    assert len(workers) >= 6 and min(workers.values()) >= 10
    assert offices == {"Antenne Centre", "Antenne Nord", "Antenne Sud"}


def test_nothing_happens_after_the_anchor() -> None:
    anchor = dt.date(2031, 3, 31)  # also shows that the data follow the anchor, not the clock
    tables = dict(zip(("cases", "evaluations", "sanctions"), generate(600, 11, anchor)))
    for table, fields in EVENT_DATES.items():
        for row in tables[table]:
            for name in fields:
                value = row[name]
                if isinstance(value, dt.date):
                    assert value <= anchor, (table, row.get("case_id"), name, value)
    decisions = [c["ri_decision_date"] for c in tables["cases"]]
    assert min(decisions) >= anchor - dt.timedelta(days=4 * 365)


def test_every_family_is_in_the_demo_plan_and_ordinary_files_are_the_majority() -> None:
    chosen = Counter(spec.name for spec in plan(DEMO_CASES, random.Random(DEMO_SEED)))
    assert [f.name for f in FAMILIES if chosen[f.name] < 1] == []
    assert chosen["ordinary"] > DEMO_CASES / 2


def test_values_have_the_types_of_their_fields(demo_rows: Rows) -> None:
    expected = {FieldType.DATE: dt.date, FieldType.BOOL: bool, FieldType.NUMBER: Decimal,
                FieldType.INTEGER: int, FieldType.TEXT: str, FieldType.CHOICE: str}
    unreadable = []
    for table, rows in zip(("cases", "evaluations", "sanctions"), demo_rows):
        for row in rows:
            assert set(row) == set(COLUMNS[table])
            for name, value in row.items():
                spec = TABLES[table].by_name[name]
                if value is None:
                    continue
                if spec.type is FieldType.DATE and isinstance(value, str):
                    unreadable.append(value)  # a deliberate typo, for data-error reporting
                    continue
                assert isinstance(value, expected[spec.type]), (table, name, value)
                if spec.choices:
                    assert str(value) in spec.choices, (table, name, value)
    assert 1 <= len(unreadable) <= 5
    for text in unreadable:
        with pytest.raises(ValueError):
            dt.datetime.strptime(text, "%d/%m/%Y")


def test_csv_files_are_belgian(tmp_path: Path) -> None:
    cases, evaluations, sanctions = generate(120, 5, DEMO_AS_OF)
    write_csv_folder(cases, evaluations, sanctions, tmp_path)
    raw = (tmp_path / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with (tmp_path / "cases.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 120 and list(rows[0]) == list(COLUMNS["cases"])
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", r["ri_decision_date"]) for r in rows)
    assert {r["signed_cpas"] for r in rows} <= {"oui", "non", ""}
    amounts = [r["ri_monthly_amount"] for r in rows if r["ri_monthly_amount"]]
    assert amounts and all(re.fullmatch(r"\d+,\d{2}", a) for a in amounts)
    by_id = {c["case_id"]: c for c in cases}
    for r in rows:
        assert dt.datetime.strptime(r["ri_decision_date"], "%d/%m/%Y").date() == by_id[r["case_id"]]["ri_decision_date"]


def test_xlsx_has_three_sheets_with_real_date_cells(tmp_path: Path) -> None:
    cases, evaluations, sanctions = generate(60, 5, DEMO_AS_OF)
    path = write_xlsx(cases, evaluations, sanctions, tmp_path / "export.xlsx")
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["cases", "evaluations", "sanctions"]
    sheet_rows = list(workbook["cases"].iter_rows(values_only=True))
    assert list(sheet_rows[0]) == list(COLUMNS["cases"]) and len(sheet_rows) == 61
    col = COLUMNS["cases"].index("ri_decision_date")
    read = [r[col] for r in sheet_rows[1:]]
    assert all(isinstance(v, dt.datetime) for v in read)
    assert [v.date() for v in read if isinstance(v, dt.datetime)] == [c["ri_decision_date"] for c in cases]
    assert len(list(workbook["evaluations"].iter_rows())) == len(evaluations) + 1
