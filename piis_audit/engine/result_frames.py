"""The result frames every workflow reads: per question, one row per case (``_case``, ``verdict``,
``reason_key``, ``due_date``, ``action_key``, ``money_cents`` … and the two marks below), whoever
made the results.

The marks (the contract with the formats that write reports from the frames):

* ``waiver`` (Int32): an index into the results' ``waivers`` (a tuple of
  :class:`~piis_audit.model.Waiver`), null where the result is not waived;
* ``baseline`` (String): ``"new"`` or ``"known"`` on a finding once a baseline is applied, null
  on every other result.

Both columns are **always present**: all null when no waiver file or baseline was applied.

An audit's results are :class:`piis_audit.engine.runner.CaseResults` (the engine's frames). A report
made in code (tests, a redacted copy) holds a tuple of :class:`~piis_audit.model.CaseReport`:
:func:`results_of` wraps it in :class:`CaseObjects`, which builds the same frames from the objects,
so the tallies, the exit gate, waivers, baselines and ``due`` have one definition each, on frames.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, overload

import polars as pl

from piis_audit.model import CaseReport, Result, Waiver

WAIVER, BASELINE = "waiver", "baseline"
MARK_TYPES: dict[str, pl.DataType] = {WAIVER: pl.Int32(), BASELINE: pl.String()}
# The columns of the case table the workflows read (``_case`` in export order).
CASE_COLUMNS = ("_case", "case_id", "social_worker", "office")


def with_mark_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the ``waiver`` and ``baseline`` columns, added all null where absent."""
    absent = [pl.lit(None, dtype=dtype).alias(name) for name, dtype in MARK_TYPES.items()
              if name not in frame.columns]
    return frame.with_columns(absent) if absent else frame


def join_marks(frame: pl.DataFrame, marks: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its mark columns replaced by those of ``marks`` (``_case`` and the new value
    of each mark it holds, for every row it marks; a row it does not hold gets null)."""
    names = [name for name in marks.columns if name != "_case"]
    unknown = set(names) - set(MARK_TYPES)
    if unknown:
        raise ValueError(f"not a mark column: {', '.join(sorted(unknown))}")
    typed = marks.select(pl.col("_case").cast(frame.schema["_case"]),
                         *(pl.col(n).cast(MARK_TYPES[n]) for n in names))
    return frame.drop(names, strict=False).join(typed, on="_case", how="left", maintain_order="left")


class ResultFrames(Sequence[CaseReport]):
    """A report's cases with their result frames: what the workflows read (both :class:`CaseResults
    <piis_audit.engine.runner.CaseResults>` and :class:`CaseObjects` are one)."""

    @property
    @abstractmethod
    def decided(self) -> Mapping[str, pl.DataFrame]:
        """question id -> its result frame (module docstring), with both mark columns."""

    @property
    @abstractmethod
    def waivers(self) -> tuple[Waiver, ...]:
        """The waivers the ``waiver`` columns index."""

    @abstractmethod
    def case_table(self) -> pl.DataFrame:
        """``_case``, ``case_id``, ``social_worker``, ``office`` (String, null when empty), one row
        per case in export order."""

    @abstractmethod
    def results_at(self, pairs: Iterable[tuple[int, str]]) -> list[Result]:
        """The results of these (case index, question id), in that order, marks included."""

    @abstractmethod
    def with_marks(self, marks: Mapping[str, pl.DataFrame],
                   waivers: tuple[Waiver, ...] = ()) -> ResultFrames:
        """The same results with new marks (:func:`join_marks` per question) and ``waivers``
        appended to :attr:`waivers`."""


class FrameTallies:
    """The report's counts, from the result frames with ``group_by`` (no result object built):
    per question and verdict, missing_data per cause, the money at risk, waivers and baseline marks."""

    def __init__(self, decided: Mapping[str, pl.DataFrame]) -> None:
        self._decided = decided
        self._counts: dict[str, tuple[dict[str, int], dict[str, int]]] | None = None

    def counts(self) -> dict[str, tuple[dict[str, int], dict[str, int]]]:
        """question id -> (verdict -> count, missing cause -> count; a cause is the end of the
        reason key ``common.missing.<cause>``, None when the key is not one)."""
        if self._counts is None:
            out = {}
            for qid, frame in self._decided.items():
                verdicts = dict(frame.group_by("verdict").len().iter_rows())
                missing = frame.filter(pl.col("verdict") == "missing_data").select(
                    pl.col("reason_key").str.strip_prefix("common.missing.")).to_series().value_counts()
                out[qid] = (verdicts, dict(missing.iter_rows()))
            self._counts = out
        return self._counts

    def money_cents(self) -> int:
        """The money at risk over every result, in cents."""
        return sum(int(frame.get_column("money_cents").sum() or 0) for frame in self._decided.values())

    def waived(self) -> int:
        """How many results are waived."""
        return sum(int(frame.get_column(WAIVER).is_not_null().sum()) for frame in self._decided.values())

    def baseline_marks(self) -> dict[str, int]:
        """``new`` and ``known`` -> how many findings carry that mark (both 0 without a baseline)."""
        out = {"new": 0, "known": 0}
        for frame in self._decided.values():
            for mark, n in frame.get_column(BASELINE).drop_nulls().value_counts().iter_rows():
                out[mark] += n
        return out


def tallies_of(cases: Sequence[CaseReport], questions: Sequence[str]) -> FrameTallies:
    """The tallies of a report's cases (:func:`results_of`)."""
    return FrameTallies(results_of(cases, questions).decided)


def results_of(cases: Sequence[CaseReport], questions: Sequence[str]) -> ResultFrames:
    """The result frames of a report's cases: the engine's own when it made them, else built from
    the objects (``questions``: the checklist's ids, in order; each has a frame, maybe empty)."""
    if isinstance(cases, ResultFrames):
        return cases
    return CaseObjects(tuple(cases), questions)


def _cents(money: Decimal | None) -> int | None:
    return None if money is None else int(money.scaleb(2).to_integral_value())


def _text(value: object) -> str | None:
    return None if value is None else str(value)


class CaseObjects(ResultFrames):
    """Results made as objects (a report built in code, a redacted copy), with the frames of
    :class:`ResultFrames` built from them: the rules run on those frames, and :meth:`with_marks`
    writes their marks back onto the objects."""

    def __init__(self, cases: tuple[CaseReport, ...], questions: Sequence[str] = (),
                 waivers: tuple[Waiver, ...] = ()) -> None:
        self._cases = cases
        self._questions = tuple(dict.fromkeys([*questions, *(r.question for cr in cases for r in cr.results)]))
        shown = list(dict.fromkeys([*waivers, *(r.waiver for cr in cases for r in cr.results
                                                if r.waiver is not None)]))
        self._waivers = tuple(shown)
        self._decided: dict[str, pl.DataFrame] | None = None

    @property
    def waivers(self) -> tuple[Waiver, ...]:
        return self._waivers

    @property
    def decided(self) -> Mapping[str, pl.DataFrame]:
        if self._decided is None:
            index = {w: i for i, w in enumerate(self._waivers)}
            rows: dict[str, list[tuple[object, ...]]] = {q: [] for q in self._questions}
            for k, cr in enumerate(self._cases):
                for r in cr.results:
                    rows[r.question].append((
                        k, r.verdict.value, None if r.reason is None else r.reason.key, r.due_date,
                        None if r.action is None else r.action.key, _cents(r.money_at_risk),
                        None if r.waiver is None else index[r.waiver], r.baseline))
            schema = {"_case": pl.Int32(), "verdict": pl.String(), "reason_key": pl.String(),
                      "due_date": pl.Date(), "action_key": pl.String(), "money_cents": pl.Int64(),
                      WAIVER: pl.Int32(), BASELINE: pl.String()}
            self._decided = {q: pl.DataFrame(r, schema=schema, orient="row") for q, r in rows.items()}
        return self._decided

    def case_table(self) -> pl.DataFrame:
        return pl.DataFrame({
            "_case": list(range(len(self._cases))),
            "case_id": [cr.case.case_id for cr in self._cases],
            "social_worker": [_text(cr.case.get("social_worker")) for cr in self._cases],
            "office": [_text(cr.case.get("office")) for cr in self._cases]},
            schema={"_case": pl.Int32(), "case_id": pl.String(), "social_worker": pl.String(),
                    "office": pl.String()})

    def results_at(self, pairs: Iterable[tuple[int, str]]) -> list[Result]:
        return [self._cases[k].result(q) for k, q in pairs]

    def with_marks(self, marks: Mapping[str, pl.DataFrame],
                   waivers: tuple[Waiver, ...] = ()) -> CaseObjects:
        every = self._waivers + waivers
        changed: dict[tuple[int, str], dict[str, Any]] = {}
        for q, mark in marks.items():
            frame = join_marks(self.decided[q], mark)
            names = [n for n in mark.columns if n != "_case"]
            for row in frame.select("_case", *names).iter_rows(named=True):
                values = {n: row[n] for n in names}
                if WAIVER in values:
                    values[WAIVER] = None if values[WAIVER] is None else every[values[WAIVER]]
                changed[(row["_case"], q)] = values
        cases = tuple(
            replace(cr, results=tuple(replace(r, **changed.get((k, r.question), {})) for r in cr.results))
            for k, cr in enumerate(self._cases))
        return CaseObjects(cases, self._questions, every)

    def __len__(self) -> int:
        return len(self._cases)

    @overload
    def __getitem__(self, index: int) -> CaseReport: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[CaseReport, ...]: ...

    def __getitem__(self, index: int | slice) -> CaseReport | tuple[CaseReport, ...]:
        return self._cases[index]

    def __iter__(self) -> Iterator[CaseReport]:
        return iter(self._cases)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CaseObjects):
            return self._cases == other._cases
        return self._cases == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._cases)
