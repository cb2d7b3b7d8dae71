"""``absence-motivated`` (see :mod:`piis_audit.questions.absence`)."""

from __future__ import annotations

import polars as pl

from piis_audit import dates_frames
from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.expressions import truthy
from piis_audit.engine.columnar.kinds.deadline import no_deadline, ri_ended_note
from piis_audit.engine.columnar.outcome import (FAIL, NOT_APPLICABLE, PASS, PENDING, Note, Rule,
                                                evidence_json, message, missing_rule)
from piis_audit.engine.columnar.scope import Scope
from piis_audit.questions.absence import _fold


def folded(text: pl.Expr) -> pl.Expr:
    """Case- and accent-insensitive text (the scalar ``_fold``: NFKD without combining marks,
    lower case)."""
    return text.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "").str.to_lowercase()


def speaks_only_of_work_capacity(motivation: pl.Expr, capacity: list[str], participation: list[str]) -> pl.Expr:
    text = folded(motivation)
    return (text.str.contains_any([_fold(w) for w in capacity])
            & ~text.str.contains_any([_fold(w) for w in participation]))


def decide(scope: Scope, q: Question) -> list[Rule]:
    errors = [scope.step(n)[1] for n in ("exemption_reason", "exemption_decision_date", "exemption_motivation")]
    _, exempted_error = scope.derived("exempted")
    deadline, deadline_error = scope.derived("deadline")
    ri_end, ri_end_error = scope.step("ri_end_date")
    decision, motivation = pl.col("exemption_decision_date"), pl.col("exemption_motivation")
    exempted = truthy(scope.read("exempted"))
    motivated = truthy(scope.read("exemption_motivation"))
    single = speaks_only_of_work_capacity(motivation, list(q.params["capacity_words"]),
                                          list(q.params["participation_words"]))
    read = [("exemption_reason", pl.col("exemption_reason")), ("exemption_decision_date", decision),
            ("exemption_motivation", motivation)]
    evidence = evidence_json(read)
    # the ground by its label in the report's language (a choice: health or equity)
    ground = pl.when(pl.col("exemption_reason").is_not_null()).then(
        message(pl.lit("choice.exemption_reason.") + pl.col("exemption_reason")))
    with_deadline = evidence_json([*read, ("deadline", deadline)])
    rules = [missing_rule(e) for e in errors if e is not None]
    if exempted_error is not None:
        rules.append(missing_rule(exempted_error))
    rules += [
        Rule(exempted & ~motivated, FAIL, "no_motivation", {"decision": decision}, evidence=evidence),
        Rule(exempted, PASS, "motivated", {"decision": decision, "reason": ground},
             [Note("single_motivation", {"decision": decision}, single.eq_missing(True))], evidence=evidence),
    ]
    if deadline_error is not None:
        rules.append(missing_rule(deadline_error))
    rules.append(no_deadline(deadline))
    assert ri_end_error is not None
    return [
        *rules,
        missing_rule(ri_end_error),
        Rule(ri_end.is_not_null() & (ri_end < deadline), NOT_APPLICABLE, "ri_ended",
             {"ri_end": ri_end, "deadline": deadline}, [ri_ended_note(deadline)],
             evidence=evidence_json([*read, ("deadline", deadline), ("ri_end_date", ri_end)])),
        Rule(scope.as_of > deadline, FAIL, "no_decision",
             {"deadline": deadline, "days_late": dates_frames.days_between(deadline, scope.as_of)}, (), deadline,
             evidence=with_deadline, action="action_decide"),
        Rule(pl.lit(True), PENDING, "pending", {"deadline": deadline}, (), deadline, evidence=with_deadline,
             action="action_decide"),
    ]
