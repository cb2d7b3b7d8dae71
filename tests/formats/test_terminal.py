"""The terminal report: counts per question, failing cases, money at risk, data errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from rich.console import Console

from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.terminal import print_report
from piis_audit.model import AuditReport


def _print(report: AuditReport, lang: str = "en", *, redact: bool = False, terminal: bool = False,
           max_findings: int = 200) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=160, force_terminal=terminal, color_system="truecolor" if terminal else None)
    print_report(report, console, FormatOptions(lang, redact), max_findings=max_findings)
    return buffer.getvalue()


def test_plain_text_when_not_a_terminal(report: AuditReport) -> None:
    text = _print(report)
    assert "\x1b[" not in text
    assert "+---" in text or "|" in text  # ASCII table borders
    assert "\x1b[" in _print(report, terminal=True)  # ... colour only on a terminal


def test_sections(report: AuditReport) -> None:
    text = _print(report)
    assert "PIIS inspection report — export.xlsx" in text
    assert "As of: 26/11/2026" in text and "spp-is-piis 2026.1" in text
    row = next(line for line in text.splitlines() if "Concluded within the deadline" in line and "|" in line)
    assert [c.strip() for c in row.strip("| \n").split("|")][1:] == ["2", "1", "1", "0", "0", "1", "50,0 %"]
    assert "Failing cases" in text
    assert "D0001 (Alice Dupont / Nord) — signed 01/03/2026, 13 days after the deadline of 16/02/2026 [new]" in text
    assert "[waived: Agreed with the inspector" in text
    assert "Subsidy at risk (estimate): 1.445,62 €" in text
    assert "Data errors (3)" in text and "31/02/1990" in text
    assert "Rows rejected: 2" in text
    assert "Missing columns" in text and "subsidy_increase_start_date" in text


def test_failures_are_capped(report: AuditReport) -> None:
    text = _print(report, max_findings=2)
    lines = text.splitlines()
    listed = [line for line in lines if line.startswith("  D0")]
    assert len(listed) == 2
    # an even share: one line for each of the first two questions, then what each holds back
    more = [line.strip() for line in lines if "… and" in line]
    assert more == ["… and 1 more", "… and 1 more", "… and 1 more", "… and 2 more", "… and 1 more"]  # last: data errors
    assert lines.index(listed[0]) == lines.index("1. Concluded within the deadline (2)") + 1
    assert lines.index(listed[1]) == lines.index("2. Signed by the parties (2)") + 1
    assert any("piis-audit explain" in line for line in lines)  # where the others are


def test_even_shares_and_the_summary_last(report: AuditReport) -> None:
    from piis_audit.formats.terminal import _shares

    assert _shares([500, 3, 40], 12) == [5, 3, 4]  # question 1's 500 failures do not crowd out the others
    assert _shares([1, 1], 10) == [1, 1] and _shares([5, 5, 5], 2) == [1, 1, 0]
    lines = _print(report).splitlines()
    total = max(i for i, line in enumerate(lines) if line.strip("| ").startswith("Total"))
    assert total > max(i for i, line in enumerate(lines) if line.startswith("  D0"))  # after the cases
    assert total > next(i for i, line in enumerate(lines) if line.startswith("Data errors"))
    assert "Subsidy at risk" in "\n".join(lines[total:])  # the summary closes the report


def test_markup_in_case_data_is_not_interpreted(report: AuditReport, canned: SimpleNamespace) -> None:
    text = _print(report, terminal=True)
    assert canned.SCRIPT in text  # shown literally
    cr = report.cases[0]
    marked = dataclasses.replace(cr, case=dataclasses.replace(cr.case, values={**cr.case.values,
                                                                              "office": "[bold red]x[/]"}))
    plain = _print(dataclasses.replace(report, cases=(marked, *report.cases[1:])))
    assert "[bold red]x[/]" in plain


def test_escape_sequences_in_case_data_are_dropped(report: AuditReport) -> None:
    cr = report.cases[0]
    escaped = dataclasses.replace(cr, case=dataclasses.replace(
        cr.case, case_id="D\x1b]0;pwned\x07\x1b[2J0001", values={**cr.case.values, "office": "N\x9bord"}))
    text = _print(dataclasses.replace(report, cases=(escaped, *report.cases[1:])))
    assert "\x1b" not in text and "\x9b" not in text
    assert "D]0;pwned[2J0001 (Alice Dupont / Nord)" in text


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_language(report: AuditReport, lang: str) -> None:
    text = _print(report, lang)
    assert {"fr": "Dossiers contrôlés", "nl": "Gecontroleerde dossiers"}[lang] in text
    assert "1.445,62 €" in text


def test_stale_waivers_are_listed(report: AuditReport) -> None:
    assert "Waivers not used or expired" not in _print(report)
    waiver = report.cases[1].results[0].waiver
    assert waiver is not None
    expired = dataclasses.replace(waiver, case_id="D0009", expires=dt.date(2025, 1, 31))
    text = _print(dataclasses.replace(report, unused_waivers=(waiver,), expired_waivers=(expired,)))
    assert "Waivers not used or expired" in text
    assert "not used: D0002 / deadline" in text
    assert "expired: D0009 / deadline" in text and "31/01/2025" in text


def test_sample_section_and_narrow_screen(report: AuditReport) -> None:
    sample = {"audited_cases": 2, "population": 400, "seed": 7, "confidence": 0.95, "tolerable_rate": 0.05,
              "fingerprint_matches": False,
              "questions": [{"question": "deadline", "sample_size": 59, "deviations": 0,
                             "upper_deviation_limit": 0.0495, "below_tolerable_rate": True},
                            {"question": "signatures", "sample_size": 2, "deviations": 1,
                             "upper_deviation_limit": 0.9747, "below_tolerable_rate": False}]}
    text = _print(dataclasses.replace(report, sample=sample))
    assert "Sample: 2 cases of 400 (seed 7)" in text and "95,0 % confidence" in text
    assert "not the one the sample was drawn from" in text
    deadline = next(line for line in text.splitlines() if "| deadline" in line)
    assert "59" in deadline and "4,95 %" in deadline and "below 5,0 %" in deadline
    assert "not below 5,0 %" in next(line for line in text.splitlines() if "| signatures" in line)
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=80), FormatOptions("en"))
    narrow = buffer.getvalue()
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "Sample:" not in narrow


def test_open_failures_are_listed_before_waived_ones(report: AuditReport) -> None:
    # The waived deadline failure (D0002) comes first in the export; with room for one line, the
    # open one (D0001) is the one shown.
    reordered = dataclasses.replace(report, cases=tuple(reversed(report.cases)))
    text = _print(reordered, max_findings=1)
    listed = [line for line in text.splitlines() if line.startswith("  D0")]
    assert len(listed) == 1 and listed[0].startswith("  D0001") and "waived" not in listed[0]
