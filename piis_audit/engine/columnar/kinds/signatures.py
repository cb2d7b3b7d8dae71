"""``signatures`` (see :mod:`piis_audit.questions.signatures`)."""

from __future__ import annotations

import polars as pl

from piis_audit import dates_frames
from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.columns import names_where
from piis_audit.engine.columnar.expressions import truthy
from piis_audit.engine.columnar.kinds.flags import check_flags
from piis_audit.engine.columnar.kinds.labels import field_messages
from piis_audit.engine.columnar.outcome import FAIL, NOT_APPLICABLE, PASS, Note, Rule, evidence_json, missing_rule
from piis_audit.engine.columnar.scope import Scope


def decide(scope: Scope, q: Question) -> list[Rule]:
    third_party, third_error = scope.step("third_party")
    has_third = truthy(scope.read("third_party"))
    flags = check_flags(scope, [
        ("signed_beneficiary", pl.lit(True)), ("signed_cpas", pl.lit(True)), ("signed_third_party", has_third)])
    signed, draft = pl.col("conclusion_date"), pl.col("draft_given_date")
    minimum = int(q.params["reflection_days"])
    days = dates_frames.days_between(draft, signed)
    short = draft.is_not_null() & (days < minimum)
    note_params = {"draft": draft, "signed": signed, "days": days, "minimum": pl.lit(minimum)}
    notes = [Note("short_reflection", note_params, short)]
    evidence = evidence_json([("signed_beneficiary", pl.col("signed_beneficiary")),
                              ("signed_cpas", pl.col("signed_cpas")),
                              ("signed_third_party", pl.col("signed_third_party"), has_third),
                              ("third_party", third_party), ("piis_signed_date", signed),
                              ("draft_given_date", draft, draft.is_not_null())])
    # a pass names who signed, and the reflection period where the draft's date tells it
    pairs = [(pl.lit(True), "signed_beneficiary"), (pl.lit(True), "signed_cpas"), (has_third, "signed_third_party")]
    given = names_where(pairs)
    pass_key = (pl.when(draft.is_null()).then(pl.lit("signed"))
                .when(short).then(pl.lit("signed_short_reflection")).otherwise(pl.lit("signed_after_reflection")))
    assert third_error is not None
    return [
        missing_rule(third_error),
        Rule(signed.is_null(), NOT_APPLICABLE, "not_applicable"),
        Rule(flags.any_absent, FAIL, "missing_signatures", {"signatures": field_messages(flags.absent)}, notes,
             evidence=evidence),
        Rule(short & pl.lit(bool(q.params["short_reflection_fails"])), FAIL, "short_reflection", note_params,
             evidence=evidence),
        missing_rule(flags.error, flags.any_unknown),
        Rule(pl.lit(True), PASS, pass_key, {"signatures": field_messages(given), **note_params}, notes,
             evidence=evidence),
    ]
