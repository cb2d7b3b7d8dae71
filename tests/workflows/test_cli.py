"""End to end through the command line: sample, audit --sample-file/--baseline/--waivers, due,
compare, on the bundled demo export and on small exports written here."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from piis_audit.engine.checklists import load_checklist
from typer.testing import CliRunner

from piis_audit.cli.app import app
from piis_audit.demo import DEMO_EXPORT_DIR
from piis_audit.resources import resource_dir
from piis_audit.workflows.stats import attribute_sample_size

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture()
def demo_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    shutil.copytree(DEMO_EXPORT_DIR, folder)
    return folder


# --------------------------------------------------------------------------- sample


def test_sample_same_seed_same_ids_and_prints_what_redraws_it() -> None:
    code, first, _ = run("sample", "--size", "12", "--seed", "2026", "--format", "json")
    assert code == 0
    doc = json.loads(first)
    assert doc["seed"] == 2026 and doc["size"] == 12 and len(doc["case_ids"]) == 12
    assert doc["population"] == 400 and len(doc["export_fingerprint"]) == 64
    assert json.loads(run("sample", "--size", "12", "--seed", "2026", "--format", "json")[1]) == doc
    other = json.loads(run("sample", "--size", "12", "--seed", "2027", "--format", "json")[1])
    assert other["case_ids"] != doc["case_ids"]
    code, text, _ = run("sample", "--size", "12", "--seed", "2026")
    assert code == 0
    for expected in ("2026", "400", doc["export_fingerprint"], *doc["case_ids"]):
        assert expected in text


def test_sample_same_ids_in_another_process_with_another_hash_seed() -> None:
    args = ["-m", "piis_audit", "sample", "--size", "20", "--seed", "5", "--format", "json"]
    outputs = []
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True,
                              check=True, cwd=ROOT)
        outputs.append(json.loads(done.stdout)["case_ids"])
    assert outputs[0] == outputs[1] == json.loads(run("sample", *args[3:])[1])["case_ids"]


def test_sample_size_from_attribute_sampling_on_the_population() -> None:
    code, out, err = run("sample", "--confidence", "0.95", "--tolerable-rate", "0.05", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["size"] == attribute_sample_size(0.95, 0.05, 0, 400) == len(doc["case_ids"])
    assert doc["method"] == "hypergeometric" and doc["tolerable_rate"] == 0.05
    assert str(doc["seed"]) in err  # a generated seed is printed


def test_sample_stratified_csv(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    code, _, _ = run("sample", "--size", "40", "--seed", "1", "--stratify", "social_worker",
                     "--format", "csv", "-o", out)
    assert code == 0
    header, rows = read_csv(out)
    assert header == ["case_id", "stratum", "seed", "size", "population", "export_fingerprint"]
    assert len(rows) == 40 and {r[2] for r in rows} == {"1"}
    demo_header, demo_rows = read_csv(DEMO_EXPORT_DIR / "cases.csv")
    worker = {r[0]: r[demo_header.index("social_worker")] for r in demo_rows}
    assert all(worker[r[0]] == r[1] for r in rows)
    per_worker = {w: sum(1 for r in rows if r[1] == w) for w in set(worker.values())}
    for w, n in per_worker.items():
        quota = 40 * sum(1 for v in worker.values() if v == w) / 400
        assert abs(n - quota) < 1


@pytest.mark.parametrize("args, words", [
    ([], "--size"),
    (["--confidence", "0.95"], "--tolerable-rate"),
    (["--size", "5", "--expected-deviations", "1"], "--expected-deviations"),
    (["--confidence", "95", "--tolerable-rate", "0.05"], "between 0 and 1"),
    (["--size", "401"], "(400)"),
    (["--size", "0"], "(400)"),
    (["--size", "5", "--stratify", "nope"], "nope"),
    (["--size", "5", "--seed", "-1"], "--seed"),
])
def test_sample_bad_arguments_exit_2(args: list[str], words: str) -> None:
    code, _, err = run("sample", *args)
    assert code == 2
    assert words in err and "Traceback" not in err


def test_audit_sample_file_audits_only_the_sample(tmp_path: Path) -> None:
    sample_file = tmp_path / "sample.json"
    assert run("sample", "--confidence", "0.90", "--tolerable-rate", "0.10", "--seed", "3",
               "--format", "json", "-o", sample_file)[0] == 0
    sampled = json.loads(sample_file.read_text(encoding="utf-8"))
    code, out, _ = run("audit", "--quiet", "--sample-file", sample_file, "--format", "json")
    assert code in (0, 1)
    report = json.loads(out)
    assert sorted(c["case_id"] for c in report["cases"]) == sorted(sampled["case_ids"])
    stats = report["sample"]
    assert stats["seed"] == 3 and stats["fingerprint_matches"] is True
    by_q = {q["question"]: q for q in stats["questions"]}
    for case in report["cases"]:
        for r in case["results"]:
            assert r["question"] in by_q
    fails = sum(1 for c in report["cases"] for r in c["results"]
                if r["question"] == "deadline" and r["verdict"] == "fail")
    assert by_q["deadline"]["deviations"] == fails


def test_malformed_sample_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "s.json"
    bad.write_text('{"seed": 1}', encoding="utf-8")
    code, _, err = run("audit", "--quiet", "--sample-file", bad)
    assert code == 2 and str(bad) in err


# --------------------------------------------------------------------------- baseline


def _findings(report: dict) -> dict[tuple[str, str], str | None]:  # type: ignore[type-arg]
    return {(c["case_id"], r["question"]): r.get("baseline") for c in report["cases"]
            for r in c["results"] if r["verdict"] in ("fail", "missing_data", "pending")}


def test_baseline_survives_shuffled_rows_and_a_new_column(demo_copy: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, _, _ = run("audit", demo_copy, "--quiet", "--as-of", "2026-11-26", "--write-baseline", baseline)
    assert code == 0  # the demo has failures, but writing the baseline succeeded (`cmd && git add` works)
    assert run("audit", demo_copy, "--quiet", "--as-of", "2026-11-26")[0] == 1  # without it: the failures

    header, rows = read_csv(demo_copy / "cases.csv")
    random.Random(1).shuffle(rows)
    write_csv(demo_copy / "cases.csv", [*header, "remarque interne"], [[*r, "x"] for r in rows])
    code, out, _ = run("audit", demo_copy, "--quiet", "--as-of", "2026-11-26", "--baseline", baseline,
                       "--format", "json")
    assert code == 0
    marks = _findings(json.loads(out))
    assert marks and set(marks.values()) == {"known"}
    # the key is there with its counts even when nothing was resolved
    assert json.loads(out)["baseline"] == {"new": 0, "known": len(marks), "resolved_count": 0, "resolved": []}
    code, text, _ = run("audit", demo_copy, "--as-of", "2026-11-26", "--baseline", baseline, "--lang", "en")
    assert code == 0  # the terminal closes with the baseline's counts
    assert f"New findings: 0 · Known findings: {len(marks)} · Resolved findings: 0" in text.splitlines()[-1]
    # --fail-on pending also counts only new findings
    assert run("audit", demo_copy, "--quiet", "--as-of", "2026-11-26", "--baseline", baseline,
               "--fail-on", "pending")[0] == 0


def _signed_case_without_subsidy_claim(report: dict) -> str:  # type: ignore[type-arg]
    return next(str(c["case_id"]) for c in report["cases"]
                if {r["question"]: r["verdict"] for r in c["results"]}["signatures"] == "pass"
                and {r["question"]: r["verdict"] for r in c["results"]}["increased-subsidy"] == "not_applicable")


def test_one_new_failing_case_is_the_only_new_finding(demo_copy: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run("audit", demo_copy, "--quiet", "--as-of", "2026-11-26", "--write-baseline", baseline)
    before = json.loads(run("audit", demo_copy, "--quiet", "--as-of", "2026-11-26", "--format", "json")[1])
    # A case whose signatures pass today loses the CPAS signature (one that claims no increased
    # subsidy, which rests on the signatures and would fail with them).
    passing = _signed_case_without_subsidy_claim(before)
    header, rows = read_csv(demo_copy / "cases.csv")
    col = header.index("signed_cpas")
    for r in rows:
        if r[0] == passing:
            r[col] = "non"
    write_csv(demo_copy / "cases.csv", header, rows)
    code, out, _ = run("audit", demo_copy, "--quiet", "--as-of", "2026-11-26", "--baseline", baseline,
                       "--format", "json")
    assert code == 1
    marks = _findings(json.loads(out))
    new = [key for key, mark in marks.items() if mark == "new"]
    assert new == [(passing, "signatures")]


def test_baseline_from_another_checklist_version_is_refused(demo_copy: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run("audit", demo_copy, "--quiet", "--write-baseline", baseline)
    source = resource_dir("checklists") / "spp-is-piis.yaml"
    text = source.read_text(encoding="utf-8")
    assert 'version: "2026.11"' in text
    other = tmp_path / "checklist.yaml"
    other.write_text(text.replace('version: "2026.11"', 'version: "2027.01"', 1), encoding="utf-8")
    code, _, err = run("audit", demo_copy, "--quiet", "--checklist", other, "--baseline", baseline)
    assert code == 2
    assert "2026.11" in err and "2027.01" in err


# --------------------------------------------------------------------------- waivers


def test_waivers_end_to_end(demo_copy: Path, tmp_path: Path) -> None:
    report = json.loads(run("audit", demo_copy, "--quiet", "--format", "json")[1])
    fails = [(c["case_id"], r["question"]) for c in report["cases"] for r in c["results"]
             if r["verdict"] == "fail"]
    passes = [(c["case_id"], r["question"]) for c in report["cases"] for r in c["results"]
              if r["verdict"] == "pass"]
    entries = [{"case_id": c, "question": q, "justification": "accepted", "approved_by": "head",
                "expires": "2027-06-30"} for c, q in fails]
    entries.append({"case_id": fails[0][0], "question": fails[0][1], "justification": "old",
                    "approved_by": "head", "expires": "2026-01-01"})
    entries.append({"case_id": passes[0][0], "question": passes[0][1], "justification": "stale",
                    "approved_by": "head", "expires": "2027-06-30"})
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(json.dumps({"waivers": entries}), encoding="utf-8")  # JSON is YAML
    code, out, _ = run("audit", demo_copy, "--quiet", "--waivers", waivers, "--format", "json")
    assert code == 0  # every fail waived
    waived = json.loads(out)
    assert all("waived" in r for c in waived["cases"] for r in c["results"] if r["verdict"] == "fail")
    assert waived["summary"]["verdicts"]["fail"] == len(fails)  # verdicts unchanged
    assert [w["expires"] for w in waived["waivers"]["expired"]] == ["2026-01-01"]
    assert [(w["case_id"], w["question"]) for w in waived["waivers"]["unused"]] == [passes[0]]


def test_malformed_waivers_stop_before_reading_the_export(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("- case_id: D1\n  question: deadline\n  approved_by: x\n  expires: 2027-01-01\n",
                       encoding="utf-8")
    code, _, err = run("audit", tmp_path / "no-such-export.xlsx", "--waivers", waivers)
    assert code == 2
    assert "justification" in err and "waiver 1" in err and "no-such-export" not in err


# --------------------------------------------------------------------------- due

DUE_ROWS = [  # case, social worker, RI decision, PIIS signed
    ("C1", "Anne", "10/09/2026", ""),  # deadline 09/12/2026: due in 13 days
    ("C2", "Bart", "30/08/2026", ""),  # deadline 29/11/2026: due in 3 days
    ("C3", "Anne", "20/10/2026", ""),  # deadline 19/01/2027: beyond 30 days
    ("C4", "Bart", "01/09/2026", "01/10/2026"),  # concluded on time: nothing to do
]


def _due_export(tmp_path: Path) -> Path:
    header, _ = read_csv(DEMO_EXPORT_DIR / "cases.csv")
    rows = []
    for case_id, worker, decision, signed in DUE_ROWS:
        values = {"case_id": case_id, "social_worker": worker, "office": "Nord", "birth_date": "01/01/1990",
                  "category": "2", "ri_decision_date": decision, "ri_start_date": decision,
                  "ri_in_previous_3_months": "non", "full_time_studies": "non", "employment_trajectory": "non",
                  "piis_signed_date": signed, "piis_start_date": signed, "piis_type": "social" if signed else ""}
        rows.append([values.get(h, "") for h in header])
    folder = tmp_path / "due"
    folder.mkdir()
    write_csv(folder / "cases.csv", header, rows)
    return folder


def test_due_lists_per_social_worker_row_by_row(tmp_path: Path) -> None:
    export = _due_export(tmp_path)
    code, out, _ = run("due", export, "--as-of", "2026-11-26", "--format", "json", "--lang", "en")
    assert code == 0
    doc = json.loads(out)
    rows = [(w["social_worker"], i["case_id"], i["question"], i["due_date"], i["days_left"])
            for w in doc["social_workers"] for i in w["overdue"] + w["due"]]
    assert rows == [
        ("Anne", "C1", "absence-motivated", "2026-12-09", 13),
        ("Anne", "C1", "deadline", "2026-12-09", 13),
        ("Bart", "C2", "absence-motivated", "2026-11-29", 3),
        ("Bart", "C2", "deadline", "2026-11-29", 3),
    ]
    assert all(i["action"] for w in doc["social_workers"] for i in w["due"])
    wider = json.loads(run("due", export, "--as-of", "2026-11-26", "--within", "60", "--format", "json")[1])
    assert sum(len(w["due"]) for w in wider["social_workers"]) == 6


def test_due_csv_and_text(tmp_path: Path) -> None:
    export = _due_export(tmp_path)
    out = tmp_path / "due.csv"
    assert run("due", export, "--as-of", "2026-11-26", "--format", "csv", "-o", out, "--lang", "fr")[0] == 0
    header, rows = read_csv(out)
    assert header[:3] == ["social_worker", "office", "case_id"]
    assert [(r[0], r[2], r[3], r[6], r[8]) for r in rows] == [
        ("Anne", "C1", "absence-motivated", "09/12/2026", "due"),
        ("Anne", "C1", "deadline", "09/12/2026", "due"),
        ("Bart", "C2", "absence-motivated", "29/11/2026", "due"),
        ("Bart", "C2", "deadline", "29/11/2026", "due"),
    ]
    code, text, _ = run("due", export, "--as-of", "2026-11-26", "--lang", "en")
    assert code == 0
    assert text.index("Anne") < text.index("C1") < text.index("Bart") < text.index("C2")
    assert "C3" not in text and "C4" not in text and "09/12/2026" in text


def test_due_bad_within_exits_2(tmp_path: Path) -> None:
    code, _, err = run("due", "--within", "-3")
    assert code == 2 and "--within" in err


# --------------------------------------------------------------------------- compare


def test_compare_two_audits(demo_copy: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    assert run("audit", demo_copy, "--quiet", "-o", old)[0] == 1
    before = json.loads(old.read_text(encoding="utf-8"))
    passing = next(c["case_id"] for c in before["cases"] for r in c["results"]
                   if r["question"] == "signatures" and r["verdict"] == "pass")
    header, rows = read_csv(demo_copy / "cases.csv")
    col = header.index("signed_cpas")
    for r in rows:
        if r[0] == passing:
            r[col] = "non"
    write_csv(demo_copy / "cases.csv", header, rows)
    assert run("audit", demo_copy, "--quiet", "-o", new, "--lang", "nl")[0] == 1

    code, out, _ = run("compare", old, new, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    new_fails = [(f["case_id"], f["question"]) for f in doc["new_findings"] if f["verdict"] == "fail"]
    assert (passing, "signatures") in new_fails
    assert doc["counts"]["new_fails"] == len(new_fails)
    code, text, _ = run("compare", old, new, "--lang", "en")
    assert code == 1 and passing in text

    assert run("compare", old, old)[0] == 0
    assert run("compare", new, old)[0] == 0  # the signature came back: resolved, nothing new fails


def test_compare_unreadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    code, _, err = run("compare", bad, tmp_path / "missing.json")
    assert code == 2 and "bad.json" in err


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_text_outputs_in_every_language(tmp_path: Path, lang: str) -> None:
    export = _due_export(tmp_path)
    code, text, _ = run("sample", export, "--size", "2", "--seed", "1", "--stratify", "social_worker",
                        "--lang", lang)
    assert code == 0 and "piis-audit sample" in text and "--stratify social_worker" in text
    code, text, _ = run("due", export, "--as-of", "2026-11-26", "--lang", lang)
    assert code == 0 and "C1" in text and "Anne" in text
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    run("audit", export, "--quiet", "--as-of", "2026-11-26", "-o", old)
    run("audit", export, "--quiet", "--as-of", "2027-01-31", "-o", new)  # deadlines passed: new fails
    code, text, _ = run("compare", old, new, "--lang", lang)
    deadline = next(q for q in load_checklist(None).questions if q.id == "deadline")
    assert code == 1 and "C1" in text and f"2. {deadline.title[lang]}" in text


@pytest.mark.parametrize(("lang", "warning"), [
    ("en", "warning: the two results were made with different checklists"),
    ("fr", "avertissement : les deux résultats proviennent de check-lists différentes"),
    ("nl", "waarschuwing: de twee resultaten komen van verschillende checklists"),
])
def test_compare_warns_in_the_chosen_language(tmp_path: Path, lang: str, warning: str) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    assert run("audit", "--quiet", "-o", old)[0] == 1
    doc = json.loads(old.read_text(encoding="utf-8"))
    doc["checklist"]["version"] = "older"
    new.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run("compare", old, new, "--lang", lang)
    assert code == 0 and err.startswith(warning) and "older" in err, err
