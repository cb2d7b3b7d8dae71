"""The CSV records read at once by polars give exactly what reading them one by one gives.

Each export below is read twice through the real reader: as it comes (polars' native reader
where it can read the file exactly, :func:`piis_audit.inputs.csv_source._bulk_reader`) and with
that reader turned off (the csv module, record by record). Cases, child rows, data errors,
rejected rows, counts and frames must be the same; and the files polars can read must have been
read by it (else the comparison would prove nothing).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from piis_audit.inputs import csv_source, load_export
from piis_audit.model import ExportData

HEADER = "dossier;date décision RI;date signature PIIS;signé bénéficiaire;signé CPAS;remarque"
EVALUATIONS = "dossier;date évaluation;entretien;rapport"

# name -> (cases.csv text, evaluations.csv text or None, encoding, is polars expected to read cases.csv)
EXPORTS: dict[str, tuple[str, str | None, str, bool]] = {
    "plain": (f"{HEADER}\r\nA1;17/03/2024;01/05/2024;oui;non;\r\nA2;01/02/2024;;non;oui;x\r\n",
              f"{EVALUATIONS}\r\nA1;01/06/2024;oui;oui\r\nA2;32/01/2024;non;peut-être\r\nZZ;01/06/2024;oui;oui\r\n",
              "cp1252", True),
    "title_and_blank_lines": (f"Export du 01/12/2026\r\n\r\n{HEADER}\r\nA1;17/03/2024;;oui;oui;\r\n\r\n"
                              "A2;17/03/2024;;;;\r\n;;;;;\r\nA3;17/03/2024;;;;\r\n\r\n", None, "cp1252", True),
    "quoted_cells_over_lines": (f'{HEADER}\r\nA1;17/03/2024;;oui;oui;"deux\r\nlignes ; et ""guillemets"""\r\n'
                                "A2;17/03/2024;;oui;oui;fin\r\n", None, "utf-8", True),
    "short_rows": (f"{HEADER}\r\nA1;17/03/2024\r\nA2;17/03/2024;;oui\r\nA3\r\n", None, "utf-8-sig", True),
    "duplicates_and_missing_ids": (f"{HEADER}\r\nA1;17/03/2024;;;;\r\nA1;18/03/2024;;;;\r\n;17/03/2024;;;;\r\n"
                                   " A4 ;;;;;\r\n", None, "cp1252", True),
    "error_texts_and_spaces": (f"{HEADER}\r\nA1;#N/A;  01/05/2024 ;OUI ;non;#VALEUR!\r\nA2;17/03/2024;;1;0;\r\n",
                               None, "cp1252", True),
    "unix_line_ends_no_final_newline": (f"{HEADER}\nA1;17/03/2024;;oui;oui;\nA2;17/03/2024;;;;", None, "utf-8",
                                        True),
    "cells_beyond_the_header": (f"{HEADER}\r\nA1;17/03/2024;;oui;oui;;en trop\r\nA2;17/03/2024;;;;\r\n", None,
                                "cp1252", False),
    "trailing_separator": (f"{HEADER}\r\nA1;17/03/2024;;oui;oui;;\r\n", None, "cp1252", False),
    "quote_inside_a_cell": (f'{HEADER}\r\nA1;17/03/2024;;oui;oui;un "mot" cité\r\n', None, "cp1252", False),
    "text_after_a_closing_quote": (f'{HEADER}\r\nA1;17/03/2024;;oui;oui;"cité" puis\r\n', None, "cp1252", False),
    "lone_carriage_returns": (f"{HEADER}\rA1;17/03/2024;;oui;oui;\rA2;17/03/2024;;;;\r", None, "cp1252", False),
    "excel_sep_line": (f"sep=;\r\n{HEADER}\r\nA1;17/03/2024;;oui;oui;\r\n", None, "cp1252", True),
}


def _write(folder: Path, cases: str, evaluations: str | None, encoding: str) -> list[Path]:
    folder.mkdir()
    (folder / "cases.csv").write_bytes(cases.encode(encoding))
    if evaluations is not None:
        (folder / "evaluations.csv").write_bytes(evaluations.encode(encoding))
    return [folder]


def _compare(bulk: ExportData, one_by_one: ExportData) -> None:
    assert tuple(bulk.cases) == tuple(one_by_one.cases)
    assert bulk.data_errors == one_by_one.data_errors
    assert bulk.rejected == one_by_one.rejected
    assert bulk.inputs == one_by_one.inputs
    assert bulk.columns == one_by_one.columns
    assert bulk.frames is not None and one_by_one.frames is not None
    for table in ("cases", "evaluations", "sanctions"):
        assert_frame_equal(bulk.frames.frame(table), one_by_one.frames.frame(table))


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_the_records_read_at_once_are_those_read_one_by_one(name: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cases, evaluations, encoding, expect_bulk = EXPORTS[name]
    paths = _write(tmp_path / "export", cases, evaluations, encoding)
    read_at_once: list[str] = []
    real_bulk = csv_source._bulk_reader

    def spying(text: str, delimiter: str) -> csv_source.Bulk:
        bulk = real_bulk(text, delimiter)

        def call(header_row: int, width: int) -> pl.DataFrame | None:
            frame = bulk(header_row, width)
            if frame is not None:
                read_at_once.append(text.splitlines()[0][:10])
            return frame
        return call

    monkeypatch.setattr(csv_source, "_bulk_reader", spying)
    bulk = load_export(paths)
    tables_read_at_once = len(read_at_once)
    monkeypatch.setattr(csv_source, "_bulk_reader", lambda text, delimiter: (lambda header_row, width: None))
    one_by_one = load_export(paths)
    _compare(bulk, one_by_one)
    assert len(bulk.cases) >= 1
    assert (tables_read_at_once >= 1) is expect_bulk  # the cases file is read at once exactly when expected


_PIECES = ["a", "b", ";", '"', "\r\n", "\n", " ", "é", "\t", '""', '";', ';"', '"\r\n', '\r\n"']


@settings(max_examples=400, deadline=None)
@given(width=st.integers(1, 4), body=st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_whatever_polars_is_allowed_to_read_it_reads_as_the_csv_module(width: int, body: str) -> None:
    """Any text: when the native reader accepts it, its records are the csv module's (padded to
    the header's width, blank records included), numbered alike."""
    text = ";".join(f"h{i}" for i in range(width)) + "\r\n" + body
    frame = csv_source._bulk_reader(text, ";")(1, width)
    reference = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    if frame is None:
        return
    assert all(len(cells) <= width for cells in reference)  # a longer record is never read at once
    assert [(row[0], [c or "" for c in row[1:]]) for row in frame.rows()] == [
        (number, [*cells, *[""] * (width - len(cells))]) for number, cells in enumerate(reference, 2)]


def test_the_native_reader_is_used_on_the_usual_quoted_export() -> None:
    """The fuzz above must not pass by refusing everything: a well-quoted text is read at once."""
    text = 'h0;h1;h2\r\n"a;b";"deux\r\nlignes";"dit ""oui"""\r\nc;;\r\n'
    frame = csv_source._bulk_reader(text, ";")(1, 3)
    assert frame is not None
    assert frame.rows() == [(2, "a;b", "deux\r\nlignes", 'dit "oui"'), (3, "c", None, None)]


@settings(max_examples=300, deadline=None)
@given(width=st.integers(1, 4), body=st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
       part=st.integers(1, 12))
def test_the_text_checked_part_by_part_is_judged_as_when_checked_whole(
        width: int, body: str, part: int) -> None:
    """The well-formedness check reads the text a few lines at a time (to hold little memory):
    the parts end at line ends and cover the text, and the verdict is the one-part verdict."""
    text = ";".join(f"h{i}" for i in range(width)) + "\r\n" + body
    whole = csv_source._well_formed(text, ";", width)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_source, "_CHECKED_CHARS", part)
        parts = list(csv_source._text_parts(text))
        assert "".join(parts) == text
        assert all(p.endswith("\n") for p in parts[:-1])
        assert csv_source._well_formed(text, ";", width) is whole
