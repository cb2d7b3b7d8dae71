"""The HTML report's control-table data, heatmap and annexes from the result frames.

The control data interns every text in one table numbered by frequency (:class:`_Strings` in
:mod:`piis_audit.formats.html`), first appearance breaking ties, so the same report must be
interned in the same order as the object path interns it: case by case, question by question,
and within a result its reason, notes, evidence, due date, waiver, baseline and amount. Here each
distinct piece (a reason, a set of notes, an evidence object, a date …) is interned once, at its
first use in that order (found with polars), and its later uses are added to the counts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from piis_audit.engine.typed_values import decimal_cents
from piis_audit.formats.frame_texts import NOTES, REASON, attach, distinct, notes, ordered, reasons
from piis_audit.model import AuditReport, Verdict

if TYPE_CHECKING:
    from piis_audit.engine.runner import CaseResults

# The pieces of a result's detail, in the order the object path interns them, with the result
# frame columns each is made of (a piece is the same wherever those columns are).
SLOTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reason", REASON), ("notes", NOTES), ("evidence", ("evidence",)), ("due", ("due_date",)),
    ("waiver", ("waiver",)), ("baseline", ("baseline",)), ("money", ("money_cents",)))


def _flat(piece: Any) -> list[int]:
    """Every string index inside a piece (an index, or nested lists of them)."""
    if piece.__class__ is int:
        return [piece]
    return [i for p in piece for i in _flat(p)]


class FramePieces:
    """Each result's detail pieces, by question and slot, interned in the object path's order.

    ``make[slot](value, question)`` makes a piece from the typed value of a slot (a reason
    message, the notes, the evidence dict, a date, a waiver, a baseline mark, an amount),
    calling the string table as the object path does."""

    def __init__(self, report: AuditReport, cases: CaseResults, strings: Any,
                 make: Mapping[str, Callable[[Any, str], Any]],
                 extras: Callable[[int], list[list[int]]] | None) -> None:
        self.questions = [q.id for q in report.checklist.questions]
        self.size = len(cases)
        waivers: Sequence[Any] = getattr(cases, "waivers", ())
        frames = [ordered(cases.decided[qid]) for qid in self.questions]
        self.ids: list[dict[str, pl.Series]] = []  # question -> slot -> distinct id per case
        values: list[dict[str, list[Any]]] = []  # question -> slot -> typed value per distinct id
        events: list[pl.DataFrame] = []  # first use of each piece: (_case, question, slot, id)
        for j, frame in enumerate(frames):
            self.ids.append({})
            values.append({})
            for position, (slot, on) in enumerate(SLOTS):
                if not set(on) <= set(frame.columns):
                    continue
                table = distinct(frame, on).with_row_index("_id")
                joined = attach(frame.select("_case", *on), table, on)
                self.ids[j][slot] = joined.get_column("_id").alias(slot)
                values[j][slot] = self._typed(slot, table, waivers)
                events.append(joined.group_by("_id").agg(pl.col("_case").min(), pl.len().alias("_uses")).select(
                    pl.col("_case").cast(pl.Int64), pl.lit(j, pl.Int64).alias("_q"),
                    pl.lit(position, pl.Int64).alias("_slot"), pl.col("_id").cast(pl.Int64), "_uses"))
        self.cents = (pl.concat([f.select("_case", "money_cents") for f in frames]).group_by("_case")
                      .agg(pl.col("money_cents").sum()).sort("_case").get_column("money_cents").to_list()
                      if frames else [0] * self.size)
        self.extras: list[list[list[int]]] = [[] for _ in range(self.size)]
        self.pieces: list[dict[str, list[Any]]] = [{slot: [None] * len(v) for slot, v in q.items()} for q in values]
        rows = pl.concat(events).sort("_case", "_q", "_slot").rows() if events else []
        cursor = 0
        for k in range(self.size) if extras is not None else ():  # pieces first used by case k, then its extras
            cursor = self._make(rows, cursor, k, values, make, strings)
            self.extras[k] = extras(k)  # type: ignore[misc]
        self._make(rows, cursor, None, values, make, strings)

    def _make(self, rows: list[tuple[int, ...]], cursor: int, case: int | None, values: list[dict[str, list[Any]]],
              make: Mapping[str, Callable[[Any, str], Any]], strings: Any) -> int:
        """Make the pieces first used by ``case`` (every one left when None), from ``cursor``;
        the cursor after them."""
        while cursor < len(rows) and (case is None or rows[cursor][0] == case):
            _, j, position, piece_id, uses = rows[cursor]
            slot = SLOTS[position][0]
            piece = make["evidence_text" if slot == "evidence" else slot](values[j][slot][piece_id], self.questions[j])
            if uses > 1:
                for i in _flat(piece):
                    strings.add(i, uses - 1)
            self.pieces[j][slot][piece_id] = piece
            cursor += 1
        return cursor

    @staticmethod
    def _typed(slot: str, table: pl.DataFrame, waivers: Sequence[Any]) -> list[Any]:
        if slot == "reason":
            return reasons(table)
        if slot == "notes":
            return notes(table)
        if slot == "evidence":  # typed when its piece is made (``evidence_text``)
            return table.get_column("evidence").to_list()
        if slot == "waiver":
            return [None if i is None else waivers[i] for i in table.get_column("waiver").to_list()]
        if slot == "money":
            return [decimal_cents(c) for c in table.get_column("money_cents").to_list()]
        return table.get_column(table.columns[1]).to_list()  # due date, baseline (after _id)

    def combinations(self, j: int) -> tuple[list[int], list[tuple[Any, ...]]]:
        """For question number ``j``: per case the index of its combination of pieces, and each
        distinct combination's pieces in slot order (0 for a slot the frame has no column for)."""
        ids, pieces = self.ids[j], self.pieces[j]
        frame = pl.DataFrame(list(ids.values()))
        table = frame.unique(maintain_order=True).with_row_index("_combo")
        per_case = frame.join(table, on=list(ids), how="left", maintain_order="left").get_column("_combo").to_list()
        combos = [tuple(pieces[slot][row[slot]] if slot in ids else 0 for slot, _ in SLOTS)
                  for row in table.iter_rows(named=True)]
        return per_case, combos


def heatmap_counts(report: AuditReport, cases: CaseResults) -> tuple[set[str], dict[tuple[str, str], int],
                                                                     dict[tuple[str, str], int]]:
    """Social workers, and per (worker, question) the open failures and the pass + fail results."""
    workers = ordered(cases.frames.frame("cases")).select(
        pl.col("social_worker").fill_null("").cast(pl.String).alias("_worker")).get_column("_worker")
    fails: dict[tuple[str, str], int] = {}
    decided: dict[tuple[str, str], int] = {}
    for q in report.checklist.questions:
        frame = ordered(cases.decided[q.id]).with_columns(workers)
        open_fail = pl.col("verdict") == Verdict.FAIL.value
        if "waiver" in frame.columns:
            open_fail = open_fail & pl.col("waiver").is_null()
        table = frame.group_by("_worker").agg(
            _decided=pl.col("verdict").is_in([Verdict.PASS.value, Verdict.FAIL.value]).sum(),
            _fails=open_fail.sum())
        for worker, n_decided, n_fails in table.iter_rows():
            if n_decided:
                decided[(worker, q.id)] = n_decided
            if n_fails:
                fails[(worker, q.id)] = n_fails
    return set(workers.unique().to_list()), fails, decided


def failing_cases(cases: CaseResults, question: str, cap: int) -> tuple[list[int], int]:
    """The cases whose result for ``question`` fails, open ones first then waived ones (each in
    case order), at most ``cap``; and how many fail in all."""
    frame = ordered(cases.decided[question]).filter(pl.col("verdict") == Verdict.FAIL.value)
    if "waiver" in frame.columns:
        frame = frame.sort(pl.col("waiver").is_not_null(), "_case")
    return frame.get_column("_case").head(cap).to_list(), frame.height


def baseline_counts(cases: CaseResults) -> tuple[int, int]:
    """Results marked "new" and "known" by a baseline."""
    new = known = 0
    for frame in cases.decided.values():
        if "baseline" in frame.columns:
            column = frame.get_column("baseline")
            new += int((column == "new").sum())
            known += int((column == "known").sum())
    return new, known
