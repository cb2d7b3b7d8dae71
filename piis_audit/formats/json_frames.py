"""The fragments of the JSON result's cases (:mod:`piis_audit.formats.json_layout`) computed from
the result frames: values encoded by polars column by column, every text rendered once per
distinct message (:mod:`piis_audit.formats.frame_texts`), a chunk of cases at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from piis_audit.engine.typed_values import DECIMAL_NAMES, MONEY_NAMES, decimal_cents
from piis_audit.formats.frame_texts import (ACTION, NOTES, REASON, actions, attach, distinct, evidence,
                                            mandatory_reasons, notes, ordered, reasons, with_values)
from piis_audit.formats.json_layout import (CASE_KEYS, FACT_KEYS, evidence_json, message_json, money_json,
                                            text_json, texts_json, waiver_json)
from piis_audit.i18n.render import render
from piis_audit.model import AuditReport
from piis_audit.i18n.legal import legal_bases

if TYPE_CHECKING:
    from piis_audit.engine.runner import CaseResults

# A text polars may write otherwise than Python's encoder: an escape, a control character.
_ESCAPED = r'["\\\x00-\x1f]'
# Evidence whose JSON text the object path would not write back unchanged: an escape, a number
# that may be a float, an amount or decimal (retyped), a message inside (``params`` null or absent).
_RETYPED = "|".join([r"\\", r"[0-9][.eE]", r'"key":', *(f'"{name}":' for name in sorted(MONEY_NAMES | DECIMAL_NAMES))])


def string_json(frame: pl.DataFrame, column: str) -> pl.Expr:
    """The text column ``column`` of ``frame`` as JSON strings (``null`` for null), exactly as
    Python's encoder writes them: quoted as they are, the few that need an escape encoded by it."""
    value = pl.col(column)
    quoted = pl.lit('"') + value + pl.lit('"')
    odd = frame.filter(value.str.contains(_ESCAPED)).get_column(column).unique().to_list()
    if odd:
        quoted = value.replace_strict(odd, [text_json(v) for v in odd], default=quoted, return_dtype=pl.String)
    return quoted.fill_null("null")


def value_fragment(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A typed column as JSON text per row (``null`` for null)."""
    dtype = frame.schema[column]
    value = pl.col(column)
    if dtype == pl.String:
        return string_json(frame, column)
    if dtype == pl.Boolean:
        return pl.when(value).then(pl.lit("true")).when(value.not_()).then(pl.lit("false")).otherwise(pl.lit("null"))
    if dtype == pl.Date:
        return (pl.lit('"') + value.dt.to_string("%Y-%m-%d") + pl.lit('"')).fill_null("null")
    if dtype.is_integer():
        return value.cast(pl.String).fill_null("null")
    raise TypeError(f"no JSON fragment for column {column!r} of type {dtype}")


class FrameFragments:
    """The fragments of every case of a report straight from the audit, a chunk at a time."""

    def __init__(self, report: AuditReport, cases: CaseResults, lang: str) -> None:
        checklist = report.checklist
        self.lang = lang
        self.size = len(cases)
        self.questions = [q.id for q in checklist.questions]
        self.legal_basis = {q.id: texts_json(legal_bases(q.legal_basis, lang)) for q in checklist.questions}
        self.frames = {qid: ordered(cases.decided[qid]) for qid in self.questions}
        self.cases = ordered(cases.frames.frame("cases")).select("_case", "_file", "_row", *CASE_KEYS)
        self.facts = ordered(cases.facts).select("_case", *FACT_KEYS).with_columns(
            pl.col("mandatory_by_request").fill_null(False))  # a bool in the facts, never unknown
        for name, frame in [("cases", self.cases), ("facts", self.facts), *self.frames.items()]:
            if frame.height != self.size:
                raise ValueError(f"{name}: {frame.height} rows for {self.size} cases")
        self.mandatory = mandatory_reasons(
            cases, checklist, lambda f: None if f.mandatory_reason is None else
            message_json(f.mandatory_reason, checklist, None, lang), "mandatory_reason", pl.String())
        self.waivers = getattr(cases, "waivers", ())
        self.tables = {qid: self._tables(report, qid, frame) for qid, frame in self.frames.items()}

    def _tables(self, report: AuditReport, qid: str, frame: pl.DataFrame
                ) -> list[tuple[pl.DataFrame, Sequence[str]]]:
        """The JSON texts of one question's results, per distinct value, and the columns they join on."""
        checklist, lang = report.checklist, self.lang
        reason = distinct(frame, REASON)
        note = distinct(frame, NOTES)
        action = distinct(frame.filter(pl.col("action_key").is_not_null()), ACTION)
        money = distinct(frame.filter(pl.col("money_cents").is_not_null()), ("money_cents",))
        retyped = distinct(frame.filter(pl.col("evidence").cast(pl.String).str.contains(_RETYPED)), ("evidence",))
        tables: list[tuple[pl.DataFrame, Sequence[str]]] = [
            (with_values(reason, "_reason", [message_json(m, checklist, qid, lang) for m in reasons(reason)],
                         pl.String()), REASON),
            (with_values(note, "_notes", [texts_json(render(n, checklist, qid, lang) for n in ns)
                                          for ns in notes(note)], pl.String()), NOTES),
            (with_values(action, "_action", [message_json(m, checklist, qid, lang) for m in actions(action)],
                         pl.String()), ACTION),
            (with_values(money, "_money", [money_json(decimal_cents(c)) for c in money.get_column("money_cents")],
                         pl.String()), ("money_cents",)),
            (with_values(retyped, "_evidence", [evidence_json(e) for e in evidence(retyped)], pl.String()),
             ("evidence",)),
        ]
        if "waiver" in frame.columns:
            used = distinct(frame.filter(pl.col("waiver").is_not_null()), ("waiver",))
            tables.append((with_values(used, "_waived", [waiver_json(self.waivers[i]) for i in used.get_column("waiver")],
                                       pl.String()), ("waiver",)))
        return tables

    def chunk(self, start: int, length: int) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
        """The case and result fragments of cases ``start`` .. ``start + length - 1``."""
        cases = self.cases.slice(start, length)
        facts = self.facts.slice(start, length)
        case_part = pl.concat([
            cases.select(**{k: string_json(cases, k) for k in CASE_KEYS}, source_file=string_json(cases, "_file"),
                         source_row=value_fragment(cases, "_row")),
            facts.select(**{k: value_fragment(facts, k) for k in FACT_KEYS}),
            self.mandatory.slice(start, length).select("mandatory_reason")], how="horizontal")
        return case_part, [self._results(qid, start, length) for qid in self.questions]

    def _results(self, qid: str, start: int, length: int) -> pl.DataFrame:
        part = self.frames[qid].slice(start, length)
        for table, on in self.tables[qid]:
            part = attach(part, table, on)
        optional = {
            "waived": pl.col("_waived") if "_waived" in part.columns else pl.lit(None, pl.String),
            "baseline": (pl.lit('"') + pl.col("baseline") + pl.lit('"')) if "baseline" in part.columns
            else pl.lit(None, pl.String),
        }
        return part.select(
            question=pl.lit(text_json(qid)),
            verdict=pl.lit('"') + pl.col("verdict") + pl.lit('"'),
            reason=pl.col("_reason"),
            reason_key=string_json(part, "reason_key"),
            evidence=pl.coalesce("_evidence", pl.col("evidence").cast(pl.String)),
            legal_basis=pl.lit(self.legal_basis[qid]),
            notes=pl.col("_notes"),
            due_date=pl.lit('"') + pl.col("due_date").dt.to_string("%Y-%m-%d") + pl.lit('"'),
            action=pl.col("_action"),
            money_at_risk=pl.col("_money"),
            **optional)
