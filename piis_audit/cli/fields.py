"""``piis-audit fields``: every field of every table, with the headers accepted for it, its type and
values, what an empty cell means, and which questions of the checklist read it."""

from __future__ import annotations

import csv
import io
import json
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from piis_audit.cli.common import ChecklistOpt, LangOpt, checklist_or_fail, emit, fail, parse_lang
from piis_audit.formats.cells import neutralise_formula, terminal_safe
from piis_audit.i18n.render import colon, ui
from piis_audit.schema import TABLES
from piis_audit.workflows.field_list import FieldRow, field_rows


class FieldsFormat(str, Enum):
    text = "text"
    csv = "csv"
    json = "json"


CSV_COLUMNS: tuple[str, ...] = ("table", "field", "label", "type", "required", "optional_column", "headers",
                                "values", "empty", "empty_means", "read_by")


def render_csv(rows: list[FieldRow]) -> str:
    """One row per field; UTF-8 with BOM and ``;`` (Excel in Belgium), lists joined with `` | ``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.table, row.field, neutralise_formula(row.label), row.type,
                         "true" if row.required else "false", "true" if row.optional_column else "false",
                         " | ".join(row.headers), neutralise_formula(row.values), row.empty,
                         neutralise_formula(row.empty_text), " | ".join(row.read_by)])
    return "\ufeff" + buffer.getvalue()


def render_json(rows: list[FieldRow], checklist_id: str, lang: str) -> str:
    document = {"lang": lang, "checklist": checklist_id, "headers_matched_by_words": True,
                "note": ui("fields_cmd.words_hint", lang), "fields": [row.as_json() for row in rows]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def print_text(rows: list[FieldRow], lang: str, console: Console) -> None:
    """Per table a heading, then per field a short block: name and label, then its facts."""
    console.print(Text(ui("fields_cmd.title", lang), style="bold"))
    console.print(Text(ui("fields_cmd.words_hint", lang), style="dim"))
    sep = colon(lang)
    current: str | None = None
    for row in rows:
        if row.table != current:
            current = row.table
            names = ", ".join((row.table, *TABLES[row.table].aliases))
            console.print()
            console.print(Text(ui("fields_cmd.table", lang, table=row.table, names=names), style="bold underline"))
        heading = Text()
        heading.append(row.field, style="bold")
        heading.append(f" — {terminal_safe(row.label)}")
        flags = [ui("fields_cmd.required", lang)] if row.required else []
        if row.optional_column:
            flags.append(ui("fields_cmd.optional_column", lang))
        if flags:
            heading.append(f" ({', '.join(flags)})", style="dim")
        console.print()
        console.print(heading)
        read_by = ", ".join(row.read_by) or ui("fields_cmd.read_by_none", lang)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in (("fields_cmd.headers", ", ".join(row.headers)),
                             ("fields_cmd.type_label", f"{row.type_text} — {row.values}"),
                             ("fields_cmd.empty_label", row.empty_text),
                             ("fields_cmd.read_by", read_by)):
            grid.add_row("  " + ui(label, lang) + sep.rstrip(), Text(terminal_safe(value)))
        console.print(grid)


def fields(
    lang: LangOpt = None,
    output_format: Annotated[FieldsFormat, typer.Option("--format", help="text (the terminal), csv or json.",
                                                        case_sensitive=False)] = FieldsFormat.text,
    table: Annotated[str | None, typer.Option("--table", metavar="NAME",
                                              help="Only this table (cases, evaluations, sanctions).",
                                              show_default=False)] = None,
    checklist: ChecklistOpt = None,
) -> None:
    """List every field of every table and the headers accepted for it.

    For each field: its label, the headers accepted (headers are also matched by their words),
    its type and values, what an empty cell means, and which questions of the checklist read it."""
    language = parse_lang(lang)
    if table is not None and table.strip().lower() not in TABLES:
        fail(ui("fields_cmd.unknown_table", language, table=repr(table), tables=", ".join(TABLES)), language)
    loaded = checklist_or_fail(checklist, language)
    rows = field_rows(loaded, language, table.strip().lower() if table else None)
    if output_format is FieldsFormat.csv:
        emit(render_csv(rows), None, language)
    elif output_format is FieldsFormat.json:
        emit(render_json(rows, loaded.id, language), None, language)
    else:
        print_text(rows, language, Console(highlight=False, soft_wrap=False))
