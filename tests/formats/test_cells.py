"""Spreadsheet and XML safety of case text, one case per line."""

from __future__ import annotations

import pytest

from piis_audit.formats.cells import looks_like_formula, neutralise_formula, terminal_safe, xml_safe


@pytest.mark.parametrize(("text", "expected"), [
    ('=HYPERLINK("http://x")', "'=HYPERLINK(\"http://x\")"),
    ("+cmd", "'+cmd"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Marie Lambert", "Marie Lambert"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_neutralise_formula(text: str, expected: str) -> None:
    assert neutralise_formula(text) == expected
    assert looks_like_formula(text) == (expected != text)


@pytest.mark.parametrize(("text", "expected"), [
    ("bell\x07 and escape\x1b[31m", "bell and escape[31m"),
    ("tab\tnewline\ncr\r", "tab\tnewline\ncr\r"),
    ("nul\x00", "nul"),
    ("é ü €", "é ü €"),
])
def test_xml_safe(text: str, expected: str) -> None:
    assert xml_safe(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("\x1b[2Jclear", "[2Jclear"),
    ("csi\x9b31m", "csi31m"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("bell\x07 del\x7f", "bell del"),
    ("Zoë €", "Zoë €"),
])
def test_terminal_safe(text: str, expected: str) -> None:
    assert terminal_safe(text) == expected
