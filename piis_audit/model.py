"""The objects that flow through the pipeline: exports come in -> cases -> results -> reports.

Everything here is a frozen dataclass. ``Verdict.MISSING_DATA`` is its own verdict and can never
be mistaken for a pass; a value that could not be read is ``None`` *and* listed in ``Case.invalid``.

The classes an audit makes millions of (cases, evaluations, results, messages) write their own
``__init__``: the one ``dataclass(frozen=True)`` generates looks ``object.__setattr__`` up again for
each field, which made building a result cost 3 µs. The wide ones (Case, Facts, Result) set their
instance dict in one call (:func:`_freeze`: 2.5 times fewer instructions, 170 more bytes each);
the narrow ones (Evaluation, Message, CaseReport) are slotted and set each slot once (smaller
than before, about as fast). The fields, defaults, ``repr``, ``==``, ``replace`` and the refusal
to assign after construction stay the dataclass's. ``tests/test_model.py`` checks that each
hand-written ``__init__`` takes exactly the dataclass's fields, with the same defaults.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from piis_audit.frames import ExportFrames

_set_attribute = object.__setattr__


def _freeze(instance: object, values: dict[str, Any]) -> None:
    """Set every field of a frozen (unslotted) dataclass instance at once (module docstring)."""
    _set_attribute(instance, "__dict__", values)


# --------------------------------------------------------------------------- input side


def _english(text: Message) -> str:
    """``text`` filled in English (the catalog is read when a sentence is first shown)."""
    from piis_audit.i18n.render import catalog, fill

    return fill(catalog()[text.key]["en"], text.params, "en")


@dataclass(frozen=True, init=False)
class DataError:
    """One problem in the input, located as the user sees it (Excel row numbers, 1 = header).

    ``text`` is the sentence as a catalog key and params (``inputs.*``); ``message`` is it in
    English, filled when first read (the reader only records what went wrong). A DataError made
    without ``text`` has its English ``message`` only."""

    file: str
    table: str
    row: int | None  # None: the problem concerns the whole table (e.g. a missing column)
    column: str | None
    value: str | None
    written: str | None  # the English sentence given as such (``message`` without ``text``)
    field: str | None = None  # canonical field of the column, when known (column is the header as written)
    text: Message | None = None  # the sentence as a catalog key and params, when known

    def __init__(self, file: str, table: str, row: int | None, column: str | None, value: str | None,
                 message: str | None = None, field: str | None = None, text: Message | None = None, *,
                 written: str | None = None) -> None:  # written: what dataclasses.replace hands back
        english = message if message is not None else written
        _freeze(self, {"file": file, "table": table, "row": row, "column": column, "value": value,
                       "written": english if text is None else None, "field": field, "text": text})

    @property
    def message(self) -> str:
        """The sentence in English."""
        if self.text is None:
            return self.written or ""
        return _english(self.text)


@dataclass(frozen=True)
class InputSummary:
    """One table read from one file. ``rows == audited + rejected``."""

    path: str
    table: str
    rows: int
    rejected: int


@dataclass(frozen=True, init=False)
class RejectedRow:
    """An input row that was not audited, and why (nothing is silently dropped); ``reason`` is
    ``text`` in English, filled when first read (as :class:`DataError`'s ``message``)."""

    file: str
    table: str
    row: int
    case_id: str | None
    written: str | None  # the English reason given as such (``reason`` without ``text``)
    text: Message | None = None  # the reason as a catalog key and params (``inputs.*``), when known

    def __init__(self, file: str, table: str, row: int, case_id: str | None, reason: str | None = None,
                 text: Message | None = None, *, written: str | None = None) -> None:
        english = reason if reason is not None else written
        _freeze(self, {"file": file, "table": table, "row": row, "case_id": case_id,
                       "written": english if text is None else None, "text": text})

    @property
    def reason(self) -> str:
        """Why the row was not audited, in English."""
        if self.text is None:
            return self.written or ""
        return _english(self.text)


@dataclass(frozen=True, init=False, slots=True)
class Evaluation:
    """One evaluation of a PIIS (table ``evaluations``)."""

    row: int
    evaluation_date: dt.date | None
    personal_interview: bool | None
    report_present: bool | None
    invalid: frozenset[str] = frozenset()

    def __init__(self, row: int, evaluation_date: dt.date | None, personal_interview: bool | None,
                 report_present: bool | None, invalid: frozenset[str] = frozenset()) -> None:
        _set_attribute(self, "row", row)
        _set_attribute(self, "evaluation_date", evaluation_date)
        _set_attribute(self, "personal_interview", personal_interview)
        _set_attribute(self, "report_present", report_present)
        _set_attribute(self, "invalid", invalid)


@dataclass(frozen=True)
class Sanction:
    """One sanction for not respecting the PIIS (table ``sanctions``)."""

    row: int
    decision_date: dt.date | None
    warning_date: dt.date | None = None
    hearing_invitation_date: dt.date | None = None
    hearing_date: dt.date | None = None
    social_worker_advice_date: dt.date | None = None
    notified_date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    duration_days: int | None = None
    motivation: str | None = None
    invalid: frozenset[str] = frozenset()


@dataclass(frozen=True, init=False)
class Case:
    """One row of ``cases`` with its child rows.

    ``values`` maps every canonical field name of the cases table to its typed value or None
    (empty, invalid, or column absent). ``invalid`` names the fields whose cell could not be read;
    ``ExportData.columns`` says which columns the export has at all. ``extra`` keeps columns the
    tool does not know, for display.
    """

    case_id: str
    source: str
    row: int
    values: Mapping[str, Any]
    invalid: frozenset[str] = frozenset()
    evaluations: tuple[Evaluation, ...] = ()
    sanctions: tuple[Sanction, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)

    def __init__(self, case_id: str, source: str, row: int, values: Mapping[str, Any],
                 invalid: frozenset[str] = frozenset(), evaluations: tuple[Evaluation, ...] = (),
                 sanctions: tuple[Sanction, ...] = (), extra: Mapping[str, str] | None = None) -> None:
        _freeze(self, {"case_id": case_id, "source": source, "row": row, "values": values,
                       "invalid": invalid, "evaluations": evaluations, "sanctions": sanctions,
                       "extra": {} if extra is None else extra})

    def get(self, name: str) -> Any:
        return self.values.get(name)


@dataclass(frozen=True)
class ExportData:
    """What the readers hand to the engine."""

    cases: Sequence[Case]  # in export order (the reader's: built from the frames on first use)
    inputs: tuple[InputSummary, ...]
    data_errors: tuple[DataError, ...]
    rejected: tuple[RejectedRow, ...]
    columns: Mapping[str, frozenset[str]]  # table -> canonical columns present in the export
    tables_present: frozenset[str]
    fingerprint: str  # sha256 over the input files' bytes, for sampling and baselines
    label: str  # how to name the export in reports (file or folder name)
    # the same export as typed polars frames (piis_audit.frames), which the Case objects are a view of
    # (not compared nor shown by repr: a frame has no truth value, and a national export is long)
    frames: ExportFrames | None = field(default=None, compare=False, repr=False)

    def has_column(self, table: str, name: str) -> bool:
        return name in self.columns.get(table, frozenset())


# --------------------------------------------------------------------------- result side


class Verdict(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    PENDING = "pending"
    NOT_APPLICABLE = "not_applicable"
    MISSING_DATA = "missing_data"

    def __str__(self) -> str:
        return self.value


VERDICT_ORDER: tuple[Verdict, ...] = (Verdict.PASS, Verdict.FAIL, Verdict.PENDING,
                                       Verdict.NOT_APPLICABLE, Verdict.MISSING_DATA)


@dataclass(frozen=True, init=False, slots=True)
class Message:
    """A translatable sentence: ``key`` names a template (in the checklist question's ``reasons``/
    ``notes``, or in the i18n catalog for keys starting with ``common.``), ``params`` fill it.
    Param values may be dates, Decimals, numbers, strings or lists of those; renderers format them
    per language."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, key: str, params: Mapping[str, Any] | None = None) -> None:
        _set_attribute(self, "key", key)
        _set_attribute(self, "params", {} if params is None else params)


@dataclass(frozen=True, init=False)
class Result:
    """One question's answer for one case."""

    question: str
    verdict: Verdict
    reason: Message | None = None  # required for every verdict but pass
    evidence: Mapping[str, Any] = field(default_factory=dict)  # the values used, by field name
    notes: tuple[Message, ...] = ()
    due_date: dt.date | None = None  # when the obligation falls due (pending, or the deadline used)
    action: Message | None = None  # what the social worker must do, for to-do lists
    money_at_risk: Decimal | None = None  # estimate, only on increased-subsidy fails
    waiver: Waiver | None = None  # set by --waivers
    baseline: str | None = None  # "new" or "known", set by --baseline

    def __init__(self, question: str, verdict: Verdict, reason: Message | None = None,
                 evidence: Mapping[str, Any] | None = None, notes: tuple[Message, ...] = (),
                 due_date: dt.date | None = None, action: Message | None = None,
                 money_at_risk: Decimal | None = None, waiver: Waiver | None = None,
                 baseline: str | None = None) -> None:
        _freeze(self, {"question": question, "verdict": verdict, "reason": reason,
                       "evidence": {} if evidence is None else evidence, "notes": notes,
                       "due_date": due_date, "action": action, "money_at_risk": money_at_risk,
                       "waiver": waiver, "baseline": baseline})


@dataclass(frozen=True)
class Waiver:
    case_id: str
    question: str
    justification: str
    approved_by: str
    expires: dt.date


@dataclass(frozen=True, init=False)
class Facts:
    """Derived facts of one case, computed once (docs/questions.md "Derived facts").

    A fact that could not be decided is None and ``missing`` maps its name to the fields whose
    emptiness or invalidity prevented it.
    """

    age: int | None
    new_beneficiary: bool | None
    piis_mandatory: bool | None
    mandatory_reason: Message | None  # why (or why not) a PIIS is mandatory
    mandatory_by_request: bool  # rule 4: the request is what makes it mandatory
    piis_concluded: bool | None  # None: piis_signed_date unreadable, or no such column in the export
    conclusion_date: dt.date | None
    exempted: bool | None  # None: an exemption cell unreadable, or no exemption columns in the export
    deadline: dt.date | None  # conclusion deadline, when a PIIS is mandatory
    deadline_from: str | None  # "ri_decision_date" or "piis_request_date"
    missing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[Message, ...] = ()
    age_unknown: Message | None = None  # why the age is unknown (facts.age_unknown.<cause>, naming the field)

    def __init__(self, age: int | None, new_beneficiary: bool | None, piis_mandatory: bool | None,
                 mandatory_reason: Message | None, mandatory_by_request: bool,
                 piis_concluded: bool | None, conclusion_date: dt.date | None, exempted: bool | None,
                 deadline: dt.date | None, deadline_from: str | None,
                 missing: Mapping[str, tuple[str, ...]] | None = None,
                 notes: tuple[Message, ...] = (), age_unknown: Message | None = None) -> None:
        _freeze(self, {"age": age, "new_beneficiary": new_beneficiary, "piis_mandatory": piis_mandatory,
                       "mandatory_reason": mandatory_reason, "mandatory_by_request": mandatory_by_request,
                       "piis_concluded": piis_concluded, "conclusion_date": conclusion_date,
                       "exempted": exempted, "deadline": deadline, "deadline_from": deadline_from,
                       "missing": {} if missing is None else missing, "notes": notes,
                       "age_unknown": age_unknown})

    def as_dict(self) -> dict[str, Any]:
        return {
            "age": self.age, "new_beneficiary": self.new_beneficiary,
            "piis_mandatory": self.piis_mandatory, "mandatory_by_request": self.mandatory_by_request,
            "piis_concluded": self.piis_concluded, "conclusion_date": self.conclusion_date,
            "exempted": self.exempted, "deadline": self.deadline, "deadline_from": self.deadline_from,
        }


@dataclass(frozen=True, init=False, slots=True)
class CaseReport:
    case: Case
    facts: Facts
    results: tuple[Result, ...]  # one per checklist question, in checklist order

    def __init__(self, case: Case, facts: Facts, results: tuple[Result, ...]) -> None:
        _set_attribute(self, "case", case)
        _set_attribute(self, "facts", facts)
        _set_attribute(self, "results", results)

    def result(self, question: str) -> Result:
        for r in self.results:
            if r.question == question:
                return r
        raise KeyError(question)


# The verdicts a compliance rate is taken over: a result that could not be decided counts against
# it (it is not shown compliant); pending and not_applicable stay out.
RATE_VERDICTS: tuple[Verdict, ...] = (Verdict.PASS, Verdict.FAIL, Verdict.MISSING_DATA)

# Why a missing_data result could not be decided (``common.missing.<cause>``), in report order.
MISSING_CAUSES: tuple[str, ...] = ("no_column", "empty", "invalid")


def compliance_rate(counts: Mapping[Verdict, int]) -> float | None:
    """The one compliance rate of every report: pass ÷ (pass + fail + missing_data), pending and
    not_applicable left out; None when no result is in the denominator."""
    denominator = sum(counts.get(v, 0) for v in RATE_VERDICTS)
    return None if denominator == 0 else counts.get(Verdict.PASS, 0) / denominator


def missing_cause(result: Result) -> str:
    """Why a ``missing_data`` result could not be decided: ``no_column``, ``empty`` or
    ``invalid`` (read from its reason key ``common.missing.<cause>``)."""
    key = result.reason.key if result.reason is not None else ""
    cause = key.rpartition(".")[2] if key.startswith("common.missing.") else ""
    return cause if cause in MISSING_CAUSES else "empty"


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    counts: Mapping[Verdict, int]
    missing_by_cause: Mapping[str, int] = field(default_factory=dict)  # missing_data per cause

    @property
    def compliance_rate(self) -> float | None:
        """:func:`compliance_rate` of this question's counts."""
        return compliance_rate(self.counts)


@dataclass(frozen=True)
class AuditReport:
    """Everything a format needs. ``checklist`` is a ``piis_audit.checklist.model.Checklist``."""

    tool_version: str
    checklist: Any
    as_of: dt.date
    export: ExportData
    cases: Sequence[CaseReport]  # in export order; built from the result frames when read
    generated_at: dt.datetime
    missing_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # question -> columns
    unused_waivers: tuple[Waiver, ...] = ()
    expired_waivers: tuple[Waiver, ...] = ()
    resolved_findings: tuple[Mapping[str, str], ...] = ()  # from --baseline
    baseline: str | None = None  # the --baseline file applied (its path), None without one
    # from --baseline: what changed in the checklist since the baseline was written (Message keys
    # workflows.checklist.change.*); empty when it was written under the same content
    baseline_checklist_changes: tuple[Message, ...] = ()
    sample: Mapping[str, Any] | None = None  # from --sample-file: seed, size, confidence, limits
    # The counts over the result frames (engine.result_frames.FrameTallies): verdicts, causes,
    # money, waivers and baseline marks without building a result object. The engine's report
    # and the waivers and baselines applied to it set it; a report made in code leaves it None,
    # and its counts come from frames built from its objects (:meth:`frame_tallies`). Redaction
    # changes no verdict nor mark, so the counts hold for the redacted copy too.
    tallies: Any = field(default=None, compare=False, repr=False)

    def frame_tallies(self) -> Any:
        """The report's :class:`~piis_audit.engine.result_frames.FrameTallies`: the ones it
        holds, else counted on frames built from its cases (one definition of each count)."""
        if self.tallies is not None:
            return self.tallies
        from piis_audit.engine.result_frames import tallies_of

        return tallies_of(self.cases, [q.id for q in self.checklist.questions])

    def summary(self) -> dict[str, QuestionSummary]:
        """Verdict counts per question id, in checklist order, with the missing_data per cause."""
        counts: dict[str, dict[Verdict, int]] = {}
        causes: dict[str, dict[str, int]] = {}
        for q in self.checklist.questions:
            counts[q.id] = {v: 0 for v in VERDICT_ORDER}
            causes[q.id] = dict.fromkeys(MISSING_CAUSES, 0)
        for qid, (verdicts, whys) in self.frame_tallies().counts().items():
            for verdict, n in verdicts.items():
                counts[qid][Verdict(verdict)] += n
            for why, n in whys.items():
                causes[qid][why if why in MISSING_CAUSES else "empty"] += n
        return {qid: QuestionSummary(qid, c, causes[qid]) for qid, c in counts.items()}

    def verdict_totals(self) -> dict[Verdict, int]:
        """Verdict counts over every question."""
        totals = {v: 0 for v in VERDICT_ORDER}
        for summary in self.summary().values():
            for verdict, n in summary.counts.items():
                totals[verdict] += n
        return totals

    def money_at_risk(self) -> Decimal:
        """The money at risk over every result (increased-subsidy fails)."""
        return Decimal(self.frame_tallies().money_cents()).scaleb(-2)
