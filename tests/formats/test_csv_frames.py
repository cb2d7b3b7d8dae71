"""The CSV written from the result frames (a report straight from the audit) is byte for byte the
CSV written from the report's rows, on the demo and on a spoiled export, in every language."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest

from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.runner import CaseResults, run_audit
from piis_audit.formats import csv as csv_format
from piis_audit.formats.csv import CsvFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.inputs.loader import load_export
from piis_audit.model import AuditReport, Waiver

from spoiled_export import with_marks, write_spoiled_export


@pytest.fixture(scope="module")
def demo() -> AuditReport:
    return run_audit(load_export([DEMO_EXPORT_DIR]), load_checklist(), DEMO_AS_OF)


@pytest.fixture(scope="module")
def spoiled(tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    folder = write_spoiled_export(tmp_path_factory.mktemp("spoiled") / "export", cases=900, seed=11)
    return run_audit(load_export([folder]), load_checklist(), DEMO_AS_OF)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
@pytest.mark.parametrize("which", ["demo", "spoiled"])
def test_frame_cells_are_the_row_cells(which: str, lang: str, request: pytest.FixtureRequest,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    report: AuditReport = request.getfixturevalue(which)
    assert isinstance(report.cases, CaseResults)
    options = FormatOptions(lang=lang)
    objects = CsvFormat().render(dataclasses.replace(report, cases=tuple(report.cases)), options)
    monkeypatch.setattr(csv_format, "CHUNK_CASES", 97)  # chunks that do not divide the cases
    frames = CsvFormat().render(report, options)
    assert frames == objects
    rows = _rows(frames)
    assert len(rows) == len(report.cases) * len(report.checklist.questions)
    if which == "spoiled":  # quoting and the formula guard are really exercised
        assert b'"Dupont ""Jr"""' in frames and b'"semi;colon"' in frames
        assert any(r["social_worker"] == "'=SUM(A1)" for r in rows)


def test_waiver_and_baseline_columns_from_the_frames(demo: AuditReport) -> None:
    waiver = Waiver(case_id=demo.cases[0].case.case_id, question="deadline", justification="=accord",
                    approved_by="Directrice", expires=dt.date(2027, 1, 31))
    rows = _rows(CsvFormat().render(with_marks(demo, (waiver,)), FormatOptions(lang="en")))
    waived = [r for r in rows if r["waived"] == "true"]
    assert [(r["case_id"], r["question"], r["waiver"]) for r in waived] == [
        (demo.cases[0].case.case_id, "deadline", "'=accord (Directrice)")]
    assert all(r["baseline"] == {"fail": "new", "pass": "known"}.get(r["verdict"], "") for r in rows)
