"""``explain``: the values used are named by their label in the reader's language, and a value
from the export cannot restyle the output."""

from __future__ import annotations

import dataclasses
import io

import pytest
from rich.console import Console

from piis_audit.cli.common import load_inputs
from piis_audit.cli.explain import print_explanation
from piis_audit.engine.runner import run_audit
from piis_audit.model import AuditReport, CaseReport


@pytest.fixture(scope="module")
def demo() -> AuditReport:
    loaded = load_inputs(None, None, None, None, show_progress=False)
    return run_audit(loaded.export, loaded.checklist, loaded.as_of)


def _concluded(report: AuditReport) -> CaseReport:
    return next(cr for cr in report.cases if "piis_signed_date" in cr.result("social-balance").evidence)


def _explain(report: AuditReport, cr: CaseReport, lang: str) -> str:
    buffer = io.StringIO()
    print_explanation(report, cr, Console(file=buffer, width=400, highlight=False), lang)
    return buffer.getvalue()


@pytest.mark.parametrize(("lang", "label"), [("fr", "Date de signature du PIIS"),
                                             ("nl", "Datum ondertekening GPMI"),
                                             ("en", "PIIS signature date")])
def test_values_used_are_labelled(demo: AuditReport, lang: str, label: str) -> None:
    cr = _concluded(demo)
    signed = cr.result("social-balance").evidence["piis_signed_date"].strftime("%d/%m/%Y")
    lines = [line for line in _explain(demo, cr, lang).splitlines() if f"{label} = {signed}" in line]
    assert lines, (lang, label)
    assert "piis_signed_date =" not in "\n".join(lines)


def test_values_used_cannot_inject_markup(demo: AuditReport) -> None:
    cr = _concluded(demo)
    result = dataclasses.replace(cr.result("social-balance"),
                                 evidence={"third_party": "[bold red]x[/bold red]", "local_column": "[/]"})
    patched = dataclasses.replace(cr, results=tuple(result if r.question == "social-balance" else r
                                                    for r in cr.results))
    text = _explain(demo, patched, "en")
    assert "Third party = [bold red]x[/bold red], local_column = [/]" in text


def test_names_and_reasons_from_the_export_cannot_inject_markup(demo: AuditReport) -> None:
    cr = _concluded(demo)
    hostile = "[bold red]Evil[/bold red] \x1b[31m"
    case = dataclasses.replace(cr.case, case_id=hostile, values={**cr.case.values, "social_worker": hostile})
    reason_result = next(r for r in cr.results if r.reason is not None)
    patched_reason = dataclasses.replace(reason_result.reason, params={
        k: hostile if isinstance(v, str) else v for k, v in reason_result.reason.params.items()})
    results = tuple(dataclasses.replace(r, reason=patched_reason) if r is reason_result else r for r in cr.results)
    text = _explain(demo, dataclasses.replace(cr, case=case, results=results), "en")
    assert text.count("[bold red]Evil[/bold red]") >= 2  # printed literally, not obeyed
    assert "\x1b[31m" not in text


@pytest.mark.parametrize(("lang", "values_used", "deadline_failed"), [
    ("fr", "valeurs utilisées\u00a0: ", "Résultat de la question 2 = non conforme"),
    ("nl", "gebruikte waarden: ", "= niet in orde"),
    ("en", "values used: ", "= fail"),
])
def test_the_verdicts_a_question_rests_on_are_shown_in_words(demo: AuditReport, lang: str, values_used: str,
                                                             deadline_failed: str) -> None:
    from piis_audit.model import Verdict

    cr = next(c for c in demo.cases if c.result("increased-subsidy").evidence.get("result:deadline") is Verdict.FAIL)
    text = _explain(demo, cr, lang)
    line = next(line for line in text.splitlines() if "result:deadline" in line or deadline_failed in line)
    assert deadline_failed in line and line.lstrip().startswith(values_used.strip()), line
    assert "= pass" not in text or lang == "en"


def test_format_value_of_a_verdict_follows_the_language() -> None:
    from piis_audit.i18n.render import format_value
    from piis_audit.model import Verdict

    assert [format_value(Verdict.PASS, lang) for lang in ("fr", "nl", "en")] == ["conforme", "in orde", "pass"]
    assert format_value(Verdict.MISSING_DATA, "fr") == "données manquantes"
