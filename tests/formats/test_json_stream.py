"""The JSON result streamed a chunk of cases at a time is the same document as one built whole
from the case objects; and the writer from the result frames (a report straight from the audit)
writes byte for byte what the object path writes for the same cases."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.runner import CaseResults, run_audit
from piis_audit.formats import json as json_format
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.json import report_dict, stream
from piis_audit.formats.json_layout import FACT_KEYS
from piis_audit.formats.rows import prepare
from piis_audit.inputs.loader import load_export
from piis_audit.model import AuditReport, Facts, Waiver

from spoiled_export import with_marks, write_spoiled_export


def test_streamed_json_equals_the_whole_document(report: AuditReport) -> None:
    for options in (FormatOptions(lang="fr"), FormatOptions(lang="en", redact=True)):
        for batch in (1, 2, 500):
            out = io.BytesIO()
            stream(report, options, out, batch=batch)
            streamed = json.loads(out.getvalue())
            whole = json.loads(json.dumps(report_dict(prepare(report, options), options), ensure_ascii=False))
            assert streamed == whole
            assert len(streamed["cases"]) == len(report.cases) >= 2


@pytest.fixture(scope="module")
def demo() -> AuditReport:
    return run_audit(load_export([DEMO_EXPORT_DIR]), load_checklist(), DEMO_AS_OF)


@pytest.fixture(scope="module")
def spoiled(tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    folder = write_spoiled_export(tmp_path_factory.mktemp("spoiled") / "export", cases=1_200)
    return run_audit(load_export([folder]), load_checklist(), DEMO_AS_OF)


def _as_objects(report: AuditReport) -> AuditReport:
    """The same report with its cases as a tuple of case objects (the object path)."""
    return dataclasses.replace(report, cases=tuple(report.cases))


def _written(report: AuditReport, options: FormatOptions, batch: int | None = None) -> bytes:
    out = io.BytesIO()
    stream(report, options, out, batch=batch)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
@pytest.mark.parametrize("which", ["demo", "spoiled"])
def test_the_frame_writer_writes_what_the_object_writer_writes(which: str, lang: str,
                                                               request: pytest.FixtureRequest) -> None:
    report: AuditReport = request.getfixturevalue(which)
    assert isinstance(report.cases, CaseResults)
    options = FormatOptions(lang=lang)
    from_frames = _written(report, options, batch=137)  # chunks that do not divide the cases
    assert from_frames == _written(_as_objects(report), options)
    document = json.loads(from_frames)
    assert len(document["cases"]) == len(report.cases)
    if which == "spoiled":  # what the comparison covers really is in it
        assert document["data_errors"] and document["missing_columns"]
        assert any(c["social_worker"] and '"' in c["social_worker"] for c in document["cases"])
        verdicts = {r["verdict"] for c in document["cases"] for r in c["results"]}
        assert verdicts == {"pass", "fail", "pending", "not_applicable", "missing_data"}


def test_the_frame_writer_is_the_one_taken_for_a_report_from_the_audit(demo: AuditReport,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # No case object is built: reading one would fail.
    monkeypatch.setattr(CaseResults, "_build", lambda self, k: pytest.fail("a case object was built"))
    document = json.loads(_written(demo, FormatOptions(lang="en")))
    assert len(document["cases"]) == len(demo.cases) == 400


def test_redacted_json_from_an_audit_leaves_out_names_and_ages(spoiled: AuditReport) -> None:
    options = FormatOptions(lang="fr", redact=True)
    document = json.loads(_written(spoiled, options))
    assert document["redacted"] is True
    assert all("beneficiary_name" not in c and "age" not in c["facts"] for c in document["cases"])
    assert document == json.loads(json.dumps(report_dict(prepare(spoiled, options), options), ensure_ascii=False))


def test_the_facts_layout_is_the_model_s() -> None:
    facts = Facts(age=None, new_beneficiary=None, piis_mandatory=None, mandatory_reason=None,
                  mandatory_by_request=False, piis_concluded=None, conclusion_date=None, exempted=None,
                  deadline=None, deadline_from=None)
    assert tuple(facts.as_dict()) == FACT_KEYS


def test_waiver_and_baseline_columns_are_written(demo: AuditReport) -> None:
    import datetime as dt

    waiver = Waiver(case_id=demo.cases[0].case.case_id, question="deadline", justification='accord "écrit"',
                    approved_by="Directrice", expires=dt.date(2027, 1, 31))
    document = json.loads(_written(with_marks(demo, (waiver,)), FormatOptions(lang="fr")))
    first = {r["question"]: r for r in document["cases"][0]["results"]}
    assert first["deadline"]["waived"] == {"justification": 'accord "écrit"', "approved_by": "Directrice",
                                           "expires": "2027-01-31"}
    assert document["summary"]["waived"] == 1
    every = [r for c in document["cases"] for r in c["results"]]
    assert sum("waived" in r for r in every) == 1
    assert all(r.get("baseline") == {"fail": "new", "pass": "known"}.get(r["verdict"]) for r in every)
    assert sum(r.get("baseline") == "new" for r in every) == document["summary"]["verdicts"]["fail"]


def test_json_to_a_file_is_the_document_written_to_a_stream(demo: AuditReport, tmp_path: Path) -> None:
    options = FormatOptions(lang="nl")
    json_format.JsonFormat().write(demo, tmp_path / "r.json", options)
    assert (tmp_path / "r.json").read_bytes() == _written(demo, options)
