"""Parameters a CPAS can change safely: every one declares its type and range, the texts take
their numbers from them (in fr, nl and en), and an expression over an empty value is unknown."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from piis_audit.checklist.loader import GLOBAL_PARAMS, bundled_checklist_path
from piis_audit.engine.checklists import load_checklist, parse_checklist
from piis_audit.checklist.params import ParamSpec
from piis_audit.cli.app import app
from piis_audit.cli.explain import print_explanation
from piis_audit.engine.runner import run_audit
from piis_audit.i18n.render import render
from piis_audit.inputs.loader import load_export
from piis_audit.model import Verdict
from piis_audit.questions import REGISTRY, get_kind

BUNDLED = bundled_checklist_path().read_text(encoding="utf-8")
AS_OF = dt.date(2026, 11, 26)


def with_deadline_months(months: int) -> str:
    old = "  deadline_months:\n    value: 3"
    assert old in BUNDLED
    return BUNDLED.replace(old, f"  deadline_months:\n    value: {months}", 1)


def write_cases(tmp_path: Path, header: str, *rows: str) -> Path:
    """A cases.csv as a Belgian export writes it: ';', Windows-1252, dd/mm/yyyy, oui/non."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "cases.csv").write_text("\r\n".join([header, *rows]) + "\r\n", encoding="cp1252")
    return folder


def test_every_parameter_declares_type_and_range() -> None:
    specs: dict[str, ParamSpec] = dict(GLOBAL_PARAMS)
    for kind_id in REGISTRY:
        specs.update(get_kind(kind_id).params)
    assert all(isinstance(spec, ParamSpec) for spec in specs.values())
    numeric = {name: spec for name, spec in specs.items() if spec.type in (int, float)}
    assert numeric and all(spec.minimum is not None and spec.maximum is not None for spec in numeric.values())
    assert GLOBAL_PARAMS["subsidy_rate"].problem(10) is not None and GLOBAL_PARAMS["subsidy_rate"].problem(0.1) is None
    assert GLOBAL_PARAMS["deadline_months"].problem(-3) is not None
    assert GLOBAL_PARAMS["deadline_months"].problem(True) is not None  # a yes/no is not a number


def test_the_bundled_checklist_offers_only_parameters_something_reads() -> None:
    checklist = load_checklist()
    assert "saturday_is_working_day" not in checklist.parameters
    assert "reactivation_max_interruption_months" not in checklist.parameters
    assert set(checklist.parameters) == set(GLOBAL_PARAMS)


def test_lint_reports_out_of_range_values_with_their_lines(tmp_path: Path) -> None:
    text = with_deadline_months(-3).replace("    value: 0.10", "    value: 10", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["checklist", "lint", str(path)])
    assert result.exit_code == 2
    lines = text.splitlines()
    months_line = lines.index("    value: -3") + 1
    rate_line = lines.index("    value: 10") + 1
    assert f"bad.yaml:{months_line}: parameter 'deadline_months': -3 is out of range" in result.stderr
    assert f"bad.yaml:{rate_line}: parameter 'subsidy_rate': 10 is out of range" in result.stderr
    assert "2 problem(s)" in result.stderr


@pytest.mark.parametrize(("lang", "written"), [("en", "+ 4 months"), ("fr", "+ 4 mois"), ("nl", "+ 4 maanden")])
def test_reason_follows_deadline_months(tmp_path: Path, lang: str, written: str) -> None:
    checklist = parse_checklist(with_deadline_months(4), "four.yaml")
    export = load_export([write_cases(
        tmp_path, "case_id;birth_date;ri_decision_date;piis_signed_date;full_time_studies;employment_trajectory;"
                  "ri_in_previous_3_months",
        "C1;01/01/2003;15/01/2026;10/05/2026;oui;non;non",  # under 25, studies: mandatory; 4 months -> 14/05
        "C2;01/01/2003;15/01/2026;20/05/2026;oui;non;non")])
    report = run_audit(export, checklist, AS_OF)
    on_time, late = (cr.result("deadline") for cr in report.cases)
    assert (on_time.verdict, late.verdict) == (Verdict.PASS, Verdict.FAIL)
    for result in (on_time, late):
        assert result.reason is not None
        text = render(result.reason, checklist, "deadline", lang)
        assert written in text and "14/05/2026" in text
        assert "+ 3 " not in text
    buffer = io.StringIO()
    print_explanation(report, report.cases[0], Console(file=buffer, width=400, highlight=False), lang)
    assert written in buffer.getvalue()


def test_titles_and_remediation_take_their_numbers_from_the_parameters() -> None:
    checklist = parse_checklist(with_deadline_months(4).replace("    value: 0.10", "    value: 0.12", 1))
    deadline = checklist.by_id["deadline"]
    assert "dans les 4 mois" in deadline.remediation["fr"] and "within 4 months" in deadline.remediation["en"]
    assert "binnen 4 maanden" in deadline.remediation["nl"]
    subsidy = checklist.by_id["increased-subsidy"]
    assert "(12 %)" in subsidy.title["fr"] and "(12 %)" in subsidy.title["nl"]
    assert "Claim the 12 % only" in subsidy.remediation["en"]
    assert "{" not in "".join(t for q in checklist.questions for texts in (q.title, q.remediation) for t in texts.values())


def test_the_bundled_checklist_writes_no_parameter_value_literally() -> None:
    load_checklist()  # lint would refuse "3 mois" next to deadline_months = 3


def test_an_expression_over_an_empty_value_is_missing_data(tmp_path: Path) -> None:
    text = BUNDLED.replace('applies_if: "piis_type == \'student\'"', 'applies_if: "len(piis_type) > 0"', 1)
    checklist = parse_checklist(text)
    export = load_export([write_cases(
        tmp_path, "case_id;birth_date;ri_decision_date;piis_signed_date;piis_type",
        "C1;01/01/1990;15/01/2026;10/02/2026;",
        "C2;01/01/1990;15/01/2026;10/02/2026;student")])
    report = run_audit(export, checklist, AS_OF)
    empty, student = (cr.result("student-mentions") for cr in report.cases)
    assert empty.verdict is Verdict.MISSING_DATA
    assert empty.reason is not None and empty.reason.params["fields"] == ["piis_type"]
    assert student.verdict is not Verdict.MISSING_DATA or student.reason.params["fields"] != ["piis_type"]


def test_an_ordering_comparison_with_an_empty_date_is_missing_data(tmp_path: Path) -> None:
    text = BUNDLED.replace('applies_if: "has_sanctions"', 'applies_if: "ri_end_date < deadline"', 1)
    checklist = parse_checklist(text)
    export = load_export([write_cases(
        tmp_path, "case_id;birth_date;ri_decision_date;piis_signed_date;ri_end_date;full_time_studies",
        "C1;01/01/2003;15/01/2026;10/02/2026;;oui")])
    result = run_audit(export, checklist, AS_OF).cases[0].result("sanctions")
    assert result.verdict is Verdict.MISSING_DATA
    assert result.reason is not None and result.reason.params["fields"] == ["ri_end_date"]


def test_checklist_show_lists_the_valid_values_and_the_fingerprint() -> None:
    result = CliRunner().invoke(app, ["checklist", "show", "--lang", "en"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert load_checklist().fingerprint in result.stdout
    row = next(line for line in result.stdout.splitlines() if "subsidy_rate" in line)
    assert "0–1" in row
    assert "Days to reflect before signing: 5 (valid: 0–60) [reflection_days]" in result.stdout


@pytest.mark.parametrize("end", ["minimum", "maximum"])
def test_every_parameter_at_the_end_of_its_range_audits_the_demo(end: str) -> None:
    """Any value lint accepts can be audited: every numeric parameter at its minimum, then at
    its maximum, over the demo export (no exception; every case gets its results)."""
    import dataclasses

    from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR

    base = load_checklist()

    def extreme(spec: ParamSpec, value: object) -> object:
        if spec.type not in (int, float) or isinstance(value, bool):
            return value
        return getattr(spec, end)

    parameters = {name: dataclasses.replace(p, value=extreme(GLOBAL_PARAMS[name], p.value))
                  for name, p in base.parameters.items()}
    questions = tuple(dataclasses.replace(q, params={k: extreme(get_kind(q.kind).params[k], v) for k, v in q.params.items()})
                      for q in base.questions)
    checklist = dataclasses.replace(base, parameters=parameters, questions=questions, by_id={}, values={})
    export = load_export([DEMO_EXPORT_DIR])
    report = run_audit(export, checklist, DEMO_AS_OF)
    assert len(report.cases) == len(export.cases)
    assert all(len(cr.results) == len(checklist.questions) for cr in report.cases)
