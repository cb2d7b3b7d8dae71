"""An explanation never states what the tool does not know: an impossible birth date
(31/06/1985) gives "age unknown (birth_date could not be read)", and a mandatory decision that holds
anyway says that both age branches agree; when they do not, missing_data (issue: the case was
explained as "obligatoire : moins de 25 ans (— ans)")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piis_audit.cli.app import app

runner = CliRunner()

ROWS = ("case_id;birth_date;ri_decision_date;ri_in_previous_3_months;full_time_studies;employment_trajectory;"
        "piis_signed_date;exemption_reason;exemption_decision_date\r\n"
        "NEW;31/06/1985;02/12/2024;non;non;non;;;\r\n"       # new beneficiary: mandatory at any age
        "OLD;31/06/1985;02/12/2024;oui;non;non;;;\r\n"       # not new, nothing else: mandatory at no age
        "STUDENT;31/06/1985;02/12/2024;oui;oui;non;;;\r\n")  # under 25 yes, 25+ no: undecided


def _export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "cases.csv").write_bytes(ROWS.encode("cp1252"))
    return folder


def explain(tmp_path: Path, case: str, lang: str, *extra: str) -> str:
    result = runner.invoke(app, ["explain", case, str(_export(tmp_path)), "--as-of", "2025-06-01",
                                 "--lang", lang, *extra])
    assert result.exit_code == 0, result.output
    return re.sub(r"[│╭╮╰╯─]", " ", result.stdout)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("lang", "age", "mandatory"), [
    ("fr", "inconnu (birth_date est illisible)",
     "obligatoire quel que soit l'âge : l'âge est inconnu (birth_date est illisible), mais un nouveau "
     "bénéficiaire doit avoir un PIIS avant comme après 25 ans"),
    ("en", "unknown (birth_date could not be read)",
     "mandatory whatever the age: the age is unknown (birth_date could not be read), but a new beneficiary "
     "must have a PIIS both under 25 and from 25 on"),
])
def test_mandatory_whatever_the_age(tmp_path: Path, lang: str, age: str, mandatory: str) -> None:
    out = _flat(explain(tmp_path, "NEW", lang))
    assert age in out and mandatory in out
    assert "(— ans)" not in out and "(age —)" not in out and "moins de 25 ans" not in out


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "pas obligatoire quel que soit l'âge : l'âge est inconnu (birth_date est illisible)"),
    ("en", "not mandatory whatever the age: the age is unknown (birth_date could not be read)"),
])
def test_not_mandatory_whatever_the_age(tmp_path: Path, lang: str, text: str) -> None:
    out = _flat(explain(tmp_path, "OLD", lang))
    assert text in out
    assert "(— ans)" not in out and "(age —)" not in out


def test_branches_disagree_gives_missing_data_naming_the_birth_date(tmp_path: Path) -> None:
    out = _flat(explain(tmp_path, "STUDENT", "en"))
    assert "(age —)" not in out
    assert re.search(r"2\. Was the PIIS concluded within the legal deadline\? missing data — "
                     r"cannot be decided: birth_date could not be read", out), out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_json_facts_never_state_an_unknown_age(tmp_path: Path, lang: str) -> None:
    facts = json.loads(explain(tmp_path, "NEW", lang, "--json"))["facts"]
    assert facts["age"] is None and facts["piis_mandatory"] is True
    assert "—" not in facts["mandatory_reason"]
    assert ("inconnu" if lang == "fr" else "unknown") in facts["mandatory_reason"]
