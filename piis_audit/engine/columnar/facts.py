"""The derived facts of a case (docs/questions.md "Derived facts"), as columns over the cases frame.

One row per case (``_case``), three-valued: a fact is null where it cannot be decided, and
``<fact>_missing`` (a list of field names) names the fields that left it undecided. The mandatory-PIIS rules (loi art. 11 and 13; circular §3, §4.4)
are:

1. never mandatory by law with work income or an employment measure;
2. under 25: mandatory with full-time studies, an employment trajectory, or a new beneficiary;
3. 25 or over: mandatory only for a new beneficiary;
4. a request by either party makes it mandatory in every case;
5. after a move, 25 or over, no obligation (unless a new beneficiary is known).

Columns: ``age``, ``new_beneficiary``, ``legal``/``legal_key`` (rules 1-3, 5), ``piis_mandatory``
with ``mandatory_key`` (the reason's message key) and ``mandatory_by_request``,
``piis_concluded``, ``conclusion_date``, ``exempted``, ``deadline`` with ``deadline_from``,
``deadline_start`` and ``deadline_clamped`` (the month-end note), ``age_why_key`` /
``age_why_field`` (why the age is unknown), and ``<fact>_missing`` / ``<fact>_why`` for the
facts the engine reports as missing.
"""

from __future__ import annotations

import polars as pl

from piis_audit import dates_frames
from piis_audit.checklist.model import Checklist
from piis_audit.dates import month_end_rule
from piis_audit.engine.columnar.columns import (empty_list, first_match, is_true, names_where, unreadable,
                                                why_of_fields)
from piis_audit.frames import ExportFrames

MANDATORY_KEY = "facts.mandatory."
# The facts a question reads through ``derived`` and the fields their missing list may hold.
MISSING_CANDIDATES: dict[str, tuple[str, ...]] = {
    "age": ("birth_date", "ri_decision_date"),
    "new_beneficiary": ("ri_in_previous_3_months", "ri_decision_date"),
    "piis_mandatory": ("birth_date", "full_time_studies", "employment_trajectory",
                       "ri_in_previous_3_months"),
    "piis_concluded": ("piis_signed_date",),
    "exempted": ("exemption_reason", "exemption_decision_date"),
    "deadline": ("birth_date", "full_time_studies", "employment_trajectory",
                 "ri_in_previous_3_months", "piis_request_date", "ri_decision_date"),
}


def _rule(rows: list[tuple[pl.Expr, pl.Expr | bool | None, str | None, pl.Expr | None]],
          ) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(value, key, missing) of a first-match decision list of (condition, value, key, missing)."""
    def lit_bool(v: pl.Expr | bool | None) -> pl.Expr:
        return v if isinstance(v, pl.Expr) else pl.lit(v, dtype=pl.Boolean)

    value = first_match([(c, lit_bool(v)) for c, v, _, _ in rows[:-1]], lit_bool(rows[-1][1]))
    key = first_match([(c, pl.lit(k, dtype=pl.String)) for c, _, k, _ in rows[:-1]], pl.lit(rows[-1][2], dtype=pl.String))
    missing = first_match([(c, empty_list() if m is None else m) for c, _, _, m in rows[:-1]],
                    empty_list() if rows[-1][3] is None else rows[-1][3])
    return value, key, missing


def _young(new: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Rule 2, under 25."""
    fts, traj = pl.col("full_time_studies"), pl.col("employment_trajectory")
    unknown = names_where([(fts.is_null(), "full_time_studies"), (traj.is_null(), "employment_trajectory"),
                           (new.is_null(), "ri_in_previous_3_months")])
    return _rule([(is_true(fts), True, MANDATORY_KEY + "young_studies", None),
                  (is_true(traj), True, MANDATORY_KEY + "young_trajectory", None),
                  (is_true(new), True, MANDATORY_KEY + "young_new", None),
                  (unknown.list.len() > 0, None, None, unknown),
                  (pl.lit(True), False, MANDATORY_KEY + "young_none", None)])


def _adult(new: pl.Expr, move_applies: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Rules 3 and 5, 25 or over."""
    moved = is_true(pl.col("moved_from_other_cpas"))
    return _rule([(moved & move_applies & ~is_true(new), False, MANDATORY_KEY + "adult_moved", None),
                  (new.is_null(), None, None, pl.lit(["ri_in_previous_3_months"])),
                  (is_true(new), True, MANDATORY_KEY + "adult_new", None),
                  (pl.lit(True), False, MANDATORY_KEY + "adult_not_new", None)])


def compute_facts(frames: ExportFrames, checklist: Checklist) -> pl.DataFrame:
    """Every derived fact of every case, one row per case in export order."""
    p = checklist.values
    cases = frames.frame("cases")
    decision, birth = pl.col("ri_decision_date"), pl.col("birth_date")

    # age and new beneficiary
    step1 = cases.lazy().with_columns(
        age=dates_frames.age_on(birth, decision),
        age_missing=pl.when(birth.is_null() | decision.is_null()).then(
            names_where([(birth.is_null(), "birth_date"), (decision.is_null(), "ri_decision_date")])),
        new_beneficiary=pl.when(pl.col("ri_in_previous_3_months").is_not_null())
        .then(~pl.col("ri_in_previous_3_months"))
        .otherwise(pl.col("previous_ri_end_date")
                   < dates_frames.shift_months(decision, -int(p["new_beneficiary_months"]))[0]),
    )
    new = pl.col("new_beneficiary")
    step1 = step1.with_columns(new_beneficiary_missing=pl.when(new.is_null()).then(
        names_where([(pl.col("ri_in_previous_3_months").is_null(), "ri_in_previous_3_months"),
                     (decision.is_null(), "ri_decision_date")])))

    # the legal obligation (rules 1, 2, 3, 5)
    age = pl.col("age")
    young, older = _young(new), _adult(new, pl.lit(True))
    known_young = _young(new)
    known_adult = _adult(new, age >= int(p["move_no_obligation_min_age"]))
    agree = young[0].is_not_null() & young[0].eq_missing(older[0])
    unknown_age = (
        pl.when(agree).then(young[0]),
        pl.when(agree).then(pl.when(young[0]).then(pl.lit(MANDATORY_KEY + "age_unknown_new"))
                            .otherwise(pl.lit(MANDATORY_KEY + "age_unknown_none"))),
        pl.when(agree).then(empty_list()).otherwise(
            pl.concat_list([pl.lit(["birth_date"]), young[2], older[2]])))
    under = age < int(p["adult_age"])
    work = is_true(pl.col("complementary_ri_with_work"))
    measure = is_true(pl.col("employment_measure"))

    def legal_part(i: int, work_value: pl.Expr, measure_value: pl.Expr) -> pl.Expr:
        return (pl.when(work).then(work_value).when(measure).then(measure_value)
                .when(age.is_null()).then(unknown_age[i])
                .when(under).then(known_young[i]).otherwise(known_adult[i]))

    legal_cols = step1.with_columns(
        legal=legal_part(0, pl.lit(False), pl.lit(False)),
        legal_key=legal_part(1, pl.lit(MANDATORY_KEY + "no_work"), pl.lit(MANDATORY_KEY + "no_employment_measure")),
        legal_missing=legal_part(2, empty_list(), empty_list()),
    )

    # mandatory (rule 4: a request makes it mandatory), concluded, exempted
    legal = pl.col("legal")
    requested = pl.col("piis_requested_by").is_not_null() & (pl.col("piis_requested_by") != "")
    signed = pl.col("piis_signed_date")
    signed_unknown = names_where(unreadable(frames, ["piis_signed_date"]))
    reason, decided = pl.col("exemption_reason"), pl.col("exemption_decision_date")
    exempt = (reason.eq_missing("health") | reason.eq_missing("equity")) & decided.is_not_null()
    exempt_unknown = names_where(unreadable(frames, ["exemption_reason", "exemption_decision_date"]))
    concluded = pl.when(signed.is_not_null()).then(True).when(signed_unknown.list.len() > 0) \
        .then(pl.lit(None, dtype=pl.Boolean)).otherwise(False)
    base = legal_cols.with_columns(
        piis_mandatory=pl.when(requested).then(True).otherwise(legal),
        mandatory_by_request=requested & legal.eq_missing(False),
        mandatory_key=pl.when(requested).then(
            pl.when(is_true(legal)).then(pl.lit(MANDATORY_KEY + "request_over_law"))
            .otherwise(pl.lit(MANDATORY_KEY + "request"))).otherwise(pl.col("legal_key")),
        _requested=requested,
        piis_concluded=concluded,
        piis_concluded_missing=pl.when(concluded.is_null()).then(signed_unknown),
        conclusion_date=signed,
    ).with_columns(
        piis_mandatory_missing=pl.when(pl.col("piis_mandatory").is_null()).then(pl.col("legal_missing")),
        exempted=pl.when(~exempt & ~is_true(pl.col("piis_concluded")) & (exempt_unknown.list.len() > 0))
        .then(pl.lit(None, dtype=pl.Boolean)).otherwise(exempt),
    ).with_columns(exempted_missing=pl.when(pl.col("exempted").is_null()).then(exempt_unknown))

    # the deadline
    mandatory = pl.col("piis_mandatory")
    undecided_law = pl.col("_requested") & legal.is_null()
    from_request = pl.col("mandatory_by_request") & pl.lit(bool(p["deadline_from_request"]))
    deadline_from = pl.when(is_true(mandatory) & ~undecided_law).then(
        pl.when(from_request).then(pl.lit("piis_request_date")).otherwise(pl.lit("ri_decision_date")))
    start = pl.when(deadline_from == "piis_request_date").then(pl.col("piis_request_date")) \
        .when(deadline_from == "ri_decision_date").then(decision)
    end, clamped = dates_frames.month_period_end(pl.col("deadline_start"), int(p["deadline_months"]),
                                                 month_end_rule(p["month_end_rule"]))
    base = base.with_columns(deadline_from=deadline_from, deadline_start=start).with_columns(
        deadline=end,
        deadline_clamped=pl.col("deadline_start").is_not_null() & clamped,
        deadline_missing=pl.when(is_true(mandatory) & undecided_law).then(pl.col("legal_missing"))
        .when(is_true(mandatory) & pl.col("deadline_start").is_null())
        .then(pl.concat_list([pl.col("deadline_from")]))
        .when(mandatory.is_null()).then(pl.col("legal_missing")),
    )

    # why the age is unknown (facts.age_unknown.<cause>, naming the first unknown date)
    age_field = pl.when(birth.is_null()).then(pl.lit("birth_date")).when(decision.is_null()) \
        .then(pl.lit("ri_decision_date"))
    age_cause = pl.when(birth.is_null()).then(frames.missing_why("cases", "birth_date")) \
        .when(decision.is_null()).then(frames.missing_why("cases", "ri_decision_date"))
    base = base.with_columns(age_why_field=age_field,
                             age_why_key=pl.lit("facts.age_unknown.") + age_cause)

    base = base.with_columns(
        (why_of_fields(frames, pl.col(f"{fact}_missing"), names).alias(f"{fact}_why")
         for fact, names in MISSING_CANDIDATES.items()))
    return base.select(
        "_case", "age", "new_beneficiary", "legal", "legal_key", "piis_mandatory", "mandatory_key",
        "mandatory_by_request", "piis_concluded", "conclusion_date", "exempted", "deadline",
        "deadline_from", "deadline_start", "deadline_clamped", "age_why_key", "age_why_field",
        *(f"{fact}_missing" for fact in MISSING_CANDIDATES), *(f"{fact}_why" for fact in MISSING_CANDIDATES)
    ).collect()


_CHILD_FACTS = (("sanctions", "decision_date", "has_sanctions"),
                ("evaluations", "evaluation_date", "has_evaluations"))


def child_facts(frames: ExportFrames) -> pl.DataFrame:
    """``has_sanctions`` / ``has_evaluations`` per case, with the fields that leave them unknown:
    a child table without the columns its rows need (``no_column``), or rows whose date is
    unknown (``<date field>``, ``invalid`` or ``empty`` as the case's first such row)."""
    out = frames.frame("cases").select("_case")
    for table, date_field, name in _CHILD_FACTS:
        child = frames.tables.get(table)
        absent = ([n for n in ("case_id", date_field) if not frames.has_column(table, n)]
                  if table in frames.tables_present else [])
        if child is None or child.height == 0:
            counts = out.with_columns(_dated=pl.lit(0, dtype=pl.UInt32), _undated=pl.lit(0, dtype=pl.UInt32),
                                      _first_invalid=pl.lit(None, dtype=pl.Boolean))
        else:
            undated = pl.col(date_field).is_null()
            counts = out.join(child.group_by("_case").agg(
                _dated=(~undated).sum(), _undated=undated.sum(),
                _first_invalid=frames.invalid_expr(table, date_field).filter(undated).first()),
                on="_case", how="left", maintain_order="left")
        dated = pl.col("_dated").fill_null(0)  # a case without rows has none: a count, not an unknown
        has = dated > 0
        missing = (pl.when(~has & pl.lit(bool(absent))).then(pl.lit(absent, dtype=pl.List(pl.String)))
                   .when(~has & (pl.col("_undated").fill_null(0) > 0)).then(pl.lit([date_field])))
        why = (pl.when(pl.lit(bool(absent))).then(pl.lit("no_column"))
               .when(pl.col("_first_invalid").eq_missing(True)).then(pl.lit("invalid")).otherwise(pl.lit("empty")))
        out = out.with_columns(counts.select(
            pl.when(missing.is_null()).then(has).alias(name),
            missing.alias(f"{name}_missing"), why.alias(f"{name}_why")))
    return out
