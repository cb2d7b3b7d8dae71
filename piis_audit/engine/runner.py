"""Runs a checklist over an export: every question decided for all cases at once (the columnar
engine of :mod:`piis_audit.engine.columnar`), then the result frames read back as the report's
case results.

Deciding is columnar; reading back walks the rows once, building each case's results from the
frames' columns (no decision is taken here: values are only given their types back). Waivers and
baselines mark the frames (:meth:`CaseResults.with_marks`); the tallies (:class:`FrameTallies`,
kept importable from here) read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import polars as pl

from piis_audit import __version__
from piis_audit.checklist.model import Checklist
from piis_audit.engine.columnar.facts import MISSING_CANDIDATES
from piis_audit.engine.columnar.runner import run_checklist
from piis_audit.engine.result_frames import (BASELINE, CASE_COLUMNS, WAIVER, FrameTallies, ResultFrames,
                                             join_marks, with_mark_columns)
from piis_audit.engine.typed_values import VERDICTS, decimal_cents, message, params
from piis_audit.frames import ExportFrames
from piis_audit.gcpause import gc_paused
from piis_audit.questions.reads import question_reads
from piis_audit.model import AuditReport, CaseReport, ExportData, Facts, Message, Result, Waiver

ProgressCallback = Callable[[int, int], None]

NO_COLUMN_KEY = "common.missing.no_column"

__all__ = ["CaseResults", "FrameTallies", "facts_reader", "missing_columns", "result_reader", "run_audit"]


def frames_of(export: ExportData) -> ExportFrames:
    """The export's frames: the reader's (with the child rows it rejected for want of a date),
    else, for an export made in code or narrowed to some cases, built from its cases."""
    from piis_audit.engine.frames_adapter import export_frames, with_rejected_children

    read = export.frames
    if read is not None and read.frame("cases").height == len(export.cases):
        return with_rejected_children(read, export)
    return export_frames(export)


def run_audit(export: ExportData, checklist: Checklist, as_of: dt.date, *,
              progress: ProgressCallback | None = None) -> AuditReport:
    """Audit every case of ``export`` against ``checklist`` at ``as_of``. The report's cases are
    read from the result frames when a report asks for them; its tallies come from the frames."""
    frames = frames_of(export)
    facts, decided = run_checklist(frames, checklist, as_of)
    if progress is not None:
        progress(len(export.cases), len(export.cases))
    cases = CaseResults(export, facts, frames, {q.id: decided[q.id] for q in checklist.questions}, checklist)
    return AuditReport(tool_version=__version__, checklist=checklist, as_of=as_of, export=export,
                       cases=cases, generated_at=dt.datetime.now().replace(microsecond=0),
                       missing_columns=missing_columns(decided, checklist, export),
                       tallies=FrameTallies(cases.decided))


class CaseResults(ResultFrames):
    """The report's cases, in export order, each built from the frames when it is asked for
    (a report that shows a few cases builds a few; the columns are read out once, on first use).

    Its result frames (:attr:`decided`) always carry the marks ``waiver`` (Int32, an index into
    :attr:`waivers`) and ``baseline`` (String, "new"/"known"), all null until :meth:`with_marks`
    sets them (:mod:`piis_audit.engine.result_frames`); the results it builds carry them too."""

    def __init__(self, export: ExportData, facts: pl.DataFrame, frames: ExportFrames,
                 decided: Mapping[str, pl.DataFrame], checklist: Checklist,
                 waivers: tuple[Waiver, ...] = ()) -> None:
        self._cases = export.cases
        marked = {qid: with_mark_columns(frame) for qid, frame in decided.items()}
        self._sources = (facts, frames, marked, checklist)
        self._waivers = waivers
        self._readers: tuple[Callable[[int], Facts], list[Callable[[int], Result]]] | None = None
        self._built: list[CaseReport | None] = [None] * len(export.cases)  # each built once

    @property
    def facts(self) -> pl.DataFrame:
        """The derived facts, one row per case (``_case`` 0..n-1)."""
        return self._sources[0]

    @property
    def frames(self) -> ExportFrames:
        """The export's frames the questions were decided on."""
        return self._sources[1]

    @property
    def decided(self) -> Mapping[str, pl.DataFrame]:
        """question id -> its result frame, one row per case (``_case``, ``verdict``,
        ``reason_key``, ``reason_params`` …: :mod:`piis_audit.engine.columnar.outcome`; and the
        marks ``waiver`` and ``baseline``)."""
        return self._sources[2]

    @property
    def waivers(self) -> tuple[Waiver, ...]:
        """The waivers the ``waiver`` columns index (empty when none was applied)."""
        return self._waivers

    def case_table(self) -> pl.DataFrame:
        """``_case``, ``case_id``, ``social_worker``, ``office``, one row per case in export order."""
        return self.frames.frame("cases").select(
            pl.col("_case"), *(pl.col(n).cast(pl.String) for n in CASE_COLUMNS[1:])).sort("_case")

    def results_at(self, pairs: Iterable[tuple[int, str]]) -> list[Result]:
        """The results of these (case index, question id), in that order, read from the frames'
        rows for those cases only (no case is built)."""
        wanted = list(pairs)
        by_question: dict[str, list[int]] = {}
        for k, qid in wanted:
            by_question.setdefault(qid, []).append(k)
        found: dict[tuple[int, str], Result] = {}
        for qid, ks in by_question.items():
            rows = self.decided[qid].filter(pl.col("_case").is_in(ks)).sort("_case")
            make = result_reader(qid, rows, self._waivers)
            for i, k in enumerate(rows.get_column("_case").to_list()):
                found[(k, qid)] = make(i)
        return [found[pair] for pair in wanted]

    def with_marks(self, marks: Mapping[str, pl.DataFrame],
                   waivers: tuple[Waiver, ...] = ()) -> CaseResults:
        """The same results with new marks: ``marks`` maps a question id to ``_case`` and the new
        value of each mark it holds (:func:`~piis_audit.engine.result_frames.join_marks`);
        ``waivers`` are appended to :attr:`waivers` (the ``waiver`` indices point past the old ones)."""
        facts, frames, decided, checklist = self._sources
        new = dict(decided)
        for qid, mark in marks.items():
            new[qid] = join_marks(decided[qid], mark)
        out = CaseResults.__new__(CaseResults)
        out._cases = self._cases
        out._sources = (facts, frames, new, checklist)
        out._waivers = self._waivers + waivers
        out._readers = None
        out._built = [None] * len(self._cases)
        return out

    def _ready(self) -> tuple[Callable[[int], Facts], list[Callable[[int], Result]]]:
        if self._readers is None:
            facts, frames, decided, checklist = self._sources
            self._readers = (facts_reader(facts, frames, checklist),
                             [result_reader(q.id, decided[q.id], self._waivers) for q in checklist.questions])
        return self._readers

    def __len__(self) -> int:
        return len(self._cases)

    def _build(self, k: int) -> CaseReport:
        built = self._built[k]
        if built is None:
            facts, results = self._ready()
            built = self._built[k] = CaseReport(self._cases[k], facts(k), tuple(make(k) for make in results))
        return built

    @overload
    def __getitem__(self, index: int) -> CaseReport: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[CaseReport, ...]: ...

    def __getitem__(self, index: int | slice) -> CaseReport | tuple[CaseReport, ...]:
        if isinstance(index, slice):
            return tuple(self._build(k) for k in range(*index.indices(len(self._cases))))
        if index < 0:
            index += len(self._cases)
        if not 0 <= index < len(self._cases):
            raise IndexError(index)
        return self._build(index)

    def __iter__(self) -> Iterator[CaseReport]:
        with gc_paused():
            for k in range(len(self._cases)):
                yield self._build(k)


def result_reader(question: str, frame: pl.DataFrame,
                  waivers: Sequence[Waiver] = ()) -> Callable[[int], Result]:
    """A function giving the result of the row at an index (the case at that index when the frame
    has every case), from one question's result frame; ``waivers``: what its ``waiver`` column
    indexes (a frame without the mark columns marks nothing)."""
    frame = with_mark_columns(frame)
    data = frame.sort("_case").to_dict(as_series=False)
    verdicts = [VERDICTS[v] for v in data["verdict"]]
    keys, reason_params = data["reason_key"], data["reason_params"]
    notes, notes_params = data["notes"], data["notes_params"]
    due, money = data["due_date"], data["money_cents"]
    evidence, action_keys, action_params = data["evidence"], data["action_key"], data["action_params"]
    waived, marks = data[WAIVER], data[BASELINE]

    def make(k: int) -> Result:
        key = keys[k]
        action = action_keys[k]
        waiver = waived[k]
        return Result(
            question=question, verdict=verdicts[k],
            reason=None if key is None else Message(key, params(reason_params[k])),
            evidence=params(evidence[k]),
            notes=tuple(Message(n, params(p)) for n, p in zip(notes[k], notes_params[k], strict=True)),
            due_date=due[k], action=None if action is None else Message(action, params(action_params[k])),
            money_at_risk=decimal_cents(money[k]), waiver=None if waiver is None else waivers[waiver],
            baseline=marks[k])

    return make


def facts_reader(facts: pl.DataFrame, frames: ExportFrames, checklist: Checklist) -> Callable[[int], Facts]:
    """A function giving the derived facts of the case at an index, from the facts frame."""
    data = facts.sort("_case").to_dict(as_series=False)
    requested = frames.frame("cases").sort("_case")["piis_requested_by"].to_list()
    adult_age = checklist.values["adult_age"]
    months = checklist.values["deadline_months"]

    def make(k: int) -> Facts:
        age = data["age"][k]
        age_unknown = (None if age is not None or data["age_why_key"][k] is None else
                       message(data["age_why_key"][k], {"field": data["age_why_field"][k]}))
        reason = None
        if data["mandatory_key"][k] is not None:
            reason_params: dict[str, Any] = {"age": age, "requested_by": requested[k], "adult_age": adult_age}
            if age is None:
                reason_params["why"] = age_unknown
            reason = Message(data["mandatory_key"][k], reason_params)
        missing = {fact: tuple(data[f"{fact}_missing"][k]) for fact in MISSING_CANDIDATES
                   if data[f"{fact}_missing"][k] is not None}
        notes: tuple[Message, ...] = ()
        if data["deadline_clamped"][k]:
            start = data["deadline_start"][k]
            notes = (Message("common.note.month_end", {"start": start, "months": months, "day": start.day,
                                                       "end": data["deadline"][k]}),)
        return Facts(age=age, new_beneficiary=data["new_beneficiary"][k],
                     piis_mandatory=data["piis_mandatory"][k], mandatory_reason=reason,
                     mandatory_by_request=bool(data["mandatory_by_request"][k]),
                     piis_concluded=data["piis_concluded"][k], conclusion_date=data["conclusion_date"][k],
                     exempted=data["exempted"][k], deadline=data["deadline"][k],
                     deadline_from=data["deadline_from"][k], missing=missing, notes=notes,
                     age_unknown=age_unknown)

    return make


def missing_columns(decided: Mapping[str, pl.DataFrame], checklist: Checklist,
                    export: ExportData) -> dict[str, tuple[str, ...]]:
    """question -> the columns it reads (:func:`~piis_audit.questions.reads.question_reads`, as
    ``piis-audit fields`` lists them) that the export lacks, for every question that applied to
    at least one case: there it gives ``missing_data`` wherever such a field decides. A table
    the export does not have at all has no rows, so its columns are not listed; the fields a
    ``no_column`` result names always are."""
    out: dict[str, tuple[str, ...]] = {}
    for question in checklist.questions:
        frame = decided[question.id]
        if not frame.select((pl.col("verdict") != "not_applicable").any()).item():
            continue
        fields = {name for table, name in question_reads(question)
                  if table in export.tables_present and not export.has_column(table, name)}
        texts = (frame.filter(pl.col("reason_key") == NO_COLUMN_KEY).get_column("reason_params").unique().to_list())
        fields.update(f for text in texts for f in params(text).get("fields", ())
                      if not any(f in columns for columns in export.columns.values()))
        if fields:
            out[question.id] = tuple(sorted(fields))
    return out
