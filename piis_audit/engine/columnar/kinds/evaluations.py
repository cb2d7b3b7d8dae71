"""``evaluations`` (see :mod:`piis_audit.questions.evaluations`): the 12-month windows of every
case as rows, the formalised evaluations counted per window with a join and ``group_by``, the
windows brought back to their case with another ``group_by``.

Counts are certain (``*_min``) and possible (``*_max``): an evaluation whose report or interview
is unknown is in ``*_max`` only, an evaluation whose date is unknown possibly in every window.
"""

from __future__ import annotations

import polars as pl

from piis_audit.checklist.model import Question
from piis_audit.engine.columnar.columns import STRINGS, is_true, names_where
from piis_audit.engine.columnar.outcome import (FAIL, MISSING_DATA, NOT_APPLICABLE, PASS, PENDING,
                                                Rule, evidence_json, json_with_list, missing_rule)
from piis_audit.engine.columnar.scope import Scope
from piis_audit.frames import EMPTY, INVALID, NO_COLUMN

TABLE = "evaluations"
WINDOW = "evaluations.window."  # a window as a pass names it (i18n catalog): complete, closed_partial, open
_NO_TABLE = 10**6  # the export cannot show evaluations: any count is possible


def _idx(day: pl.Expr) -> pl.Expr:
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1


def _date(e: pl.Expr) -> pl.Expr:
    return pl.when(e.is_null()).then(pl.lit("null")).otherwise(pl.lit('"') + e.dt.to_string("%Y-%m-%d") + pl.lit('"'))


def _int(e: pl.Expr) -> pl.Expr:
    return pl.when(e.is_null()).then(pl.lit("null")).otherwise(e.cast(pl.Int64).cast(pl.String))


def _count(low: pl.Expr, high: pl.Expr) -> pl.Expr:
    """``count_text``: the number, or "low–high" when unknown values leave it open."""
    return pl.when(low == high).then(_int(low)).otherwise(
        pl.lit('"') + _int(low) + pl.lit("\u2013") + _int(high) + pl.lit('"'))


def _object(pairs: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """A JSON object from (name, JSON fragment) pairs."""
    parts: list[pl.Expr] = [pl.lit("{")]
    for i, (name, fragment) in enumerate(pairs):
        parts += [pl.lit(("," if i else "") + f'"{name}":'), fragment]
    parts.append(pl.lit("}"))
    return pl.concat_str(parts)


def _params(q: Question) -> dict[str, int]:
    return {n: int(q.params[n]) for n in ("window_months", "evaluations_per_year", "personal_interviews_per_year",
                                          "partial_window_minimum", "days_per_year")}


def decide(scope: Scope, q: Question) -> list[Rule]:
    p = _params(q)
    inclusive = 1 if q.params["partial_days_inclusive"] else 0
    frames = scope.frames
    _, concluded_error = scope.derived("piis_concluded")
    piis_start, start_error = scope.step("piis_start_date")
    piis_end, end_error = scope.step("piis_end_date")
    ri_end, ri_end_error = scope.step("ri_end_date")
    as_of = scope.as_of
    start = pl.coalesce(piis_start, pl.col("conclusion_date"))
    closed = pl.min_horizontal(pl.when(piis_end <= as_of).then(piis_end), pl.when(ri_end <= as_of).then(ri_end))
    future = pl.min_horizontal(pl.when(piis_end > as_of).then(piis_end), pl.when(ri_end > as_of).then(ri_end))
    concluded = is_true(pl.col("piis_concluded"))
    active = concluded & start.is_not_null() & (start <= as_of) & ~(closed < start).eq_missing(True)
    table_present = TABLE in frames.tables_present
    absent_columns = ([n for n in ("case_id", "evaluation_date") if not frames.has_column(TABLE, n)]
                      if table_present else [])

    # the windows of every case, one row each
    cases = scope.frame.lazy().select("_case", _start=start, _closed=closed, _future=future, _as_of=as_of,
                               _active=active)
    limit = pl.min_horizontal(pl.col("_as_of"), pl.col("_closed"))
    count = pl.when(pl.col("_active")).then((_idx(limit) - _idx(pl.col("_start"))) // p["window_months"] + 2).otherwise(0)
    windows = cases.with_columns(_n=pl.int_ranges(1, count + 1)).explode("_n").drop_nulls("_n")
    end, clamped = scope.period_end(pl.col("_start"), pl.col("_n") * p["window_months"])
    previous_end, _ = scope.period_end(pl.col("_start"), (pl.col("_n") - 1) * p["window_months"])
    limit_day = pl.min_horizontal(pl.col("_as_of"), pl.col("_closed"))
    # a window exists while the one before it ended before the limit (the first always does)
    windows = (windows.with_columns(_end=end, _clamped=clamped,
                                    _wstart=pl.when(pl.col("_n") == 1).then(pl.col("_start"))
                                    .otherwise(previous_end.dt.offset_by("1d")))
               .filter((pl.col("_n") == 1) | (pl.col("_wstart") <= limit_day)))
    c, e = pl.col("_closed"), pl.col("_end")
    in_closed = c.is_not_null() & (c <= e)
    windows = windows.with_columns(
        _state=pl.when(in_closed).then(pl.when(c == e).then(pl.lit("complete")).otherwise(pl.lit("closed_partial")))
        .when(e < pl.col("_as_of")).then(pl.lit("complete")).otherwise(pl.lit("open")),
        _until=pl.when(in_closed).then(c).when(e < pl.col("_as_of")).then(e).otherwise(pl.col("_as_of")),
        _closes_on=pl.when(in_closed).then(c).when(e < pl.col("_as_of")).then(e)
        .otherwise(pl.min_horizontal(e, pl.col("_future"))))

    # the formalised evaluations of each window
    evaluations = frames.tables.get(TABLE)
    report, interview = pl.col("report_present"), pl.col("personal_interview")
    counted = ~report.eq_missing(False)
    if evaluations is not None and evaluations.height:
        dated = evaluations.lazy().filter(pl.col("evaluation_date").is_not_null())
        tallies = (windows.select("_case", "_n", "_wstart", "_until")
                   .join(dated.select("_case", "evaluation_date", "report_present", "personal_interview"), on="_case")
                   .filter(pl.col("evaluation_date").is_between(pl.col("_wstart"), pl.col("_until")))
                   .group_by("_case", "_n").agg(
                       _fmin=is_true(report).sum(), _fmax=counted.sum(),
                       _imin=(is_true(report) & is_true(interview)).sum(),
                       _imax=(counted & ~interview.eq_missing(False)).sum(),
                       _unk_report=report.is_null().any(), _unk_interview=(counted & interview.is_null()).any()))
        undated = (evaluations.lazy().group_by("_case").agg(
            _undated=pl.col("evaluation_date").is_null().sum(),
            _undated_invalid=(pl.col("evaluation_date").is_null()
                              & frames.invalid_expr(TABLE, "evaluation_date")).any(),
            _inv_report=frames.invalid_expr(TABLE, "report_present").filter(pl.col("evaluation_date").is_not_null()).any(),
            _inv_interview=frames.invalid_expr(TABLE, "personal_interview").filter(
                pl.col("evaluation_date").is_not_null()).any()))
        windows = (windows.join(tallies, on=["_case", "_n"], how="left", maintain_order="left")
                   .join(undated, on="_case", how="left", maintain_order="left"))
    else:
        windows = windows.with_columns(
            *(pl.lit(0, dtype=pl.UInt32).alias(n) for n in ("_fmin", "_fmax", "_imin", "_imax", "_undated")),
            *(pl.lit(False).alias(n) for n in ("_unk_report", "_unk_interview", "_undated_invalid",
                                               "_inv_report", "_inv_interview")))
    # counts of a window without rows are zero, not unknown
    zero = {n: pl.col(n).fill_null(0).cast(pl.Int64) for n in ("_fmin", "_fmax", "_imin", "_imax", "_undated")}
    undated_n = zero["_undated"]
    fmax = pl.lit(_NO_TABLE, dtype=pl.Int64) if not table_present else zero["_fmax"] + undated_n
    imax = pl.lit(_NO_TABLE, dtype=pl.Int64) if not table_present else zero["_imax"] + undated_n
    windows = windows.with_columns(
        _fmin=zero["_fmin"], _imin=zero["_imin"], _fmax=fmax, _imax=imax,
        _unknown=names_where([(pl.lit(not table_present) | (undated_n > 0), "evaluation_date"),
                              (pl.lit(table_present) & is_true(pl.col("_unk_interview")), "personal_interview"),
                              (pl.lit(table_present) & is_true(pl.col("_unk_report")), "report_present")]),
        _inv_any=is_true(pl.col("_inv_report")) | is_true(pl.col("_inv_interview")))

    # what each window needs
    def pro_rata(days: pl.Expr) -> pl.Expr:
        return (p["evaluations_per_year"] * days) // p["days_per_year"]

    def days_to(last: pl.Expr) -> pl.Expr:
        return (last - pl.col("_wstart")).dt.total_days() + inclusive

    state = pl.col("_state")
    partial = pl.max_horizontal(pl.lit(p["partial_window_minimum"]), pro_rata(days_to(pl.col("_until"))))
    early_close = pl.col("_closes_on") < pl.col("_end")
    open_partial = pl.max_horizontal(pl.lit(p["partial_window_minimum"]), pro_rata(days_to(pl.col("_closes_on"))))
    windows = windows.with_columns(
        _req=pl.when(state == "complete").then(p["evaluations_per_year"])
        .when(state == "closed_partial").then(partial)
        .when(early_close).then(open_partial).otherwise(p["evaluations_per_year"]),
        _ireq=pl.when(state == "complete").then(p["personal_interviews_per_year"])
        .when(state == "closed_partial").then(0)
        .when(early_close).then(0).otherwise(p["personal_interviews_per_year"]),
        _days=days_to(pl.col("_until")), _expected=pro_rata(days_to(pl.col("_until"))))
    f_min, f_max, i_min, i_max = pl.col("_fmin"), pl.col("_fmax"), pl.col("_imin"), pl.col("_imax")
    req, ireq = pl.col("_req"), pl.col("_ireq")
    surely = (f_min >= req) & (i_min >= ireq)
    possibly = (f_max >= req) & (i_max >= ireq)
    decided = state != "open"
    common = [("window", _int(pl.col("_n"))), ("window_start", _date(pl.col("_wstart")))]
    counts = [("formal", _count(f_min, f_max)), ("interviews", _count(i_min, i_max)),
              ("required", _int(req)), ("required_interviews", _int(ireq))]
    month_end = _object([("start", _date(pl.col("_start"))), ("months", _int(pl.col("_n") * p["window_months"])),
                         ("day", _int(pl.col("_start").dt.day())), ("end", _date(pl.col("_end")))])
    # what a pass says of each window: its dates, the evaluations found and the minimums it had
    shown_end = pl.when(state == "complete").then(pl.col("_end")).when(state == "closed_partial") \
        .then(pl.col("_until")).otherwise(pl.col("_closes_on"))
    checked = _object([("key", pl.lit('"' + WINDOW) + state + pl.lit('"')),
                       ("params", _object([*common, ("window_end", _date(shown_end)), *counts,
                                           ("days", _int(pl.col("_days")))]))])
    window_rows = windows.with_columns(
        _checked=checked,
        _short=decided & ~possibly,
        _uncertain=decided & possibly & ~surely,
        _short_key=pl.when(state == "complete").then(pl.lit("short_window")).otherwise(pl.lit("short_partial_window")),
        _open_missing=(pl.max_horizontal(req - f_min, 0) + pl.max_horizontal(ireq - i_min, 0)) > 0,
        _behind=f_max < pl.col("_expected"),
        _met=(f_min >= p["evaluations_per_year"]) & (i_min >= p["personal_interviews_per_year"]),
        _met_possibly=(f_max >= p["evaluations_per_year"]) & (i_max >= p["personal_interviews_per_year"]),
    ).sort("_case", "_n").collect()

    # the reasons' and notes' parameters, built only for the windows that need them
    is_open = state == "open"
    clamped_window = is_true(pl.col("_clamped"))
    short = (window_rows.lazy().filter(pl.col("_short")).group_by("_case", maintain_order=True).agg(
        _short_keys=pl.col("_short_key"),
        _short_params=_object([*common, ("window_end", _date(pl.col("_until"))), *counts,
                               ("days", _int(pl.col("_days")))])))
    opened = window_rows.lazy().filter(is_open).select(
        "_case",
        _open_json=_object([*common, ("window_end", _date(pl.col("_closes_on"))), *counts,
                            ("missing", _int(pl.max_horizontal(req - f_min, 0))),
                            ("missing_interviews", _int(pl.max_horizontal(ireq - i_min, 0))),
                            ("as_of", _date(pl.col("_as_of"))), ("expected", _int(pl.col("_expected")))]),
        _open_note=pl.when(clamped_window).then(month_end))
    decided_notes = window_rows.lazy().filter(decided & clamped_window).group_by("_case", maintain_order=True).agg(
        _decided_notes=month_end)
    explode = {"keep_nulls": False, "empty_as_null": False}
    aggregated = window_rows.lazy().group_by("_case", maintain_order=True).agg(
        _decided=decided.sum(),
        _short_unknown=pl.col("_unknown").filter(pl.col("_short")).list.explode(**explode).unique().sort(),
        _uncertain=pl.col("_unknown").filter(pl.col("_uncertain")).list.explode(**explode).unique().sort(),
        _has_open=is_open.any(),
        _open_behind=pl.col("_behind").filter(is_open).first(),
        _open_missing=pl.col("_open_missing").filter(is_open).first(),
        _open_met=pl.col("_met").filter(is_open).first(),
        _open_met_possibly=pl.col("_met_possibly").filter(is_open).first(),
        _open_unknown=pl.col("_unknown").filter(is_open).first(),
        _closes_on=pl.col("_closes_on").filter(is_open).first(),
        _inv_any=pl.col("_inv_any").first(), _undated_invalid=is_true(pl.col("_undated_invalid")).first(),
        _checked=pl.col("_checked"),
    )
    per_case = (aggregated.join(short, on="_case", how="left").join(opened, on="_case", how="left")
                .join(decided_notes, on="_case", how="left").collect()
                .with_columns(pl.col("_short_keys", "_short_params", "_decided_notes", "_checked")
                              .fill_null(pl.lit([], dtype=STRINGS))))  # no such window: an empty list
    scope.frame = scope.frame.hstack(scope.frame.select("_case").join(
        per_case, on="_case", how="left", maintain_order="left").drop("_case"))
    scope.frame = scope.frame.with_columns(_evaluations=_evaluation_counts(scope))

    def why_of(fields: pl.Expr) -> pl.Expr:
        """``_missing_why``: no column, else an unreadable cell among the case's evaluations, else empty."""
        absent = [n for n in ("evaluation_date", "personal_interview", "report_present") if not frames.has_column(TABLE, n)]
        no_column = pl.lit(False) if not absent else pl.any_horizontal([fields.list.contains(pl.lit(n)) for n in absent])
        return (pl.when(no_column).then(pl.lit(NO_COLUMN))
                .when(is_true(pl.col("_inv_any")) & (fields.list.contains(pl.lit("personal_interview"))
                                                     | fields.list.contains(pl.lit("report_present"))))
                .then(pl.lit(INVALID))
                .when(fields.list.contains(pl.lit("evaluation_date")) & is_true(pl.col("_undated_invalid")))
                .then(pl.lit(INVALID)).otherwise(pl.lit(EMPTY)))

    def uncertain_note(fields: pl.Expr) -> pl.Expr:
        """The ``uncertain_counts`` note: the fields whose unknown values leave a count open."""
        return (pl.lit('{"fields":["') + fields.list.join('","') + pl.lit('"],"why":{"key":"common.cause.')
                + why_of(fields) + pl.lit('","params":null}}'))

    open_notes_keys = pl.concat_list([
        pl.when(is_true(pl.col("_open_behind"))).then(pl.lit("behind_pace")),
        pl.when(pl.col("_open_note").is_not_null()).then(pl.lit("common.note.month_end"))]).list.drop_nulls()
    open_notes_params = pl.concat_list([
        pl.when(is_true(pl.col("_open_behind"))).then(pl.col("_open_json")),
        pl.col("_open_note")]).list.drop_nulls()
    base_keys = pl.concat_list([pl.lit("common.note.month_end").repeat_by(pl.col("_decided_notes").list.len()).cast(STRINGS),
                                open_notes_keys])
    base_params = pl.concat_list([pl.col("_decided_notes"), open_notes_params])
    short_unknown = pl.col("_short_unknown")
    with_unknown = short_unknown.list.len() > 0
    fail_keys = pl.concat_list([pl.col("_short_keys").list.slice(1), base_keys,
                                pl.when(with_unknown).then(pl.lit(["uncertain_counts"])).otherwise(pl.lit([], dtype=STRINGS))])
    fail_params = pl.concat_list([pl.col("_short_params").list.slice(1), base_params,
                                  pl.when(with_unknown).then(pl.concat_list([uncertain_note(short_unknown)]))
                                  .otherwise(pl.lit([], dtype=STRINGS))])
    open_unknown = pl.col("_open_unknown")
    pending_unknown = open_unknown.list.len() > 0
    pending_keys = pl.concat_list([base_keys, pl.when(pending_unknown).then(pl.lit(["uncertain_counts"]))
                                   .otherwise(pl.lit([], dtype=STRINGS))])
    pending_params = pl.concat_list([base_params, pl.when(pending_unknown).then(pl.concat_list([uncertain_note(open_unknown)]))
                                     .otherwise(pl.lit([], dtype=STRINGS))])
    uncertain = pl.col("_uncertain")
    table_error = (pl.when(pl.lit(bool(absent_columns))).then(scope.error_of(absent_columns or ["case_id"], pl.lit(NO_COLUMN)))
                   if absent_columns else None)
    evidence = evidence_json([
        (pl.when(piis_start.is_not_null()).then(pl.lit("piis_start_date")).otherwise(pl.lit("conclusion_date")), start),
        ("piis_end_date", piis_end), ("ri_end_date", ri_end), ("evaluations", pl.col("_evaluations"))])
    windows_met = json_with_list({}, "windows", pl.col("_checked"))  # every window, in order
    plan = is_true(pl.col("_has_open")) & is_true(pl.col("_open_missing"))  # a pass with evaluations to plan
    rules = [missing_rule(concluded_error)] if concluded_error is not None else []
    rules.append(Rule(~concluded, NOT_APPLICABLE, "not_applicable"))
    rules += [missing_rule(err) for err in (start_error, end_error, ri_end_error) if err is not None]
    rules += [
        Rule(start > as_of, NOT_APPLICABLE, "not_started", {"start": start, "as_of": as_of},
             evidence=evidence),
        Rule((closed < start).eq_missing(True), NOT_APPLICABLE, "ended_before_start", {"start": start, "end": closed},
             evidence=evidence),
    ]
    if table_error is not None:
        rules.append(missing_rule(table_error))
    rules += [
        Rule(pl.col("_short_keys").list.len() > 0, FAIL, pl.col("_short_keys").list.first(),
             params_json=pl.col("_short_params").list.first(), note_lists=(fail_keys, fail_params),
             evidence=evidence),
        Rule(uncertain.list.len() > 0, MISSING_DATA, pl.lit("common.missing.") + why_of(uncertain),
             {"fields": uncertain}),
        Rule(pl.col("_decided") > 0, PASS, "windows_met", params_json=windows_met,
             due_date=pl.when(plan).then(pl.col("_closes_on")),
             note_lists=(base_keys, base_params), evidence=evidence,
             action=pl.when(plan).then(pl.lit("action_plan_evaluations")),
             action_params=pl.when(plan).then(pl.col("_open_json"))),
        Rule(is_true(pl.col("_open_met")), PASS, "windows_met", params_json=windows_met,
             note_lists=(base_keys, base_params), evidence=evidence),
        Rule(pending_unknown & is_true(pl.col("_open_met_possibly")), MISSING_DATA,
             pl.lit("common.missing.") + why_of(open_unknown), {"fields": open_unknown}),
        Rule(pl.lit(True), PENDING, "first_window_running", params_json=pl.col("_open_json"),
             due_date=pl.col("_closes_on"), note_lists=(pending_keys, pending_params), evidence=evidence,
             action="action_plan_evaluations"),
    ]
    return rules


def _evaluation_counts(scope: Scope) -> pl.Series:
    """Each case's evaluations on file (the dated rows: a row without its date is rejected)."""
    table = scope.frames.tables.get(TABLE)
    cases = scope.frame.select("_case")
    if table is None or not table.height:
        return pl.Series("_evaluations", [0] * cases.height, dtype=pl.Int64)
    counts = (table.filter(pl.col("evaluation_date").is_not_null())
              .group_by("_case").agg(_evaluations=pl.len().cast(pl.Int64)))
    joined = cases.join(counts, on="_case", how="left", maintain_order="left")
    return joined.get_column("_evaluations").fill_null(0)
