"""How big and how slow the reports get at 20,000 cases (the issue's "must stay usable" target).

Builds a synthetic AuditReport shaped like the SPP IS checklist (11 questions, realistic verdict
mix, reasons with parameters, evidence, notes, a few waivers and money at risk), renders it, and
prints size and time per format. With ``--browser`` it also opens the HTML in Debian's chromium
and times the first paint of the control table, a search and opening a case.

    PYTHONPATH=. /tmp/venv/bin/python bench/bench_html.py [--cases 20000] [--formats html,xlsx] [--browser]

Files are written to bench/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from decimal import Decimal
from pathlib import Path

from piis_audit.checklist.model import Checklist, Question
from piis_audit.formats import format_for
from piis_audit.formats.interface import FormatOptions
from piis_audit.model import (
    AuditReport,
    Case,
    CaseReport,
    DataError,
    ExportData,
    Facts,
    InputSummary,
    Message,
    Result,
    Verdict,
    Waiver,
)

OUT = Path(__file__).resolve().parent / "out"
QUESTION_IDS = ("social-balance", "deadline", "mandatory-mentions", "student-mentions", "signatures",
                "absence-motivated", "evaluations", "sanctions", "increased-subsidy", "alimony-investigation",
                "alimony-recovery-decision")
# Share of each verdict per question: pass, fail, pending, not_applicable, missing_data.
MIX = (0.55, 0.12, 0.05, 0.25, 0.03)
REASON = {
    "en": "{field} of {date} is {days} days after {other} ({detail})",
    "fr": "{field} du {date} est {days} jours après {other} ({detail})",
    "nl": "{field} van {date} is {days} dagen na {other} ({detail})",
}


def _checklist() -> Checklist:
    questions = tuple(Question(
        id=qid, kind=qid, severity="major", applies_if=None, params={}, depends_on=(), line=i,
        title={"en": f"Question {qid}", "fr": f"Point {qid}", "nl": f"Punt {qid}"},
        legal_basis=(f"loi 26/05/2002 art. {10 + i}", f"AR 11/07/2002 art. {i}"),
        reasons={"r": REASON},
        remediation={"en": f"Fix {qid}", "fr": f"Corriger {qid}", "nl": f"Herstel {qid}"},
        inspection_wording=f"Le point {qid} est-il respecté ?") for i, qid in enumerate(QUESTION_IDS, 1))
    return Checklist(id="spp-is-piis", version="bench", title={"en": "SPP IS", "fr": "SPP IS", "nl": "POD MI"},
                     path="bench", parameters={}, amounts=(), questions=questions)


def build(n_cases: int, seed: int = 1) -> AuditReport:
    """A synthetic report of ``n_cases`` cases, reproducible for a seed."""
    rng = random.Random(seed)
    checklist = _checklist()
    workers = [f"Assistant{i:02d} {rng.choice(['Dupont', 'Peeters', 'Janssens', 'Lambert', 'Maes'])}"
               for i in range(60)]
    offices = [f"Antenne {name}" for name in ("Nord", "Sud", "Est", "Ouest", "Centre", "Gare", "Parc", "Port")]
    fields = ("ri_decision_date", "piis_signed_date", "social_balance_date", "piis_start_date", "draft_given_date")
    base = dt.date(2023, 1, 1)
    cases = []
    for i in range(n_cases):
        case_id = f"D{i:06d}"
        case = Case(case_id=case_id, source="export.xlsx", row=i + 2,
                    values={"case_id": case_id, "beneficiary_name": f"Nom{i} Prénom{i % 97}",
                            "social_worker": rng.choice(workers), "office": rng.choice(offices),
                            "birth_date": base - dt.timedelta(days=rng.randint(6000, 20000))},
                    extra={"remarque": rng.choice(["", "suivi renforcé", "déménagement"])})
        results = []
        for qid in QUESTION_IDS:
            verdict = rng.choices(list(Verdict), weights=MIX)[0]
            day = base + dt.timedelta(days=rng.randint(0, 1200))
            used = rng.sample(fields, rng.randint(2, 4))
            evidence = {f: base + dt.timedelta(days=rng.randint(0, 1200)) for f in used}
            reason = None if verdict is Verdict.PASS else Message("r", {
                "field": rng.choice(fields), "date": day, "days": rng.randint(1, 400), "other": rng.choice(fields),
                "detail": rng.choice(["signature manquante", "hors délai", "mention absente", "pas d'évaluation"])})
            notes = (Message("common.note.month_end", {"start": day, "months": 3, "day": 31, "end": day}),) \
                if rng.random() < 0.03 else ()
            money = Decimal(rng.randint(8000, 50000)) / 100 if qid == "increased-subsidy" and verdict is Verdict.FAIL \
                else None
            waiver = Waiver(case_id, qid, "accord inspecteur", "chef de service", dt.date(2027, 1, 1)) \
                if verdict is Verdict.FAIL and rng.random() < 0.02 else None
            results.append(Result(qid, verdict, reason=reason, evidence=evidence, notes=notes,
                                  due_date=day if verdict in (Verdict.PENDING, Verdict.FAIL) else None,
                                  money_at_risk=money, waiver=waiver,
                                  baseline=rng.choice([None, "new", "known"])))
        facts = Facts(age=30, new_beneficiary=True, piis_mandatory=True, mandatory_reason=None,
                      mandatory_by_request=False, piis_concluded=True, conclusion_date=None, exempted=False,
                      deadline=None, deadline_from=None)
        cases.append(CaseReport(case, facts, tuple(results)))
    errors = tuple(DataError("export.xlsx", "cases", rng.randint(2, n_cases), "piis_signed_date", "31/02/2024",
                             "not a date") for _ in range(n_cases // 100))
    export = ExportData(cases=tuple(c.case for c in cases), inputs=(InputSummary("export.xlsx", "cases", n_cases, 0),),
                        data_errors=errors, rejected=(), columns={}, tables_present=frozenset({"cases"}),
                        fingerprint="0" * 64, label="export.xlsx")
    return AuditReport(tool_version="0.1.0", checklist=checklist, as_of=dt.date(2026, 11, 26), export=export,
                       cases=tuple(cases), generated_at=dt.datetime(2026, 11, 26, 9, 0))


def _browser(path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("#ct-body tr")
        print(f"  browser: control table shown {time.perf_counter() - start:.2f} s after navigation")
        start = time.perf_counter()
        page.fill("#f-search", "D012345")
        expect(page.locator("#ct-body tr")).to_have_count(1)
        print(f"  browser: search answered in {time.perf_counter() - start:.2f} s (incl. 120 ms debounce)")
        start = time.perf_counter()
        page.locator("#ct-body button.case-link").first.click()
        page.wait_for_selector("#case-detail[open]")
        print(f"  browser: case detail opened in {time.perf_counter() - start:.2f} s")
        heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0")
        print(f"  browser: JS heap {heap / 1e6:.0f} MB")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--formats", default="html")
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    report = build(args.cases)
    print(f"{args.cases} cases x {len(QUESTION_IDS)} questions built in {time.perf_counter() - start:.1f} s")
    OUT.mkdir(exist_ok=True)
    for ext in args.formats.split(","):
        path = OUT / f"report-{args.cases}.{ext.strip('.')}"
        fmt = format_for(path)
        start, cpu = time.perf_counter(), time.process_time()
        data = fmt.render(report, FormatOptions(args.lang))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        path.write_bytes(data)
        print(f"{path.suffix:7} {len(data) / 1e6:8.1f} MB  {elapsed:6.1f} s wall  {cpu:6.1f} s CPU  -> {path}")
        if path.suffix == ".html":
            import gzip
            print(f"        {len(gzip.compress(data, 6)) / 1e6:8.1f} MB gzipped (as a mail server would carry it)")
            if args.browser:
                _browser(path)


if __name__ == "__main__":
    main()
