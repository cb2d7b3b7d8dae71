"""A suspension that ends before it starts, or lasts no day, is a data error of its cells (the
issue: such a sanction passed ``sanctions``), read from a Belgian CSV folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from inputs_helpers import write_csv

from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.runner import run_audit
from piis_audit.i18n.render import data_error_text
from piis_audit.inputs import load_export
from piis_audit.model import Verdict

SANCTION_HEADER = ["case_id", "decision_date", "warning_date", "hearing_invitation_date",
                   "social_worker_advice_date", "motivation", "notified_date", "start_date",
                   "end_date", "duration_days"]
GOOD = ["10/02/2025", "20/01/2025", "27/01/2025", "05/02/2025", "Absences", "12/02/2025"]


def _export(tmp_path: Path, *sanctions: list[str]) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    write_csv(folder / "cases.csv", [["case_id", "ri_decision_date", "piis_signed_date"],
                                     ["S1", "02/09/2024", "23/09/2024"]], encoding="cp1252")
    write_csv(folder / "sanctions.csv", [SANCTION_HEADER, *sanctions], encoding="cp1252")
    return folder


def test_end_before_start_is_a_data_error_on_both_cells_and_missing_data(tmp_path: Path) -> None:
    folder = _export(tmp_path, ["S1", *GOOD, "01/03/2025", "15/02/2025", ""])
    export = load_export([folder])
    errors = [e for e in export.data_errors if e.table == "sanctions"]
    assert [(e.row, e.column, e.value) for e in errors] == [
        (2, "start_date", "01/03/2025"), (2, "end_date", "15/02/2025")]
    assert all(e.text is not None and e.text.key == "inputs.value.period_end_before_start" for e in errors)
    assert "ends on 15/02/2025, before it starts on 01/03/2025" in errors[0].message
    assert "période impossible" in data_error_text(errors[0], "fr")
    assert "onmogelijke periode" in data_error_text(errors[0], "nl")
    (sanction,) = export.cases[0].sanctions
    assert sanction.start_date is None and sanction.end_date is None
    assert {"start_date", "end_date"} <= sanction.invalid
    report = run_audit(export, load_checklist(), dt.date(2025, 6, 1))
    result = report.cases[0].result("sanctions")
    assert result.verdict is Verdict.MISSING_DATA
    assert result.reason is not None and result.reason.key == "common.missing.invalid"
    assert list(result.reason.params["fields"]) == ["start_date", "end_date"]


def test_zero_day_duration_is_a_data_error(tmp_path: Path) -> None:
    folder = _export(tmp_path, ["S1", *GOOD, "01/03/2025", "", "0"])
    export = load_export([folder])
    (error,) = [e for e in export.data_errors if e.table == "sanctions"]
    assert (error.row, error.column, error.value) == (2, "duration_days", "0")
    assert error.text is not None and error.text.key == "inputs.value.duration_not_positive"
    report = run_audit(export, load_checklist(), dt.date(2025, 6, 1))
    assert report.cases[0].result("sanctions").verdict is Verdict.MISSING_DATA


def test_a_one_day_suspension_is_possible(tmp_path: Path) -> None:
    folder = _export(tmp_path, ["S1", *GOOD, "01/03/2025", "01/03/2025", ""],
                     ["S1", "10/09/2025", "20/08/2025", "27/08/2025", "05/09/2025", "x", "12/09/2025",
                      "01/10/2025", "", "1"])
    export = load_export([folder])
    assert [e for e in export.data_errors if e.table == "sanctions"] == []
    assert [s.end_date for s in export.cases[0].sanctions] == [dt.date(2025, 3, 1), None]
