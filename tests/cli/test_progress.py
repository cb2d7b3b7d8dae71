"""Progress for each step that can take a while, on a terminal only, in the language asked for."""

from __future__ import annotations

import io
import time

import pytest
from rich.console import Console

from piis_audit.cli import common


@pytest.mark.parametrize("terminal", [True, False])
def test_writing_a_report_shows_a_spinner_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch,
                                                             terminal: bool) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=buffer, force_terminal=terminal, width=80))
    with common.phase_display(True, common.ui("workflows.progress.writing", "fr", path="rapport.html")):
        time.sleep(0.3)  # the display refreshes several times a second
    shown = buffer.getvalue()
    if terminal:
        assert "écriture de rapport.html" in shown and "0:00:0" in shown  # the step and its elapsed time
    else:
        assert shown == ""  # a pipe or a CI log gets nothing


def test_no_progress_when_it_is_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=buffer, force_terminal=True, width=80))
    with common.phase_display(False, "x"):
        pass
    with common.progress_display(False, "y") as callback:
        assert callback is None
    assert buffer.getvalue() == ""


def test_reading_and_auditing_are_labelled_in_the_language() -> None:
    assert common.ui("workflows.progress.reading", "nl") == "export lezen"
    assert common.ui("workflows.progress.auditing", "fr") == "audit des dossiers"
