"""What goes in the inspector's grid (``piis-audit template``, ``docs/template.md``).

The grid is a workbook a person fills in by hand: one sheet per table (named ``cases``,
``evaluations``, ``sanctions`` in every language, so the audit's data errors name the sheet as
it is), with only the fields the
checklist reads, in the order of the inspection questions (the file number first, then each
question's fields as the schema lists them, a field once, under the first question reading it).
Headers are the labels ``piis-audit fields`` shows, which the reader takes as exact headers, so
the filled grid is audited with no mapping file.

With an export, the grid is prefilled with its rows (only the sampled cases with a sample file):
values as the grid's lists write them (``oui``/``non``, the choice words of the language), dates
as dates, and a cell the export could not read as it was written, so the audit reports it again.
The columns the export lacks are left blank and marked (:attr:`GridColumn.in_export`).

Data only: :mod:`piis_audit.formats.grid_xlsx` writes it as a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from piis_audit.checklist.model import Checklist
from piis_audit.i18n.legal import legal_bases
from piis_audit.i18n.render import colon, ui
from piis_audit.model import Case, DataError, ExportData
from piis_audit.schema import TABLES, FieldType
from piis_audit.workflows.field_list import FieldRow, field_rows

GRID_TABLES: tuple[str, ...] = ("cases", "evaluations", "sanctions")

CellValue = str | int | Decimal | dt.date | None


@dataclass(frozen=True)
class GridColumn:
    """One column of a sheet: its header, what a cell may hold, and the header's comment."""

    field: str
    header: str  # the field's label in the grid's language (an exact header for the reader)
    type: FieldType
    choices: tuple[str, ...]  # the words of its list in the grid's language (yes/no, choices); () = none
    enter: str  # what to enter
    empty: str  # what an empty cell means
    read_by: tuple[str, ...]  # per question reading it: "number. title (legal basis)"
    questions: tuple[str, ...]  # the ids of those questions
    in_export: bool  # False: an export was given and has no such column (left blank, marked)
    lang: str  # the grid's language (of the comment's own words)

    @property
    def comment(self) -> str:
        """The header's comment: label and field, what to enter, what an empty cell means, the
        questions reading it, and (a column the export lacks) where to find the value."""
        sep = colon(self.lang)
        lines = [f"{self.header} ({self.field})", self.enter, ui("template.comment.empty", self.lang) + sep + self.empty,
                 ui("template.comment.read_by", self.lang) + sep.rstrip(), *(f"• {q}" for q in self.read_by)]
        if not self.in_export:
            lines.append(ui("template.comment.not_in_export", self.lang))
        return "\n".join(lines)


@dataclass(frozen=True)
class GridSheet:
    """One table of the grid: its sheet name in the language, its columns and prefilled rows."""

    table: str
    name: str
    columns: tuple[GridColumn, ...]
    rows: tuple[tuple[CellValue, ...], ...]

    @property
    def to_fill(self) -> tuple[GridColumn, ...]:
        """The columns the export lacks (marked in the workbook)."""
        return tuple(c for c in self.columns if not c.in_export)


@dataclass(frozen=True)
class Grid:
    """The whole grid: its sheets and the lines of its instructions sheet."""

    lang: str
    sheets: tuple[GridSheet, ...]
    instructions_name: str
    instructions: tuple[str, ...]
    from_export: bool


# --------------------------------------------------------------------------- columns


def bool_words(lang: str) -> tuple[str, str]:
    """The yes and no words of the grid's lists (``oui``/``non``, ``ja``/``nee``, ``yes``/``no``)."""
    return ui("common.bool.true", lang), ui("common.bool.false", lang)


def choice_word(field_name: str, choice: str, lang: str) -> str:
    """The word the grid's list shows for one choice of a field (``emploi`` for employment)."""
    return ui(f"template.choice.{field_name}.{choice}", lang)


def _list_words(row: FieldRow, lang: str) -> tuple[str, ...]:
    if row.type == FieldType.BOOL.value:
        return bool_words(lang)
    if row.type == FieldType.CHOICE.value:
        return tuple(choice_word(row.field, c, lang) for c in row.choices)
    return row.choices  # a whole number among a few (the RI category: 1, 2, 3)


def _read_by(row: FieldRow, checklist: Checklist, lang: str) -> tuple[str, ...]:
    questions = {q.id: q for q in checklist.questions}
    numbers = {q.id: n for n, q in enumerate(checklist.questions, start=1)}
    lines = []
    for qid in row.read_by:
        question = questions[qid]
        title = question.title.get(lang) or question.title.get("en", qid)
        basis = "; ".join(legal_bases(question.legal_basis, lang))
        lines.append(f"{numbers[qid]}. {title}" + (f" ({basis})" if basis else ""))
    return tuple(lines)


def _ordered(rows: Iterable[FieldRow], checklist: Checklist) -> list[FieldRow]:
    """The fields the checklist reads, the file number first, then by the first question reading
    each (checklist order), then in schema order."""
    position = {q.id: i for i, q in enumerate(checklist.questions)}
    read = [(index, row) for index, row in enumerate(rows) if row.read_by]
    read.sort(key=lambda item: (item[1].field != "case_id",
                                min(position.get(q, len(position)) for q in item[1].read_by), item[0]))
    return [row for _, row in read]


def grid_columns(checklist: Checklist, lang: str, table: str,
                 present: frozenset[str] | None = None) -> tuple[GridColumn, ...]:
    """The columns of one table's sheet. ``present``: the columns the export has (None: no export,
    nothing is marked)."""
    columns = []
    for row in _ordered(field_rows(checklist, lang, table), checklist):
        in_export = present is None or row.field in present
        words = _list_words(row, lang)
        kind = "list" if words else row.type
        columns.append(GridColumn(field=row.field, header=row.label, type=FieldType(row.type), choices=words,
                                  enter=ui(f"template.enter.{kind}", lang, words=" / ".join(words)),
                                  empty=row.empty_text, read_by=_read_by(row, checklist, lang),
                                  questions=row.read_by,
                                  in_export=in_export, lang=lang))
    return tuple(columns)


# --------------------------------------------------------------------------- values


def cell_value(table: str, field_name: str, value: Any, lang: str) -> CellValue:
    """A typed value as the grid writes it: yes/no and choices as the words of its lists, dates,
    whole numbers and amounts as they are, text as text."""
    if value is None:
        return None
    spec = TABLES[table].by_name[field_name]
    if isinstance(value, bool):
        yes, no = bool_words(lang)
        return yes if value else no
    if spec.type is FieldType.CHOICE and isinstance(value, str) and value in spec.choices:
        return choice_word(field_name, value, lang)
    if isinstance(value, (int, Decimal, dt.date)):
        return value
    return str(value)


class _Unreadable:
    """The cells the export could not read, as they were written: (table, row, field) -> text."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self._written: dict[tuple[str, int, str], str] = {
            (e.table, e.row, e.field): e.value for e in errors
            if e.row is not None and e.field is not None and e.value is not None}

    def get(self, table: str, row: int, field_name: str) -> str | None:
        return self._written.get((table, row, field_name))


def _row(table: str, columns: Sequence[GridColumn], values: Mapping[str, Any], invalid: frozenset[str],
         row_number: int, unreadable: _Unreadable, lang: str) -> tuple[CellValue, ...]:
    cells: list[CellValue] = []
    for column in columns:
        if column.field in invalid:
            cells.append(unreadable.get(table, row_number, column.field))
        else:
            cells.append(cell_value(table, column.field, values.get(column.field), lang))
    return tuple(cells)


def _child_values(case: Case, table: str) -> Iterable[tuple[int, dict[str, Any], frozenset[str]]]:
    children = case.evaluations if table == "evaluations" else case.sanctions
    for child in children:
        values = {spec.name: getattr(child, spec.name, None) for spec in TABLES[table].fields}
        values["case_id"] = case.case_id
        yield child.row, values, child.invalid


def _rows(table: str, columns: Sequence[GridColumn], cases: Sequence[Case], unreadable: _Unreadable,
          lang: str) -> tuple[tuple[CellValue, ...], ...]:
    rows: list[tuple[CellValue, ...]] = []
    for case in cases:
        if table == "cases":
            rows.append(_row(table, columns, {**case.values, "case_id": case.case_id}, case.invalid,
                             case.row, unreadable, lang))
        else:
            rows.extend(_row(table, columns, values, invalid, number, unreadable, lang)
                        for number, values, invalid in _child_values(case, table))
    return tuple(rows)


# --------------------------------------------------------------------------- the grid


def unknown_case_ids(export: ExportData, case_ids: Sequence[str]) -> list[str]:
    """The ids of ``case_ids`` that the export has no case for, in their order."""
    known = {c.case_id for c in export.cases}
    return [i for i in case_ids if i not in known]


def _instructions(lang: str, checklist: Checklist, export: ExportData | None, case_count: int,
                  sample: str | None, sheets: Sequence[GridSheet]) -> tuple[str, ...]:
    sep = colon(lang)
    yes, no = bool_words(lang)
    lines = [ui("template.instructions.title", lang),
             ui("template.instructions.checklist", lang) + sep + f"{checklist.id} {checklist.version}"]
    if export is not None:
        lines.append(ui("template.instructions.export", lang) + sep + export.label)
    if sample is not None:
        lines.append(ui("template.instructions.sample", lang) + sep + sample)
    lines.append(ui("template.instructions.cases", lang) + sep + str(case_count))
    lines.append("")
    sheet_names = {s.table: s.name for s in sheets}
    for key in ("rows", "lists", "dates", "empty", "comments", "marked", "children", "headers", "audit",
                "ignored"):
        lines.append(ui(f"template.instructions.{key}", lang, yes=yes, no=no,
                        cases=sheet_names.get("cases", ""), evaluations=sheet_names.get("evaluations", ""),
                        sanctions=sheet_names.get("sanctions", "")))
    return tuple(lines)


def build_grid(checklist: Checklist, lang: str, export: ExportData | None = None,
               case_ids: Sequence[str] | None = None, sample: str | None = None) -> Grid:
    """The grid for ``checklist`` in ``lang``: prefilled from ``export`` when given (only the cases
    of ``case_ids`` when given, in that order; ids the export lacks are the caller's to refuse,
    see :func:`unknown_case_ids`). Without an export, ``case_ids`` give rows holding only the file
    number. ``sample`` describes the sample in the instructions (seed, size)."""
    if export is not None:
        by_id = {c.case_id: c for c in export.cases}
        cases = [by_id[i] for i in case_ids if i in by_id] if case_ids is not None else list(export.cases)
        unreadable = _Unreadable(export.data_errors)
    else:
        cases = []
        unreadable = _Unreadable(())
    sheets: list[GridSheet] = []
    for table in GRID_TABLES:
        present = export.columns.get(table, frozenset()) if export is not None else None
        columns = grid_columns(checklist, lang, table, present)
        if not columns:
            continue
        if export is not None:
            rows = _rows(table, columns, cases, unreadable, lang)
        elif table == "cases" and case_ids:
            rows = tuple(tuple(i if c.field == "case_id" else None for c in columns) for i in case_ids)
        else:
            rows = ()
        sheets.append(GridSheet(table, table, columns, rows))  # named as the table in every language
    count = len(cases) if export is not None else len(case_ids or ())
    return Grid(lang, tuple(sheets), ui("template.sheet.instructions", lang),
                _instructions(lang, checklist, export, count, sample, sheets), export is not None)
