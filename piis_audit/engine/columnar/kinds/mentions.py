"""``required-mentions`` (see :mod:`piis_audit.questions.mentions`)."""

from __future__ import annotations

import polars as pl

from piis_audit.checklist.expressions import compile_expression
from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.columns import names_where
from piis_audit.engine.columnar.expressions import truthy
from piis_audit.engine.columnar.kinds.flags import check_flags
from piis_audit.engine.columnar.kinds.labels import field_messages
from piis_audit.engine.columnar.outcome import FAIL, PASS, Rule, evidence_json, missing_rule
from piis_audit.engine.columnar.scope import Scope


def decide(scope: Scope, q: Question) -> list[Rule]:
    fields: list[tuple[str, pl.Expr]] = []
    rules: list[Rule] = []
    for entry in q.params["mentions"]:
        if isinstance(entry, str):
            fields.append((entry, pl.lit(True)))
            continue
        condition = scope.compiler.compile(compile_expression(entry["when"]))
        if condition.error is not None:  # evaluated in order, before any flag is read
            rules.append(missing_rule(condition.error))
        fields.append((entry["field"], truthy(condition)))
    flags = check_flags(scope, fields)
    checked = names_where([(required, name) for name, required in fields])  # every one found: yes
    evidence = evidence_json([(name, pl.col(name), required) for name, required in fields])
    return [*rules,
            Rule(flags.any_absent, FAIL, "missing_mentions", {"mentions": field_messages(flags.absent)}, evidence=evidence),
            missing_rule(flags.error, flags.any_unknown),
            Rule(pl.lit(True), PASS, "all_mentions", {"mentions": field_messages(checked), "count": checked.list.len()},
                 evidence=evidence)]
