"""Turning a CSV file's bytes into text, by what most of the file is.

* A byte-order mark says UTF-8 or UTF-16 (Excel's "Unicode text"); UTF-16 without one is
  recognised by its zero bytes.
* Otherwise strict UTF-8 is tried first: a Windows-1252 file with accents is never valid UTF-8.
* When it fails, the file is weighed: the valid multi-byte UTF-8 sequences (``Hélène`` written
  in UTF-8) against the bytes that are not UTF-8. A UTF-8 file with a few stray Windows-1252
  bytes is UTF-8 with those bytes damaged; a file without valid sequences is Windows-1252.

Bytes that cannot be decoded become U+FFFD (``damaged``); the CSV source then reports each cell
that holds one, with its row and column, and the rest of the file is read right. Only a file that
is mostly undecodable is refused.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from piis_audit.inputs.messages import input_error

REPLACEMENT = "\ufffd"
ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
                   "utf-16-be": "UTF-16", "cp1252": "Windows-1252"}
_MOSTLY_DAMAGED = 10  # more than 1 character in 10 undecodable: not text in that encoding


@dataclass(frozen=True)
class Decoded:
    """A file's text, the codec that read it, and whether some of it is U+FFFD (bytes that could
    not be decoded, or a replacement character the file already held)."""

    text: str
    encoding: str
    damaged: bool

    @property
    def label(self) -> str:
        """The encoding as people name it (``Windows-1252``), for messages."""
        return ENCODING_LABELS.get(self.encoding, self.encoding)


def _mostly_damaged(text: str) -> bool:
    return text.count(REPLACEMENT) * _MOSTLY_DAMAGED > len(text)


def _utf8_or_cp1252(data: bytes, utf8_name: str) -> Decoded:
    try:
        text = data.decode("utf-8")
        return Decoded(text, utf8_name, REPLACEMENT in text)
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count(REPLACEMENT)
    # Every valid multi-byte sequence makes the text shorter than the bytes (é: 2 bytes, 1
    # character); an undecodable byte becomes one character. So this counts the valid sequences.
    valid_multibyte = len(data) - len(text)
    if valid_multibyte >= bad:
        return Decoded(text, utf8_name, True)
    # cp1252 leaves five bytes undefined; they become U+FFFD rather than stopping the audit
    text = data.decode("cp1252", errors="replace")
    return Decoded(text, "cp1252", REPLACEMENT in text)


def decode_text(data: bytes, name: str) -> Decoded:
    """The file's text, by what most of it is (see the module's docstring).

    Raises :class:`~piis_audit.inputs.errors.InputError` when a file that looks like UTF-16 is
    mostly not UTF-16 (binary content)."""
    if data.startswith(codecs.BOM_UTF8):
        return _utf8_or_cp1252(data[len(codecs.BOM_UTF8):], "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        if _mostly_damaged(text):
            raise input_error("inputs.fatal.bad_encoding", path=name, reason="mostly not UTF-16")
        return Decoded(text, "utf-16", REPLACEMENT in text)
    head = data[:4096]
    if head.count(0) > len(head) // 4:  # UTF-16 without BOM: every other byte is zero
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        text = data.decode(encoding, errors="replace")
        if _mostly_damaged(text):
            raise input_error("inputs.fatal.binary", path=name)
        return Decoded(text, encoding, REPLACEMENT in text)
    return _utf8_or_cp1252(data, "utf-8")
