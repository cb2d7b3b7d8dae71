"""Every verdict explains itself, pass included (issue 12): on the bundled demo, every ``pass`` of
every question has a reason key its kind declares and a text in French, Dutch and English that
names what was checked and found (values and dates, fields by their labels, no placeholder left);
``explain`` of a six-month PIIS with one evaluation states that period's pro-rata minimum."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest
from rich.console import Console

from piis_audit.cli.common import load_inputs
from piis_audit.cli.explain import print_explanation
from piis_audit.engine.runner import run_audit
from piis_audit.i18n.render import LANGS, render
from piis_audit.model import AuditReport, Verdict
from piis_audit.questions import get_kind
from piis_audit.schema import TABLES
from tests.questions.fixture_rows import fixture_files, load_fixture_file

# every canonical field name with an underscore, and the derived facts' names: none may show in a text
FIELD_IDS = frozenset(f.name for table in TABLES.values() for f in table.fields if "_" in f.name) | {
    "piis_concluded", "piis_mandatory", "conclusion_date", "new_beneficiary", "mandatory_by_request"}
WORD = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")


@pytest.fixture(scope="module")
def demo() -> AuditReport:
    loaded = load_inputs(None, None, None, None, show_progress=False)
    return run_audit(loaded.export, loaded.checklist, loaded.as_of)


def test_every_pass_of_every_question_has_a_reason_in_three_languages(demo: AuditReport) -> None:
    checklist = demo.checklist
    seen: set[str] = set()
    problems: list[str] = []
    for cr in demo.cases:
        for result in cr.results:
            if result.verdict is not Verdict.PASS:
                continue
            seen.add(result.question)
            where = f"{cr.case.case_id} {result.question}"
            reason = result.reason
            if reason is None:
                problems.append(f"{where}: a pass without a reason")
                continue
            kind = get_kind(checklist.by_id[result.question].kind)
            if reason.key not in kind.reasons:
                problems.append(f"{where}: reason {reason.key} not declared by kind {kind.id}")
            for lang in LANGS:
                text = render(reason, checklist, result.question, lang)
                if not text.strip() or "{" in text or "}" in text:
                    problems.append(f"{where} ({lang}): {text!r}")
                ids = sorted(set(WORD.findall(text)) & FIELD_IDS)
                if ids:
                    problems.append(f"{where} ({lang}): field ids {ids} in {text!r}")
                if not re.search(r"\d", text):  # never a bare "compliant": the values and dates that made it pass
                    problems.append(f"{where} ({lang}): names no value or date: {text!r}")
    assert not problems, "\n".join(problems[:20])
    assert seen == {q.id for q in checklist.questions}, "the demo has a pass of every question"


def test_the_demo_json_gives_every_pass_its_reason_and_key() -> None:
    out = subprocess.run([sys.executable, "-m", "piis_audit", "audit", "--format", "json", "--lang", "nl"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 1, out.stderr  # the demo holds findings on purpose
    passes = [r for case in json.loads(out.stdout)["cases"] for r in case["results"] if r["verdict"] == "pass"]
    assert len(passes) > 1000
    assert [r for r in passes if not r["reason"] or not r["reason_key"]] == []
    assert not [r["reason"] for r in passes if "{" in r["reason"] or set(WORD.findall(r["reason"])) & FIELD_IDS]


@pytest.mark.parametrize(("lang", "minimum"), [("en", "pro-rata minimum of 1 for 184 days"),
                                               ("fr", "minimum prorata de 1 sur 184 jours"),
                                               ("nl", "pro-rataminimum van 1 over 184 dagen")])
def test_explain_of_a_six_month_piis_states_its_pro_rata_minimum(demo: AuditReport, lang: str, minimum: str) -> None:
    """RI-2025-00163: PIIS 16/05/2025 – 15/11/2025 (184 days), one formalised evaluation: max(1,
    ⌊3 · 184 / 365⌋) = 1 required, and the pass says so."""
    cr = next(c for c in demo.cases if c.case.case_id == "RI-2025-00163")
    assert cr.result("evaluations").verdict is Verdict.PASS
    buffer = io.StringIO()
    print_explanation(demo, cr, Console(file=buffer, width=400, highlight=False), lang)
    lines = [line for line in buffer.getvalue().splitlines() if "16/05/2025" in line and "15/11/2025" in line
             and minimum in line]
    assert len(lines) == 1, buffer.getvalue()


def test_every_pass_entry_of_the_fixtures_asserts_its_reason() -> None:
    missing = [f"{e.label} {qid}" for path in fixture_files() for e in load_fixture_file(path)
               for qid, verdict in e.raw["expect"].items()
               if verdict == "pass" and qid not in (e.raw.get("expect_reason") or {})]
    assert missing == []


def test_every_question_file_asserts_the_parameters_of_a_pass() -> None:
    for path in fixture_files():
        entries = load_fixture_file(path)
        qid = entries[0].file
        assert any(e.raw["expect"].get(qid) == "pass" and qid in (e.raw.get("expect_reason_params") or {})
                   for e in entries), f"{qid}: no pass entry with expect_reason_params"


@pytest.mark.parametrize("question", ["mandatory-mentions", "signatures", "student-mentions"])
def test_the_mentions_and_signatures_a_reason_lists_read_as_words_pass_or_fail(demo: AuditReport,
                                                                               question: str) -> None:
    """A list of mentions or signatures reads by each one's item label ("objectives", "the CPAS"),
    never by its field id (``mention_duration``) nor with the label's "Mention:" repeated."""
    checklist = demo.checklist
    texts = {verdict: [render(r.reason, checklist, question, lang) for cr in demo.cases
                       for r in (cr.result(question),) if r.verdict is verdict and r.reason is not None
                       for lang in LANGS]
             for verdict in (Verdict.PASS, Verdict.FAIL)}
    assert texts[Verdict.PASS] and texts[Verdict.FAIL], "the demo has a pass and a fail of the question"
    for text in texts[Verdict.PASS] + texts[Verdict.FAIL]:
        assert not set(WORD.findall(text)) & FIELD_IDS, text
        assert not re.search(r"Mention ?:|Vermelding:|Signed by|Signé par|Ondertekend door", text), text


def test_a_missing_signature_is_named_in_the_report_language(demo: AuditReport) -> None:
    cr = next(c for c in demo.cases if c.case.case_id == "RI-2024-00456")  # the third party did not sign
    reason = cr.result("signatures").reason
    assert reason is not None
    assert [render(reason, demo.checklist, "signatures", lang) for lang in ("fr", "nl", "en")] == [
        "signature manquante : le tiers", "handtekening ontbreekt: de derde partij", "signature missing: the third party"]


def test_no_reason_but_missing_data_names_a_field_by_its_id(demo: AuditReport) -> None:
    """Fails, pendings and not-applicables, and every note, name fields by their labels in the
    report's language ("Date of the social balance empty"). Only missing data names the column as
    the export must hold it, for the person who fixes the export or its --mapping."""
    checklist = demo.checklist
    problems: set[str] = set()
    for cr in demo.cases:
        for result in cr.results:
            messages = [*([result.reason] if result.reason and result.verdict is not Verdict.MISSING_DATA else []),
                        *result.notes]
            for message in messages:
                for lang in LANGS:
                    text = render(message, checklist, result.question, lang)
                    if set(WORD.findall(text)) & FIELD_IDS:
                        problems.add(f"{result.question} {message.key} ({lang}): {text}")
    assert sorted(problems)[:10] == []
