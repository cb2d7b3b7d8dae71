"""The HTML report of a report straight from the audit (control data, summary, heatmap and
annexes read from the result frames) is byte for byte the report the object path writes, on the
demo and on a spoiled export, in every language; waiver and baseline columns on the frames show."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.runner import CaseResults, run_audit
from piis_audit.formats.html import HtmlFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.summary import overview
from piis_audit.inputs.loader import load_export
from piis_audit.i18n.render import ui
from piis_audit.model import AuditReport, Verdict, Waiver

from spoiled_export import with_marks, write_spoiled_export


@pytest.fixture(scope="module")
def demo() -> AuditReport:
    return run_audit(load_export([DEMO_EXPORT_DIR]), load_checklist(), DEMO_AS_OF)


@pytest.fixture(scope="module")
def spoiled(tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    folder = write_spoiled_export(tmp_path_factory.mktemp("spoiled") / "export", cases=800, seed=5)
    return run_audit(load_export([folder]), load_checklist(), DEMO_AS_OF)


def _objects(report: AuditReport) -> AuditReport:
    return dataclasses.replace(report, cases=tuple(report.cases))


def _data(html: bytes) -> dict:
    found = re.search(rb'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
@pytest.mark.parametrize("which", ["demo", "spoiled"])
def test_the_html_from_the_frames_is_the_html_from_the_objects(which: str, lang: str,
                                                              request: pytest.FixtureRequest) -> None:
    report: AuditReport = request.getfixturevalue(which)
    assert isinstance(report.cases, CaseResults)
    options = FormatOptions(lang=lang)
    from_frames = HtmlFormat().render(report, options)
    assert from_frames == HtmlFormat().render(_objects(report), options)
    data = _data(from_frames)
    assert len(data["cases"]) == len(report.cases)
    if which == "spoiled":  # what the comparison covers really is in it
        assert any(case[6] for case in data["cases"])  # the unknown column
        assert "Dupont \"Jr\"" in data["workers"] or "Dupont \"Jr\"" in data["offices"]


def test_the_overview_from_the_frames_is_the_overview_from_the_objects(spoiled: AuditReport) -> None:
    assert overview(spoiled, "fr") == overview(_objects(spoiled), "fr")
    assert overview(spoiled, "fr").counts  # not trivially equal


def test_waiver_and_baseline_columns_show_in_the_html(demo: AuditReport) -> None:
    waiver = Waiver(case_id=demo.cases[0].case.case_id, question="deadline", justification="<b>accord</b>",
                    approved_by="Directrice", expires=dt.date(2027, 1, 31))
    marked = with_marks(demo, (waiver,))
    html = HtmlFormat().render(marked, FormatOptions(lang="en"))
    data = _data(html)
    questions = [q[0] for q in data["questions"]]
    code = data["cases"][0][4][questions.index("deadline")]
    assert int(code) >= 5  # waived
    detail = data["details"][0][questions.index("deadline")]
    assert data["strings"][detail[4]] == "<b>accord</b> (Directrice)"
    assert b"<b>accord</b>" not in html  # escaped inside the script data
    ov = overview(marked, "en")
    assert ov.waived == 1
    marks = [data["strings"][d[5]] for case in data["details"] for d in case if d and len(d) > 5 and d[5]]
    decided = sum(ov.counts[v] for v in (Verdict.PASS, Verdict.FAIL)) + ov.waived
    assert len(marks) == decided and set(marks) == {ui("reports.baseline.new", "en"), ui("reports.baseline.known", "en")}
