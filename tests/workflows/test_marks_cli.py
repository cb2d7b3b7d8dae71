"""Waivers, baselines and the exit gate through the real command line, on a Belgian CSV export
(``;``, Windows-1252, dd/mm/yyyy, oui/non): the marks, the unused/expired waivers, the resolved
findings, the baseline file and the exit status at every --fail-on are checked against
expectations computed here from the unmarked JSON result, independently of the code under test."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from piis_audit.cli.app import app
from piis_audit.demo import DEMO_EXPORT_DIR

runner = CliRunner()
FINDINGS = ("fail", "missing_data", "pending")
THRESHOLDS = {"fail": {"fail"}, "missing_data": {"fail", "missing_data"},
              "pending": {"fail", "missing_data", "pending"}}
AS_OF = "2026-11-26"


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo export as a Belgian CPAS writes it: Windows-1252 without BOM, ';', dd/mm/yyyy,
    oui/non, with accented names (checked to be cp1252 bytes)."""
    folder = tmp_path_factory.mktemp("belgian")
    for name in ("cases", "evaluations", "sanctions"):
        text = (DEMO_EXPORT_DIR / f"{name}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        if name == "cases":
            worker = rows[0].index("social_worker")
            for row in rows[1:60]:
                row[worker] = "Hélène Dupré"
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        (folder / f"{name}.csv").write_bytes(buffer.getvalue().encode("cp1252"))
    raw = (folder / "cases.csv").read_bytes()
    assert "Hélène".encode("cp1252") in raw and b";oui;" in raw and b"/20" in raw
    return folder


def audit_json(export: Path, *args: str | Path) -> tuple[int, dict[str, Any]]:
    code, out = run("audit", export, "--quiet", "--as-of", AS_OF, "--format", "json", *args)
    return code, json.loads(out)


def results(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(c["case_id"], r["question"]): r for c in doc["cases"] for r in c["results"]}


def key(case_id: str, r: dict[str, Any]) -> tuple[str, str, str, str]:
    return (r["question"], case_id, r["verdict"], r["reason_key"] or "")


def finding_keys(doc: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    return {key(c["case_id"], r) for c in doc["cases"] for r in c["results"] if r["verdict"] in FINDINGS}


def write_waivers(path: Path, entries: list[dict[str, str]]) -> Path:
    path.write_text(json.dumps({"waivers": entries}), encoding="utf-8")  # JSON is YAML
    return path


def waiver(case_id: str, question: str, justification: str, expires: str) -> dict[str, str]:
    return {"case_id": case_id, "question": question, "justification": justification,
            "approved_by": "J. Peeters", "expires": expires}


def test_waivers_marks_unused_expired_and_exit_status(export: Path, tmp_path: Path) -> None:
    _, plain = audit_json(export)
    by_verdict: dict[str, list[tuple[str, str]]] = {}
    for (case_id, question), r in results(plain).items():
        by_verdict.setdefault(r["verdict"], []).append((case_id, question))
    fails, pending = by_verdict["fail"], by_verdict["pending"]
    assert len(fails) > 5 and pending and by_verdict["pass"] and by_verdict["not_applicable"]
    entries = [waiver(c, q, f"fail {i}", "2027-06-30") for i, (c, q) in enumerate(fails)]  # every fail
    entries[0]["expires"] = AS_OF  # expires today: still applies
    entries += [
        waiver(*fails[1], "later, shown", "2028-01-01"),  # two on one result: the later is shown
        waiver(*pending[0], "pending", "2027-01-31"),
        waiver(*pending[1], "expired", "2026-11-25"),  # never applies
        waiver(*by_verdict["pass"][0], "on a pass", "2027-01-31"),  # unused
        waiver(*by_verdict["not_applicable"][0], "on n/a", "2027-01-31"),  # unused
        waiver("NO-SUCH-CASE", "deadline", "no case", "2027-01-31"),  # unused
    ]
    path = write_waivers(tmp_path / "waivers.yaml", entries)

    # What the rules say, computed from the unmarked result.
    shown: dict[tuple[str, str], dict[str, str]] = {}
    for entry in entries:
        target = (entry["case_id"], entry["question"])
        r = results(plain).get(target)
        if entry["expires"] < AS_OF or r is None or r["verdict"] not in FINDINGS:
            continue
        if target not in shown or entry["expires"] > shown[target]["expires"]:
            shown[target] = entry
    expected_unused = [e["justification"] for e in entries if e["expires"] >= AS_OF
                       and (e["case_id"], e["question"]) not in shown]

    code, marked = audit_json(export, "--waivers", path)
    got = {target: r["waived"]["justification"] for target, r in results(marked).items() if "waived" in r}
    assert got == {target: e["justification"] for target, e in shown.items()}
    assert got[fails[1]] == "later, shown" and got[fails[0]] == "fail 0"
    assert [w["justification"] for w in marked["waivers"]["unused"]] == expected_unused == [
        "on a pass", "on n/a", "no case"]
    assert [w["justification"] for w in marked["waivers"]["expired"]] == ["expired"]
    assert {t: r["verdict"] for t, r in results(marked).items()} == {t: r["verdict"] for t, r in results(plain).items()}
    assert marked["summary"]["verdicts"] == plain["summary"]["verdicts"]
    assert code == 0  # every fail waived
    for fail_on, verdicts in THRESHOLDS.items():
        counted = any(r["verdict"] in verdicts and t not in shown for t, r in results(plain).items())
        assert run("audit", export, "--quiet", "--as-of", AS_OF, "--waivers", path,
                   "--fail-on", fail_on)[0] == int(counted), fail_on


def test_baseline_file_marks_resolved_and_exit_status(export: Path, tmp_path: Path) -> None:
    earlier = "2026-06-01"
    baseline = tmp_path / "baseline.json"
    code, _ = run("audit", export, "--quiet", "--as-of", earlier, "--write-baseline", baseline)
    assert code == 0  # writing a baseline succeeds, findings or not
    old = finding_keys(json.loads(run("audit", export, "--quiet", "--as-of", earlier, "--format", "json")[1]))

    # The file: every finding of the earlier audit, sorted, its sha256 over the parts joined by \x1f.
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    assert [(f["question"], f["case_id"], f["verdict"], f["reason_key"]) for f in doc["findings"]] == sorted(old)
    for f in doc["findings"]:
        text = "\x1f".join((f["question"], f["case_id"], f["verdict"], f["reason_key"]))
        assert f["fingerprint"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert baseline.read_text(encoding="utf-8") == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    _, plain = audit_json(export)
    now = finding_keys(plain)
    assert now - old and old - now and now & old  # some new, some resolved, some known
    _, marked = audit_json(export, "--baseline", baseline)
    expected = {(c, q): ("known" if (q, c, v, k) in old else "new") for q, c, v, k in now}
    got = {t: r["baseline"] for t, r in results(marked).items() if "baseline" in r}
    assert got == expected
    assert all(r["verdict"] in FINDINGS for t, r in results(marked).items() if t in got)
    resolved = [(f["question"], f["case_id"], f["verdict"], f["reason_key"]) for f in marked["baseline"]["resolved"]]
    assert resolved == sorted(old - now)  # by question, case (then as in the file, which is sorted)
    for fail_on, verdicts in THRESHOLDS.items():
        counted = any(v in verdicts and (q, c, v, k) not in old for q, c, v, k in now)
        assert run("audit", export, "--quiet", "--as-of", AS_OF, "--baseline", baseline,
                   "--fail-on", fail_on)[0] == int(counted), fail_on

    # Waivers and a baseline together: waive every new finding, and nothing counts.
    new = [(c, q) for (c, q), mark in expected.items() if mark == "new"]
    path = write_waivers(tmp_path / "w.yaml", [waiver(c, q, "new", "2027-01-31") for c, q in new])
    for fail_on in THRESHOLDS:
        assert run("audit", export, "--quiet", "--as-of", AS_OF, "--baseline", baseline, "--waivers", path,
                   "--fail-on", fail_on)[0] == 0, fail_on
    # Writing a baseline from a marked report records the same findings as from an unmarked one.
    again = tmp_path / "again.json"
    run("audit", export, "--quiet", "--as-of", AS_OF, "--baseline", baseline, "--waivers", path,
        "--write-baseline", again)
    assert [(f["question"], f["case_id"], f["verdict"], f["reason_key"])
            for f in json.loads(again.read_text(encoding="utf-8"))["findings"]] == sorted(now)
