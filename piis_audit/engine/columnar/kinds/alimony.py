"""``alimony-investigation`` and ``alimony-recovery-decision`` (see
:mod:`piis_audit.questions.alimony`)."""

from __future__ import annotations

import polars as pl

from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.columns import is_true, names_where
from piis_audit.engine.columnar.expressions import error_struct, truthy
from piis_audit.engine.columnar.kinds.labels import field_messages
from piis_audit.engine.columnar.outcome import (FAIL, MISSING_DATA, NOT_APPLICABLE, PASS, PENDING,
                                                Rule, evidence_json, missing_rule)
from piis_audit.engine.columnar.scope import Scope
from piis_audit.questions.alimony import INVESTIGATION_ID


def _err(error: pl.Expr | None) -> pl.Expr:
    assert error is not None
    return error


def decide_investigation(scope: Scope, q: Question) -> list[Rule]:
    _, concluded_error = scope.derived("piis_concluded")
    studies, studies_error = scope.fact("full_time_studies")
    age, age_error = scope.derived("age")
    allowances = pl.col("family_allowances_paid")
    _, allowances_error = scope.fact("family_allowances_paid")
    by_allowances = is_true(allowances)
    minor = ~by_allowances & (age < int(q.params["debtor_age_limit"]))
    age_err = _err(age_error)
    both_unknown = error_struct(pl.concat_list([age_err.struct.field("fields"), pl.lit(["family_allowances_paid"])]),
                                age_err.struct.field("why"))
    investigated, investigated_error = scope.step("alimony_investigation_date")
    decision, decision_error = scope.step("recovery_decision")
    decided, decided_error = scope.step("recovery_decision_date")
    rules = [missing_rule(concluded_error)] if concluded_error is not None else []
    read = [("alimony_investigation_date", investigated), ("age", age), ("family_allowances_paid", allowances)]
    evidence = evidence_json(read)
    with_decision = evidence_json([*read, ("recovery_decision", decision), ("recovery_decision_date", decided)])
    return [
        *rules,
        Rule(~truthy(scope.read("piis_concluded")), NOT_APPLICABLE, "not_applicable"),
        missing_rule(_err(studies_error)),
        Rule(~is_true(studies), NOT_APPLICABLE, "not_applicable"),
        missing_rule(pl.when(~by_allowances & age_err.is_not_null() & allowances.is_null()).then(both_unknown)),
        missing_rule(pl.when(~by_allowances).then(age_err)),
        missing_rule(pl.when(~by_allowances & ~minor).then(_err(allowances_error))),
        Rule(~by_allowances & ~minor, NOT_APPLICABLE, "not_applicable"),
        missing_rule(_err(investigated_error)),
        Rule(investigated.is_not_null(), PASS, "investigated", {"investigation_date": investigated},
             evidence=evidence),
        missing_rule(_err(decision_error)),
        missing_rule(_err(decided_error)),
        Rule(decision.eq_missing("waive") & decided.is_not_null(), PASS, "recovery_waived",
             {"recovery_decision_date": decided}, evidence=with_decision),
        Rule(pl.lit(True), FAIL,
             pl.when(by_allowances).then(pl.lit("no_investigation_allowances")).otherwise(pl.lit("no_investigation_minor")),
             {"age": age, "ri_decision_date": pl.col("ri_decision_date"), "recovery_decision": decision,
              "recovery_decision_date": decided}, evidence=with_decision),
    ]


def decide_recovery(scope: Scope, q: Question) -> list[Rule]:
    verdict = pl.col(f"verdict:{INVESTIGATION_ID}")
    investigated, investigated_error = scope.step("alimony_investigation_date")
    decision, decision_error = scope.step("recovery_decision")
    decided, decided_error = scope.step("recovery_decision_date")
    applicant, applicant_error = scope.step("recovery_notified_applicant_date")
    debtors, debtors_error = scope.step("recovery_notified_debtors_date")
    recover = decision.eq_missing("recover")
    waived = decision.eq_missing("waive") & decided.is_not_null()
    empty = [(decision.is_null(), "recovery_decision"), (decided.is_null(), "recovery_decision_date"),
             (applicant.is_null(), "recovery_notified_applicant_date"),
             (recover & debtors.is_null(), "recovery_notified_debtors_date")]
    missing_names = names_where(empty)
    missing = field_messages(missing_names)  # by their labels
    months = int(q.params["decision_months"])
    due, _ = scope.period_end(investigated, months)
    read = [("alimony_investigation_date", investigated), ("recovery_decision", decision),
            ("recovery_decision_date", decided), ("recovery_notified_applicant_date", applicant)]
    evidence = evidence_json([*read, ("recovery_notified_debtors_date", debtors, recover)])
    waiting = {"missing": missing, "investigation_date": investigated, "due": due, "months": pl.lit(months)}
    return [
        Rule(verdict == NOT_APPLICABLE, NOT_APPLICABLE, "not_applicable"),
        Rule(verdict == MISSING_DATA, MISSING_DATA, pl.col(f"reason_key:{INVESTIGATION_ID}"),
             params_json=pl.col(f"reason_params:{INVESTIGATION_ID}")),
        *(missing_rule(_err(e)) for e in (investigated_error, decision_error, decided_error, applicant_error)),
        Rule(investigated.is_null() & ~waived, NOT_APPLICABLE, "no_investigation", {"question": pl.lit(INVESTIGATION_ID)},
             evidence=evidence_json(read)),
        missing_rule(pl.when(recover).then(_err(debtors_error))),
        Rule(missing_names.list.len() == 0, PASS,
             pl.when(recover).then(pl.lit("recovery_notified")).otherwise(pl.lit("waiver_notified")),
             {"recovery_decision_date": decided, "applicant_date": applicant,
              "debtors_date": pl.when(recover).then(debtors)}, evidence=evidence),
        Rule(investigated.is_not_null() & (scope.as_of <= due), PENDING, "awaiting_decision", waiting, (), due,
             evidence=evidence, action="action_decide_recovery"),
        Rule(investigated.is_not_null(), FAIL, "decision_incomplete", waiting, (), due, evidence=evidence,
             action="action_decide_recovery"),
        Rule(pl.lit(True), FAIL, "decision_incomplete_waiver", {"missing": missing, "recovery_decision_date": decided},
             evidence=evidence),
    ]

