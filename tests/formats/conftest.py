"""One canned AuditReport shared by every formatter test (pip-audit style).

Built by hand from the dataclasses, independent of the engine and of the bundled checklist:
two questions more than needed would hide nothing, so it has four questions, three social
workers, every verdict, a waived failure, money at risk, data errors, and hostile text wherever
case data reaches a report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from piis_audit.checklist.model import Checklist, Question
from piis_audit.model import (
    AuditReport,
    Case,
    CaseReport,
    DataError,
    ExportData,
    Facts,
    InputSummary,
    Message,
    RejectedRow,
    Result,
    Verdict,
    Waiver,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://x")'
CMD = "+cmd"
HOSTILE = (SCRIPT, IMG, FORMULA, CMD)
NISS = "85.07.30-033.61"  # a national number in an unknown column: personal, removed by --redact
NAMES = ("Marie Lambert", "Jan Peeters", SCRIPT, IMG, FORMULA, CMD)


def _q(qid: str, en: str, fr: str, nl: str, reasons: dict[str, dict[str, str]], basis: tuple[str, ...],
       line: int) -> Question:
    return Question(
        id=qid, kind=qid, title={"en": en, "fr": fr, "nl": nl}, legal_basis=basis, severity="major",
        applies_if=None, params={}, depends_on=(), reasons=reasons,
        remediation={"en": f"Fix {en.lower()}", "fr": f"Corriger : {fr.lower()}", "nl": f"Herstel: {nl.lower()}"},
        line=line, inspection_wording=f"Wording for {qid}")


QUESTIONS = (
    _q("deadline", "Concluded within the deadline", "Conclu dans le délai", "Gesloten binnen de termijn",
       {"late": {"en": "signed {signed}, {days} days after the deadline of {deadline}",
                 "fr": "signé le {signed}, {days} jours après l'échéance du {deadline}",
                 "nl": "ondertekend op {signed}, {days} dagen na de termijn van {deadline}"},
        "open": {"en": "not signed yet, deadline {deadline}", "fr": "pas encore signé, échéance {deadline}",
                 "nl": "nog niet ondertekend, termijn {deadline}"}},
       ("loi 26/05/2002 art. 11", "circulaire §4.1"), 10),
    _q("signatures", "Signed by the parties", "Signé par les parties", "Ondertekend door de partijen",
       {"missing": {"en": "missing signature: {parties}", "fr": "signature manquante : {parties}",
                    "nl": "ontbrekende handtekening: {parties}"}},
       ("circulaire §2.2",), 20),
    _q("evaluations", "Three evaluations a year", "Trois évaluations par an", "Drie evaluaties per jaar",
       {"short": {"en": "{count} evaluation(s) in window {window}",
                  "fr": "{count} évaluation(s) dans la période {window}",
                  "nl": "{count} evaluatie(s) in periode {window}"}},
       ("AR 11/07/2002 art. 15",), 30),
    _q("increased-subsidy", "Increased subsidy conditions", "Conditions de la subvention majorée",
       "Voorwaarden verhoogde toelage",
       {"dependency": {"en": "depends on {question}, which fails", "fr": "dépend de {question}, non conforme",
                       "nl": "hangt af van {question}, niet in orde"}},
       ("loi 26/05/2002 art. 43/2", "AR 11/07/2002 art. 18/1"), 40),
)

CHECKLIST = Checklist(id="spp-is-piis", version="2026.1", title={"en": "SPP IS PIIS", "fr": "SPP IS PIIS",
                                                                   "nl": "POD MI GPMI"},
                      path="checklists/spp-is-piis.yaml", parameters={}, amounts=(), questions=QUESTIONS)

D = dt.date


def _facts() -> Facts:
    return Facts(age=30, new_beneficiary=True, piis_mandatory=True, mandatory_reason=None,
                 mandatory_by_request=False, piis_concluded=True, conclusion_date=D(2026, 3, 1), exempted=False,
                 deadline=D(2026, 2, 16), deadline_from="ri_decision_date")


def _case(case_id: str, name: str, worker: str, office: str, row: int, extra: dict[str, str]) -> Case:
    return Case(case_id=case_id, source="export.xlsx", row=row,
                values={"case_id": case_id, "beneficiary_name": name, "birth_date": D(1990, 5, 17),
                        "social_worker": worker, "office": office, "ri_decision_date": D(2025, 11, 17)},
                extra=extra)


def _ok(q: str) -> Result:
    return Result(q, Verdict.PASS, evidence={"piis_signed_date": D(2026, 1, 10)})


WAIVER = Waiver("D0002", "deadline", "Agreed with the inspector " + SCRIPT, "Head of service", D(2027, 1, 1))


def build_report() -> AuditReport:
    """The canned report. Each case's results follow the checklist order."""
    late = Message("late", {"signed": D(2026, 3, 1), "days": 13, "deadline": D(2026, 2, 16)})
    cases = [
        CaseReport(_case("D0001", "Marie Lambert", "Alice Dupont", "Nord", 2, {"niss": NISS, "remarque": FORMULA}),
                   _facts(), (
            Result("deadline", Verdict.FAIL, reason=late, due_date=D(2026, 2, 16), baseline="new",
                   evidence={"ri_decision_date": D(2025, 11, 17), "piis_signed_date": D(2026, 3, 1),
                             "birth_date": D(1990, 5, 17)},
                   notes=(Message("common.note.month_end", {"start": D(2025, 11, 30), "months": 3, "day": 30,
                                                            "end": D(2026, 2, 28)}),)),
            Result("signatures", Verdict.FAIL, reason=Message("missing", {"parties": SCRIPT}),
                   evidence={"signed_cpas": False}, baseline="known"),
            Result("evaluations", Verdict.PENDING, reason=Message("short", {"count": 1, "window": "2026"}),
                   due_date=D(2027, 1, 9)),
            Result("increased-subsidy", Verdict.FAIL, reason=Message("dependency", {"question": "deadline"}),
                   money_at_risk=Decimal("1314.20"), evidence={"ri_monthly_amount": Decimal("1314.20")}),
        )),
        CaseReport(_case("D0002", "Jan Peeters", "Alice Dupont", SCRIPT, 3, {"remarque": IMG}), _facts(), (
            Result("deadline", Verdict.FAIL, reason=late, waiver=WAIVER, due_date=D(2026, 2, 16)),
            _ok("signatures"),
            Result("evaluations", Verdict.MISSING_DATA,
                   reason=Message("common.missing.empty", {"fields": ["report_present"]})),
            Result("increased-subsidy", Verdict.NOT_APPLICABLE, reason=Message("dependency", {"question": "-"})),
        )),
        CaseReport(_case("D0003", SCRIPT, IMG, FORMULA, 4, {"note": CMD}), _facts(), (
            _ok("deadline"),
            Result("signatures", Verdict.FAIL, reason=Message("missing", {"parties": IMG + " " + FORMULA})),
            Result("evaluations", Verdict.FAIL, reason=Message("short", {"count": 0, "window": FORMULA})),
            Result("increased-subsidy", Verdict.FAIL, reason=Message("dependency", {"question": "signatures"}),
                   money_at_risk=Decimal("131.42")),
        )),
        CaseReport(_case(FORMULA, IMG, CMD, CMD, 5, {SCRIPT: SCRIPT}), _facts(), (
            Result("deadline", Verdict.PENDING, reason=Message("open", {"deadline": D(2026, 12, 31)}),
                   due_date=D(2026, 12, 31)),
            _ok("signatures"),
            Result("evaluations", Verdict.NOT_APPLICABLE, reason=Message("short", {"count": 0, "window": "-"})),
            Result("increased-subsidy", Verdict.MISSING_DATA,
                   reason=Message("common.missing.no_column", {"fields": ["subsidy_increase_start_date"]})),
        )),
        CaseReport(_case("D0005", "", "", "", 6, {}), _facts(), (
            _ok("deadline"), _ok("signatures"), _ok("evaluations"),
            Result("increased-subsidy", Verdict.NOT_APPLICABLE, reason=Message("dependency", {"question": "-"})),
        )),
    ]
    export = ExportData(
        cases=tuple(cr.case for cr in cases),
        inputs=(InputSummary("export.xlsx", "cases", 7, 2),),
        data_errors=(
            DataError("export.xlsx", "cases", 7, "birth_date", "31/02/1990", "not a date"),
            DataError("export.xlsx", "cases", 8, "piis_signed_date", SCRIPT, "not a date: " + IMG),
            DataError("export.xlsx", "evaluations", None, "report_present", None, "column missing"),
        ),
        rejected=(RejectedRow("export.xlsx", "cases", 7, None, "no case_id"),
                  RejectedRow("export.xlsx", "cases", 8, "D0001", "duplicate case_id " + SCRIPT)),
        columns={"cases": frozenset({"case_id", "beneficiary_name", "social_worker", "office"})},
        tables_present=frozenset({"cases"}), fingerprint="0" * 64, label="export.xlsx")
    return AuditReport(tool_version="0.1.0", checklist=CHECKLIST, as_of=D(2026, 11, 26), export=export,
                       cases=tuple(cases), generated_at=dt.datetime(2026, 11, 26, 9, 30),
                       missing_columns={"increased-subsidy": ("subsidy_increase_start_date",)})


@pytest.fixture
def report() -> AuditReport:
    return build_report()


@pytest.fixture
def canned() -> SimpleNamespace:
    """The constants of the canned report (tests must not ``import conftest``: with several
    test folders that name is ambiguous)."""
    return SimpleNamespace(SCRIPT=SCRIPT, IMG=IMG, FORMULA=FORMULA, CMD=CMD, HOSTILE=HOSTILE, NISS=NISS,
                           NAMES=NAMES, CHECKLIST=CHECKLIST)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by playwright, offline (the browser and print tests)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get update && apt-get install -y chromium` "
                    "(the browser tests never skip)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
