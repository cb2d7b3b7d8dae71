"""``increased-subsidy`` (see :mod:`piis_audit.questions.increased_subsidy`), with the money at
risk in integer cents (an estimate: rate × monthly RI × months claimed, rounded half up)."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from piis_audit import dates_frames
from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.columns import is_true, names_where, strings_where
from piis_audit.engine.columnar.expressions import truthy
from piis_audit.engine.columnar.outcome import (FAIL, MISSING_DATA, NOT_APPLICABLE, PASS, Note, Rule,
                                                evidence_json, json_with_list, message_json, missing_rule,
                                                params_json)
from piis_audit.engine.columnar.scope import Scope

GROUND = "increased_subsidy.ground."
MET = "increased_subsidy.met."  # the conditions a pass names (i18n catalog)
_FAR = 10**9


def _month_index(day: pl.Expr) -> pl.Expr:
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1


def cents_decimal(cents: pl.Expr) -> pl.Expr:
    """An amount in cents as an exact decimal with two places (JSON: "157.70")."""
    text = cents.cast(pl.String).str.zfill(3).str.replace(r"(\d\d)$", r".$1")
    return text.cast(pl.Decimal(38, 2))


def _ground(key: str, params: dict[str, pl.Expr] | None = None) -> pl.Expr:
    return message_json(GROUND + key, params)


def _met(key: str, params: dict[str, pl.Expr]) -> pl.Expr:
    return message_json(MET + key, params)


def _money(scope: Scope, q: Question, signed: pl.Expr) -> tuple[dict[str, pl.Expr], pl.Expr, list[Note]]:
    """(the estimate's reason parameters, money at risk in cents or null, notes)."""
    claim_from = pl.coalesce(pl.col("subsidy_increase_start_date"), dates_frames.first_of_month(signed))
    until = pl.min_horizontal(scope.as_of, pl.col("ri_end_date"))
    whole = bool(q.params["count_started_months"])
    low = _month_index(claim_from) + (0 if whole else (claim_from.dt.day() != 1).cast(pl.Int64))
    high = _month_index(until) - (0 if whole else (until != dates_frames.last_of_month(until)).cast(pl.Int64))
    months = pl.when(claim_from.is_null()).then(0).when(claim_from <= until) \
        .then(pl.max_horizontal(high - low + 1, 0)).otherwise(0)
    rate = Decimal(str(scope.param("subsidy_rate")))
    numerator, denominator = rate.as_integer_ratio()
    paid = pl.col("ri_monthly_amount")
    paid_total = (paid * 100).round(0).cast(pl.Int64) * months
    rows = sorted(scope.checklist.amounts, key=lambda r: r.valid_from)
    category = pl.col("category")
    lows = [r.valid_from.year * 12 + r.valid_from.month - 1 + (r.valid_from.day != 1) for r in rows]
    table_total: pl.Expr | None = None
    for i, row in enumerate(rows):  # the rows of the checklist's amounts table
        start = -_FAR if i == 0 else lows[i]
        end = lows[i + 1] - 1 if i + 1 < len(rows) else _FAR
        overlap = pl.max_horizontal(pl.min_horizontal(high, pl.lit(end)) - pl.max_horizontal(low, pl.lit(start)) + 1, 0)
        cents = category.replace_strict({c: int(a * 100) for c, a in row.amounts.items()}, default=None,
                                        return_dtype=pl.Int64)
        part = cents * overlap
        table_total = part if table_total is None else table_total + part
    has_paid = paid.is_not_null()
    by_table = ~has_paid & category.is_not_null() & pl.lit(bool(rows))
    if table_total is not None:  # no month claimed (claimed from after the end): nothing at risk
        table_total = pl.when(months > 0).then(table_total).otherwise(0)
    total = pl.when(has_paid).then(paid_total).when(by_table).then(table_total if table_total is not None else pl.lit(None))
    cents = pl.when(claim_from.is_not_null()).then(
        (total * (2 * numerator) + denominator) // (2 * denominator))
    notes = [Note("note_no_estimate_start", {}, claim_from.is_null()),
             Note("note_no_estimate_category", {}, claim_from.is_not_null() & ~has_paid & ~by_table)]
    if rows:
        early = claim_from.is_not_null() & by_table & (months > 0) & (low < lows[0])
        notes.append(Note("note_amount_before_table", {
            "month": pl.date(low // 12, low % 12 + 1, 1), "table_from": pl.lit(rows[0].valid_from)}, early))
    params = {"claim_from": claim_from, "claim_until": until, "months": months,
              "money_at_risk": cents_decimal(cents),
              "monthly_amount": pl.when(claim_from.is_not_null() & has_paid).then(
                  cents_decimal((paid * 100).round(0).cast(pl.Int64)))}
    return params, cents, notes


def decide(scope: Scope, q: Question) -> list[Rule]:
    _, claimed_error = scope.step("subsidy_increase_claimed")
    _, concluded_error = scope.derived("piis_concluded")
    concluded = is_true(pl.col("piis_concluded"))
    signed = pl.when(concluded).then(pl.col("conclusion_date"))
    claim_start, claim_error = scope.step("subsidy_increase_start_date")
    piis_start, start_error = scope.step("piis_start_date")
    ri_decision, decision_error = scope.step("ri_decision_date")
    assert claimed_error is not None and claim_error is not None and start_error is not None
    assert decision_error is not None
    unreadable = (pl.when(claim_error.is_not_null()).then(claim_error)
                  .when(claim_start.is_null()).then(scope.error_of(["subsidy_increase_start_date"], pl.lit("empty")))
                  .otherwise(start_error))

    first = dates_frames.first_of_month(signed)
    by_decision = ri_decision.is_not_null() & (dates_frames.first_of_month(ri_decision) == first) & (ri_decision > first)
    earliest = pl.when(by_decision).then(ri_decision).otherwise(first)
    too_early = concluded & claim_start.is_not_null() & (claim_start < earliest)
    months = int(q.params["start_delay_months"])
    latest, clamped = dates_frames.shift_months(signed, months)
    late = concluded & piis_start.is_not_null() & (piis_start > latest)
    early_params = {"claim_start": claim_start, "earliest": earliest, "signed": signed}
    grounds = [(~concluded, _ground("no_piis")),
               (too_early & by_decision, _ground("claimed_before_ri_decision", early_params)),
               (too_early & ~by_decision, _ground("claimed_before_signature_month", early_params)),
               (late, _ground("start_too_late", {"piis_start_date": piis_start, "signed": signed,
                                                 "latest_start": latest, "months": pl.lit(months)}))]
    undecided_pairs = []
    for dep in q.depends_on:
        if dep in scope.results:
            verdict = pl.col(f"verdict:{dep}")
            grounds.append((verdict == FAIL, _ground("dependency_failed", {"question": pl.lit(dep)})))
            undecided_pairs.append((verdict == MISSING_DATA, dep))
    undecided = names_where(undecided_pairs)
    evidence = evidence_json([("piis_signed_date", signed), ("subsidy_increase_start_date", claim_start),
                              ("piis_start_date", piis_start), ("ri_decision_date", ri_decision, concluded),
                              *((f"result:{dep}", pl.col(f"verdict:{dep}"))
                                for dep in q.depends_on if dep in scope.results)])
    ground_list = strings_where(grounds)
    notes = [Note("common.note.month_end", {"start": signed, "months": pl.lit(months),
                                            "day": signed.dt.day().cast(pl.Int64), "end": latest},
                  concluded & piis_start.is_not_null() & clamped.eq_missing(True)),
             Note("note_dependency_undecided", {"questions": undecided}, undecided.list.len() > 0)]
    money_params, cents, money_notes = _money(scope, q, signed)
    rest = params_json({"count": pl.sum_horizontal([c.cast(pl.Int64) for c, _ in grounds]),
                        "rate": pl.lit(str((rate_percent(scope)))), **money_params})
    reason = pl.lit('{"grounds":[') + ground_list.list.join(",") + pl.lit("],") + rest.str.slice(1)
    none = ~pl.any_horizontal([c for c, _ in grounds])
    numbers = {question.id: n for n, question in enumerate(scope.checklist.questions, start=1)}
    checked_deps = [numbers[dep] for dep in q.depends_on if dep in scope.results]
    met = [(pl.lit(True), _met("signed", {"signed": signed})),
           (claim_start.is_not_null(), _met("claimed_from", {"claim_start": claim_start, "earliest": earliest})),
           (piis_start.is_not_null(), _met("started", {"piis_start_date": piis_start, "latest_start": latest,
                                                       "months": pl.lit(months)})),
           (piis_start.is_null(), _met("no_start", {"latest_start": latest})),
           *([(pl.lit(True), _met("dependencies", {"questions": pl.lit(checked_deps, dtype=pl.List(pl.Int64))}))]
             if checked_deps else [])]
    conditions_met = json_with_list({"rate": pl.lit(str(rate_percent(scope)))}, "conditions", strings_where(met))
    rules = [missing_rule(claimed_error),
             Rule(~truthy(scope.read("subsidy_increase_claimed")), NOT_APPLICABLE, "not_applicable")]
    if concluded_error is not None:
        rules.append(missing_rule(concluded_error))
    return [*rules,
            missing_rule(pl.when(concluded).then(decision_error)),
            missing_rule(pl.when(none).then(unreadable)),
            Rule(none, PASS, "conditions_met", params_json=conditions_met, notes=notes, evidence=evidence),
            Rule(pl.lit(True), FAIL, "conditions_broken", notes=[*notes, *money_notes], params_json=reason,
                 money_cents=cents, evidence=evidence)]


def rate_percent(scope: Scope) -> Decimal:
    """The subsidy rate as a percentage (10 for 0.10)."""
    return (Decimal(str(scope.param("subsidy_rate"))) * 100).normalize()
