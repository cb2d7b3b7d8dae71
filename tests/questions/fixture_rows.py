"""The question fixtures of ``cases/*.yaml`` (format in ``cases/README.md``): reading and checking
a fixture file, the checklist a fixture runs on (the bundled one with its ``configs:`` set),
writing entries as a Belgian CSV export, and what an entry expects of its case's results.

Everything here fails loudly: an unknown key, question, verdict, field, parameter or a value out
of a parameter's range is a :class:`FixtureError`, never an assertion that silently checks nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from piis_audit.checklist.loader import ChecklistError, bundled_checklist_path
from piis_audit.checklist.model import Checklist
from piis_audit.demo.writers import csv_cell
from piis_audit.engine.checklists import load_checklist, parse_checklist
from piis_audit.model import AuditReport, CaseReport, Message, Result, Verdict
from piis_audit.schema import TABLES

CASES_DIR = Path(__file__).parent / "cases"

FILE_KEYS = frozenset({"defaults", "configs", "cases"})
ENTRY_KEYS = frozenset({"case", "evaluations", "sanctions", "absent_columns", "as_of", "configs",
                        "expect", "expect_reason", "expect_fields", "expect_missing_columns",
                        "expect_notes", "expect_reason_params"})
VERDICTS = frozenset(v.value for v in Verdict)


class FixtureError(Exception):
    """A fixture file or entry is not of the documented format (cases/README.md)."""


# --------------------------------------------------------------------------- the checklist


def _bundled_data() -> dict[str, Any]:
    data = yaml.safe_load(bundled_checklist_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


_BUILT: dict[str, Checklist] = {}


def _build(configs: Mapping[str, Any], key: str) -> Checklist:
    if not configs:
        return load_checklist()
    data = _bundled_data()
    questions = {q["id"]: q for q in data["questions"]}
    for name, value in configs.items():
        if name in questions:
            if not isinstance(value, Mapping) or not value:
                raise FixtureError(f"configs: {name!r} is a question: give it a mapping of its params")
            params = questions[name].setdefault("params", {})
            for param, param_value in value.items():
                if param not in params:
                    raise FixtureError(f"configs: question {name!r} has no parameter {param!r} "
                                       f"(it has: {', '.join(sorted(params)) or 'none'})")
                params[param] = param_value
        elif name in data["parameters"]:
            data["parameters"][name]["value"] = value
        else:
            raise FixtureError(f"configs: {name!r} is neither a checklist parameter "
                               f"({', '.join(sorted(data['parameters']))}) nor a question id")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        return parse_checklist(text, f"<bundled checklist with configs {key}>")
    except ChecklistError as exc:
        raise FixtureError(f"configs {key} make the checklist invalid:\n{exc}") from None


def configs_key(configs: Mapping[str, Any]) -> str:
    """``configs`` as a canonical text (the same parameters give the same key)."""
    return json.dumps(configs, sort_keys=True, ensure_ascii=False,
                      default=lambda v: f"date:{v.isoformat()}" if isinstance(v, dt.date) else str(v))


def checklist_with(configs: Mapping[str, Any]) -> Checklist:
    """The bundled checklist with ``configs`` set: ``{parameter: value}`` for a checklist-wide
    parameter, ``{question id: {param: value}}`` for a question's. Validated by the checklist
    loader (types and ranges); an unknown name or an invalid value raises :class:`FixtureError`."""
    key = configs_key(configs)
    if key not in _BUILT:
        _BUILT[key] = _build(configs, key)
    return _BUILT[key]


def merged_configs(file_configs: Mapping[str, Any] | None, entry_configs: Mapping[str, Any] | None
                   ) -> dict[str, Any]:
    """An entry's ``configs`` over its file's: a question's params are merged param by param."""
    out: dict[str, Any] = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in (file_configs or {}).items()}
    for name, value in (entry_configs or {}).items():
        if isinstance(value, Mapping) and isinstance(out.get(name), dict):
            out[name] = {**out[name], **value}
        else:
            out[name] = dict(value) if isinstance(value, Mapping) else value
    return out


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    """One fixture entry, checked, with its file's defaults and configs applied."""

    file: str  # the question file's stem
    name: str
    case: Mapping[str, Any]
    evaluations: tuple[Mapping[str, Any], ...]
    sanctions: tuple[Mapping[str, Any], ...]
    absent: frozenset[str]
    as_of: dt.date
    configs: Mapping[str, Any]
    raw: Mapping[str, Any] = field(repr=False)

    @property
    def label(self) -> str:
        return f"{self.file}:{self.name}"

    def group_key(self) -> tuple[dt.date, str, tuple[str, ...]]:
        """Entries that can share one export and one audit: same as-of date, same configs, same
        absent columns."""
        return (self.as_of, configs_key(self.configs), tuple(sorted(self.absent)))


def _as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise FixtureError(f"{where}: as_of {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FixtureError(f"{where} must be a mapping, not {value!r}")
    return value


def _rows(value: Any, table: str, where: str) -> tuple[Mapping[str, Any], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(r, Mapping) for r in value):
        raise FixtureError(f"{where}: {table} must be a list of rows (mappings)")
    for row in value:
        _known_fields(table, row, where)
    return tuple(value)


def _known_fields(table: str, row: Mapping[str, Any], where: str) -> None:
    unknown = sorted(set(row) - set(TABLES[table].by_name) - {"case_id"})
    if unknown:
        raise FixtureError(f"{where}: unknown {table} field(s) {', '.join(unknown)}")
    if "case_id" in row:
        raise FixtureError(f"{where}: case_id is given by the test (one per entry), not by the fixture")


def check_entry(file: str, name: str, raw: Any, defaults: Mapping[str, Any],
                file_configs: Mapping[str, Any], question_ids: Sequence[str]) -> Entry:
    """``raw`` checked against the format: every key known, every question id, verdict, field
    and column real. Raises :class:`FixtureError` naming the entry and what is wrong."""
    where = f"{file}:{name}"
    raw = _mapping(raw, where)
    unknown = sorted(set(raw) - ENTRY_KEYS)
    if unknown:
        raise FixtureError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(ENTRY_KEYS))})")
    if "as_of" not in raw:
        raise FixtureError(f"{where}: as_of is required")
    expect = _mapping(raw.get("expect"), f"{where}: expect")
    if not expect:
        raise FixtureError(f"{where}: a fixture must expect a verdict of at least one question")
    known = set(question_ids)
    for key in ("expect", "expect_reason", "expect_fields", "expect_missing_columns", "expect_notes",
                "expect_reason_params"):
        block = _mapping(raw.get(key), f"{where}: {key}")
        for qid, value in block.items():
            if qid not in known:
                raise FixtureError(f"{where}: {key} names {qid!r}, not a question of the checklist")
            if key == "expect" and value not in VERDICTS:
                raise FixtureError(f"{where}: expect {qid}: {value!r} is not a verdict ({', '.join(sorted(VERDICTS))})")
            if key == "expect_reason" and not isinstance(value, str):
                raise FixtureError(f"{where}: expect_reason {qid}: a reason key (text)")
            if key in ("expect_fields", "expect_missing_columns") and (
                    not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
                raise FixtureError(f"{where}: {key} {qid}: a list of names")
            if key == "expect_notes" and (not isinstance(value, list) or not all(
                    isinstance(v, str) or (isinstance(v, Mapping) and len(v) == 1
                                           and isinstance(next(iter(v.values())), Mapping)) for v in value)):
                raise FixtureError(f"{where}: expect_notes {qid}: a list of note keys, each a key or "
                                   f"{{key: {{param: value}}}}")
            if key == "expect_reason_params" and (not isinstance(value, Mapping) or not value):
                raise FixtureError(f"{where}: expect_reason_params {qid}: a mapping of reason parameters")
    case = {**_mapping(defaults, f"{file}: defaults"), **_mapping(raw.get("case"), f"{where}: case")}
    _known_fields("cases", case, where)
    absent = raw.get("absent_columns") or []
    if not isinstance(absent, list):
        raise FixtureError(f"{where}: absent_columns must be a list of field names")
    every_field = set().union(*(TABLES[t].by_name for t in ("cases", "evaluations", "sanctions")))
    wrong = sorted(set(absent) - every_field)
    if wrong:
        raise FixtureError(f"{where}: absent_columns names unknown field(s) {', '.join(wrong)}")
    configs = merged_configs(file_configs, _mapping(raw.get("configs"), f"{where}: configs"))
    return Entry(file=file, name=name, case=case,
                 evaluations=_rows(raw.get("evaluations"), "evaluations", where),
                 sanctions=_rows(raw.get("sanctions"), "sanctions", where),
                 absent=frozenset(absent), as_of=_as_date(raw["as_of"], where), configs=configs, raw=raw)


def load_fixture_text(file: str, text: str, question_ids: Sequence[str]) -> list[Entry]:
    """Every entry of one fixture file's YAML text, checked (see :func:`check_entry`)."""
    data = yaml.safe_load(text)
    if not isinstance(data, Mapping):
        raise FixtureError(f"{file}: a fixture file is a mapping with defaults, configs and cases")
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise FixtureError(f"{file}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(FILE_KEYS))})")
    cases = _mapping(data.get("cases"), f"{file}: cases")
    if not cases:
        raise FixtureError(f"{file}: no cases")
    defaults = _mapping(data.get("defaults"), f"{file}: defaults")
    file_configs = _mapping(data.get("configs"), f"{file}: configs")
    return [check_entry(file, str(name), raw, defaults, file_configs, question_ids)
            for name, raw in cases.items()]


def load_fixture_file(path: Path) -> list[Entry]:
    """Every entry of the fixture file at ``path``, checked."""
    ids = [q.id for q in load_checklist().questions]
    return load_fixture_text(path.stem, path.read_text(encoding="utf-8"), ids)


def fixture_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


# --------------------------------------------------------------------------- the export


def write_export(folder: Path, entries: Sequence[tuple[str, Entry]]) -> dict[str, dict[str, list[int]]]:
    """``entries`` (each with its case id) as one folder of Belgian CSV files (``;``,
    Windows-1252, dd/mm/yyyy, oui/non) with every canonical column but the entries' absent ones
    (entries written together share them). Returns table -> case id -> the rows written for it,
    numbered as a spreadsheet shows them (the header is row 1)."""
    absent = set().union(*(e.absent for _, e in entries)) if entries else set()
    folder.mkdir()
    tables: dict[str, list[Mapping[str, Any]]] = {"cases": [], "evaluations": [], "sanctions": []}
    for case_id, entry in entries:
        tables["cases"].append({**entry.case, "case_id": case_id})
        tables["evaluations"].extend({**row, "case_id": case_id} for row in entry.evaluations)
        tables["sanctions"].extend({**row, "case_id": case_id} for row in entry.sanctions)
    written: dict[str, dict[str, list[int]]] = {}
    for table, rows in tables.items():
        columns = [f.name for f in TABLES[table].fields if f.name not in absent]
        by_case = written[table] = {case_id: [] for case_id, _ in entries}
        with (folder / f"{table}.csv").open("w", encoding="cp1252", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(columns)
            for number, row in enumerate(rows, start=2):
                writer.writerow([csv_cell(row.get(c)) for c in columns])
                by_case[row["case_id"]].append(number)
    return written


# --------------------------------------------------------------------------- expectations


def same_value(expected: Any, got: Any) -> bool:
    """Whether a fixture's expected reason parameter equals the engine's, typed: a date is a
    YAML date (never its text), money and other decimals are written as Decimal strings
    ("376.04"), a list is a list, a message is its key or ``{key: {params}}`` (a subset of its
    params), a verdict its id."""
    if isinstance(got, Message):
        if isinstance(expected, str):
            return got.key == expected
        if isinstance(expected, Mapping) and len(expected) == 1:
            ((key, params),) = expected.items()
            return got.key == key and isinstance(params, Mapping) and params_match(params, got.params) == []
        return False
    if isinstance(got, Enum):
        return isinstance(expected, str) and expected == got.value
    if isinstance(got, bool) or isinstance(expected, bool):
        return type(expected) is type(got) and expected == got
    if isinstance(got, Decimal):
        if not isinstance(expected, str):
            return False
        try:
            return Decimal(expected) == got
        except InvalidOperation:
            return False
    if isinstance(got, dt.date):
        return type(expected) is type(got) and expected == got
    if isinstance(got, (list, tuple)):
        return (isinstance(expected, list) and len(expected) == len(got)
                and all(same_value(e, g) for e, g in zip(expected, got)))
    if isinstance(got, float):
        return isinstance(expected, (int, float)) and expected == got
    return type(expected) is type(got) and expected == got


def notes_match(expected: Sequence[Any], got: Sequence[Message]) -> bool:
    """Whether the notes ``got`` are exactly ``expected`` in any order: each expected note is a
    key, or ``{key: {params}}`` naming some of its parameters (compared as :func:`same_value`)."""
    left = list(got)
    for note in sorted(expected, key=lambda n: isinstance(n, str)):  # the precise ones first
        found = next((n for n in left if same_value(note, n)), None)
        if found is None:
            return False
        left.remove(found)
    return not left


def params_match(expected: Mapping[str, Any], got: Mapping[str, Any]) -> list[str]:
    """What differs between the named ``expected`` parameters and ``got`` (empty: they match)."""
    out = []
    for name, value in expected.items():
        if name not in got:
            out.append(f"{name}: expected {value!r}, the reason has no such parameter "
                       f"(it has {', '.join(sorted(got))})")
        elif not same_value(value, got[name]):
            out.append(f"{name}: expected {value!r}, got {got[name]!r}")
    return out


def _describe(result: Result) -> str:
    reason = result.reason
    return f"{result.verdict.value} ({reason.key if reason else None} {dict(reason.params) if reason else ''})"


def entry_problems(entry: Entry, case: CaseReport, report: AuditReport, *, alone: bool = True) -> list[str]:
    """What in ``case`` (the entry's case in ``report``) differs from what ``entry`` expects.
    ``alone``: the report audited this entry only, so its missing columns are exactly the
    entry's; else they may hold the other entries' too (the entry's must be among them)."""
    raw = entry.raw
    results = {r.question: r for r in case.results}
    out: list[str] = []
    for qid, verdict in raw["expect"].items():
        if results[qid].verdict.value != verdict:
            out.append(f"{qid}: expected {verdict}, got {_describe(results[qid])}")
    for qid, key in (raw.get("expect_reason") or {}).items():
        reason = results[qid].reason
        got = reason.key if reason is not None else None
        if got != key:
            out.append(f"{qid}: reason {got}, expected {key}")
    for qid, fields in (raw.get("expect_fields") or {}).items():
        reason = results[qid].reason
        got_fields = list(reason.params.get("fields") or []) if reason else []
        if got_fields != list(fields):
            out.append(f"{qid}: names the fields {got_fields}, expected {fields}")
    for qid, columns in (raw.get("expect_missing_columns") or {}).items():
        got_columns = list(report.missing_columns.get(qid, ()))
        if alone and got_columns != sorted(columns):
            out.append(f"{qid}: missing columns {got_columns}, expected {sorted(columns)}")
        if not alone and not set(columns) <= set(got_columns):
            out.append(f"{qid}: missing columns {got_columns} lack some of {sorted(columns)}")
    for qid, notes in (raw.get("expect_notes") or {}).items():
        if not notes_match(notes, results[qid].notes):
            got_notes = [f"{n.key} {dict(n.params)}" for n in results[qid].notes]
            out.append(f"{qid}: notes {got_notes}, expected {notes}")
    for qid, params in (raw.get("expect_reason_params") or {}).items():
        reason = results[qid].reason
        if reason is None:
            out.append(f"{qid}: expected reason parameters {dict(params)}, the result has no reason")
            continue
        out.extend(f"{qid} {reason.key}: {p}" for p in params_match(params, reason.params))
    return out


def assertion_count(entry: Entry) -> int:
    """How many things ``entry`` asserts (each question's verdict, reason, fields, columns,
    notes, and each named reason parameter)."""
    raw = entry.raw
    count = sum(len(raw.get(k) or {}) for k in ("expect", "expect_reason", "expect_fields",
                                                "expect_missing_columns", "expect_notes"))
    return count + sum(len(p) for p in (raw.get("expect_reason_params") or {}).values())
