"""CSV: UTF-8 with BOM, ';', one row per result, stable ids, no formula can be injected."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

from piis_audit.formats.csv import COLUMNS, CsvFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.model import AuditReport


def _read(report: AuditReport, lang: str = "en", redact: bool = False) -> tuple[bytes, list[dict[str, str]]]:
    data = CsvFormat().render(report, FormatOptions(lang, redact))
    text = data.decode("utf-8-sig")
    return data, list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_bom_delimiter_and_header(report: AuditReport) -> None:
    data, rows = _read(report)
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header == ";".join(COLUMNS)


def test_one_row_per_result_with_stable_ids(report: AuditReport) -> None:
    _, rows = _read(report, "fr")
    assert len(rows) == sum(len(cr.results) for cr in report.cases)
    assert {r["verdict"] for r in rows} == {"pass", "fail", "pending", "not_applicable", "missing_data"}
    assert {r["question"] for r in rows} == {q.id for q in report.checklist.questions}
    first = rows[0]
    assert first["case_id"] == "D0001" and first["question"] == "deadline" and first["verdict"] == "fail"
    assert first["reason"].startswith("signé le 01/03/2026")  # reason text in the chosen language
    assert first["due_date"] == "16/02/2026"
    assert first["baseline"] == "new"
    subsidy = next(r for r in rows if r["case_id"] == "D0001" and r["question"] == "increased-subsidy")
    assert subsidy["money_at_risk"] == "1314,20"
    waived = [r for r in rows if r["waived"] == "true"]
    assert [(r["case_id"], r["question"]) for r in waived] == [("D0002", "deadline")]


def test_formula_injection_is_neutralised(report: AuditReport, canned: SimpleNamespace) -> None:
    _, rows = _read(report)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert any(r["case_id"] == "'" + canned.FORMULA for r in rows)
    assert any(r["social_worker"] == "'" + canned.CMD for r in rows)
    assert any(r["beneficiary_name"] == canned.SCRIPT for r in rows)  # text, kept as is


def test_redact_drops_the_name_column(report: AuditReport) -> None:
    data, rows = _read(report, redact=True)
    assert "beneficiary_name" not in rows[0]
    assert b"Marie Lambert" not in data and b"Jan Peeters" not in data
    assert b"Marie Lambert" in CsvFormat().render(report, FormatOptions("en"))
