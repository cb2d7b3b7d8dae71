"""``social-balance`` (see :mod:`piis_audit.questions.social_balance`)."""

from __future__ import annotations

import polars as pl

from piis_audit import dates_frames
from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.outcome import FAIL, NOT_APPLICABLE, PASS, Rule, evidence_json, missing_rule
from piis_audit.engine.columnar.scope import Scope


def decide(scope: Scope, q: Question) -> list[Rule]:
    signed = pl.col("conclusion_date")
    balance, balance_error = scope.step("social_balance_date")
    reactivated, reactivated_error = scope.exception("reactivation_consent_date")
    previous_end, previous_error = scope.fact("previous_ri_end_date")
    restart, restart_error = scope.step("ri_start_date")
    months = int(q.params["max_interruption_months"])
    limit, _ = scope.period_end(previous_end.dt.offset_by("1d"), months)
    within = restart.dt.offset_by("-1d") <= limit
    react = reactivated.is_not_null()
    evidence = evidence_json([("social_balance_date", balance), ("piis_signed_date", signed),
                              ("previous_ri_end_date", previous_end, react), ("ri_start_date", restart, react),
                              ("reactivation_consent_date", reactivated, react)])
    assert balance_error is not None and reactivated_error is not None
    assert previous_error is not None and restart_error is not None
    return [
        Rule(signed.is_null(), NOT_APPLICABLE, "not_applicable"),
        missing_rule(balance_error),
        Rule(balance.is_not_null() & (balance <= signed), PASS, "balance_before_signature",
             {"balance": balance, "signed": signed, "days": dates_frames.days_between(balance, signed)},
             evidence=evidence),
        missing_rule(reactivated_error),
        missing_rule(pl.when(react).then(previous_error)),
        missing_rule(pl.when(react).then(restart_error)),
        missing_rule(pl.when(react & restart.is_null()).then(scope.error_of(["ri_start_date"], pl.lit("empty")))),
        Rule(react & within, PASS, "reactivated", {"months": pl.lit(months), "previous_ri_end_date": previous_end,
                                                   "ri_start_date": restart}, evidence=evidence),
        Rule(balance.is_null(), FAIL, "no_balance", {"signed": signed}, evidence=evidence),
        Rule(pl.lit(True), FAIL, "balance_after_signature",
             {"balance": balance, "signed": signed, "days": dates_frames.days_between(signed, balance)}, evidence=evidence),
    ]
