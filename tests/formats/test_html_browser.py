"""The HTML report in a real browser (Debian's chromium, driven by Playwright; no download).

Fails, never skips, when /usr/bin/chromium is missing: CI installs it with
``apt-get install -y chromium``. Waits use ``expect()``: ``page.wait_for_function`` evaluates a
string in the page, which the report's Content-Security-Policy rightly refuses.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect

from piis_audit.formats.html import PAGE_SIZE, HtmlFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.model import AuditReport, CaseReport

@dataclasses.dataclass
class Opened:
    page: Page
    problems: list[str]  # console errors, page errors, dialogs, network requests
    requests: list[str]


def _open(browser: Browser, report: AuditReport, tmp_path: Path, lang: str = "en", redact: bool = False,
          bypass_csp: bool = False) -> Opened:
    path = tmp_path / f"report-{lang}.html"
    HtmlFormat().write(report, path, FormatOptions(lang, redact))
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    problems: list[str] = []
    requests: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text}")

    def on_dialog(dialog: Dialog) -> None:  # alert(), confirm()...: injected code ran
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", on_dialog)
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_selector("#ct-body tr")
    return Opened(page, problems, requests)


def _rows(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("#ct-body th").all_inner_texts()]


def test_loads_cleanly_and_offline(browser: Browser, report: AuditReport, tmp_path: Path) -> None:
    opened = _open(browser, report, tmp_path)
    assert opened.problems == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests
    assert len(_rows(opened.page)) == len(report.cases)
    status = opened.page.locator("#ct-status").inner_text()
    assert status == f"{len(report.cases)} of {len(report.cases)} cases shown"
    opened.page.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_script_never_runs(browser: Browser, report: AuditReport, tmp_path: Path,
                                   canned: SimpleNamespace, bypass_csp: bool) -> None:
    """Escaping alone must suffice; the Content-Security-Policy is a second wall."""
    opened = _open(browser, report, tmp_path, bypass_csp=bypass_csp)
    page = opened.page
    # open every case's detail: the hostile values are written into the DOM there too
    for i in range(len(report.cases)):
        page.locator("#ct-body button.case-link").nth(i).click()
        page.locator("#cd-close").click()
    page.wait_for_timeout(200)
    assert opened.problems == []  # in particular no alert() dialog
    assert page.locator("img").count() == 0
    assert canned.SCRIPT in page.locator("body").inner_text()  # displayed as text
    page.close()


def test_search_filters_the_table(browser: Browser, report: AuditReport, tmp_path: Path) -> None:
    page = _open(browser, report, tmp_path).page
    page.fill("#f-search", "jan peet")
    expect(page.locator("#ct-body tr")).to_have_count(1)  # the search is debounced
    assert _rows(page) == ["D0002"]
    page.fill("#f-search", "alice")  # social worker
    expect(page.locator("#ct-body tr")).to_have_count(2)
    assert sorted(_rows(page)) == ["D0001", "D0002"]
    page.fill("#f-search", "zzz-nothing")
    expect(page.locator("#ct-status")).to_have_text(f"0 of {len(report.cases)} cases shown")
    expect(page.locator("#ct-body")).to_have_text("No case matches these filters.")
    page.close()


def test_filters_and_sort(browser: Browser, report: AuditReport, tmp_path: Path) -> None:
    page = _open(browser, report, tmp_path).page
    page.select_option("#f-question", "1")  # signatures
    page.select_option("#f-verdict", "1")  # fail
    assert sorted(_rows(page)) == ["D0001", "D0003"]
    page.select_option("#f-verdict", "w")  # waived, on signatures: none
    assert _rows(page) == []
    page.select_option("#f-question", "")
    assert _rows(page) == ["D0002"]  # waived on any question
    page.click("#f-reset")
    expect(page.locator("#ct-body tr")).to_have_count(len(report.cases))
    page.select_option("#f-worker", label="Alice Dupont")
    assert sorted(_rows(page)) == ["D0001", "D0002"]
    page.click("#f-reset")
    page.click("button[data-sort='fails']")
    page.click("button[data-sort='fails']")  # descending: most failures first
    assert _rows(page)[0] in ("D0001", "D0003")
    assert page.locator("th:has(button[data-sort='fails'])").get_attribute("aria-sort") == "descending"
    page.close()


def test_detail_opens_with_every_question(browser: Browser, report: AuditReport, tmp_path: Path) -> None:
    page = _open(browser, report, tmp_path).page
    button = page.locator("#ct-body button.case-link", has_text="D0001")
    button.focus()
    page.keyboard.press("Enter")  # keyboard, not only the mouse
    dialog = page.locator("#case-detail")
    assert dialog.is_visible()
    assert page.locator("#cd-title").inner_text().startswith("D0001")
    rows = page.locator("#cd-table tbody tr")
    assert rows.count() == len(report.checklist.questions)
    text = dialog.inner_text()
    for needle in ("signed 01/03/2026, 13 days after the deadline of 16/02/2026", "piis_signed_date",
                   "Act 26/05/2002 art. 11", "1.314,20 €", "30/11/2025", "Due date: 16/02/2026", "Alice Dupont"):
        assert needle in text, needle
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "D0001"  # focus returns to the case
    page.close()


def test_paging(browser: Browser, report: AuditReport, tmp_path: Path) -> None:
    template: CaseReport = report.cases[0]
    many = tuple(dataclasses.replace(template, case=dataclasses.replace(template.case, case_id=f"C{i:05d}"))
                 for i in range(PAGE_SIZE * 2 + 5))
    page = _open(browser, dataclasses.replace(report, cases=many), tmp_path).page
    assert len(_rows(page)) == PAGE_SIZE
    assert page.locator("#pg-status").inner_text() == "Page 1 of 3"
    assert page.locator("#pg-prev").is_disabled()
    page.click("#pg-last")
    assert _rows(page) == [f"C{i:05d}" for i in range(PAGE_SIZE * 2, PAGE_SIZE * 2 + 5)]
    assert page.locator("#pg-next").is_disabled()
    page.close()


def test_print_media(browser: Browser, report: AuditReport, tmp_path: Path) -> None:
    opened = _open(browser, report, tmp_path, lang="fr")
    page = opened.page
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert not page.locator(".pager").is_visible()
    assert page.locator("#annexes").is_visible()
    shot = tmp_path / "print.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    pdf: Any = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    assert opened.problems == []
    page.close()


def test_redacted_report_in_browser(browser: Browser, report: AuditReport, tmp_path: Path) -> None:
    opened = _open(browser, report, tmp_path, redact=True)
    page = opened.page
    page.locator("#ct-body button.case-link", has_text="D0001").click()
    text = page.locator("body").inner_text()
    assert "Marie Lambert" not in text and "Jan Peeters" not in text
    assert opened.problems == []
    page.close()


def test_detail_shows_field_labels_with_the_canonical_name(browser: Browser, report: AuditReport,
                                                          tmp_path: Path) -> None:
    opened = _open(browser, report, tmp_path, lang="fr")
    page = opened.page
    page.locator("#ct-body button.case-link", has_text="D0001").click()
    term = page.locator("#cd-table dl.ev dt", has_text="Date de signature du PIIS").first
    expect(term).to_be_visible()
    assert term.inner_text() == "Date de signature du PIIS piis_signed_date"
    assert term.get_attribute("title") == "piis_signed_date"
    assert term.locator("code.field-name").inner_text() == "piis_signed_date"
    assert opened.problems == []
    page.close()


@pytest.mark.parametrize("lang, colon, notes", [
    ("fr", "\u00a0:", ("Échéance\u00a0: 16/02/2026", "Référence\u00a0: connu", "Subvention à risque\u00a0: 1.314,20 €")),
    ("en", ":", ("Due date: 16/02/2026", "Baseline: known", "Subsidy at risk: 1.314,20 €")),
    ("nl", ":", ("Vervaldatum: 16/02/2026", "Referentie: gekend", "Toelage in gevaar: 1.314,20 €")),
])
def test_label_colons_as_shown(browser: Browser, report: AuditReport, tmp_path: Path, lang: str, colon: str,
                               notes: tuple[str, ...]) -> None:
    """The colon after a <dt> comes from the stylesheet, those in the case detail from the script:
    in French with a no-break space before it, as everywhere else in the report."""
    opened = _open(browser, report, tmp_path, lang=lang)
    page = opened.page
    after = "dt => getComputedStyle(dt, '::after').content"
    assert page.locator(".report-header .meta dt").first.evaluate(after) == f'"{colon}"'
    page.locator("#ct-body button.case-link", has_text="D0001").click()
    assert page.locator("#cd-meta dt").first.evaluate(after) == f'"{colon}"'
    shown = page.locator("#cd-table td .note").all_inner_texts()
    for note in notes:
        assert note in shown, (note, shown)
    assert opened.problems == []
    page.close()


def test_search_ignores_accents_and_case(browser: Browser, tmp_path: Path) -> None:
    """On the demo, "Francoise", "FRANÇOISE" and "françoise" find the same cases as "Françoise"
    (and "Ozturk" those of "Öztürk"): people type names without their accents."""
    from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
    from piis_audit.engine.checklists import load_checklist
    from piis_audit.engine.runner import run_audit
    from piis_audit.inputs import load_export

    demo = run_audit(load_export([DEMO_EXPORT_DIR]), load_checklist(None), DEMO_AS_OF)
    names = [str(cr.case.values.get("beneficiary_name") or "") for cr in demo.cases]
    for written, typed in (("Françoise", ("Francoise", "FRANÇOISE", "françoise")), ("Öztürk", ("Ozturk", "OZTURK"))):
        expected = sum(written.lower() in name.lower() for name in names)
        assert expected > 0, f"the demo has no {written}"
        page = _open(browser, demo, tmp_path).page
        page.fill("#f-search", written)
        expect(page.locator("#ct-status")).to_have_text(f"{expected} of {len(demo.cases)} cases shown")
        for text in typed:  # from a search that finds nothing, so the count must change (it is debounced)
            page.fill("#f-search", "zzz-nothing")
            expect(page.locator("#ct-status")).to_have_text(f"0 of {len(demo.cases)} cases shown")
            page.fill("#f-search", text)
            expect(page.locator("#ct-status")).to_have_text(f"{expected} of {len(demo.cases)} cases shown")
        page.close()
