"""``piis-audit audit``, ``explain`` and ``checklist`` end to end, on real files: workbooks
written by openpyxl and CSV folders as Belgian exports come (;, Windows-1252, dd/mm/yyyy, oui/non)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from piis_audit import __version__
from piis_audit.cli.app import app
from piis_audit.demo import DEMO_AS_OF
from piis_audit.demo.generate import generate
from piis_audit.demo.writers import csv_cell, write_xlsx
from piis_audit.resources import resource_dir
from piis_audit.schema import TABLES

VERDICTS = {"pass", "fail", "pending", "not_applicable", "missing_data"}
QUESTIONS = ["social-balance", "deadline", "mandatory-mentions", "student-mentions", "signatures",
             "absence-motivated", "evaluations", "sanctions", "increased-subsidy",
             "alimony-investigation", "alimony-recovery-decision"]
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def run_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """A real process: exit status and stderr exactly as a CI job sees them."""
    return subprocess.run([sys.executable, "-m", "piis_audit", *map(str, args)], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])




def write_belgian_csv_folder(folder: Path, tables: dict[str, list[dict[str, Any]]]) -> Path:
    """Semicolons, Windows-1252, dd/mm/yyyy, oui/non, decimal comma, French headers where aliases exist."""
    folder.mkdir(parents=True, exist_ok=True)
    french = {"case_id": "Numéro de dossier", "ri_decision_date": "Date de décision",
              "social_worker": "Assistant social", "birth_date": "Date de naissance"}
    for table, rows in tables.items():
        columns = [f.name for f in TABLES[table].fields]
        with (folder / f"{table}.csv").open("w", encoding="cp1252", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow([french.get(c, c) if table == "cases" else c for c in columns])
            for row in rows:
                writer.writerow([csv_cell(row.get(c)) for c in columns])
    return folder


@pytest.fixture(scope="module")
def small_export() -> dict[str, list[dict[str, Any]]]:
    cases, evaluations, sanctions = generate(60, seed=7, anchor=DEMO_AS_OF)
    return {"cases": cases, "evaluations": evaluations, "sanctions": sanctions}


def audit_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    code, out, err = run("audit", *args, "--format", "json", "--quiet")
    assert code in (0, 1), err
    return code, json.loads(out)


def verdict_map(doc: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(c["case_id"], r["question"]): r["verdict"] for c in doc["cases"] for r in c["results"]}


# --------------------------------------------------------------------------- the JSON contract


def test_demo_audit_json_contract() -> None:
    code, doc = audit_json()
    assert code == 1  # the demo holds failures on purpose
    assert doc["tool"]["name"] == "piis-audit" and doc["checklist"]["id"] == "spp-is-piis"
    assert doc["as_of"] == DEMO_AS_OF.isoformat()
    assert doc["summary"]["cases"] == len(doc["cases"]) > 100
    counted = {v: 0 for v in VERDICTS}
    for case in doc["cases"]:
        assert [r["question"] for r in case["results"]] == QUESTIONS
        for r in case["results"]:
            assert r["verdict"] in VERDICTS
            counted[r["verdict"]] += 1
            if r["verdict"] != "pass":
                assert r["reason"], (case["case_id"], r)
            assert r["legal_basis"]
    assert counted == doc["summary"]["verdicts"]
    cases_input = [i for i in doc["inputs"] if i["table"] == "cases"]
    assert sum(i["rows"] - i["rejected"] for i in cases_input) == len(doc["cases"])


def test_workbook_and_belgian_csv_give_identical_verdicts(tmp_path: Path,
                                                          small_export: dict[str, list[dict[str, Any]]]) -> None:
    workbook = tmp_path / "export.xlsx"
    write_xlsx(small_export["cases"], small_export["evaluations"], small_export["sanctions"], workbook)
    folder = write_belgian_csv_folder(tmp_path / "csv", small_export)
    _, from_xlsx = audit_json(workbook, "--as-of", "2026-11-26")
    _, from_csv = audit_json(folder, "--as-of", "2026-11-26")
    assert len(from_xlsx["cases"]) == 60
    assert verdict_map(from_xlsx) == verdict_map(from_csv)
    assert from_xlsx["summary"]["verdicts"] == from_csv["summary"]["verdicts"]


def test_bad_cells_are_reported_and_other_cases_audited(tmp_path: Path,
                                                        small_export: dict[str, list[dict[str, Any]]]) -> None:
    cases = [dict(c) for c in small_export["cases"]]
    broken_id = cases[3]["case_id"]
    folder = write_belgian_csv_folder(tmp_path / "csv", {"cases": cases, "evaluations": [
        *small_export["evaluations"],
        {"case_id": "NO-SUCH-CASE", "evaluation_date": dt.date(2026, 1, 5), "personal_interview": True,
         "report_present": True}], "sanctions": small_export["sanctions"]})
    path = folder / "cases.csv"
    lines = path.read_text(encoding="cp1252").splitlines()
    header = lines[0].split(";")
    column = header.index("piis_signed_date")
    row = lines[4].split(";")  # the 4th case, Excel row 5
    assert row[0] == broken_id
    row[column] = "31/02/2024"
    lines[4] = ";".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")

    _, doc = audit_json(folder, "--as-of", "2026-11-26")
    assert len(doc["cases"]) == 60
    errors = doc["data_errors"]
    assert any(e["table"] == "cases" and e["row"] == 5 and e["value"] == "31/02/2024"
               and "piis_signed_date" in str(e["column"]) for e in errors), errors
    assert any(e["table"] == "evaluations" and "NO-SUCH-CASE" in (str(e["value"]) + e["message"])
               for e in errors), errors
    evaluations = [i for i in doc["inputs"] if i["table"] == "evaluations"][0]
    assert evaluations["rejected"] == 1
    assert evaluations["rows"] == len(small_export["evaluations"]) + 1


# --------------------------------------------------------------------------- exit status and errors


def test_exit_status_follows_fail_on(tmp_path: Path) -> None:
    cases = [{"case_id": "A1", "birth_date": dt.date(1990, 1, 1), "ri_decision_date": dt.date(2026, 10, 1),
              "ri_start_date": dt.date(2026, 10, 1), "ri_in_previous_3_months": False,
              "full_time_studies": False, "employment_trajectory": False}]
    folder = write_belgian_csv_folder(tmp_path / "one", {"cases": cases})
    # Nothing concluded, deadline 31/12/2026 not passed: pending, not fail.
    assert run("audit", folder, "--as-of", "2026-11-26", "--quiet")[0] == 0
    assert run("audit", folder, "--as-of", "2026-11-26", "--quiet", "--fail-on", "pending")[0] == 1
    assert run("audit", folder, "--as-of", "2027-01-01", "--quiet")[0] == 1


@pytest.mark.parametrize(("make", "expected"), [
    (lambda p: p / "absent.xlsx", "absent.xlsx"),
    (lambda p: (p / "empty.csv").write_bytes(b"") and p / "empty.csv" or p / "empty.csv", "empty"),
    (lambda p: (p / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook") and p / "broken.xlsx"
     or p / "broken.xlsx", "broken.xlsx"),
    (lambda p: (p / "noid.csv").write_text("nom;date de décision\nDupont;01/02/2026\n", encoding="cp1252")
     and p / "noid.csv" or p / "noid.csv", "case_id"),
    (lambda p: (p / "notes.txt").write_text("hello") and p / "notes.txt" or p / "notes.txt", "notes.txt"),
])
def test_unreadable_inputs_exit_2_without_traceback(tmp_path: Path, make: Any, expected: str) -> None:
    target = make(tmp_path)
    proc = run_process("audit", target, "--quiet")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and expected in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 3


@pytest.mark.parametrize("args", [["--as-of", "31/02/2026"], ["--lang", "de"], ["-o", "report.pdf"],
                                  ["--fail-on", "sometimes"], ["--checklist", "nope.yaml"]])
def test_bad_arguments_exit_2(args: list[str]) -> None:
    proc = run_process("audit", *args, "--quiet")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_invalid_checklist_lists_problems_with_lines(tmp_path: Path) -> None:
    text = (resource_dir("checklists") / "spp-is-piis.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("kind: signatures", "kind: signaturez", 1), encoding="utf-8")
    line = next(n for n, l in enumerate(broken.read_text().splitlines(), 1) if "signaturez" in l)
    code, _, err = run("checklist", "lint", broken)
    assert code == 2 and f"broken.yaml:{line}:" in err
    proc = run_process("audit", "--checklist", broken, "--quiet")
    assert proc.returncode == 2 and f"line {line}" in proc.stderr


def test_checklist_lint_and_show_on_the_bundled_checklist() -> None:
    path = resource_dir("checklists") / "spp-is-piis.yaml"
    code, out, _ = run("checklist", "lint", path)
    assert code == 0 and "11 questions" in out
    code, out, _ = run("checklist", "show", "--lang", "fr")
    assert code == 0 and "Existe-t-il un bilan social" in out and "AR 11/07/2002 art. 15" in out


# --------------------------------------------------------------------------- reports and explain


def test_terminal_report_and_written_json(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run("audit", "--lang", "fr", "-o", target)
    assert code == 1
    assert "Existe-t-il un bilan social" in out or "bilan social" in out
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["lang"] == "fr" and len(doc["cases"]) == doc["summary"]["cases"]


def test_data_errors_are_shown_in_the_report_language(tmp_path: Path,
                                                     small_export: dict[str, list[dict[str, Any]]]) -> None:
    cases = [dict(c) for c in small_export["cases"]]
    cases[3]["piis_signed_date"] = "31/02/2024"
    folder = write_belgian_csv_folder(tmp_path / "csv", {"cases": cases, "evaluations": [
        *small_export["evaluations"],
        {"case_id": "NO-SUCH-CASE", "evaluation_date": dt.date(2026, 1, 5), "personal_interview": True,
         "report_present": True}]})
    code, out, _ = run("audit", folder, "--lang", "fr", "--as-of", "2026-11-26")
    assert code in (0, 1)
    flat = " ".join(out.split())  # the terminal wraps long messages
    assert "Erreurs de données" in flat
    assert "date impossible : le jour 31 n'existe pas en 02/2024" in flat, flat
    assert "aucun dossier NO-SUCH-CASE dans la table cases ; ligne non contrôlée" in flat, flat
    assert "not a date" not in flat and "row not audited" not in flat
    _, doc = audit_json(folder, "--lang", "nl", "--as-of", "2026-11-26")
    assert any(e["message"].startswith("geen geldige datum: dag 31 bestaat niet in 02/2024")
               for e in doc["data_errors"]), doc["data_errors"]
    assert [r["reason"] for r in doc["rejected_rows"]] == ["geen dossier NO-SUCH-CASE in de tabel cases"]


def test_explain_names_the_deadline_and_the_legal_basis(tmp_path: Path) -> None:
    _, doc = audit_json()
    late = next(c for c in doc["cases"] for r in c["results"]
                if r["question"] == "deadline" and r["reason_key"] == "late")
    code, out, _ = run("explain", late["case_id"], "--lang", "en")
    assert code == 0
    deadline = dt.date.fromisoformat(late["facts"]["deadline"]).strftime("%d/%m/%Y")
    assert deadline in out and "Act 26/05/2002 art. 11" in out and "PIIS mandatory" in out
    assert "loi 26/05/2002" not in out  # the legal basis in the language of the explanation
    code, _, err = run("explain", "NO-SUCH-CASE")
    assert code == 2 and "NO-SUCH-CASE" in err


def test_redact_removes_names_from_json() -> None:
    _, plain = audit_json()
    _, redacted = audit_json("--redact")
    assert any(c.get("beneficiary_name") for c in plain["cases"])
    assert all("beneficiary_name" not in c for c in redacted["cases"])
    names = {c["beneficiary_name"] for c in plain["cases"] if c.get("beneficiary_name")}
    text = json.dumps(redacted, ensure_ascii=False)
    assert not any(name in text for name in names)


def test_mapping_file_maps_a_vendor_layout(tmp_path: Path) -> None:
    workbook = tmp_path / "vendor.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Dossiers RI"
    sheet.append(["N° dossier", "Date décision CSSS", "Naissance", "Type contrat", "Signé le",
                  "RI 3 mois", "Etudes", "Trajet"])
    sheet.append(["V1", dt.date(2026, 6, 1), dt.date(2004, 5, 5), "Contrat étudiant", dt.date(2026, 7, 1),
                  "non", "oui", "non"])
    wb.save(workbook)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        'tables: {cases: "Dossiers RI"}\n'
        'columns: {case_id: "N° dossier", ri_decision_date: "Date décision CSSS", birth_date: "Naissance",\n'
        '          piis_type: "Type contrat", piis_signed_date: "Signé le", ri_in_previous_3_months: "RI 3 mois",\n'
        '          full_time_studies: "Etudes", employment_trajectory: "Trajet"}\n'
        'values: {piis_type: {"Contrat étudiant": student}}\n', encoding="utf-8")
    code, out, err = run("audit", workbook, "--mapping", mapping, "--as-of", "2026-11-26", "--format", "json",
                         "--quiet")
    assert code in (0, 1), err
    doc = json.loads(out)
    results = {r["question"]: r for r in doc["cases"][0]["results"]}
    assert results["deadline"]["verdict"] == "pass"
    assert results["student-mentions"]["verdict"] == "missing_data"  # the mentions are not exported


def _locale(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.setenv(name, value)


def test_an_unexpected_error_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from piis_audit.cli import app as app_module

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module, "_run", broken)
    monkeypatch.delenv("PIIS_AUDIT_DEBUG", raising=False)
    _locale(monkeypatch, "en_GB.UTF-8")
    with pytest.raises(SystemExit) as info:
        app_module.main()
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err == (f"internal error (a bug in piis-audit {__version__}): RuntimeError: boom\n"
                   "run again with PIIS_AUDIT_DEBUG=1 to see the traceback, and report it\n")
    _locale(monkeypatch, "fr_BE.UTF-8")  # --lang is not known there: the environment's language
    with pytest.raises(SystemExit):
        app_module.main()
    assert capsys.readouterr().err == (
        f"erreur interne (un bug de piis-audit {__version__}) : RuntimeError: boom\n"
        "relancez avec PIIS_AUDIT_DEBUG=1 pour voir la trace d'appels, et signalez-le\n")
    monkeypatch.setenv("PIIS_AUDIT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        app_module.main()


@pytest.mark.parametrize(("lang", "notice", "title"), [
    ("en", f"No export given: auditing the bundled demo export as of {DEMO_AS_OF.isoformat()}.",
     "demo export (bundled, synthetic)"),
    ("fr", f"Aucun export indiqué : audit de l'export de démonstration fourni, situation au {DEMO_AS_OF.isoformat()}.",
     "export de démonstration (fourni, fictif)"),
    ("nl", f"Geen export opgegeven: audit van de meegeleverde demo-export, toestand op {DEMO_AS_OF.isoformat()}.",
     "demo-export (meegeleverd, fictief)"),
])
def test_the_demo_audit_says_so_in_the_chosen_language(lang: str, notice: str, title: str) -> None:
    result = runner.invoke(app, ["audit", "--lang", lang])
    assert result.exit_code == 1, result.stderr  # the demo holds failures on purpose
    assert result.stderr.splitlines()[0] == notice
    assert f" — {title}" in result.stdout.splitlines()[0]


def test_ctrl_c_is_one_word_in_the_environment_language(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from piis_audit.cli import app as app_module

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(app_module, "_run", interrupted)
    for locale, word in (("nl_BE.UTF-8", "onderbroken"), ("C", "interrupted")):
        _locale(monkeypatch, locale)
        with pytest.raises(SystemExit) as info:
            app_module.main()
        assert info.value.code == 2 and capsys.readouterr().err == word + "\n"
