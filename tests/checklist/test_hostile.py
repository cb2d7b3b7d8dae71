"""Hostile and mistaken checklists: each is refused at load time with its line (yamllint style,
one row per case: what is changed in the bundled checklist, the message expected, the line),
never an "internal error"; ``checklist lint`` and ``audit --checklist`` stop with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from piis_audit.checklist.loader import ChecklistError, bundled_checklist_path
from piis_audit.engine.checklists import parse_checklist
from piis_audit.cli.app import app

BUNDLED = bundled_checklist_path().read_text(encoding="utf-8")
DEADLINE_ON_TIME_EN = ('en: "PIIS signed {signed}, within the deadline of {deadline} '
                       '({start_field} {start} + {deadline_months} months)"')
SIGNATURES_IF = '    applies_if: "piis_concluded"\n    params:\n      reflection_days'
LAUGHS = "x-laughs:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))


def condition(expression: str) -> tuple[str, str]:
    """Replace the signatures question's applies_if with ``expression``."""
    return SIGNATURES_IF, f"    applies_if: {json.dumps(expression)}\n    params:\n      reflection_days"


def reason_en(template: str) -> tuple[str, str]:
    """Replace the English on_time reason of the deadline question with ``template``."""
    return DEADLINE_ON_TIME_EN, f'en: "{template}"'


# (case, (text replaced, replacement), expected message fragment, text found on the expected line)
CASES: list[tuple[str, tuple[str, str], str, str]] = [
    ("kind a list", ("kind: signatures", "kind: [signatures]"), "'kind' must be the name of a check kind",
     "kind: [signatures]"),
    ("kind a number", ("kind: signatures", "kind: 7"), "'kind' must be the name of a check kind", "kind: 7"),
    ("kind a mapping", ("kind: signatures", "kind: {a: b}"), "'kind' must be the name", "kind: {a: b}"),
    ("template attribute", reason_en("{deadline.__class__.__init__.__globals__}"),
     "placeholder {deadline.__class__.__init__.__globals__} is not allowed", "deadline.__class__"),
    ("template index", reason_en("{signed[0]} on time"), "placeholder {signed[0]} is not allowed", "{signed[0]}"),
    ("template conversion", reason_en("{signed!r} on time"), "conversions (!r, !s, !a) are not allowed",
     "{signed!r}"),
    ("template format spec", reason_en("{signed:>999999999} on time"), "format specifications are not allowed",
     "{signed:>999999999}"),
    ("template lone brace", reason_en("signed { on time"), "expected '}' before end of string", "signed { on time"),
    ("remediation attribute", ('en: "Have the contract signed by the beneficiary',
                               'en: "{reflection_days.real} Have the contract signed by the beneficiary'),
     "placeholder {reflection_days.real} is not allowed", "{reflection_days.real}"),
    ("remediation unknown name", ('en: "Have the contract signed by the beneficiary',
                                  'en: "{nobody} Have the contract signed by the beneficiary'),
     "{nobody} is not a parameter of this question", "{nobody}"),
    ("parentheses 10,000 deep", condition("(" * 10_000 + "piis_concluded" + ")" * 10_000),
     "expression too long (20,014 characters, at most 500)", "applies_if: \"(((("),
    ("not 10,000 times", condition("not " * 10_000 + "piis_concluded"), "expression too long",
     "applies_if: \"not not"),
    ("not 30 times", condition("not " * 30 + "piis_concluded"), "nested too deep (more than 12 levels)",
     "applies_if: \"not not"),
    ("power tower", condition("age > 9**9**9"), "the operator Pow is not allowed", "9**9**9"),
    ("left shift", condition("age > 1 << 10**10"), "the operator LShift is not allowed", "1 << 10**10"),
    ("huge number", condition("age > 100000000000"), "the number 100000000000 is too large",
     "age > 100000000000"),
    ("huge text", condition("piis_type == '" + "a" * 300 + "'"), "a text of 300 characters is too long",
     "piis_type == 'aaaa"),
    ("text repeated", condition("piis_type == 'a' * 100000"), "'a' (a text) * 100000 (a number) cannot be computed",
     "'a' * 100000"),
    ("text repeated by a power", condition("piis_type == 'a' * 10**9"), "the operator Pow is not allowed",
     "'a' * 10**9"),
    ("number against text", condition("age > 'x'"), "cannot compare age (a number) with 'x' (a text)",
     "age > 'x'"),
    ("date against number", condition("deadline >= 5"), "cannot compare deadline (a date) with 5 (a number)",
     "deadline >= 5"),
    ("equal never true", condition("age == 'x'"), "comparing age (a number) with 'x' (a text) is never true",
     "age == 'x'"),
    ("in a list of texts", condition("category in ('a', 'b')"), "cannot look for category (a number) in a list",
     "category in"),
    ("a choice it never holds", condition("piis_type == 'etudiant'"), "'etudiant' is not a value of piis_type",
     "piis_type == 'etudiant'"),
    ("a choice list", condition("piis_type in ('student', 'job')"), "'job' is not a value of piis_type",
     "piis_type in"),
    ("len of a number", condition("len(age) > 0"), "len() of age (a number) is meaningless", "len(age)"),
    ("another function", condition("max(age, 3) > 0"), "unknown name(s) max", "max(age"),
    ("attribute", condition("piis_type.upper() == 'X'"), "attribute is not allowed", "piis_type.upper()"),
    ("conditional", condition("age if piis_concluded else 0"), "ifexp is not allowed", "age if"),
    ("lambda", condition("(lambda: 1)()"), "lambda is not allowed", "(lambda: 1)()"),
    ("f-string", condition('f"{age}" == "1"'), "joinedstr is not allowed", '{age}'),
    ("walrus", condition("(x := 1)"), "namedexpr is not allowed", "(x := 1)"),
    ("condition in a mention", ('{field: mention_third_party_role, when: "third_party"}',
                                '{field: mention_third_party_role, when: "category > \'x\'"}'),
     "cannot compare category (a number) with 'x' (a text)", "      mentions:  # AR art. 11"),
    ("a fact in a mention's condition", ('{field: mention_third_party_role, when: "third_party"}',
                                         '{field: mention_third_party_role, when: "age > 30"}'),
     "unknown name(s) age", "      mentions:  # AR art. 11"),
    ("deadline_months negative", ("  deadline_months:\n    value: 3", "  deadline_months:\n    value: -3"),
     "parameter 'deadline_months': -3 is out of range: expected a whole number from 1 to 120", "value: -3"),
    ("subsidy_rate 10", ("    value: 0.10", "    value: 10"),
     "parameter 'subsidy_rate': 10 is out of range: expected a number from 0 to 1", "    value: 10"),
    ("adult_age 200", ("  adult_age:\n    value: 25", "  adult_age:\n    value: 200"),
     "200 is out of range: expected a whole number from 0 to 120", "value: 200"),
    ("month_end_rule", ("value: last_day_of_month", "value: whenever"),
     "'whenever' is not one of last_day_of_month, day_before_clamped", "value: whenever"),
    ("a flag that is a text", ("value: true\n    source: \"docs/questions.md default: when a request",
                               "value: maybe\n    source: \"docs/questions.md default: when a request"),
     "parameter 'deadline_from_request': 'maybe' is not true or false", "value: maybe"),
    ("reflection days negative", ("reflection_days: 5", "reflection_days: -1"),
     "parameter 'reflection_days' = -1 is out of range", "reflection_days: -1"),
    ("window of no months", ("window_months: 12", "window_months: 0"),
     "parameter 'window_months' = 0 is out of range: expected a whole number from 1 to 120", "window_months: 0"),
    ("evaluations a float", ("evaluations_per_year: 3", "evaluations_per_year: 2.5"),
     "parameter 'evaluations_per_year' = 2.5 is not a whole number", "evaluations_per_year: 2.5"),
    ("words not texts", ('capacity_words: ["capacité de travail"', 'capacity_words: [7, "capacité de travail"'),
     "7 in the list is not a text", "capacity_words: [7"),
    ("value written in a reason", ("+ {deadline_months} months)\"\n        fr: \"PIIS signé le {signed}, dans",
                                   "+ 3 months)\"\n        fr: \"PIIS signé le {signed}, dans"),
     "en '3 months' writes the value of parameter 'new_beneficiary_months' or 'deadline_months' = 3",
     "within the deadline of {deadline} ({start_field} {start} + 3 months)"),
    ("rate written in a reason", ("the {rate} % is claimed", "the 10 % is claimed"),
     "en '10 %' writes the value of parameter 'subsidy_rate' = 0.1", "the 10 % is claimed"),
    ("days written in a reason", ("the {minimum}-day reflection period", "the 5-day reflection period"),
     "en '5-day' writes the value of parameter 'reflection_days' = 5", "the 5-day reflection"),
    ("a key twice", ("    severity: critical\n", "    severity: critical\n    severity: minor\n"),
     "key 'severity' appears twice (lines", "severity: minor"),
    ("YAML nested 100,000 deep", ("reflection_days: 5", "reflection_days: " + "[" * 100_000 + "]" * 100_000),
     "nested too deep (more than 50 levels", "reflection_days: [[["),
    ("billion laughs", ("id: spp-is-piis\n", LAUGHS + "id: spp-is-piis\n"),
     "anchors and aliases expand to more than 100,000 values", "  e: &e"),
]


def broken(old: str, new: str) -> str:
    assert old in BUNDLED, old
    return BUNDLED.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("change", "fragment", "needle"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_checklist_is_refused_at_its_line(change: tuple[str, str], fragment: str, needle: str) -> None:
    text = broken(*change)
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "bad.yaml")
    found = [(p.line, p.message) for p in caught.value.problems]
    assert any(fragment in message for _, message in found), found
    line = next(line for line, message in found if fragment in message)
    # a kind's own validation of its params (a mention's condition) is reported at 'params:'
    expected = line_of(text, needle) - (1 if needle.strip().startswith("mentions:") else 0)
    assert line == expected, found


def test_every_problem_is_reported_at_once() -> None:
    text = broken(*condition("age > 'x'"))
    text = text.replace("kind: deadline", "kind: [deadline]", 1).replace("reflection_days: 5", "reflection_days: -1")
    text = text.replace("    value: 0.10", "    value: 10")
    text = text.replace("    severity: critical\n", "    severity: critical\n    severity: minor\n", 2)
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "bad.yaml")
    messages = " | ".join(p.message for p in caught.value.problems)
    for fragment in ("cannot compare age", "'kind' must be the name", "'reflection_days' = -1", "'subsidy_rate': 10",
                     "key 'severity' appears twice"):
        assert fragment in messages
    assert len(caught.value.problems) == 6  # the two duplicates each at its line
    assert [p.line for p in caught.value.problems] == sorted(p.line for p in caught.value.problems)


runner = CliRunner()


@pytest.mark.parametrize("case", [c for c in CASES if c[0] in (
    "kind a list", "template attribute", "parentheses 10,000 deep", "power tower", "number against text",
    "YAML nested 100,000 deep", "billion laughs", "subsidy_rate 10")], ids=lambda c: c[0])
@pytest.mark.parametrize("command", ["lint", "audit"])
def test_lint_and_audit_stop_with_exit_2_and_the_line(tmp_path: Path, case: tuple[str, tuple[str, str], str, str],
                                                      command: str) -> None:
    _, change, fragment, needle = case
    text = broken(*change)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    args = ["checklist", "lint", str(path)] if command == "lint" else ["audit", "--checklist", str(path), "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "internal error" not in result.stderr
    assert fragment in result.stderr.replace("\n", " ") or fragment in " ".join(result.stderr.split())
    assert f"{line_of(text, needle)}" in result.stderr


JUNK = ["[1, 2]", "{a: b}", "-7", "1.0e400", ".nan", "null", "''", '"{x.y}"', "[[[]]]", "true", "*nope", "&a x",
        "!!python/object:os.system x", "{", "]", "0x10", "2026-13-45", '"9**9**9"', "[signatures]",
        "{fr: 1, nl: 2, en: 3}", '"{deadline!r}"', '"age > \'x\'"', '"len(age)"']


def test_no_mutation_of_the_bundled_checklist_crashes_the_loader() -> None:
    """120 random damages (a value replaced by junk, one to three lines at a time): each either
    loads or is refused with line numbers, never with another exception."""
    import random
    import re

    rng = random.Random(10)
    lines = BUNDLED.splitlines()
    refused = 0
    for _ in range(120):
        mutated = list(lines)
        for _ in range(rng.randint(1, 3)):
            n = rng.randrange(len(mutated))
            match = re.match(r"^(\s*(?:- )?[A-Za-z_0-9]+:)\s*(.*)$", mutated[n])
            mutated[n] = (match.group(1) + " " if match else mutated[n]) + rng.choice(JUNK)
        try:
            parse_checklist("\n".join(mutated))
        except ChecklistError as exc:
            refused += 1
            assert exc.problems and all(p.line >= 0 and p.message for p in exc.problems)
    assert refused > 100


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from piis_audit.engine.checklists import load_checklist

    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("# " + "x" * 6_000_000 + "\n")
    with pytest.raises(ChecklistError, match="far too large for a checklist"):
        load_checklist(path)


@pytest.mark.parametrize("condition_", ["True", "has_sanctions or age > 30"])
def test_a_condition_that_lets_through_cases_without_a_deadline_still_audits(tmp_path: Path, condition_: str) -> None:
    """deadline and absence-motivated need the deadline, which exists only where a PIIS is
    mandatory: a CPAS's wider applies_if gives not_applicable there, never a crash."""
    from piis_audit.engine.runner import run_audit
    from piis_audit.inputs.loader import load_export
    from piis_audit.model import Verdict

    text = broken('applies_if: "not exempted and piis_mandatory"', f'applies_if: "{condition_}"')
    text = text.replace('applies_if: "not piis_concluded and piis_mandatory"', f'applies_if: "{condition_}"', 1)
    checklist = parse_checklist(text)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "cases.csv").write_text(  # 40 years old, not a new beneficiary: no PIIS is mandatory
        "case_id;birth_date;ri_decision_date;ri_in_previous_3_months;piis_signed_date;exemption_reason;"
        "exemption_decision_date;exemption_motivation\r\n"
        "C1;01/01/1985;15/01/2026;oui;;;;\r\n", encoding="cp1252")
    import datetime as dt

    case = run_audit(load_export([folder]), checklist, dt.date(2026, 11, 26)).cases[0]
    assert case.facts.piis_mandatory is False
    assert case.result("deadline").verdict is Verdict.NOT_APPLICABLE
    assert case.result("absence-motivated").verdict is Verdict.NOT_APPLICABLE
