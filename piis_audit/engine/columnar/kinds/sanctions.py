"""``sanctions`` (see :mod:`piis_audit.questions.sanctions`): every sanction row is checked on
its own, then brought back to its case with ``group_by("_case")``."""

from __future__ import annotations

import polars as pl

from piis_audit import dates_frames
from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.columns import STRINGS, strings_where
from piis_audit.engine.columnar.outcome import (FAIL, NOT_APPLICABLE, PASS, Rule, evidence_json,
                                                json_with_list, message_json, params_json)
from piis_audit.engine.columnar.scope import Scope
from piis_audit.frames import EMPTY, INVALID, NO_COLUMN
from piis_audit.questions.sanctions import COND, OPTIONAL, TABLE

CHECKED = "sanctions.checked"  # a sanction whose every condition is met, with its dates (i18n catalog)

_READ = ("warning_date", "hearing_invitation_date", "hearing_date", "social_worker_advice_date",
         "motivation", "notified_date", "start_date", "end_date", "duration_days")


class _Rows:
    """One sanction row's values, read by their empty-class rules (an absent optional column is
    "not on file")."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def value(self, name: str) -> pl.Expr:
        column = pl.col(name)
        if name == "motivation":
            return pl.when(column.str.strip_chars().str.len_chars() > 0).then(column)
        return column

    def unknown(self, name: str) -> pl.Expr:
        """Why the value is unknown (``invalid``, ``no_column``), null when it is known or empty."""
        frames = self.scope.frames
        invalid = frames.invalid_expr(TABLE, name)
        no_column = name not in OPTIONAL and not frames.has_column(TABLE, name)
        return (pl.when(self.value(name).is_null() & invalid).then(pl.lit(INVALID))
                .when(self.value(name).is_null() & pl.lit(no_column)).then(pl.lit(NO_COLUMN)))


def _per_sanction(scope: Scope, q: Question, rows: pl.DataFrame) -> pl.DataFrame:
    """Each sanction's broken conditions (as the JSON of its ``conditions_broken`` message),
    notes and unknown fields."""
    r = _Rows(scope)
    decided = pl.col("decision_date")
    same_day = bool(q.params["same_day_counts_as_before"])

    def strict_ok(day: pl.Expr, decision: pl.Expr) -> pl.Expr:
        return day <= decision if same_day else day < decision
    broken: list[tuple[pl.Expr, pl.Expr]] = []
    for name, missing_key, late_key, strict in (
            ("warning_date", "no_warning", "warning_not_before", True),
            ("hearing_invitation_date", "no_hearing_invitation", "invitation_not_before", True)):
        day = r.value(name)
        broken.append((day.is_null() & r.unknown(name).is_null(), message_json(COND + missing_key, {"decision_date": decided})))
        ok = strict_ok(day, decided) if strict else day <= decided
        broken.append((day.is_not_null() & ~ok, message_json(COND + late_key, {"date": day, "decision_date": decided})))
    heard = r.value("hearing_date")
    broken.append((heard.is_not_null() & (heard > decided),
                   message_json(COND + "heard_after", {"date": heard, "decision_date": decided})))
    advice = r.value("social_worker_advice_date")
    broken.append((advice.is_null() & r.unknown("social_worker_advice_date").is_null(),
                   message_json(COND + "no_advice", {"decision_date": decided})))
    broken.append((advice.is_not_null() & ~(advice <= decided),
                   message_json(COND + "advice_after", {"date": advice, "decision_date": decided})))
    for name, key in (("motivation", "no_motivation"), ("notified_date", "not_notified")):
        broken.append((r.value(name).is_null() & r.unknown(name).is_null(),
                       message_json(COND + key, {"decision_date": decided})))

    start, notified = r.value("start_date"), r.value("notified_date")
    end = pl.coalesce(r.value("end_date"),
                      pl.when(start.is_not_null()).then(
                          start + pl.duration(days=r.value("duration_days") - 1)))
    both_absent = not scope.frames.has_column(TABLE, "end_date") and not scope.frames.has_column(TABLE, "duration_days")
    length_known = start.is_not_null() & end.is_not_null()
    repeat = pl.col("_repeat")
    months = pl.when(repeat).then(pl.lit(int(q.params["repeat_max_months"]))).otherwise(pl.lit(int(q.params["max_months"])))
    limits = {m: scope.period_end(start, m) for m in {int(q.params["repeat_max_months"]), int(q.params["max_months"])}}
    limit = pl.when(repeat).then(limits[int(q.params["repeat_max_months"])][0]).otherwise(limits[int(q.params["max_months"])][0])
    clamped = pl.when(repeat).then(limits[int(q.params["repeat_max_months"])][1]).otherwise(limits[int(q.params["max_months"])][1])
    too_long = {"start": start, "end": end, "months": months, "latest_end": limit,
                "days": dates_frames.days_between(start, end) + 1}
    broken.append((length_known & (end > limit) & repeat, message_json(COND + "too_long_repeat", too_long)))
    broken.append((length_known & (end > limit) & ~repeat, message_json(COND + "too_long", too_long)))
    broken.append((start.is_not_null() & notified.is_not_null() & (start <= notified),
                   message_json(COND + "start_not_after_notification", {"start": start, "notified": notified})))
    latest = dates_frames.shift_months(dates_frames.first_of_month(decided), int(q.params["start_by_month"]))[0]
    broken.append((start.is_not_null() & (start > latest),
                   message_json(COND + "start_too_late", {"start": start, "latest_start": latest, "decision_date": decided})))
    conditions = strings_where(broken)

    # unknown fields, in the order the conditions are checked
    unknown_pairs: list[tuple[str, pl.Expr]] = [
        (n, r.unknown(n)) for n in _READ if n != "duration_days"]
    unknown_pairs.append(("duration_days", pl.when(r.value("end_date").is_null()).then(r.unknown("duration_days"))))
    neither = start.is_not_null() & end.is_null() & r.unknown("end_date").is_null() & \
        pl.when(r.value("end_date").is_null()).then(r.unknown("duration_days")).is_null()
    set_default = {"end_date": pl.when(neither).then(pl.lit(NO_COLUMN if both_absent else EMPTY)),
                   "duration_days": pl.when(neither).then(pl.lit(NO_COLUMN if both_absent else EMPTY))}
    ordered: list[tuple[str, pl.Expr]] = []
    for name, why in unknown_pairs:
        extra = set_default.get(name)
        ordered.append((name, why if extra is None else pl.coalesce(why, extra)))
    # no start date at all: recorded last (``setdefault`` after the end and the duration were read)
    ordered.append(("start_date", pl.when(start.is_null() & r.unknown("start_date").is_null()).then(pl.lit(EMPTY))))
    names = strings_where([(w.is_not_null(), pl.lit(n)) for n, w in ordered])
    whys = strings_where([(w.is_not_null(), w) for _, w in ordered])

    third = int(q.params["note_from_sanction"])
    repeat_months = int(q.params["repeat_within_months"])
    note_items = [
        (length_known & repeat & pl.col("_repeat_clamped"), "common.note.month_end", params_json({
            "start": pl.col("_previous"), "months": pl.lit(repeat_months),
            "day": pl.col("_previous").dt.day().cast(pl.Int64), "end": pl.col("_previous_year")})),
        (length_known & clamped, "common.note.month_end", params_json({
            "start": start, "months": months, "day": start.dt.day().cast(pl.Int64), "end": limit})),
        (pl.col("_number") >= third, "note_third_sanction", params_json(
            {"decision_date": decided, "number": pl.col("_number")})),
    ]
    failing = conditions.list.len() > 0
    checked = message_json(CHECKED, {"decision_date": decided, "warning_date": r.value("warning_date"),
                                 "invitation_date": r.value("hearing_invitation_date"),
                                 "advice_date": advice, "notified_date": notified, "start": start, "end": end})
    return rows.with_columns(
        _checked=pl.when(~failing).then(checked),
        _fail=pl.when(failing).then(json_with_list(
            {"decision_date": decided, "number": pl.col("_number"), "count": conditions.list.len().cast(pl.Int64)},
            "conditions", conditions)),
        _note_keys=strings_where([(c, pl.lit(k)) for c, k, _ in note_items]),
        _note_params=strings_where([(c, p) for c, _, p in note_items]),
        _unknown=names, _unknown_why=whys)


def _repeats(scope: Scope, q: Question, rows: pl.DataFrame) -> pl.DataFrame:
    """Whether each sanction repeats one decided within ``repeat_within_months`` before it
    (the first such earlier sanction, in the case's order, gives the month-end note)."""
    months = int(q.params["repeat_within_months"])
    pairs = rows.select("_case", "_number", "decision_date").join(
        rows.select("_case", pl.col("_number").alias("_other"), pl.col("decision_date").alias("_previous")),
        on="_case")
    year, clamped = scope.period_end(pl.col("_previous"), months)
    found = (pairs.filter((pl.col("_other") != pl.col("_number")) & (pl.col("_previous") < pl.col("decision_date")))
             .with_columns(_previous_year=year, _repeat_clamped=clamped)
             .filter(pl.col("decision_date") <= pl.col("_previous_year"))
             .sort("_case", "_number", "_other")
             .group_by("_case", "_number", maintain_order=True).first()
             .select("_case", "_number", "_previous", "_previous_year", "_repeat_clamped"))
    out = rows.join(found, on=["_case", "_number"], how="left", maintain_order="left")
    return out.with_columns(_repeat=pl.col("_previous").is_not_null())


def decide(scope: Scope, q: Question) -> list[Rule]:
    table = scope.frames.tables[TABLE]
    dated = (table.filter(pl.col("decision_date").is_not_null())
             .sort("_case", "decision_date", "_row", maintain_order=True)
             .with_columns(_number=pl.int_range(1, pl.len() + 1).over("_case")))
    rows = _per_sanction(scope, q, _repeats(scope, q, dated))
    unknown = (rows.select("_case", "_number", pl.col("_unknown"), pl.col("_unknown_why"))
               .explode("_unknown", "_unknown_why")
               .drop_nulls("_unknown"))
    undated = (table.filter(pl.col("decision_date").is_null())
               .group_by("_case", maintain_order=True)
               .agg(pl.when(scope.frames.invalid_expr(TABLE, "decision_date").first())
                    .then(pl.lit(INVALID)).otherwise(pl.lit(EMPTY)).alias("_unknown_why"))
               .with_columns(_number=pl.lit(0, dtype=pl.Int64), _unknown=pl.lit("decision_date")))
    unknown = (pl.concat([undated.select(unknown.columns).cast(unknown.schema), unknown])
               .sort("_case", "_number", maintain_order=True)
               .unique(["_case", "_unknown"], keep="first", maintain_order=True)
               .group_by("_case", maintain_order=True)
               .agg(_unknown=pl.col("_unknown"), _unknown_whys=pl.col("_unknown_why").unique()))
    per_case = (rows.group_by("_case", maintain_order=True).agg(
        _count=pl.len(), _decisions=pl.col("decision_date"), _fails=pl.col("_fail").drop_nulls(),
        _checked=pl.col("_checked").drop_nulls(),
        _note_keys=pl.col("_note_keys").list.explode(keep_nulls=False, empty_as_null=False),
        _note_params=pl.col("_note_params").list.explode(keep_nulls=False, empty_as_null=False)))
    joined = (scope.frame.select("_case")
              .join(per_case, on="_case", how="left", maintain_order="left")
              .join(unknown, on="_case", how="left", maintain_order="left"))
    scope.frame = scope.frame.hstack(joined.drop("_case"))
    fails = pl.col("_fails")
    extra_fails = fails.list.len() - 1
    fail_keys = pl.concat_list([pl.lit("conditions_broken").repeat_by(extra_fails.clip(0)).cast(STRINGS),
                                pl.col("_note_keys")])
    fail_params = pl.concat_list([fails.list.slice(1), pl.col("_note_params")])
    whys = pl.col("_unknown_whys")
    why = pl.when(whys.list.len() == 1).then(whys.list.first()).otherwise(pl.lit(EMPTY))
    evidence = evidence_json([("sanctions", pl.col("_decisions"))])  # the decision dates, in order
    return [
        Rule(pl.col("_count").is_null(), NOT_APPLICABLE, "not_applicable"),
        Rule(fails.list.len() > 0, FAIL, "conditions_broken", params_json=fails.list.first(),
             note_lists=(fail_keys, fail_params), evidence=evidence),
        Rule(pl.col("_unknown").list.len() > 0, "missing_data", pl.lit("common.missing.") + why,
             {"fields": pl.col("_unknown")}),
        Rule(pl.lit(True), PASS, "conditions_met", params_json=json_with_list(
            {"count": pl.col("_count").cast(pl.Int64)}, "sanctions", pl.col("_checked")),
            note_lists=(pl.col("_note_keys"), pl.col("_note_params")), evidence=evidence),
    ]

