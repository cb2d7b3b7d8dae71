"""Workbooks read with python-calamine: real date cells, serial numbers, text; sheets as tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from inputs_helpers import write_xlsx

from piis_audit.inputs import InputError, load_export


def test_date_cells_serials_and_text_dates_all_become_dates(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {"cases": [
        ["case_id", "ri_decision_date", "birth_date", "piis_signed_date", "ri_monthly_amount", "category"],
        ["A", dt.date(2024, 3, 17), 45292, "17/03/2024", 1314.2, 2],
        ["B", dt.datetime(2024, 3, 18, 14, 30), "1990-05-04", "18.03.2024", "1.314,20", "isolé"],
    ]})
    export = load_export([path])
    assert export.data_errors == ()
    a, b = export.cases
    assert (a.get("ri_decision_date"), a.get("birth_date"), a.get("piis_signed_date")) == \
        (dt.date(2024, 3, 17), dt.date(2024, 1, 1), dt.date(2024, 3, 17))
    assert (b.get("ri_decision_date"), b.get("birth_date"), b.get("piis_signed_date")) == \
        (dt.date(2024, 3, 18), dt.date(1990, 5, 4), dt.date(2024, 3, 18))
    assert type(a.get("ri_decision_date")) is dt.date and type(b.get("ri_decision_date")) is dt.date
    assert (a.get("ri_monthly_amount"), b.get("ri_monthly_amount")) == (Decimal("1314.2"), Decimal("1314.20"))
    assert (a.get("category"), b.get("category")) == (2, 2)


def test_numbers_booleans_and_numeric_file_numbers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {"Dossiers": [
        ["Numéro de dossier", "Date de décision", "Signé CPAS", "Signé bénéficiaire", "Art. 60"],
        [12345, dt.date(2024, 1, 2), True, "oui", 1],
        [12346, dt.date(2024, 1, 3), False, "non", 0],
    ]})
    export = load_export([path])
    assert [c.case_id for c in export.cases] == ["12345", "12346"]
    assert [(c.get("signed_cpas"), c.get("signed_beneficiary"), c.get("employment_measure"))
            for c in export.cases] == [(True, True, True), (False, False, False)]


def test_a_single_sheet_is_the_cases_table_whatever_its_name(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {"Feuil1": [["case_id", "ri_decision_date"], ["A", "01/02/2024"]]})
    export = load_export([path])
    assert [c.case_id for c in export.cases] == ["A"]
    assert export.inputs[0].table == "cases"
    assert export.data_errors == ()


def test_empty_sheets_do_not_count_and_unknown_sheets_are_reported(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {
        "DOSSIERS": [["case_id", "ri_decision_date"], ["A", "01/02/2024"]],
        "Evaluaties": [["dossiernummer", "datum"], ["A", dt.date(2024, 4, 1)]],
        "Notes": [["anything"], ["at all"]],
        "Feuil3": [],
    })
    export = load_export([path])
    assert [(i.table, i.rows) for i in export.inputs] == [("cases", 1), ("evaluations", 1)]
    assert [(e.table, e.row, e.message) for e in export.data_errors] == [
        ("Notes", None, "sheet not recognised as a table, ignored (tables are named cases, evaluations, "
                        "sanctions or an alias; or use --mapping tables:)")]
    assert export.tables_present == frozenset({"cases", "evaluations"})


def test_row_numbers_are_the_sheet_rows_even_when_the_table_starts_lower(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {"cases": [
        ["case_id", "ri_decision_date"], ["A", "17/03/2024"], [None, None], ["B", "31/02/2024"]]}, start_row=3)
    export = load_export([path])
    assert [(c.case_id, c.row) for c in export.cases] == [("A", 4), ("B", 6)]
    assert [(e.row, e.column, e.value) for e in export.data_errors] == [(6, "ri_decision_date", "31/02/2024")]


def test_a_header_cell_missing_over_data_is_kept_for_display(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", {"cases": [
        ["case_id", "ri_decision_date", None], ["A", "17/03/2024", "note"]]})
    export = load_export([path])
    assert export.cases[0].extra == {"(column C)": "note"}
    assert [(e.column, e.message) for e in export.data_errors] == [
        ("(column C)", "column without a header: kept for display, not used")]


def test_corrupt_workbook_is_fatal(tmp_path: Path) -> None:
    # A CSV renamed .xlsx is now read as the CSV it is (issue 10, tests/inputs/test_content_sniffing.py);
    # a workbook whose zip is cut short is still refused, naming the file.
    whole = tmp_path / "whole.xlsx"
    write_xlsx(whole, {"cases": [["case_id", "ri_decision_date"], ["A", "01/02/2024"]]})
    path = tmp_path / "export.xlsx"
    path.write_bytes(whole.read_bytes()[:200])
    with pytest.raises(InputError, match="not a readable .xlsx workbook") as caught:
        load_export([path])
    assert str(path) in str(caught.value)


def test_workbook_without_any_cell_is_fatal(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match="is empty"):
        load_export([path])


# -- sheets parsed side by side (calamine releases the GIL while it parses)


def _three_sheet_workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "export.xlsx", {
        "cases": [["case_id", "ri_decision_date", "birth_date"],
                  *[[f"C{i}", dt.date(2024, 1, 1 + i % 28), "31/02/1990" if i == 7 else dt.date(1990, 5, 4)]
                    for i in range(60)]],
        "Notes": [["anything"], ["at all"]],
        "evaluations": [["case_id", "evaluation_date", "report_present"],
                        *[[f"C{i % 70}", dt.date(2024, 6, 1 + i % 28), "oui"] for i in range(120)]],
        "sanctions": [["case_id", "decision_date"], ["C1", "01/05/2024"]],
    })


def _export_facts(path: Path) -> dict[str, list[Any]]:
    export = load_export([path])
    return {"cases": [(c.case_id, c.row, sorted(c.values.items()), len(c.evaluations), len(c.sanctions))
                      for c in export.cases],
            "inputs": [(i.table, i.rows, i.rejected) for i in export.inputs],
            "errors": [(e.table, e.row, e.column, e.message) for e in export.data_errors],
            "rejected": list(export.rejected)}


def test_parallel_and_sequential_sheet_parsing_read_the_same_export(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from piis_audit.inputs import xlsx_source

    path = _three_sheet_workbook(tmp_path)
    monkeypatch.setattr(xlsx_source, "usable_cores", lambda: 4)
    assert xlsx_source.parse_threads(4) == 4
    parallel = _export_facts(path)
    monkeypatch.setattr(xlsx_source, "MAX_PARSE_THREADS", 1)
    assert xlsx_source.parse_threads(4) == 1
    assert parallel == _export_facts(path)
    assert parallel["inputs"] == [("cases", 60, 0), ("evaluations", 120, 10), ("sanctions", 1, 0)]
    assert sum(c[3] for c in parallel["cases"]) == 110 and sum(c[4] for c in parallel["cases"]) == 1
    assert [(e[0], e[1]) for e in parallel["errors"]] == [
        ("Notes", None), ("cases", 9)] + [("evaluations", r) for r in range(62, 72)]


def test_parse_threads_never_exceed_sheets_or_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    from piis_audit.inputs import xlsx_source

    monkeypatch.setattr(xlsx_source, "usable_cores", lambda: 2)
    assert [xlsx_source.parse_threads(n) for n in (0, 1, 2, 3, 9)] == [1, 1, 2, 2, 2]
    monkeypatch.setattr(xlsx_source, "usable_cores", lambda: 1)
    assert xlsx_source.parse_threads(3) == 1


def test_usable_cores_follow_the_affinity_then_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    from piis_audit.inputs import xlsx_source

    monkeypatch.setattr(xlsx_source.os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    monkeypatch.setattr(xlsx_source.os, "cpu_count", lambda: 64)
    assert xlsx_source.usable_cores() == 3
    monkeypatch.delattr(xlsx_source.os, "sched_getaffinity")  # Windows, macOS
    assert xlsx_source.usable_cores() == 64
    monkeypatch.setattr(xlsx_source.os, "cpu_count", lambda: None)  # unknown: one core
    assert xlsx_source.usable_cores() == 1


@pytest.mark.parametrize("threads", [1, 4])
def test_a_damaged_sheet_is_fatal_and_named_first_in_sheet_order(tmp_path: Path, threads: int,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from piis_audit.inputs import xlsx_source

    monkeypatch.setattr(xlsx_source, "usable_cores", lambda: 4)
    monkeypatch.setattr(xlsx_source, "MAX_PARSE_THREADS", threads)
    good = _three_sheet_workbook(tmp_path)
    bad = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in ("xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"):
                data = data[: len(data) // 2]  # cut in the middle of an element
            target.writestr(item, data)
    with pytest.raises(InputError) as caught:
        load_export([bad])
    message = str(caught.value)
    assert message.startswith(f"{bad}: sheet 'evaluations' cannot be read"), message
