"""``piis-audit due``: what falls due within DAYS of the as-of date, per social worker."""

from __future__ import annotations

import csv
import io
import json
from enum import Enum
from itertools import groupby
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from piis_audit import dates
from piis_audit.cli.common import (AsOfOpt, ChecklistOpt, ExportsArg, LangOpt, MappingOpt, emit, fail,
                                   load_inputs, parse_lang, run_with_progress)
from piis_audit.formats.cells import neutralise_formula
from piis_audit.i18n.render import format_date, title, ui
from piis_audit.model import AuditReport
from piis_audit.workflows.due import (DEFAULT_WITHIN_DAYS, DueItem, action_text, due_document, due_items,
                                      when_text, worker_label)


class DueFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


CSV_COLUMNS: tuple[str, ...] = ("social_worker", "office", "case_id", "question", "question_title", "verdict",
                                "due_date", "days_left", "status", "action", "waived")


def render_csv(report: AuditReport, items: list[DueItem], lang: str) -> str:
    """One row per to-do; UTF-8 with BOM, ';', dates dd/mm/yyyy (as the report's CSV), text from
    the export guarded against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow([
            neutralise_formula(item.social_worker), neutralise_formula(item.office),
            neutralise_formula(item.case_id), item.question, title(report.checklist, item.question, lang),
            item.verdict.value, format_date(item.due_date), item.days_left,
            "overdue" if item.overdue else "due", neutralise_formula(action_text(item, report, lang)),
            "true" if item.waived else "false",
        ])
    return "\ufeff" + buffer.getvalue()


def print_text(report: AuditReport, items: list[DueItem], within: int, lang: str, console: Console) -> None:
    """A heading, then per social worker one table: overdue rows first, marked, then the due ones."""
    console.print(Text(ui("workflows.due.title", lang, days=within, as_of=report.as_of,
                          until=dates.add_days(report.as_of, within)), style="bold"))
    if not items:
        console.print(Text(ui("workflows.due.nothing", lang, days=within)))
        return
    table_box = box.ROUNDED if console.is_terminal else box.ASCII
    for worker, group in groupby(items, key=lambda i: i.social_worker):
        rows = list(group)
        overdue = [i for i in rows if i.overdue]
        console.print()
        console.print(Text(ui("workflows.due.worker_heading", lang, worker=worker_label(worker, lang),
                              overdue=len(overdue), due=len(rows) - len(overdue)), style="bold"))
        table = Table(box=table_box)
        # Three columns so an 80-column CI log stays readable: the case, when it is due (date,
        # then how long), and what to do (question id, then the action, which takes the width).
        table.add_column(ui("workflows.due.col.case", lang), no_wrap=True)
        table.add_column(ui("workflows.due.col.due_date", lang), no_wrap=True)
        table.add_column(ui("workflows.due.col.action", lang), overflow="fold", ratio=1)
        for index, item in enumerate(rows):
            if index == len(overdue) and overdue:
                table.add_section()
            when = Text(format_date(item.due_date) + "\n")
            if item.overdue:
                when.append(ui("workflows.due.overdue", lang) + "\n", style="bold red")
            when.append(when_text(item, lang), style="bold red" if item.overdue else "")
            what = Text(item.question, style="bold")
            if item.waived:
                what.append(f" ({ui('workflows.due.waived', lang)})", style="dim")
            what.append("\n" + action_text(item, report, lang))
            table.add_row(Text(item.case_id), when, what)
        console.print(table)
    total_overdue = sum(i.overdue for i in items)
    console.print()
    console.print(Text(ui("workflows.due.totals", lang, overdue=total_overdue, due=len(items) - total_overdue,
                          days=within)))


def due(
    exports: ExportsArg = None,
    within: Annotated[int, typer.Option(
        "--within", metavar="DAYS", help="List what falls due within this many days of the as-of date "
                                         "(overdue items are always listed).")] = DEFAULT_WITHIN_DAYS,
    checklist: ChecklistOpt = None,
    mapping: MappingOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    output_format: Annotated[DueFormat, typer.Option(
        "--format", help="text for people, json or csv for scripts and spreadsheets.")] = DueFormat.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Write to this file instead of standard output.",
        show_default=False)] = None,
) -> None:
    """List what falls due within DAYS days, per social worker.

    PIIS to conclude before their deadline, evaluations to keep the year on pace, recovery
    decisions pending: with the due date and the action to take. Overdue items are listed apart.
    """
    language = parse_lang(lang)
    if within < 0:
        fail(ui("workflows.due.error.within", language, value=within), language)
    loaded = load_inputs(exports, checklist, mapping, as_of, show_progress=output is not None, lang=language)
    if not loaded.export.cases:
        fail(ui("workflows.sample.error.no_cases", language), language)
    report = run_with_progress(loaded, show_progress=output is not None, lang=language)
    items = due_items(report, within)

    if output_format is DueFormat.json:
        text = json.dumps(due_document(report, items, within, language), ensure_ascii=False, indent=1) + "\n"
    elif output_format is DueFormat.csv:
        text = render_csv(report, items, language)
    elif output is None:
        print_text(report, items, within, language, Console(highlight=False))
        return
    else:
        buffer = io.StringIO()
        print_text(report, items, within, language, Console(file=buffer, highlight=False, width=160))
        text = buffer.getvalue()

    emit(text, output, language)
