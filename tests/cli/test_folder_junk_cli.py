"""``piis-audit audit . > fr_audit.txt`` inside the export folder: the shell creates the empty
report file before the audit reads the folder. It used to stop the audit with exit status 2; the
file is now skipped with a note, and only a folder without a readable cases table stops (issue 10)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from piis_audit.cli.app import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def _belgian_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "export_dossiers_2024.csv").write_bytes((
        "case_id;social_worker;birth_date;ri_decision_date;category;piis_signed_date;piis_type\r\n"
        "D-001;Hélène Dupré;15/03/1990;17/11/2016;2;10/01/2017;intégration sociale\r\n"
        "D-002;Hélène Dupré;01/02/1985;01/12/2016;2;;\r\n").encode("cp1252"))
    (folder / "evaluations.csv").write_bytes((
        "case_id;evaluation_date;personal_interview;report_present\r\n"
        "D-001;10/04/2017;oui;oui\r\n").encode("cp1252"))
    (folder / "README.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "vieux").mkdir()
    return folder


def test_audit_redirected_into_the_export_folder(tmp_path: Path) -> None:
    folder = _belgian_folder(tmp_path / "export")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = f"{shlex.quote(sys.executable)} -m piis_audit audit . --as-of 26/11/2026 --lang fr > fr_audit.txt"
    done = subprocess.run(command, shell=True, cwd=folder, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode in (0, 1), done.stderr  # audited (findings or not), not an input error (2)
    assert "Traceback" not in done.stderr
    report = (folder / "fr_audit.txt").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Dossiers contrôlés : 2" in report
    assert "fr_audit.txt [fr_audit]: fichier ignoré : fr_audit.txt est vide (0 octet)" in report
    # a second run reads the same folder, now holding the report of the first: still audited (the
    # export, not named cases.csv, is the one file with a case_id column)
    again = subprocess.run(command.replace("fr_audit.txt", "fr_audit2.txt"), shell=True, cwd=folder,
                           capture_output=True, text=True, timeout=120, env=env)
    assert again.returncode in (0, 1), again.stderr
    assert "Dossiers contrôlés : 2" in (folder / "fr_audit2.txt").read_text(encoding="utf-8").replace("\u00a0", " ")


def test_the_skipped_files_are_in_the_json_data_errors(tmp_path: Path) -> None:
    folder = _belgian_folder(tmp_path / "export")
    (folder / "fr_audit.txt").write_bytes(b"")
    result = runner.invoke(app, ["audit", str(folder), "--format", "json", "--as-of", "26/11/2026"])
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    assert len(document["cases"]) == 2
    skipped = {Path(e["file"]).name: e["message"] for e in document["data_errors"] if e.get("row") is None}
    assert skipped["fr_audit.txt"].startswith("file skipped: ") and skipped["fr_audit.txt"].endswith("is empty (0 bytes)")
    assert skipped["README.pdf"] == "not a table file (.pdf): skipped"
    assert skipped["vieux"].startswith("a folder inside the export folder")


def test_a_folder_of_junk_only_stops_with_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "fr_audit.txt").write_bytes(b"")
    (folder / "README.pdf").write_bytes(b"%PDF-1.4\n")
    result = runner.invoke(app, ["audit", str(folder), "--quiet", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no cases table in export (found: 'fr_audit.txt')")
