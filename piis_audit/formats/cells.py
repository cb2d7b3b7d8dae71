"""Making case text safe to put in a spreadsheet or an XML file.

Text from the export is data, never code: a spreadsheet reads a cell that starts with ``=``,
``+``, ``-``, ``@`` (or a tab / carriage return, which some importers strip first) as a formula
(CSV / formula injection, OWASP). XML 1.0 cannot hold most C0 control characters at all, and
openpyxl refuses them, so they are dropped rather than crash a report.
"""

from __future__ import annotations

import re

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

# XML 1.0 allows \t \n \r among the C0 controls; everything else below 0x20 (and the
# non-characters U+FFFE/U+FFFF) is illegal.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula."""
    return text.startswith(FORMULA_PREFIXES)


def neutralise_formula(text: str) -> str:
    """``text`` prefixed with a single quote when it could be read as a formula (for CSV)."""
    return "'" + text if looks_like_formula(text) else text


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent."""
    return _XML_ILLEGAL.sub("", text)


# Terminal control characters: C0 except tab and newline, DEL, and C1 (ESC sequences could move
# the cursor, clear the screen or retitle the window of whoever reads the report).
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` without control characters, for printing case data to a terminal."""
    return _TERMINAL_CONTROLS.sub("", text)
