"""The fatal one-line errors of the command line (exit status 2) in the command's --lang: the
word "error:" itself, the waiver, baseline, sample and compared result files that cannot be used,
and the commands' own refusals (``errors.*`` of piis_audit/i18n/errors.yaml). English exactly as
it always was; file paths, keys and values as written in every language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import piis_audit.demo
from piis_audit.engine.checklists import load_checklist
from piis_audit.cli.app import app
from piis_audit.inputs.errors import InputError
from piis_audit.inputs.messages import english
from piis_audit.workflows.baseline import load_baseline
from piis_audit.workflows.compare import read_report
from piis_audit.workflows.sampling import load_sample_file
from piis_audit.workflows.waivers import load_waivers

runner = CliRunner()
PREFIX = {"en": "error: ", "fr": "erreur : ", "nl": "fout: "}
LANGS = ("en", "fr", "nl")
CHECKLIST = load_checklist(None)
QUESTIONS = ", ".join(sorted(q.id for q in CHECKLIST.questions))
EXTENSIONS = ".csv, .html, .json, .md, .sarif, .xlsx, .xml"


def stderr_of_failure(lang: str, *args: str | Path, env: dict[str, str] | None = None) -> str:
    """stderr of a command that must stop with exit status 2, without a traceback, after the word
    "error:" in ``lang``; returned without that prefix and without the final newline."""
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(PREFIX[lang]) and result.stderr.endswith("\n"), result.stderr
    return result.stderr[len(PREFIX[lang]):-1]


def error_line(lang: str, *args: str | Path) -> str:
    """The one-line error of ``args`` run with ``--lang lang``."""
    line = stderr_of_failure(lang, *args, "--lang", lang)
    assert "\n" not in line, line
    return line


def by_lang(*args: str | Path) -> dict[str, str]:
    return {lang: error_line(lang, *args) for lang in LANGS}


@pytest.fixture()
def export(tmp_path: Path) -> Path:
    """A small real export: two cases, Belgian CSV (semicolons)."""
    path = tmp_path / "cases.csv"
    path.write_text("case_id;social_worker\nA1;Nathalie Lambert\nA2;Thomas Janssens\n", encoding="utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the word "error:"


def test_the_prefix_is_translated_and_english_is_unchanged(tmp_path: Path) -> None:
    missing = tmp_path / "absent.xlsx"
    results = {lang: runner.invoke(app, ["audit", str(missing), "--quiet", "--lang", lang]) for lang in LANGS}
    assert {lang: r.stderr for lang, r in results.items()} == {
        "en": f"error: export not found: {missing}\n",
        "fr": f"erreur : export introuvable : {missing}\n",
        "nl": f"fout: export niet gevonden: {missing}\n",
    }
    assert all(r.exit_code == 2 for r in results.values())


def test_a_real_process_prints_the_translated_line(tmp_path: Path) -> None:
    waivers = tmp_path / "absent-waivers.yaml"
    proc = subprocess.run([sys.executable, "-m", "piis_audit", "audit", "--quiet", "--lang", "fr",
                           "--waivers", str(waivers)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == (f"erreur : {waivers} : impossible de lire le fichier de dérogations : "
                           f"No such file or directory\n")


# --------------------------------------------------------------------------- waiver files

ENTRY = "  - {{case_id: A1, question: {q}, justification: {j}, approved_by: {a}, expires: {e}}}\n"
GOOD_ENTRY = ENTRY.format(q="deadline", j="x", a="b", e="2027-01-01")


def test_waiver_with_an_unknown_question(tmp_path: Path, export: Path) -> None:
    waivers = write(tmp_path / "waivers.yaml",
                    "waivers:\n" + GOOD_ENTRY + ENTRY.format(q="deadlin", j="x", a="b", e="2027-01-01"))
    assert by_lang("audit", export, "--quiet", "--waivers", waivers) == {
        "en": f"{waivers}: waiver 2 (line 3): unknown question id 'deadlin'; the checklist has {QUESTIONS}",
        "fr": f"{waivers} : dérogation 2 (ligne 3) : identifiant de question inconnu 'deadlin' ; "
              f"la liste de contrôle comprend {QUESTIONS}",
        "nl": f"{waivers}: afwijking 2 (regel 3): onbekende vraag 'deadlin'; de controlelijst bevat {QUESTIONS}",
    }


@pytest.mark.parametrize(("entry", "expected"), [
    ("  - {case_id: A1, question: deadline, justification: '', approved_by: b, expires: 2027-01-01}\n", {
        "en": "justification is required and must not be empty",
        "fr": "justification est obligatoire et ne peut pas être vide",
        "nl": "justification is verplicht en mag niet leeg zijn",
    }),
    ("  - {case_id: A1, question: deadline, justification: '', approved_by: null}\n", {
        "en": "justification, approved_by, expires is required and must not be empty",
        "fr": "justification, approved_by, expires sont obligatoires et ne peuvent pas être vides",
        "nl": "justification, approved_by, expires zijn verplicht en mogen niet leeg zijn",
    }),
    (ENTRY.format(q="deadline", j="x", a="b", e="2027-02-30"), {
        "en": "expires '2027-02-30' is not a date (write YYYY-MM-DD or dd/mm/yyyy)",
        "fr": "expires '2027-02-30' n'est pas une date (écrivez AAAA-MM-JJ ou jj/mm/aaaa)",
        "nl": "expires '2027-02-30' is geen datum (schrijf JJJJ-MM-DD of dd/mm/jjjj)",
    }),
    ("  - {case_id: A1, question: deadline, justification: x, approved_by: b, expires: 2027-01-01, expiry: 1}\n", {
        "en": "unknown key(s) expiry; a waiver has case_id, question, justification, approved_by, expires",
        "fr": "clé(s) inconnue(s) expiry ; une dérogation comporte case_id, question, justification, approved_by, "
              "expires",
        "nl": "onbekende sleutel(s) expiry; een afwijking bevat case_id, question, justification, approved_by, expires",
    }),
])
def test_waiver_entry_errors_name_the_entry_and_line(tmp_path: Path, export: Path, entry: str,
                                                      expected: dict[str, str]) -> None:
    waivers = write(tmp_path / "waivers.yaml", "# accepted findings\nwaivers:\n" + GOOD_ENTRY + entry)
    where = {"en": f"{waivers}: waiver 2 (line 4): ", "fr": f"{waivers} : dérogation 2 (ligne 4) : ",
             "nl": f"{waivers}: afwijking 2 (regel 4): "}
    assert by_lang("audit", export, "--quiet", "--waivers", waivers) == {
        lang: where[lang] + expected[lang] for lang in LANGS}


def test_waiver_file_errors(tmp_path: Path, export: Path) -> None:
    broken = write(tmp_path / "broken.yaml", "waivers: [\n  {case_id: A\n")
    assert by_lang("audit", export, "--quiet", "--waivers", broken) == {
        "en": f"{broken}: not valid YAML (line 3): expected ',' or '}}', but got '<stream end>'",
        "fr": f"{broken} : YAML non valide (ligne 3) : expected ',' or '}}', but got '<stream end>'",
        "nl": f"{broken}: geen geldige YAML (regel 3): expected ',' or '}}', but got '<stream end>'",
    }
    other = write(tmp_path / "other.yaml", "others: []\n")
    assert by_lang("audit", export, "--quiet", "--waivers", other) == {
        "en": f"{other}: expected a list of waivers or a single 'waivers:' key, found others",
        "fr": f"{other} : une liste de dérogations ou une seule clé 'waivers:' est attendue, trouvé : others",
        "nl": f"{other}: verwacht een lijst van afwijkingen of één enkele sleutel 'waivers:', gevonden: others",
    }
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("waivers:\n  - case_id: é\n".encode("cp1252"))
    assert by_lang("audit", export, "--quiet", "--waivers", latin1) == {
        "en": f"{latin1}: the waiver file is not UTF-8 text",
        "fr": f"{latin1} : le fichier de dérogations n'est pas un texte UTF-8",
        "nl": f"{latin1}: het bestand met afwijkingen is geen UTF-8-tekst",
    }


# --------------------------------------------------------------------------- baseline files


def test_baseline_of_another_checklist_version(tmp_path: Path, export: Path) -> None:
    baseline = write(tmp_path / "baseline.json", json.dumps(
        {"kind": "piis-audit-baseline", "checklist": {"id": CHECKLIST.id, "version": "2025.01"}, "findings": []}))
    current = f"{CHECKLIST.id} version {CHECKLIST.version}"
    assert by_lang("audit", export, "--quiet", "--baseline", baseline) == {
        "en": f"{baseline}: this baseline was written for checklist {CHECKLIST.id} version 2025.01, but the audit "
              f"uses {current}; findings cannot be compared across checklist versions: write a new baseline with "
              f"--write-baseline",
        "fr": f"{baseline} : ce fichier de référence a été créé pour la liste de contrôle {CHECKLIST.id} version "
              f"2025.01, mais l'audit utilise {current} ; des constats de versions différentes de la liste de "
              f"contrôle ne peuvent pas être comparés : créez un nouveau fichier de référence avec --write-baseline",
        "nl": f"{baseline}: dit referentiebestand werd aangemaakt voor controlelijst {CHECKLIST.id} versie 2025.01, "
              f"maar de audit gebruikt {CHECKLIST.id} versie {CHECKLIST.version}; bevindingen van verschillende "
              f"versies van de controlelijst kunnen niet vergeleken worden: maak een nieuw referentiebestand aan "
              f"met --write-baseline",
    }


def test_baseline_file_errors(tmp_path: Path, export: Path) -> None:
    missing = tmp_path / "absent.json"
    assert by_lang("audit", export, "--quiet", "--baseline", missing) == {
        "en": f"{missing}: cannot read the baseline: No such file or directory",
        "fr": f"{missing} : impossible de lire le fichier de référence : No such file or directory",
        "nl": f"{missing}: het referentiebestand kan niet gelezen worden: No such file or directory",
    }
    not_json = write(tmp_path / "notjson.json", "{oops")
    detail = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"  # Python's words
    assert by_lang("audit", export, "--quiet", "--baseline", not_json) == {
        "en": f"{not_json}: the baseline is not JSON ({detail})",
        "fr": f"{not_json} : le fichier de référence n'est pas au format JSON ({detail})",
        "nl": f"{not_json}: het referentiebestand is geen JSON ({detail})",
    }
    sample_instead = write(tmp_path / "sample.json", json.dumps({"kind": "piis-audit-sample"}))
    assert by_lang("audit", export, "--quiet", "--baseline", sample_instead) == {
        "en": f"{sample_instead}: not a piis-audit baseline (write one with --write-baseline)",
        "fr": f"{sample_instead} : ce n'est pas un fichier de référence piis-audit (créez-en un avec --write-baseline)",
        "nl": f"{sample_instead}: geen referentiebestand van piis-audit (maak er een aan met --write-baseline)",
    }
    meta = {"id": CHECKLIST.id, "version": CHECKLIST.version}
    incomplete = write(tmp_path / "incomplete.json", json.dumps(
        {"kind": "piis-audit-baseline", "checklist": meta, "findings": [{"question": "deadline"}]}))
    assert by_lang("audit", export, "--quiet", "--baseline", incomplete) == {
        "en": f"{incomplete}: finding 1 lacks one of question, case_id, verdict, reason_key",
        "fr": f"{incomplete} : il manque au constat 1 au moins un des champs question, case_id, verdict, reason_key",
        "nl": f"{incomplete}: bij bevinding 1 ontbreekt minstens een van de velden question, case_id, verdict, "
              f"reason_key",
    }


# --------------------------------------------------------------------------- sample files

GOOD_SAMPLE: dict[str, Any] = {"kind": "piis-audit-sample", "seed": 7, "size": 2, "population": 2,
                               "export_fingerprint": "abc", "confidence": 0.95, "case_ids": ["A1", "A2"]}


@pytest.mark.parametrize(("change", "expected"), [
    ({"seed": "7"}, {
        "en": "'seed' must be an integer >= 0, got '7'",
        "fr": "'seed' doit être un nombre entier >= 0, reçu '7'",
        "nl": "'seed' moet een geheel getal >= 0 zijn, gekregen '7'",
    }),
    ({"confidence": 95}, {
        "en": "'confidence' must be a number between 0 and 1, got 95",
        "fr": "'confidence' doit être un nombre compris entre 0 et 1, reçu 95",
        "nl": "'confidence' moet een getal tussen 0 en 1 zijn, gekregen 95",
    }),
    ({"case_ids": ["A1", "A1"]}, {
        "en": "'case_ids' lists a case twice",
        "fr": "'case_ids' mentionne deux fois le même dossier",
        "nl": "'case_ids' vermeldt een dossier twee keer",
    }),
    ({"size": 3, "population": 5}, {
        "en": "'size' is 3 but 'case_ids' lists 2 cases",
        "fr": "'size' vaut 3 mais 'case_ids' mentionne 2 dossier(s)",
        "nl": "'size' is 3 maar 'case_ids' vermeldt 2 dossier(s)",
    }),
    ({"kind": "piis-audit-baseline"}, {
        "en": "'kind' is 'piis-audit-baseline', expected 'piis-audit-sample'",
        "fr": "'kind' vaut 'piis-audit-baseline', valeur attendue : 'piis-audit-sample'",
        "nl": "'kind' is 'piis-audit-baseline', verwacht: 'piis-audit-sample'",
    }),
])
def test_inconsistent_sample_file(tmp_path: Path, export: Path, change: dict[str, Any],
                                  expected: dict[str, str]) -> None:
    sample = write(tmp_path / "sample.json", json.dumps({**GOOD_SAMPLE, **change}))
    head = {"en": f"{sample}: not a valid sample file: ", "fr": f"{sample} : fichier d'échantillon non valide : ",
            "nl": f"{sample}: geen geldig steekproefbestand: "}
    assert by_lang("audit", export, "--quiet", "--sample-file", sample) == {
        lang: head[lang] + expected[lang] for lang in LANGS}


def test_unreadable_sample_file(tmp_path: Path, export: Path) -> None:
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    assert by_lang("audit", export, "--quiet", "--sample-file", folder) == {
        "en": f"{folder}: cannot read the sample file: Is a directory",
        "fr": f"{folder} : impossible de lire le fichier d'échantillon : Is a directory",
        "nl": f"{folder}: het steekproefbestand kan niet gelezen worden: Is a directory",
    }


def test_sample_arguments_the_user_gives_are_checked_by_the_command(export: Path) -> None:
    """draw_sample's ValueErrors (size out of range, unknown stratify field) cannot be reached from
    the command line: the command refuses those arguments first, in its language."""
    assert by_lang("sample", export, "--size", "3", "--seed", "1") == {
        "en": "--size must be between 1 and the number of cases in the export (2), got 3",
        "fr": "--size doit être compris entre 1 et le nombre de dossiers de l'export (2), reçu 3",
        "nl": "--size moet tussen 1 en het aantal dossiers in de export (2) liggen, gekregen 3",
    }
    lines = by_lang("sample", export, "--size", "1", "--seed", "1", "--stratify", "nope")
    assert lines == {
        "en": "--stratify nope: the export's cases table has no such column; choose one of: case_id, social_worker",
        "fr": "--stratify nope : la table des dossiers de l'export n'a pas cette colonne ; choisissez parmi : "
              "case_id, social_worker",
        "nl": "--stratify nope: de dossiertabel van de export heeft die kolom niet; kies uit: case_id, social_worker",
    }


# --------------------------------------------------------------------------- compare


def test_compare_refuses_a_file_that_is_not_a_result(tmp_path: Path) -> None:
    good = write(tmp_path / "old.json", json.dumps({"cases": []}))
    bad = write(tmp_path / "new.json", json.dumps({"findings": []}))
    assert by_lang("compare", good, bad) == {
        "en": f"{bad}: not a piis-audit JSON result (no 'cases' list); write one with: piis-audit audit --format json",
        "fr": f"{bad} : ce n'est pas un résultat JSON de piis-audit (pas de liste 'cases') ; pour en produire un : "
              f"piis-audit audit --format json",
        "nl": f"{bad}: geen JSON-resultaat van piis-audit (geen lijst 'cases'); maak er een aan met: "
              f"piis-audit audit --format json",
    }
    missing = tmp_path / "missing.json"
    assert by_lang("compare", missing, good) == {
        "en": f"{missing}: cannot read the audit result: No such file or directory",
        "fr": f"{missing} : impossible de lire le résultat d'audit : No such file or directory",
        "nl": f"{missing}: het auditresultaat kan niet gelezen worden: No such file or directory",
    }


# --------------------------------------------------------------------------- the commands' own refusals


@pytest.mark.parametrize(("locale", "lang"), [("fr_BE.UTF-8", "fr"), ("nl_BE.UTF-8", "nl"), ("en_GB.UTF-8", "en")])
@pytest.mark.parametrize("command", [["audit", "--quiet"], ["sample", "--size", "1"], ["checklist", "show"]])
def test_an_invalid_lang_is_refused_in_the_environment_language(locale: str, lang: str, command: list[str]) -> None:
    env = {"LC_ALL": locale, "LC_MESSAGES": "", "LANG": "", "LANGUAGE": ""}
    line = stderr_of_failure(lang, *command, "--lang", "de", env=env)
    assert line == {
        "en": "--lang 'de': choose one of fr, nl, en",
        "fr": "--lang 'de' : choisissez parmi fr, nl, en",
        "nl": "--lang 'de': kies uit fr, nl, en",
    }[lang]


@pytest.mark.parametrize("command", [["audit", "--quiet"], ["due"], ["explain", "A1"]])
def test_an_invalid_as_of(export: Path, command: list[str]) -> None:
    # 26/11/2026 is accepted since issue 10 (tests/cli/test_as_of.py); a date that does not exist is not.
    assert by_lang(*command, export, "--as-of", "31/02/2026") == {
        "en": "--as-of '31/02/2026': there is no day 31 in 02/2026",
        "fr": "--as-of '31/02/2026' : le jour 31 n'existe pas en 02/2026",
        "nl": "--as-of '31/02/2026': dag 31 bestaat niet in 02/2026",
    }
    assert by_lang(*command, export, "--as-of", "next week") == {
        "en": "--as-of 'next week': give the date as dd/mm/yyyy or yyyy-mm-dd, e.g. 26/11/2026",
        "fr": "--as-of 'next week' : indiquez la date au format jj/mm/aaaa ou aaaa-mm-jj, par ex. 26/11/2026",
        "nl": "--as-of 'next week': geef de datum op als dd/mm/jjjj of jjjj-mm-dd, bv. 26/11/2026",
    }


def test_the_bundled_demo_export_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(piis_audit.demo, "__file__", str(tmp_path / "demo" / "__init__.py"))
    folder = tmp_path / "demo" / "export"
    assert by_lang("audit", "--quiet") == {
        "en": f"the bundled demo export is missing ({folder}); reinstall piis-audit",
        "fr": f"l'export de démonstration fourni avec piis-audit est introuvable ({folder}) ; réinstallez piis-audit",
        "nl": f"de meegeleverde demo-export ontbreekt ({folder}); installeer piis-audit opnieuw",
    }


@pytest.mark.parametrize("command", [["audit", "--quiet"], ["due"]])
def test_an_invalid_checklist_heading_is_translated_its_problems_are_not(tmp_path: Path, export: Path,
                                                                         command: list[str]) -> None:
    checklist = write(tmp_path / "checklist.yaml", "id: x\nversion: 1\nquestions: []\n")
    outputs = {lang: stderr_of_failure(lang, *command, export, "--checklist", checklist, "--lang", lang)
               for lang in LANGS}
    heads = {lang: text.split("\n")[0] for lang, text in outputs.items()}
    assert heads == {
        "en": f"invalid checklist {checklist}:",
        "fr": f"liste de contrôle non valide {checklist} :",
        "nl": f"ongeldige controlelijst {checklist}:",
    }
    problems = {lang: text.split("\n")[1:] for lang, text in outputs.items()}
    assert "  line 3: questions: a non-empty list is required" in problems["en"]
    assert problems["fr"] == problems["nl"] == problems["en"]  # the checklist loader's own English lines


def test_a_case_not_in_the_export(export: Path) -> None:
    assert by_lang("explain", "A", export) == {
        "en": "case 'A' is not in the export (2 cases). Did you mean: A1, A2?",
        "fr": "le dossier 'A' ne figure pas dans l'export (nombre de dossiers : 2). Vouliez-vous dire : A1, A2 ?",
        "nl": "dossier 'A' staat niet in de export (aantal dossiers: 2). Bedoelt u: A1, A2?",
    }
    assert by_lang("explain", "ZZZ", export, "--json") == {
        "en": "case 'ZZZ' is not in the export (2 cases).",
        "fr": "le dossier 'ZZZ' ne figure pas dans l'export (nombre de dossiers : 2).",
        "nl": "dossier 'ZZZ' staat niet in de export (aantal dossiers: 2).",
    }


def test_report_files_with_an_unknown_extension(tmp_path: Path, export: Path) -> None:
    pdf, bare = tmp_path / "report.pdf", tmp_path / "report"
    assert by_lang("audit", export, "--quiet", "-o", pdf) == {
        "en": f"{pdf}: unknown report extension '.pdf'; use one of {EXTENSIONS}",
        "fr": f"{pdf} : extension de rapport inconnue '.pdf' ; utilisez l'une des extensions {EXTENSIONS}",
        "nl": f"{pdf}: onbekende extensie voor een rapport '.pdf'; gebruik een van de extensies {EXTENSIONS}",
    }
    assert by_lang("audit", export, "--quiet", "-o", bare) == {
        "en": f"{bare}: unknown report extension '(none)'; use one of {EXTENSIONS}",
        "fr": f"{bare} : le fichier du rapport n'a pas d'extension ; utilisez l'une des extensions {EXTENSIONS}",
        "nl": f"{bare}: het rapportbestand heeft geen extensie; gebruik een van de extensies {EXTENSIONS}",
    }


def test_cannot_write_the_baseline_or_a_report(tmp_path: Path, export: Path) -> None:
    baseline = tmp_path / "no" / "such" / "baseline.json"
    assert by_lang("audit", export, "--quiet", "--as-of", "2026-11-26", "--write-baseline", baseline) == {
        "en": f"cannot write the baseline {baseline}: No such file or directory",
        "fr": f"impossible d'écrire le fichier de référence {baseline} : No such file or directory",
        "nl": f"kan het referentiebestand {baseline} niet schrijven: No such file or directory",
    }
    report = tmp_path / "no" / "such" / "report.html"
    assert by_lang("audit", export, "--quiet", "--as-of", "2026-11-26", "-o", report) == {
        "en": f"cannot write {report}: No such file or directory",
        "fr": f"impossible d'écrire {report} : No such file or directory",
        "nl": f"kan {report} niet schrijven: No such file or directory",
    }


def test_no_case_could_be_audited(tmp_path: Path) -> None:
    rejected = write(tmp_path / "cases.csv", "case_id;social_worker\n;Nathalie Lambert\n")
    assert by_lang("audit", rejected, "--quiet") == {
        "en": "no case could be audited: every row of the cases table was rejected "
              "(see the data errors with --format json)",
        "fr": "aucun dossier n'a pu être contrôlé : toutes les lignes de la table des dossiers ont été rejetées "
              "(voir les erreurs de données avec --format json)",
        "nl": "geen enkel dossier kon gecontroleerd worden: alle rijen van de dossiertabel werden verworpen "
              "(zie de gegevensfouten met --format json)",
    }


# --------------------------------------------------------------------------- str(InputError) is the English text


def _raised(call: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        call()
    return caught.value


def test_workflow_errors_carry_their_text_and_str_is_its_english(tmp_path: Path) -> None:
    waivers = write(tmp_path / "w.yaml", "- {case_id: A, question: deadline}\n")
    baseline = write(tmp_path / "b.json", "[]")
    sample = write(tmp_path / "s.json", json.dumps({**GOOD_SAMPLE, "strata": [{"value": "x"}]}))
    result = write(tmp_path / "r.json", json.dumps({"cases": [{"case_id": "A", "results": [{}]}]}))
    errors = [
        _raised(lambda: load_waivers(waivers, {q.id for q in CHECKLIST.questions})),
        _raised(lambda: load_baseline(baseline, CHECKLIST)),
        _raised(lambda: load_sample_file(sample)),
        _raised(lambda: read_report(result)),
    ]
    assert [e.text.key if e.text else None for e in errors] == [
        "errors.waivers.missing_many", "errors.baseline.not_baseline", "errors.sample.invalid",
        "errors.compare.result_without_question"]
    assert [str(e) for e in errors] == [
        f"{waivers}: waiver 1 (line 1): justification, approved_by, expires is required and must not be empty",
        f"{baseline}: not a piis-audit baseline (write one with --write-baseline)",
        f"{sample}: not a valid sample file: 'strata' is malformed",
        f"{result}: case A has a result without a question",
    ]
    for e in errors:
        assert e.text is not None and str(e) == english(e.text)


# --------------------------------------------------------------------------- text printed as it is


def test_brackets_in_a_value_the_user_gave_are_printed_not_read_as_markup(export: Path) -> None:
    assert error_line("en", "audit", export, "--quiet", "--as-of", "[red]x[/]") == \
        "--as-of '[red]x[/]': give the date as dd/mm/yyyy or yyyy-mm-dd, e.g. 26/11/2026"


def test_a_checklist_expression_with_brackets_is_reported_not_a_crash(tmp_path: Path, export: Path) -> None:
    text = Path(CHECKLIST.path).read_text(encoding="utf-8")
    start = text.index("applies_if:")
    end = text.index("\n", start)
    broken = write(tmp_path / "checklist.yaml", text[:start] + 'applies_if: "unknown_name[/] == 1"' + text[end:])
    line = text[:start].count("\n") + 1
    audit = stderr_of_failure("en", "audit", export, "--quiet", "--checklist", broken, "--lang", "en")
    assert audit.startswith(f"invalid checklist {broken}:\n  line {line}: ") and "unknown_name[/]" in audit, audit
    lint = runner.invoke(app, ["checklist", "lint", str(broken)])
    assert lint.exit_code == 2 and (lint.exception is None or isinstance(lint.exception, SystemExit))
    assert lint.stderr.startswith(f"{broken}:{line}: ") and "unknown_name[/]" in lint.stderr, lint.stderr


def test_a_checklist_title_with_brackets_is_shown_as_written(tmp_path: Path) -> None:
    text = Path(CHECKLIST.path).read_text(encoding="utf-8")
    title = CHECKLIST.title["en"]
    assert text.count(title) == 1
    checklist = write(tmp_path / "checklist.yaml", text.replace(title, "[bold]Inspection[/] [x]"))
    shown = runner.invoke(app, ["checklist", "show", str(checklist), "--lang", "en"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0] == "[bold]Inspection[/] [x]"


def test_a_waiver_with_a_number_as_key_is_an_unknown_key(tmp_path: Path, export: Path) -> None:
    waivers = write(tmp_path / "waivers.yaml", "waivers:\n" + GOOD_ENTRY.replace("expires:", "2027: x, expires:"))
    assert error_line("en", "audit", export, "--quiet", "--waivers", waivers) == (
        f"{waivers}: waiver 1 (line 2): unknown key(s) 2027; a waiver has case_id, question, justification, "
        "approved_by, expires")
