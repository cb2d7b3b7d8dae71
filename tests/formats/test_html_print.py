"""The HTML report on paper: the demo printed to an A4 PDF by a real browser, then read back.

Debian's chromium drives the print (Playwright's ``page.pdf``, which fires ``beforeprint`` and
``afterprint`` as the print dialog does); pypdf reads the text of every page. Fails, never skips,
when /usr/bin/chromium is missing (CI installs it). What is checked is what an inspector sees on
paper: the whole filtered control table, not the page shown on screen; its header on every page
(a header of buttons would print as an empty band); case ids on one line; no case detail, no controls.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pypdf
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, expect

from piis_audit.formats.html import PAGE_SIZE, HtmlFormat
from piis_audit.formats.interface import FormatOptions
from piis_audit.i18n.render import ui
from piis_audit.model import AuditReport

@pytest.fixture(scope="module")
def demo() -> AuditReport:
    """The bundled demo (400 cases, four pages of the control table on screen), as of its own date."""
    from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
    from piis_audit.engine.checklists import load_checklist
    from piis_audit.engine.runner import run_audit
    from piis_audit.inputs import load_export

    return run_audit(load_export([DEMO_EXPORT_DIR]), load_checklist(None), DEMO_AS_OF)


class Printed:
    """An opened report, with what went wrong in the page (console errors, requests off the file)."""

    def __init__(self, browser: Browser, report: AuditReport, tmp_path: Path, lang: str) -> None:
        path = tmp_path / f"report-{lang}.html"
        HtmlFormat().write(report, path, FormatOptions(lang, False))
        self.page: Page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", self._request)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("#ct-body tr")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog: Dialog) -> None:  # alert(), confirm()...: injected code ran
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _request(self, request: Request) -> None:
        if not request.url.startswith("file://"):
            self.problems.append(f"request: {request.url}")

    def pdf(self) -> list[str]:
        """Print to A4 and return the text of each page (ligatures such as "ﬁ" written out)."""
        data = self.page.pdf(format="A4")
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert reader.pages[0].mediabox.width == pytest.approx(595.9, abs=1)  # A4 portrait, in points
        return [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages]


def _flat(text: str) -> str:
    """Words separated by single spaces; a line broken after a hyphen ("Non-/conformités") joined."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def _control_pages(pages: list[str], lang: str) -> list[str]:
    """The pages of section 4 (the control table), up to the one where section 5 starts."""
    start = _flat(f"4. {ui('reports.section.control', lang)}")
    end = _flat(f"5. {ui('reports.section.data_quality', lang)}")
    first = next(i for i, text in enumerate(pages) if start in _flat(text))
    last = next(i for i, text in enumerate(pages) if end in _flat(text))
    section = pages[first:last + 1]
    section[-1] = _flat(section[-1]).split(end)[0]
    return section


def _header(report: AuditReport, lang: str) -> str:
    labels = [ui(f"reports.col.{key}", lang) for key in ("case", "beneficiary", "social_worker", "office")]
    numbers = [str(n) for n in range(1, len(report.checklist.questions) + 1)]
    return _flat(" ".join([*labels, *numbers, ui("reports.col.fails", lang), ui("reports.col.money_at_risk", lang)]))


def _ids_in(texts: list[str], ids: list[str]) -> Counter[str]:
    pattern = re.compile("|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)))
    return Counter(m.group(0) for text in texts for m in pattern.finditer(text))


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_the_whole_table_prints_with_its_header_on_every_page(browser: Browser, demo: AuditReport,
                                                             tmp_path: Path, lang: str) -> None:
    printed = Printed(browser, demo, tmp_path, lang)
    assert printed.page.locator("#ct-body tr").count() == PAGE_SIZE < len(demo.cases)  # the screen: one page
    pages = printed.pdf()
    control = _control_pages(pages, lang)
    ids = [cr.case.case_id for cr in demo.cases]
    # every case once, each id unbroken (a wrapped "RI-/2023-/00240" would not be found)
    assert _ids_in(control, ids) == Counter(ids)
    header = _header(demo, lang)
    with_rows = [text for text in control if _ids_in([text], ids)]
    assert len(with_rows) >= 2
    for n, text in enumerate(with_rows):
        assert header in _flat(text), f"control table page {n + 1} has no header row: {text[:200]!r}"
    assert len(ids) / len(with_rows) >= 25, f"{len(with_rows)} pages for {len(ids)} rows: rows too tall"
    assert printed.problems == []  # the Content-Security-Policy let the print handler run, nothing left the file
    printed.page.close()


def test_only_the_filtered_cases_print(browser: Browser, demo: AuditReport, tmp_path: Path) -> None:
    worker = "Els Claes"
    mine = sorted(cr.case.case_id for cr in demo.cases if cr.case.values.get("social_worker") == worker)
    assert 0 < len(mine) < PAGE_SIZE < len(demo.cases)
    printed = Printed(browser, demo, tmp_path, "en")
    printed.page.select_option("#f-worker", label=worker)
    expect(printed.page.locator("#ct-status")).to_have_text(f"{len(mine)} of {len(demo.cases)} cases shown")
    control = _control_pages(printed.pdf(), "en")
    ids = [cr.case.case_id for cr in demo.cases]
    assert _ids_in(control, ids) == Counter(mine)
    text = _flat(" ".join(control))
    assert f"{len(mine)} of {len(demo.cases)} cases shown" in text
    assert f"Filters: Social worker: {worker}" in text  # the reader knows which filter the list is
    assert printed.problems == []
    printed.page.close()


def test_a_filter_that_matches_nothing_prints_so(browser: Browser, demo: AuditReport, tmp_path: Path) -> None:
    printed = Printed(browser, demo, tmp_path, "fr")
    printed.page.fill("#f-search", "zzz-personne")
    expect(printed.page.locator("#ct-status")).to_have_text(f"0 dossiers affichés sur {len(demo.cases)}")
    text = _flat(" ".join(_control_pages(printed.pdf(), "fr")))
    assert ui("reports.html.no_match", "fr") in text
    assert unicodedata.normalize("NFKC", "Filtres\u00a0: Rechercher\u00a0: zzz-personne") in text
    assert not re.search(r"RI-\d{4}-\d{5}", text)
    printed.page.close()


def test_printing_leaves_the_screen_as_it_was(browser: Browser, demo: AuditReport, tmp_path: Path) -> None:
    printed = Printed(browser, demo, tmp_path, "en")
    page = printed.page
    page.click("#pg-next")
    before = page.locator("#ct-body th").all_inner_texts()
    printed.pdf()
    assert page.locator("#ct-body th").all_inner_texts() == before  # still the second page on screen
    assert page.locator("#ct-print-body tr").count() == 0  # emptied after printing
    assert not page.evaluate("document.body.classList.contains('printing')")
    assert page.locator("#ct-print").is_hidden()
    assert printed.problems == []
    page.close()


def test_no_case_detail_nor_controls_on_paper(browser: Browser, demo: AuditReport, tmp_path: Path) -> None:
    printed = Printed(browser, demo, tmp_path, "en")
    page = printed.page
    page.locator("#ct-body button.case-link").first.click()
    title = page.locator("#cd-title").inner_text()
    assert " — " in title and page.locator("#case-detail").is_visible()
    text = _flat(" ".join(printed.pdf()))
    assert _flat(title) not in text  # the open case detail is not printed
    for hidden in (ui("reports.html.reset", "en"), ui("reports.html.search_hint", "en"),
                   ui("reports.html.detail_caption", "en")):
        assert hidden not in text, hidden
    assert re.search(r"Page \d+ of \d+", text) is None  # the pager
    assert ui("reports.html.print_note", "en") in text
    printed.page.close()


def test_hostile_values_print_as_text(browser: Browser, report: AuditReport, tmp_path: Path,
                                      canned: SimpleNamespace) -> None:
    """The print table is written with textContent too: markup from the export prints as text."""
    script = str(canned.SCRIPT)
    printed = Printed(browser, report, tmp_path, "en")
    text = _flat(" ".join(_control_pages(printed.pdf(), "en")))
    assert script in text
    assert printed.page.locator("img").count() == 0
    assert printed.problems == []  # no alert() dialog, no request
    printed.page.close()
