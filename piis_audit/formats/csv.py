"""CSV (``-o findings.csv``): one row per result, every result, for spreadsheets and scripts.

UTF-8 with a byte-order mark and ``;`` as delimiter, which is what Excel expects on a Belgian
(fr-BE / nl-BE) system. Headers, question ids and verdict ids are stable (``docs/json.md``);
the reason and question title are in ``options.lang``. Dates dd/mm/yyyy and amounts with a
decimal comma (no currency sign) so Excel reads them as dates and numbers. Text from the export
that a spreadsheet could take for a formula is prefixed with a single quote.

A report straight from the audit is written from its result frames, a chunk of cases at a time,
each text rendered once per distinct value (:mod:`piis_audit.formats.frame_texts`); a report
made in code or redacted from its rows (:func:`~piis_audit.formats.rows.result_rows`). Either
way a chunk becomes a frame of cells (one column per CSV column) and :func:`_write_cells`
quotes and writes it, as Python's ``csv`` module would.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from piis_audit.formats.cells import neutralise_formula
from piis_audit.formats.frame_texts import case_results
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import Row, prepare, result_rows, waiver_label
from piis_audit.i18n.render import format_date, render
from piis_audit.model import AuditReport
from piis_audit.i18n.legal import legal_bases

if TYPE_CHECKING:
    import polars as pl

    from piis_audit.engine.runner import CaseResults

COLUMNS: tuple[str, ...] = (
    "case_id", "beneficiary_name", "social_worker", "office", "question", "question_title", "verdict",
    "reason", "notes", "due_date", "legal_basis", "waived", "waiver", "baseline", "money_at_risk",
)
_CENT = Decimal("0.01")
CHUNK_CASES = 10_000  # cases per chunk written from the result frames
CHUNK_ROWS = 5_000  # rows per chunk written from the report's rows


class CsvFormat(ReportFormat):
    extension = ".csv"
    description = "CSV, one row per result (UTF-8 with BOM, ';')"

    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        buffer = io.BytesIO()
        self.stream(report, options, buffer)
        return buffer.getvalue()

    def write(self, report: AuditReport, path: Path, options: FormatOptions) -> None:
        with path.open("wb") as handle:
            self.stream(report, options, handle)

    def stream(self, report: AuditReport, options: FormatOptions, out: BinaryIO) -> None:
        """Write the CSV to ``out`` a chunk at a time."""
        report = prepare(report, options)
        columns = [c for c in COLUMNS if not (options.redact and c == "beneficiary_name")]
        header = io.StringIO()
        csv.writer(header, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(columns)
        out.write(("\ufeff" + header.getvalue()).encode("utf-8"))
        frames = case_results(report)
        chunks = (_FrameCells(report, frames, options.lang).chunks(CHUNK_CASES) if frames is not None
                  else _row_cells(result_rows(report, options.lang)))
        for cells in chunks:
            _write_cells(cells.select(columns), out)


def money_cell(amount: Decimal | None) -> str:
    """An amount with a decimal comma and no currency sign; "" for none."""
    return "" if amount is None else f"{amount.quantize(_CENT):f}".replace(".", ",")


def _values(row: Row) -> dict[str, str]:
    """The row's cells; every text that comes from the export goes through the formula guard."""
    return {
        "case_id": neutralise_formula(row.case_id),
        "beneficiary_name": neutralise_formula(row.beneficiary_name or ""),
        "social_worker": neutralise_formula(row.social_worker),
        "office": neutralise_formula(row.office),
        "question": row.question,
        "question_title": row.question_title,
        "verdict": row.verdict.value,
        "reason": neutralise_formula(row.reason),
        "notes": neutralise_formula(" | ".join(row.notes)),
        "due_date": "" if row.due_date is None else format_date(row.due_date),
        "legal_basis": neutralise_formula(" | ".join(row.legal_basis)),
        "waived": "true" if row.waived else "false",
        "waiver": neutralise_formula(row.waiver),
        "baseline": row.baseline or "",
        "money_at_risk": money_cell(row.money_at_risk),
    }


def _row_cells(rows: Iterator[Row]) -> Iterator[pl.DataFrame]:
    import polars as pl

    while chunk := list(islice(rows, CHUNK_ROWS)):
        values = [_values(row) for row in chunk]
        yield pl.DataFrame({c: [v[c] for v in values] for c in COLUMNS}, schema=dict.fromkeys(COLUMNS, pl.String()))


def _write_cells(cells: pl.DataFrame, out: BinaryIO) -> None:
    """Each row as ``csv.writer`` writes it (``;``, minimal quoting with doubled quotes, CRLF)."""
    import polars as pl

    def quoted(name: str) -> pl.Expr:
        value = pl.col(name)
        return (pl.when(value.str.contains('[;"\r\n]'))
                .then(pl.lit('"') + value.str.replace_all('"', '""', literal=True) + pl.lit('"'))
                .otherwise(value))

    lines = cells.select(pl.concat_str([quoted(c) for c in cells.columns], separator=";").alias("line"))
    lines.write_csv(out, include_header=False, quote_style="never", line_terminator="\r\n")


class _FrameCells:
    """The CSV cells of a report straight from the audit, from its frames."""

    def __init__(self, report: AuditReport, cases: CaseResults, lang: str) -> None:
        import polars as pl

        from piis_audit.engine.typed_values import decimal_cents
        from piis_audit.formats.frame_texts import (NOTES, REASON, attach, distinct, notes, ordered, reasons,
                                                    with_values)

        checklist = report.checklist
        self.attach = attach
        self.size = len(cases)
        self.questions = list(checklist.questions)
        self.frames = {q.id: ordered(cases.decided[q.id]) for q in self.questions}
        self.waivers: Sequence[Any] = getattr(cases, "waivers", ())
        frame = ordered(cases.frames.frame("cases"))
        self.cases = frame.select(
            "_case", **{c: pl.col(c).cast(pl.String).fill_null("") for c in COLUMNS[:4]})
        self.case_tables = [
            (with_values(t, f"_{c}", [neutralise_formula(v) for v in t.get_column(c)], pl.String()), (c,))
            for c in COLUMNS[:4] for t in [distinct(self.cases, (c,))]]
        self.tables: dict[str, list[tuple[pl.DataFrame, Sequence[str]]]] = {}
        for q in self.questions:
            result = self.frames[q.id]
            reason, note = distinct(result, REASON), distinct(result, NOTES)
            money = distinct(result.filter(pl.col("money_cents").is_not_null()), ("money_cents",))
            self.tables[q.id] = [
                (with_values(reason, "_reason", [neutralise_formula("" if m is None else render(m, checklist, q.id, lang))
                                                 for m in reasons(reason)], pl.String()), REASON),
                (with_values(note, "_notes", [neutralise_formula(" | ".join(render(n, checklist, q.id, lang) for n in ns))
                                              for ns in notes(note)], pl.String()), NOTES),
                (with_values(money, "_money", [money_cell(decimal_cents(c)) for c in money.get_column("money_cents")],
                             pl.String()), ("money_cents",)),
            ]
            if "waiver" in result.columns:
                used = distinct(result.filter(pl.col("waiver").is_not_null()), ("waiver",))
                self.tables[q.id].append((with_values(
                    used, "_waiver", [neutralise_formula(waiver_label(self.waivers[i])) for i in used.get_column("waiver")],
                    pl.String()), ("waiver",)))
        self.titles = {q.id: str(q.title.get(lang) or q.title.get("en", q.id)) for q in self.questions}
        self.bases = {q.id: neutralise_formula(" | ".join(legal_bases(q.legal_basis, lang))) for q in self.questions}

    def chunks(self, size: int) -> Iterator[pl.DataFrame]:
        """The cells of ``size`` cases at a time: cases in order, questions in checklist order."""
        import polars as pl

        for start in range(0, self.size, size):
            cases = self.cases.slice(start, size)
            for case_table, case_on in self.case_tables:
                cases = self.attach(cases, case_table, case_on)
            parts = []
            for position, q in enumerate(self.questions):
                part = self.frames[q.id].slice(start, size)
                for table, on in self.tables[q.id]:
                    part = self.attach(part, table, on)
                waived = pl.col("waiver").is_not_null() if "waiver" in part.columns else pl.lit(False)
                parts.append(pl.concat([cases.select(**{c: pl.col(f"_{c}") for c in COLUMNS[:4]}), part.select(
                    _order=pl.int_range(pl.len()) * len(self.questions) + position,
                    question=pl.lit(q.id), question_title=pl.lit(self.titles[q.id]), verdict=pl.col("verdict"),
                    reason=pl.col("_reason"), notes=pl.col("_notes"),
                    due_date=pl.col("due_date").dt.to_string("%d/%m/%Y").fill_null(""),
                    legal_basis=pl.lit(self.bases[q.id]),
                    waived=pl.when(waived).then(pl.lit("true")).otherwise(pl.lit("false")),
                    waiver=pl.col("_waiver").fill_null("") if "_waiver" in part.columns else pl.lit(""),
                    baseline=pl.col("baseline").fill_null("") if "baseline" in part.columns else pl.lit(""),
                    money_at_risk=pl.col("_money").fill_null(""))], how="horizontal"))
            yield pl.concat(parts).sort("_order").drop("_order")
