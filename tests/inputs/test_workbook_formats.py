"""The same export as an Excel 2007+ workbook (.xlsx), an Excel 97-2003 workbook (.xls) and an
OpenDocument spreadsheet (.ods, LibreOffice): the same cases, values and data errors, and the same
verdicts through the command line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from inputs_helpers import write_ods, write_xlsx
from typer.testing import CliRunner
from workbook_rows import SHEETS

from piis_audit.cli.app import app
from piis_audit.inputs import InputError, load_export

XLS_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "export.xls"


def workbook(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"export{suffix}"
    if suffix == ".xlsx":
        return write_xlsx(path, SHEETS)
    if suffix == ".ods":
        return write_ods(path, SHEETS)
    shutil.copyfile(XLS_FIXTURE, path)
    return path


def facts(path: Path) -> dict[str, Any]:
    export = load_export([path])
    return {"cases": [(c.case_id, c.row, sorted(c.values.items()), sorted(c.invalid),
                       [(e.evaluation_date, e.report_present) for e in c.evaluations]) for c in export.cases],
            "inputs": [(i.table, i.rows, i.rejected) for i in export.inputs],
            "errors": [(e.table, e.row, e.column, e.value, e.message) for e in export.data_errors]}


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_every_workbook_format_reads_like_xlsx(tmp_path: Path, suffix: str) -> None:
    expected = facts(workbook(tmp_path, ".xlsx"))
    assert facts(workbook(tmp_path, suffix)) == expected
    # and what they all read is right
    export = load_export([workbook(tmp_path, suffix)])
    first, second, third = export.cases
    assert [c.case_id for c in export.cases] == ["12345", "RI-2024-002", "RI-2024-003"]
    assert (first.get("ri_decision_date"), first.get("piis_signed_date"), first.get("signed_cpas"),
            first.get("ri_monthly_amount")) == (dt.date(2024, 3, 17), dt.date(2024, 5, 2), True, Decimal("1314.2"))
    assert (second.get("ri_decision_date"), second.get("signed_cpas"), second.get("signed_beneficiary"),
            second.get("ri_monthly_amount")) == (dt.date(2024, 3, 18), False, True, Decimal("1314.20"))
    assert third.get("birth_date") is None and "birth_date" not in third.invalid  # empty: unknown
    assert [(e.evaluation_date, e.report_present) for e in first.evaluations] == [(dt.date(2024, 9, 1), True)]
    assert [(e.table, e.row, e.column, e.value) for e in export.data_errors] == [
        ("cases", 3, "Date de signature", "31/02/2024"),
        ("evaluations", 3, "dossiernummer", "RI-2024-404")]
    assert [(i.table, i.rows, i.rejected) for i in export.inputs] == [("cases", 3, 0), ("evaluations", 2, 1)]


def _verdicts(path: Path) -> dict[str, dict[str, str]]:
    result = CliRunner().invoke(app, ["audit", str(path), "--as-of", "2026-11-26", "--format", "json", "--quiet"])
    assert result.exit_code in (0, 1), result.stderr
    doc = json.loads(result.stdout)
    return {c["case_id"]: {r["question"]: r["verdict"] for r in c["results"]} for c in doc["cases"]}


def test_the_command_line_audits_xls_and_ods_like_xlsx(tmp_path: Path) -> None:
    expected = _verdicts(workbook(tmp_path, ".xlsx"))
    assert len(expected) == 3 and expected["12345"]["social-balance"] == "pass"
    assert _verdicts(workbook(tmp_path, ".xls")) == expected
    assert _verdicts(workbook(tmp_path, ".ods")) == expected


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".xlsb"])
def test_a_damaged_workbook_names_its_own_format(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_bytes(b"this is not a spreadsheet at all")
    with pytest.raises(InputError) as caught:
        load_export([path])
    assert str(caught.value).startswith(f"{path} is not a readable {suffix} workbook (corrupt, or another "
                                        "format renamed): ")


def _refusal(path: Path, content: bytes) -> str:
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_export([path])
    return str(caught.value)


def test_apple_numbers_and_other_files_are_refused_with_what_to_do(tmp_path: Path) -> None:
    numbers, pdf = tmp_path / "export.numbers", tmp_path / "export.pdf"
    assert _refusal(numbers, b"PK") == (f"{numbers}: .numbers files are not read; open it and save it as .xlsx "
                                        "(Excel workbook) or .csv")
    assert _refusal(pdf, b"%PDF-1.4") == (f"{pdf} is not a .csv file or a workbook (.xlsx, .xlsm, .xlsb, .xls, "
                                          ".ods), nor a folder of .csv files")
