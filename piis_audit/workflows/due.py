"""What falls due (à échéance / te doen): the internal auditor's to-do list per social worker.

A result is a to-do when it is a finding (pending, fail or missing data) with a ``due_date`` and
something to do: every pending result (a PIIS to conclude before its deadline, evaluations to
keep the year on pace, a recovery decision to take, an absence of PIIS to motivate), and a fail or
missing-data result that carries an ``action``. A fail without an action (a PIIS concluded late:
nothing left to do but explain) is no to-do.

To-dos whose due date lies in [as_of, as_of + within] are *due*; those before as_of are
*overdue* and listed apart, whatever ``within`` is. ``piis-audit due`` prints them, and the Excel
report's to-do sheets reuse :func:`due_items`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from piis_audit import dates
from piis_audit.i18n.render import render, title, ui
from piis_audit.model import AuditReport, Message, Verdict

if TYPE_CHECKING:
    import polars as pl

DEFAULT_WITHIN_DAYS = 30
TODO_VERDICTS: frozenset[Verdict] = frozenset({Verdict.PENDING, Verdict.FAIL, Verdict.MISSING_DATA})


@dataclass(frozen=True)
class DueItem:
    """One thing a social worker must do, by a date."""

    social_worker: str  # "" when the export names none
    office: str
    case_id: str
    question: str
    verdict: Verdict
    due_date: dt.date
    days_left: int  # negative when overdue
    action: Message | None
    reason: Message | None
    waived: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def todo() -> pl.Expr:
    """Whether a result frame's row is a to-do: a finding with a due date and something to do
    (see the module docstring)."""
    import polars as pl

    return (pl.col("verdict").is_in(sorted(v.value for v in TODO_VERDICTS)) & pl.col("due_date").is_not_null()
            & ((pl.col("verdict") == Verdict.PENDING.value) | pl.col("action_key").is_not_null()))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def due_items(report: AuditReport, within_days: int = DEFAULT_WITHIN_DAYS) -> list[DueItem]:
    """The to-dos due within ``within_days`` of ``report.as_of`` and every overdue one, sorted by
    social worker, overdue first, then due date, case and question.

    Chosen and sorted on the result frames (:mod:`piis_audit.engine.result_frames`); only the
    results listed are read out (for their action and reason)."""
    import polars as pl

    from piis_audit.engine.result_frames import WAIVER, results_of

    if within_days < 0:
        raise ValueError(f"within must be >= 0 days, got {within_days}")
    as_of = report.as_of
    until = dates.add_days(as_of, within_days)
    results = results_of(report.cases, [q.id for q in report.checklist.questions])
    rows = [frame.filter(todo() & (pl.col("due_date") <= until)).select(
        pl.col("_case").cast(pl.Int32), pl.lit(qid, dtype=pl.String).alias("question"),
        pl.lit(position, dtype=pl.Int32).alias("_q"), "verdict", "due_date", WAIVER)
        for position, (qid, frame) in enumerate(results.decided.items())]
    if not rows:
        return []
    cases = results.case_table().select(pl.col("_case").cast(pl.Int32), "case_id", "social_worker", "office")
    found = pl.concat(rows).join(cases, on="_case", how="left", maintain_order="left")
    # The social worker as :func:`_text` gives it, and its casefold (one call per distinct name).
    names = found.get_column("social_worker").unique().to_list()
    shown = {name: _text(name) for name in names}
    found = found.with_columns(
        social_worker=pl.col("social_worker").replace_strict(shown, default="", return_dtype=pl.String),
        _fold=pl.col("social_worker").replace_strict({n: t.casefold() for n, t in shown.items()},
                                                     default="", return_dtype=pl.String),
        _later=pl.col("due_date") >= as_of)
    # The key of the module's order, then export and checklist order (a stable sort's ties).
    found = found.sort(["_fold", "_later", "due_date", "case_id", "question", "_case", "_q"])
    picked = list(zip(found.get_column("_case").to_list(), found.get_column("question").to_list(), strict=True))
    return [DueItem(social_worker=worker, office=_text(office), case_id=case_id, question=r.question,
                    verdict=r.verdict, due_date=due, days_left=dates.days_between(as_of, due),
                    action=r.action, reason=r.reason, waived=waiver is not None)
            for r, worker, office, case_id, due, waiver in zip(
                results.results_at(picked), found.get_column("social_worker").to_list(),
                found.get_column("office").to_list(), found.get_column("case_id").to_list(),
                found.get_column("due_date").to_list(), found.get_column(WAIVER).to_list(), strict=True)]


def action_text(item: DueItem, report: AuditReport, lang: str) -> str:
    """What to do, in ``lang``: the result's action, else its reason."""
    message = item.action or item.reason
    return "" if message is None else render(message, report.checklist, item.question, lang)


def item_row(item: DueItem, report: AuditReport, lang: str) -> dict[str, Any]:
    """One to-do as plain values (JSON-ready; dates ISO), with the texts in ``lang``."""
    return {
        "social_worker": item.social_worker, "office": item.office, "case_id": item.case_id,
        "question": item.question, "question_title": title(report.checklist, item.question, lang),
        "verdict": item.verdict.value, "due_date": item.due_date.isoformat(),
        "days_left": item.days_left, "overdue": item.overdue,
        "action": action_text(item, report, lang), "waived": item.waived,
    }


def due_document(report: AuditReport, items: list[DueItem], within_days: int,
                 lang: str) -> dict[str, Any]:
    """``piis-audit due --format json``: per social worker, the overdue and the due to-dos."""
    workers: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = workers.setdefault(item.social_worker, {"social_worker": item.social_worker,
                                                        "overdue": [], "due": []})
        entry["overdue" if item.overdue else "due"].append(item_row(item, report, lang))
    return {
        "as_of": report.as_of.isoformat(), "within_days": within_days,
        "until": dates.add_days(report.as_of, within_days).isoformat(),
        "checklist": {"id": report.checklist.id, "version": report.checklist.version},
        "counts": {"overdue": sum(i.overdue for i in items),
                   "due": sum(not i.overdue for i in items)},
        "social_workers": list(workers.values()),
    }


def when_text(item: DueItem, lang: str) -> str:
    """"in 12 days" / "today" / "3 days overdue", in ``lang``."""
    if item.days_left < 0:
        return ui("workflows.due.days_overdue", lang, days=-item.days_left)
    if item.days_left == 0:
        return ui("workflows.due.today", lang)
    return ui("workflows.due.days_left", lang, days=item.days_left)


def worker_label(name: str, lang: str) -> str:
    return name or ui("workflows.due.no_social_worker", lang)


__all__ = ["DEFAULT_WITHIN_DAYS", "DueItem", "action_text", "due_document", "due_items",
           "item_row", "todo", "when_text", "worker_label"]
