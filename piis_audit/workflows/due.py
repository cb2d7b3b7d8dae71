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
from typing import Any

from piis_audit import dates
from piis_audit.i18n.render import render, title, ui
from piis_audit.model import AuditReport, Message, Result, Verdict

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


def is_todo(result: Result) -> bool:
    """A finding with a due date and something to do (see the module docstring)."""
    return (result.verdict in TODO_VERDICTS and result.due_date is not None
            and (result.verdict is Verdict.PENDING or result.action is not None))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def due_items(report: AuditReport, within_days: int = DEFAULT_WITHIN_DAYS) -> list[DueItem]:
    """The to-dos due within ``within_days`` of ``report.as_of`` and every overdue one, sorted by
    social worker, overdue first, then due date, case and question."""
    if within_days < 0:
        raise ValueError(f"within must be >= 0 days, got {within_days}")
    as_of = report.as_of
    until = dates.add_days(as_of, within_days)
    items: list[DueItem] = []
    for cr in report.cases:
        for r in cr.results:
            if not is_todo(r):
                continue
            assert r.due_date is not None
            if r.due_date > until:
                continue
            items.append(DueItem(
                social_worker=_text(cr.case.get("social_worker")), office=_text(cr.case.get("office")),
                case_id=cr.case.case_id, question=r.question, verdict=r.verdict, due_date=r.due_date,
                days_left=dates.days_between(as_of, r.due_date), action=r.action, reason=r.reason,
                waived=r.waiver is not None))
    items.sort(key=lambda i: (i.social_worker.casefold(), not i.overdue, i.due_date, i.case_id,
                              i.question))
    return items


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
           "is_todo", "item_row", "when_text", "worker_label"]
