"""The flattening every tabular format shares, and the ``--redact`` step.

One :class:`Row` per result (one case x one question), with every text already rendered in the
reader's language. xlsx, csv, html and markdown all read these rows, so a column means the same
thing in every report. Formats call :func:`prepare` first: with ``options.redact`` it returns a
copy of the report without personal data, so no format can forget to redact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from piis_audit.formats.interface import FormatOptions
from piis_audit.i18n.legal import legal_bases
from piis_audit.i18n.render import format_value, render, ui
from piis_audit.model import AuditReport, Case, CaseReport, DataError, Message, Result, Verdict, Waiver
from piis_audit.schema import PERSONAL_FIELDS

# What stands where a personal value was removed. Language-neutral on purpose: it also replaces
# values inside reason parameters, which are filled in whatever language the report uses.
REDACTED = "***"

# A name shorter than this is not searched for inside free text (it would blank ordinary words).
_MIN_NAME_LENGTH = 3


@dataclass(frozen=True)
class Row:
    """One result, flattened for a table. Texts are in the language the rows were built for."""

    case_id: str
    source: str  # the export file the case was read from, as given (SARIF's physical location)
    source_row: int  # its row there, as the user sees it
    beneficiary_name: str | None  # None when redacted or not exported
    social_worker: str
    office: str
    question: str  # stable id, e.g. "deadline"
    question_title: str
    verdict: Verdict
    verdict_label: str
    reason: str  # "" for a pass without reason
    notes: tuple[str, ...]
    due_date: dt.date | None
    legal_basis: tuple[str, ...]
    waived: bool
    waiver: str  # justification and approver, "" when not waived
    baseline: str | None  # "new" / "known" with --baseline
    money_at_risk: Decimal | None
    evidence: tuple[tuple[str, str], ...]  # (field, value as read by a person)


# --------------------------------------------------------------------------- redaction


def prepare(report: AuditReport, options: FormatOptions) -> AuditReport:
    """The report a format should render: redacted when ``options.redact``."""
    return redact(report) if options.redact else report


def redact(report: AuditReport) -> AuditReport:
    """A copy of ``report`` without personal data.

    Removed: the personal fields of the schema (``beneficiary_name``, ``birth_date``), every
    column the tool does not know (``case.extra``: it may hold anything, e.g. a national number),
    those fields inside evidence and message parameters, the beneficiary's name wherever it
    appears inside other free text of the case, and the value of data errors on personal columns.
    """
    cases = tuple(_redact_case_report(cr) for cr in report.cases)
    errors = tuple(_redact_error(e) for e in report.export.data_errors)
    export = dataclasses.replace(report.export, cases=tuple(cr.case for cr in cases), data_errors=errors)
    return dataclasses.replace(report, cases=cases, export=export)


# Derived facts that tell a personal field: the age gives the birth year away.
PERSONAL_FACTS = frozenset({"age"})


def _redact_case_report(cr: CaseReport) -> CaseReport:
    case = cr.case
    hidden = set(PERSONAL_FIELDS) | PERSONAL_FACTS | set(case.extra)
    name = case.values.get("beneficiary_name")
    scrub = name.strip() if isinstance(name, str) and len(name.strip()) >= _MIN_NAME_LENGTH else None
    values = {k: (None if k in PERSONAL_FIELDS else _scrub(v, scrub)) for k, v in case.values.items()}
    new_case: Case = dataclasses.replace(case, values=values, extra={})
    results = tuple(_redact_result(r, hidden, scrub) for r in cr.results)
    facts = dataclasses.replace(cr.facts, mandatory_reason=_redact_message(cr.facts.mandatory_reason,
                                                                           hidden, scrub),
                                notes=tuple(_redact_message(n, hidden, scrub) or n for n in cr.facts.notes))
    return dataclasses.replace(cr, case=new_case, results=results, facts=facts)


def _redact_result(result: Result, hidden: Collection[str], scrub: str | None) -> Result:
    evidence = {k: _scrub(v, scrub) for k, v in result.evidence.items() if k not in hidden}
    return dataclasses.replace(
        result, evidence=evidence,
        reason=_redact_message(result.reason, hidden, scrub),
        notes=tuple(_redact_message(n, hidden, scrub) or n for n in result.notes),
        action=_redact_message(result.action, hidden, scrub))


def _redact_message(message: Message | None, hidden: Collection[str], scrub: str | None) -> Message | None:
    if message is None:
        return None
    params = {k: (REDACTED if k in hidden else _scrub(v, scrub)) for k, v in message.params.items()}
    return Message(message.key, params)


def _scrub(value: Any, name: str | None) -> Any:
    """``value`` with the beneficiary's name blanked out of any text inside it."""
    if name is None:
        return value
    if isinstance(value, str):
        return value.replace(name, REDACTED) if name in value else value
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub(v, name) for v in value)
    return value


# Params of a data error's message that name the export's structure (a field, a table, the
# choices a field accepts), never a value read from a cell: they survive redaction.
_STRUCTURAL_PARAMS = frozenset({"field", "other", "table", "tables", "choices", "min", "max", "column", "count"})


def _redact_error(error: DataError) -> DataError:
    """A data error on a personal column loses its value, and every param of its message that
    may come from the value (``31/02/1990`` is also day 31, month 02, year 1990); its English
    message is then filled from the redacted one."""
    if (error.field in PERSONAL_FIELDS or error.column in PERSONAL_FIELDS) and error.value is not None:
        if error.text is None:  # English only (not built by the loader): blank the value where it is written
            message = error.message
            if len(error.value) >= _MIN_NAME_LENGTH:
                message = message.replace(error.value, REDACTED)
            return DataError(error.file, error.table, error.row, error.column, REDACTED, message, error.field)
        return DataError(error.file, error.table, error.row, error.column, REDACTED, None, error.field,
                         _redact_error_text(error.text))
    return error


def _redact_error_text(text: Message) -> Message:
    return Message(text.key, {k: (_redact_error_text(v) if isinstance(v, Message)
                                  else v if k in _STRUCTURAL_PARAMS else REDACTED)
                              for k, v in text.params.items()})


# --------------------------------------------------------------------------- flattening


class Formatter:
    """:func:`format_value` with a memo: a report formats the same dates and amounts thousands of
    times, and ``strftime`` dominates the time to render 20,000 cases otherwise."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._memo: dict[tuple[type, Any], str] = {}

    def __call__(self, value: Any) -> str:
        try:
            key = (type(value), value)
            text = self._memo.get(key)
        except TypeError:  # unhashable (a list of fields): not worth a memo
            return format_value(value, self.lang)
        if text is None:
            text = self._memo[key] = format_value(value, self.lang)
        return text


def evidence_pairs(result: Result, fmt: Formatter) -> tuple[tuple[str, str], ...]:
    """The values a result used, as (field, value as a person reads it)."""
    return pairs_of(result.evidence, fmt)


def pairs_of(evidence: Mapping[str, Any], fmt: Formatter) -> tuple[tuple[str, str], ...]:
    """Evidence as (field, value as a person reads it)."""
    return tuple((k, fmt(v)) for k, v in evidence.items())


def waiver_text(result: Result) -> str:
    """A waiver as shown next to a result: justification and approver; "" when none."""
    return waiver_label(result.waiver)


def waiver_label(waiver: Waiver | None) -> str:
    """A waiver's justification and approver; "" for none."""
    return "" if waiver is None else f"{waiver.justification} ({waiver.approved_by})"


def result_rows(report: AuditReport, lang: str, *, verdicts: Collection[Verdict] | None = None,
                questions: Collection[str] | None = None) -> Iterator[Row]:
    """One :class:`Row` per result, cases in report order, questions in checklist order.

    ``verdicts`` / ``questions`` keep only those results (e.g. the non-pass ones for a findings
    sheet). The report should already have gone through :func:`prepare`.
    """
    titles = {q.id: str(q.title.get(lang) or q.title.get("en", q.id)) for q in report.checklist.questions}
    bases = {q.id: legal_bases(q.legal_basis, lang) for q in report.checklist.questions}
    labels = {v: ui(f"common.verdict.{v.value}", lang) for v in Verdict}
    fmt = Formatter(lang)
    from piis_audit.formats.frame_texts import case_results, selected_results

    frames = case_results(report)
    if frames is not None:  # only the results kept are read, from the result frames
        cases = report.export.cases
        for k, result in selected_results(frames, [q.id for q in report.checklist.questions], verdicts, questions):
            yield row_of(report, cases[k], result, lang, titles=titles, bases=bases, labels=labels, fmt=fmt)
        return
    for cr in report.cases:
        for result in cr.results:
            if verdicts is not None and result.verdict not in verdicts:
                continue
            if questions is not None and result.question not in questions:
                continue
            yield row_for(report, cr, result, lang, titles=titles, bases=bases, labels=labels, fmt=fmt)


def row_for(report: AuditReport, cr: CaseReport, result: Result, lang: str, *,
            titles: Mapping[str, str] | None = None, bases: Mapping[str, tuple[str, ...]] | None = None,
            labels: Mapping[Verdict, str] | None = None, fmt: Formatter | None = None) -> Row:
    """One result flattened (the keyword arguments are optional caches for :func:`result_rows`)."""
    return row_of(report, cr.case, result, lang, titles=titles, bases=bases, labels=labels, fmt=fmt)


def row_of(report: AuditReport, case: Case, result: Result, lang: str, *,
           titles: Mapping[str, str] | None = None, bases: Mapping[str, tuple[str, ...]] | None = None,
           labels: Mapping[Verdict, str] | None = None, fmt: Formatter | None = None) -> Row:
    """One result of ``case`` flattened (see :func:`row_for`)."""
    checklist = report.checklist
    qid = result.question
    title = titles[qid] if titles is not None else _title(checklist, qid, lang)
    basis = bases[qid] if bases is not None else _basis(checklist, qid, lang)
    label = labels[result.verdict] if labels is not None else ui(f"common.verdict.{result.verdict.value}", lang)
    name = case.values.get("beneficiary_name")
    return Row(
        case_id=case.case_id,
        source=case.source,
        source_row=case.row,
        beneficiary_name=str(name) if name not in (None, "") else None,
        social_worker=_text(case.values.get("social_worker")),
        office=_text(case.values.get("office")),
        question=qid,
        question_title=title,
        verdict=result.verdict,
        verdict_label=label,
        reason=render(result.reason, checklist, qid, lang) if result.reason is not None else "",
        notes=tuple(render(n, checklist, qid, lang) for n in result.notes),
        due_date=result.due_date,
        legal_basis=basis,
        waived=result.waiver is not None,
        waiver=waiver_text(result),
        baseline=result.baseline,
        money_at_risk=result.money_at_risk,
        evidence=evidence_pairs(result, fmt or Formatter(lang)),
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _title(checklist: Any, qid: str, lang: str) -> str:
    q = checklist.by_id.get(qid)
    return qid if q is None else str(q.title.get(lang) or q.title.get("en", qid))


def _basis(checklist: Any, qid: str, lang: str) -> tuple[str, ...]:
    q = checklist.by_id.get(qid)
    return () if q is None else legal_bases(q.legal_basis, lang)
