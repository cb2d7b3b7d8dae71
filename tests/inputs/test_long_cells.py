"""A CSV cell of a megabyte (a motivation of many pages) is read; only a cell too large to keep is
a data error of that cell, and the rest of the file is read (issue 10: it used to make the whole
file unreadable, "field larger than field limit")."""

from __future__ import annotations

import csv
from pathlib import Path

from piis_audit.inputs import load_export
from piis_audit.inputs.csv_source import MAX_CELL_CHARS

HEADER = "case_id;ri_decision_date;exemption_reason;exemption_motivation;office\r\n"


def _write(path: Path, motivation: str, rows_after: int = 3) -> Path:
    body = [HEADER, f'D-001;17/03/2024;santé;"{motivation}";Antenne Nord\r\n']
    body += [f"D-{n:03d};18/03/2024;équité;Motivation courte;Antenne Sud\r\n" for n in range(2, 2 + rows_after)]
    path.write_bytes("".join(body).encode("cp1252"))
    return path


def test_a_cell_of_one_megabyte_is_read(tmp_path: Path) -> None:
    motivation = ("Le demandeur a expliqué sa situation médicale; " * 22_000)[:1_000_000]
    assert len(motivation) > 131_072  # the csv module's default limit, which refused the whole file
    export = load_export([_write(tmp_path / "cases.csv", motivation)])
    assert [c.case_id for c in export.cases] == ["D-001", "D-002", "D-003", "D-004"]
    first = export.cases[0]
    assert first.get("exemption_motivation") == motivation.strip()
    assert first.get("exemption_reason") == "health" and first.get("office") == "Antenne Nord"
    assert export.data_errors == ()


def test_a_cell_too_large_to_keep_is_a_data_error_of_that_cell(tmp_path: Path) -> None:
    motivation = "x" * (MAX_CELL_CHARS + 10)
    path = _write(tmp_path / "cases.csv", "Début " + motivation)
    export = load_export([path])
    # every row is audited, the large cell's row too, with its other cells read
    assert [c.case_id for c in export.cases] == ["D-001", "D-002", "D-003", "D-004"]
    first = export.cases[0]
    assert first.get("exemption_motivation") is None and "exemption_motivation" in first.invalid
    assert first.get("office") == "Antenne Nord" and first.get("exemption_reason") == "health"
    assert [c.get("office") for c in export.cases[1:]] == ["Antenne Sud"] * 3
    [error] = export.data_errors
    assert (error.file, error.table, error.row, error.column, error.field) == (
        str(path), "cases", 2, "exemption_motivation", "exemption_motivation")
    assert error.message == (f"cell too large to keep ({len(motivation) + 6} characters, at most {MAX_CELL_CHARS})"
                             ": not read")
    assert error.value is not None and error.value.startswith("Début x") and error.value.endswith("…")
    assert csv.field_size_limit() == MAX_CELL_CHARS  # the slow re-read left the csv module as it was


def test_a_cell_too_large_just_below_a_title(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(("Export du 26/11/2026\r\n" + HEADER + 'D-001;17/03/2024;santé;"'
                      + "y" * (MAX_CELL_CHARS + 1) + '";Nord\r\nD-002;18/03/2024;;;Sud\r\n').encode("cp1252"))
    export = load_export([path])
    assert [(c.case_id, c.get("office")) for c in export.cases] == [("D-001", "Nord"), ("D-002", "Sud")]
    assert "exemption_motivation" in export.cases[0].invalid


def test_a_cell_too_large_above_the_header(tmp_path: Path) -> None:
    # the header search reads the first rows; a huge cell there (in a row that is not data) is
    # reported the same way, and the table below is read
    path = tmp_path / "cases.csv"
    path.write_bytes(('"' + "z" * (MAX_CELL_CHARS + 1) + '"\r\n' + HEADER
                      + "D-001;17/03/2024;santé;motif;Nord\r\n").encode("cp1252"))
    export = load_export([path])
    assert [(c.case_id, c.get("office")) for c in export.cases] == [("D-001", "Nord")]
    assert any(e.row == 1 and e.message.startswith("cell too large to keep") for e in export.data_errors)
