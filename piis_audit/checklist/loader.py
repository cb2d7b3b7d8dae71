"""Load and validate a checklist YAML. Every problem is collected with its line number, so
``piis-audit checklist lint`` reports them all at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from piis_audit.checklist import params as P
from piis_audit.checklist.expressions import EXPRESSION_NAMES, Expression, ExpressionError, compile_expression
from piis_audit.checklist.kinds import KindRegistry, KindSpec
from piis_audit.checklist.model import LANGS, AmountRow, Checklist, Parameter, Question
from piis_audit.checklist.params import ParamSpec
from piis_audit.checklist.templates import filled as _filled
from piis_audit.checklist.templates import literal_values, placeholders, template_problems, text_values
from piis_audit.checklist.yaml_lines import (LineDict, LineList, NestingTooDeep, TooManyNodes,
                                             load_with_lines)
from piis_audit.dates import MonthEndRule
from piis_audit.resources import resource_dir

BUNDLED_NAME = "spp-is-piis.yaml"
SEVERITIES = ("critical", "major", "minor")
MAX_FILE_BYTES = 5_000_000  # a checklist is a few tens of kilobytes

# Checklist-wide parameters the engine and the check kinds read: each one's type and valid range
# (a check kind declares its own in its ``params``).
GLOBAL_PARAMS: dict[str, ParamSpec] = {
    "month_end_rule": P.choice(*(r.value for r in MonthEndRule)),
    "adult_age": P.age(),
    "new_beneficiary_months": P.months(),
    "deadline_months": P.months(),
    "deadline_from_request": P.flag(),
    "move_no_obligation_min_age": P.age(),
    "subsidy_rate": P.rate(),
}


# A further check of each condition (``applies_if``, a mention's ``when``) once it has compiled:
# raises ExpressionError when the engine cannot evaluate it (the columnar engine's compiler).
ConditionCheck = Callable[[Expression], None]


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ChecklistError(Exception):
    """The checklist cannot be used; ``problems`` lists every problem found, with lines."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(f"{path}:{p}" for p in self.problems))


def bundled_checklist_path() -> Path:
    """The SPP IS checklist shipped with the package (``checklists/spp-is-piis.yaml``)."""
    return resource_dir("checklists") / BUNDLED_NAME


def load_checklist(path: Path | None = None, *, kinds: KindRegistry,
                   conditions: ConditionCheck | None = None) -> Checklist:
    """Load, validate and return a checklist whose questions use the check kinds of ``kinds`` and
    whose conditions pass ``conditions``; ``None`` loads the bundled SPP IS checklist. Raises
    :class:`ChecklistError` listing every problem with its line number.
    (:mod:`piis_audit.engine.checklists` passes the bundled kinds and the engine's check.)"""
    path = path or bundled_checklist_path()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ChecklistError(str(path), [Problem(0, f"{size:,} bytes is far too large for a checklist "
                                                        f"(at most {MAX_FILE_BYTES:,}; the bundled one is about 40 kB)")])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(str(path), [Problem(0, "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(str(path), [Problem(0, f"cannot read: {exc}")]) from None
    return parse_checklist(text, str(path), kinds=kinds, conditions=conditions)


def parse_checklist(text: str, path: str = "<checklist>", *, kinds: KindRegistry,
                    conditions: ConditionCheck | None = None) -> Checklist:
    """A checklist from its YAML text (``path`` names it in problems); see :func:`load_checklist`."""
    try:
        data, duplicates = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        if not isinstance(exc, (NestingTooDeep, TooManyNodes)):
            problem = f"YAML syntax: {problem}"
        raise ChecklistError(path, [Problem(line, str(problem))]) from None
    builder = _Builder(path, kinds, conditions)
    for duplicate in duplicates:  # reported with every other problem; the first one was kept
        builder.problem(duplicate.line, f"key {duplicate.key!r} appears twice "
                                        f"(lines {duplicate.first_line} and {duplicate.line}): keep one")
    checklist = builder.build(data)
    if builder.problems or checklist is None:
        raise ChecklistError(path, builder.problems)
    return checklist


class _Builder:
    def __init__(self, path: str, kinds: KindRegistry, conditions: ConditionCheck | None = None) -> None:
        self.path = path
        self.kinds = kinds
        self.conditions = conditions
        self.loaded: dict[str, KindSpec] = {}  # the kinds the questions name, once loaded
        self.problems: list[Problem] = []
        self.parameter_values: dict[str, Any] = {}  # the checklist-wide parameters whose value is valid

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    # -- helpers

    def _mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.problem(line, f"{what} must be a mapping")
            return None
        return value

    def _localised(self, parent: LineDict, key: str, what: str) -> dict[str, str]:
        value = parent.get(key)
        line = parent.line_of(key)
        if value is None:
            self.problem(parent.line, f"{what}: '{key}' is required (fr, nl, en)")
            return {}
        if not isinstance(value, LineDict):
            self.problem(line, f"{what}: '{key}' must map fr, nl and en to texts")
            return {}
        missing = [lang for lang in LANGS if not isinstance(value.get(lang), str) or not value[lang].strip()]
        if missing:
            self.problem(line, f"{what}: '{key}' has no text for {', '.join(missing)}")
        extra = sorted(set(value) - set(LANGS))
        if extra:
            self.problem(line, f"{what}: '{key}' has unknown language(s) {', '.join(extra)}")
        return {lang: str(value.get(lang, "")) for lang in LANGS}

    def _check_keys(self, node: LineDict, allowed: set[str], what: str) -> None:
        for key in node:
            if key not in allowed:
                self.problem(node.line_of(key), f"{what}: unknown key '{key}' "
                                                f"(allowed: {', '.join(sorted(allowed))})")

    # -- parts

    def build(self, data: Any) -> Checklist | None:
        if not isinstance(data, LineDict):
            self.problem(1, "a checklist is a YAML mapping with id, version, title, parameters, questions")
            return None
        self._check_keys(data, {"id", "version", "title", "parameters", "amounts", "questions"}, "checklist")
        for key in ("id", "version"):
            if not isinstance(data.get(key), (str, int, float)) or not str(data.get(key)).strip():
                self.problem(data.line_of(key), f"checklist: '{key}' is required (text)")
        title = self._localised(data, "title", "checklist")
        parameters = self._parameters(data)
        amounts = self._amounts(data)
        questions = self._questions(data)
        if self.problems:
            return None
        text_values = {q.id: _text_values(q, self.loaded[q.kind].params, parameters) for q in questions}
        text_values[""] = _text_values(None, {}, parameters)  # the catalog's texts (facts, notes)
        filled = [replace(q, title=_filled(q.title, text_values[q.id]),
                          remediation=_filled(q.remediation, text_values[q.id]),
                          written={"title": q.title, "remediation": q.remediation}) for q in questions]
        return Checklist(id=str(data["id"]), version=str(data["version"]), title=title, path=self.path,
                         parameters=parameters, amounts=tuple(amounts), questions=tuple(filled),
                         text_values=text_values)

    def _parameters(self, data: LineDict) -> dict[str, Parameter]:
        node = self._mapping(data.get("parameters", LineDict()), data.line_of("parameters"), "parameters")
        out: dict[str, Parameter] = {}
        if node is None:
            return out
        for name, spec in node.items():
            line = node.line_of(name)
            if name not in GLOBAL_PARAMS:
                self.problem(line, f"parameter '{name}' is unknown (known: {', '.join(sorted(GLOBAL_PARAMS))})")
                continue
            if not isinstance(spec, LineDict) or "value" not in spec:
                self.problem(line, f"parameter '{name}' needs 'value' and 'source'")
                continue
            self._check_keys(spec, {"value", "source"}, f"parameter '{name}'")
            if not isinstance(spec.get("source"), str) or not spec["source"].strip():
                self.problem(line, f"parameter '{name}': 'source' (its legal basis) is required")
            value = spec["value"]
            wrong = GLOBAL_PARAMS[name].problem(value)
            if wrong is not None:
                self.problem(spec.line_of("value"), f"parameter '{name}': {wrong}")
            else:
                self.parameter_values[name] = value
            out[name] = Parameter(name, value, str(spec.get("source", "")), line)
        for name in GLOBAL_PARAMS:
            if name not in out and not any(p.message.startswith(f"parameter '{name}'") for p in self.problems):
                # no 'parameters' section at all: said where the checklist starts, not at line 0
                self.problem(node.line or data.line_of("parameters"), f"parameter '{name}' is missing")
        return out

    def _amounts(self, data: LineDict) -> list[AmountRow]:
        rows: list[AmountRow] = []
        node = data.get("amounts", LineList())
        if not isinstance(node, LineList):
            self.problem(data.line_of("amounts"), "amounts must be a list of dated rows")
            return rows
        for item, line in zip(node, node.item_lines):
            if not isinstance(item, LineDict):
                self.problem(line, "amounts: each row is a mapping {from, cat1, cat2, cat3, source}")
                continue
            self._check_keys(item, {"from", "cat1", "cat2", "cat3", "source"}, "amounts row")
            valid_from = item.get("from")
            if not isinstance(valid_from, dt.date):
                self.problem(item.line_of("from"), "amounts row: 'from' must be a date (YYYY-MM-DD)")
                continue
            amounts: dict[int, Decimal] = {}
            for cat in (1, 2, 3):
                raw = item.get(f"cat{cat}")
                try:
                    amounts[cat] = Decimal(str(raw))
                    if amounts[cat] <= 0:
                        raise InvalidOperation
                except (InvalidOperation, ValueError):
                    self.problem(item.line_of(f"cat{cat}"), f"amounts row: 'cat{cat}' must be a positive amount")
            rows.append(AmountRow(valid_from, amounts, str(item.get("source", ""))))
        for previous, row in zip(rows, rows[1:]):
            if row.valid_from <= previous.valid_from:
                self.problem(node.line, "amounts rows must be in increasing date order")
        return rows

    def _questions(self, data: LineDict) -> list[Question]:
        node = data.get("questions")
        if not isinstance(node, LineList) or not node:
            self.problem(data.line_of("questions"), "questions: a non-empty list is required")
            return []
        questions: list[Question] = []
        seen: set[str] = set()
        for item, line in zip(node, node.item_lines):
            q = self._question(item, line)
            if q is None:
                continue
            if q.id in seen:
                self.problem(q.line, f"question id '{q.id}' appears twice")
            seen.add(q.id)
            questions.append(q)
        for q in questions:
            for dep in q.depends_on:
                if dep not in seen:
                    self.problem(q.line, f"question '{q.id}': depends_on '{dep}' is not a question of this checklist")
        if not self.problems:
            self._check_cycles(questions)
        return questions

    def _question(self, item: Any, line: int) -> Question | None:
        if not isinstance(item, LineDict):
            self.problem(line, "each question is a mapping")
            return None
        allowed = {"id", "kind", "title", "inspection_wording", "legal_basis", "severity", "applies_if",
                   "depends_on", "params", "reasons", "remediation"}
        qid = item.get("id")
        if not isinstance(qid, str) or not qid.strip():
            self.problem(item.line, "question: 'id' is required")
            return None
        what = f"question '{qid}'"
        self._check_keys(item, allowed, what)
        kind_id = item.get("kind")
        kind = None
        if not isinstance(kind_id, str):
            self.problem(item.line_of("kind"), f"{what}: 'kind' must be the name of a check kind "
                                               f"(known: {self.kinds.known()})")
        elif kind_id not in self.kinds:
            self.problem(item.line_of("kind"), f"{what}: kind {kind_id!r} is unknown "
                                               f"(known: {self.kinds.known()})")
        else:
            try:
                kind = self.loaded[kind_id] = self.kinds.load(kind_id)
            except (ImportError, AttributeError) as exc:
                self.problem(item.line_of("kind"), f"{what}: kind {kind_id!r} cannot be loaded: {exc}")
        title = self._localised(item, "title", what)
        remediation = self._localised(item, "remediation", what)
        legal = item.get("legal_basis")
        if not isinstance(legal, list) or not legal or not all(isinstance(x, str) and x.strip() for x in legal):
            self.problem(item.line_of("legal_basis"), f"{what}: 'legal_basis' must be a non-empty list of texts")
            legal = []
        severity = item.get("severity")
        if severity not in SEVERITIES:
            self.problem(item.line_of("severity"), f"{what}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
        applies_if = item.get("applies_if")
        if applies_if is not None:
            if not isinstance(applies_if, str):
                self.problem(item.line_of("applies_if"), f"{what}: 'applies_if' must be an expression (text)")
            else:
                try:
                    expression = compile_expression(applies_if, EXPRESSION_NAMES)
                except ExpressionError as exc:
                    self.problem(item.line_of("applies_if"), f"{what}: {exc}")
                else:
                    self._check_condition(expression, item.line_of("applies_if"), f"{what}: applies_if")
        depends = item.get("depends_on", [])
        if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
            self.problem(item.line_of("depends_on"), f"{what}: 'depends_on' must be a list of question ids")
            depends = []
        params = item.get("params", LineDict())
        if not isinstance(params, LineDict):
            self.problem(item.line_of("params"), f"{what}: 'params' must be a mapping")
            params = LineDict()
        reasons_node = item.get("reasons", LineDict())
        reasons: dict[str, dict[str, str]] = {}
        if not isinstance(reasons_node, LineDict):
            self.problem(item.line_of("reasons"), f"{what}: 'reasons' must map message keys to fr/nl/en texts")
        else:
            for key in reasons_node:
                reasons[key] = self._localised(reasons_node, key, f"{what} reason")
                self._templates(reasons[key], _lang_lines(reasons_node, key), f"{what} reason '{key}'")
        self._templates(title, _lang_lines(item, "title"), f"{what} title")
        self._templates(remediation, _lang_lines(item, "remediation"), f"{what} remediation")
        if kind is not None:
            before = len(self.problems)
            self._check_params(kind.params, params, what, item.line_of("params"))
            params_valid = len(self.problems) == before
            if kind.validate is not None and params_valid:
                for message in kind.validate(params):
                    self.problem(item.line_of("params"), f"{what}: {message}")
            if kind.conditions is not None and params_valid:
                for source, source_line in kind.conditions(params):
                    try:
                        expression = compile_expression(source)  # as the engine compiles it
                    except ExpressionError:  # the kind's validate has said why
                        continue
                    self._check_condition(expression, source_line or item.line_of("params"), f"{what}: condition")
            own = {k: v for k, v in params.items() if k in kind.params}  # named first in a message
            values = {**own, **{k: v for k, v in self.parameter_values.items() if k not in own}}
            specs = {**GLOBAL_PARAMS, **kind.params}
            for text, text_line, text_what in [
                    *((t, _lang_lines(reasons_node, k), f"reason '{k}'") for k, t in reasons.items()
                      if isinstance(reasons_node, LineDict)),
                    (title, _lang_lines(item, "title"), "title"),
                    (remediation, _lang_lines(item, "remediation"), "remediation")]:
                self._literal_numbers(text, values, specs, text_line, f"{what} {text_what}")
                if text_what in ("title", "remediation"):  # filled from the parameters only
                    self._known_placeholders(text, set(specs), text_line, f"{what} {text_what}")
            # not_applicable: when applies_if is false, or a fact the check needs does not exist
            needed = set(kind.reasons) | {"not_applicable"}
            for key in sorted(needed - set(reasons)):
                self.problem(item.line_of("reasons"), f"{what}: reason '{key}' has no texts "
                                                      f"(kind '{kind.id}' may emit it)")
            for key in sorted(set(reasons) - needed):
                self.problem(reasons_node.line_of(key) if isinstance(reasons_node, LineDict) else item.line,
                             f"{what}: reason '{key}' is never emitted by kind '{kind.id}'")
        return Question(
            id=qid, kind=str(kind_id), title=title, legal_basis=tuple(legal), severity=str(severity),
            applies_if=applies_if if isinstance(applies_if, str) else None, params=dict(params),
            depends_on=tuple(depends), reasons=reasons, remediation=remediation, line=item.line,
            inspection_wording=str(item.get("inspection_wording", "")))

    def _check_condition(self, expression: Expression, line: int, what: str) -> None:
        """A compiled condition the engine cannot evaluate is a problem at its line."""
        if self.conditions is None:
            return
        try:
            self.conditions(expression)
        except ExpressionError as exc:
            self.problem(line, f"{what}: {exc}")

    def _templates(self, texts: Mapping[str, str], lines: Mapping[str, int], what: str) -> None:
        """Placeholders are plain names: nothing that reaches into attributes or formats."""
        for lang, text in texts.items():
            for message in template_problems(text):
                self.problem(lines[lang], f"{what} ({lang}): {message}")

    def _literal_numbers(self, texts: Mapping[str, str], values: Mapping[str, Any],
                         specs: Mapping[str, ParamSpec], lines: Mapping[str, int], what: str) -> None:
        """A parameter's value written as a number next to its unit ("3 mois" while
        deadline_months is 3) would go stale when the parameter changes: refused."""
        for lang, message in literal_values(texts, values, specs):
            self.problem(lines[lang], f"{what}: {message}")

    def _known_placeholders(self, texts: Mapping[str, str], known: set[str], lines: Mapping[str, int],
                            what: str) -> None:
        for lang, text in texts.items():
            for name in sorted(placeholders(text) - known):
                self.problem(lines[lang], f"{what} ({lang}): {{{name}}} is not a parameter of this question "
                                   f"or of the checklist")

    def _check_params(self, spec: Mapping[str, ParamSpec], params: LineDict, what: str,
                      line: int) -> None:
        for name in params:
            if name not in spec:
                allowed = ", ".join(sorted(spec)) or "none"
                self.problem(params.line_of(name), f"{what}: unknown parameter '{name}' (allowed: {allowed})")
                continue
            wrong = spec[name].problem(params[name])
            if wrong is not None:
                self.problem(params.line_of(name), f"{what}: parameter '{name}' = {wrong}")
        for name in spec:
            if name not in params:
                self.problem(line, f"{what}: parameter '{name}' is missing (every legal number lives in the checklist)")

    def _check_cycles(self, questions: list[Question]) -> None:
        by_id = {q.id: q for q in questions}
        state: dict[str, int] = {}

        def visit(qid: str, trail: list[str]) -> None:
            if state.get(qid) == 2:
                return
            if state.get(qid) == 1:
                self.problem(by_id[qid].line, f"depends_on cycle: {' -> '.join([*trail, qid])}")
                return
            state[qid] = 1
            for dep in by_id[qid].depends_on:
                visit(dep, [*trail, qid])
            state[qid] = 2

        for q in questions:
            visit(q.id, [])


def _lang_lines(parent: LineDict, key: str) -> dict[str, int]:
    """The line of each language's text under ``parent[key]`` (the key's line when absent)."""
    node = parent.get(key)
    line = parent.line_of(key)
    return {lang: node.line_of(lang) if isinstance(node, LineDict) and lang in node.key_lines else line
            for lang in LANGS}


def _text_values(question: Question | None, kind_params: Mapping[str, ParamSpec],
                 parameters: Mapping[str, Parameter]) -> dict[str, Any]:
    """The parameters a text of ``question`` (of a kind taking ``kind_params``) may name (None:
    the checklist's only)."""
    own: Mapping[str, Any] = question.params if question is not None else {}
    specs = {**GLOBAL_PARAMS, **kind_params}
    return text_values({**{name: p.value for name, p in parameters.items()}, **own}, specs)


def evaluation_order(checklist: Checklist) -> list[Question]:
    """Questions ordered so that every question comes after those it depends on."""
    done: set[str] = set()
    order: list[Question] = []

    def visit(q: Question) -> None:
        if q.id in done:
            return
        done.add(q.id)
        for dep in q.depends_on:
            visit(checklist.by_id[dep])
        order.append(q)

    for q in checklist.questions:
        visit(q)
    return order
