"""The checklist's content fingerprint: in the JSON result and in baselines; a baseline or an
earlier result made under another content warns, naming what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piis_audit.checklist import fingerprint
from piis_audit.checklist.loader import bundled_checklist_path
from piis_audit.engine.checklists import load_checklist, parse_checklist
from piis_audit.cli.app import app

BUNDLED = bundled_checklist_path().read_text(encoding="utf-8")
runner = CliRunner()


def changed(old: str, new: str, text: str = BUNDLED) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


FOUR_MONTHS = ("  deadline_months:\n    value: 3", "  deadline_months:\n    value: 4")
SIX_MONTH_WINDOWS = ("window_months: 12", "window_months: 6")


def texts(summary_old: dict[str, object], summary_new: dict[str, object], lang: str = "en") -> list[str]:
    from piis_audit.i18n.render import format_value

    return [format_value(m, lang) for m in fingerprint.changes(summary_old, summary_new)]


def test_comments_and_layout_do_not_change_the_fingerprint() -> None:
    base = load_checklist()
    relaid = BUNDLED.replace("\nquestions:\n", "\n# a comment added by the CPAS\n\n\nquestions:  # the eleven\n", 1)
    relaid = relaid.replace("    severity: critical\n", "    severity:   critical   # reviewed\n")
    assert parse_checklist(relaid).fingerprint == base.fingerprint
    assert len(base.fingerprint) == 64
    assert parse_checklist(changed(*FOUR_MONTHS)).fingerprint != base.fingerprint


@pytest.mark.parametrize(("change", "expected"), [
    (FOUR_MONTHS, ["parameter deadline_months: 3 → 4"]),
    (SIX_MONTH_WINDOWS, ["question evaluations: parameter window_months: 12 → 6"]),
    (("applies_if: \"has_sanctions\"", "applies_if: \"has_sanctions and piis_concluded\""),
     ["question sanctions: applies_if has_sanctions → has_sanctions and piis_concluded"]),
    (("    severity: critical\n", "    severity: major\n"),
     ["question deadline: its texts, severity, legal basis, kind or dependencies changed"]),
    (("cat2: 1314.20", "cat2: 1320.00"), ["the table of RI amounts changed"]),
])
def test_what_changed_is_named(change: tuple[str, str], expected: list[str]) -> None:
    old = fingerprint.summary(load_checklist())
    new = fingerprint.summary(parse_checklist(changed(*change)))
    assert texts(old, new) == expected
    assert texts(old, old) == []


def test_a_question_added_or_removed_is_named() -> None:
    old = fingerprint.summary(load_checklist())
    new = json.loads(json.dumps(old))
    del new["questions"]["sanctions"]
    new["questions"]["local-visit"] = {"fingerprint": "x", "params": {}, "applies_if": None}
    new["fingerprint"] = "0" * 64
    assert texts(old, new, "fr") == ["question sanctions supprimée", "question local-visit ajoutée"]


def write_export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    rows = ["case_id;birth_date;ri_decision_date;piis_signed_date;full_time_studies",
            "C1;01/01/2003;15/01/2026;;oui", "C2;01/01/2003;15/01/2026;12/05/2026;oui"]
    (folder / "cases.csv").write_text("\r\n".join(rows) + "\r\n", encoding="cp1252")
    return folder


def audit_json(tmp_path: Path, checklist: Path, *extra: str) -> tuple[dict[str, object], str]:
    result = runner.invoke(app, ["audit", str(write_export(tmp_path) if not (tmp_path / "export").exists()
                                             else tmp_path / "export"),
                                 "--checklist", str(checklist), "--as-of", "2026-11-26", "--format", "json",
                                 "--quiet", *extra])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    return json.loads(result.stdout), result.stderr


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_json_result_and_the_baseline_hold_the_fingerprint(tmp_path: Path) -> None:
    three = write(tmp_path, "three.yaml", BUNDLED)
    doc, _ = audit_json(tmp_path, three, "--write-baseline", str(tmp_path / "base.json"))
    assert doc["checklist"]["fingerprint"] == load_checklist().fingerprint  # type: ignore[index]
    assert doc["checklist"]["parameters"]["deadline_months"] == 3  # type: ignore[index]
    baseline = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert baseline["checklist"]["fingerprint"] == load_checklist().fingerprint
    assert baseline["checklist"]["questions"]["evaluations"]["params"]["window_months"] == 12


@pytest.mark.parametrize(("lang", "heading", "item"), [
    ("en", "the baseline", "changed: parameter deadline_months: 3 → 4"),
    ("fr", "le fichier de référence", "modifié : paramètre deadline_months : 3 → 4"),
    ("nl", "het referentiebestand", "gewijzigd: parameter deadline_months: 3 → 4"),
])
def test_applying_a_baseline_made_under_another_content_warns(tmp_path: Path, lang: str, heading: str,
                                                              item: str) -> None:
    three = write(tmp_path, "three.yaml", BUNDLED)
    audit_json(tmp_path, three, "--write-baseline", str(tmp_path / "base.json"))
    four = write(tmp_path, "four.yaml", changed(*FOUR_MONTHS))
    doc, stderr = audit_json(tmp_path, four, "--baseline", str(tmp_path / "base.json"), "--lang", lang)
    flat = " ".join(stderr.split())
    assert heading in flat and item in flat, stderr
    changes = doc["baseline"]["checklist_changes"]  # type: ignore[index]
    assert [(c["key"], c["params"]["name"]) for c in changes] == [
        ("workflows.checklist.change.parameter", "deadline_months")]
    # the same content: no warning, no field
    doc, stderr = audit_json(tmp_path, three, "--baseline", str(tmp_path / "base.json"), "--lang", lang)
    assert heading not in " ".join(stderr.split()) and "checklist_changes" not in doc.get("baseline", {})  # type: ignore[operator]


def test_compare_warns_when_the_results_come_from_other_contents(tmp_path: Path) -> None:
    three = write(tmp_path, "three.yaml", BUNDLED)
    old, _ = audit_json(tmp_path, three)
    six = write(tmp_path, "six.yaml", changed(*SIX_MONTH_WINDOWS))
    new, _ = audit_json(tmp_path, six)
    old_path, new_path = write(tmp_path, "old.json", json.dumps(old)), write(tmp_path, "new.json", json.dumps(new))
    result = runner.invoke(app, ["compare", str(old_path), str(new_path), "--lang", "en"])
    flat = " ".join(result.stderr.split())
    assert "the two results were made under different contents of checklist spp-is-piis" in flat
    assert "changed: question evaluations: parameter window_months: 12 → 6" in flat
    doc = json.loads(runner.invoke(app, ["compare", str(old_path), str(new_path), "--format", "json"]).stdout)
    assert doc["checklist_changes"] == [{"key": "workflows.checklist.change.question_parameter",
                                         "params": {"question": "evaluations", "name": "window_months",
                                                    "old": "12", "new": "6"}}]
    assert doc["old"]["checklist"]["fingerprint"] != doc["new"]["checklist"]["fingerprint"]
    same = runner.invoke(app, ["compare", str(old_path), str(old_path), "--lang", "en"])
    assert "different contents" not in same.stderr
