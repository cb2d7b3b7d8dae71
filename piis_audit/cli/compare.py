"""``piis-audit compare OLD.json NEW.json``: new and resolved findings between two audits.

Exit status: 1 when something new fails (a new, unwaived ``fail``), 0 otherwise, 2 when a file
cannot be read or is not a piis-audit JSON result.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from piis_audit.cli.common import LangOpt, err_console, fail, input_error_text, parse_lang
from piis_audit.i18n.render import ui
from piis_audit.inputs.errors import InputError
from piis_audit.workflows.compare import (Breakdown, Comparison, JsonFinding, compare_reports,
                                          comparison_document, read_report)
from piis_audit.workflows.due import worker_label


class CompareFormat(str, Enum):
    text = "text"
    json = "json"


def _breakdown_table(label: str, rows: list[Breakdown], lang: str, table_box: box.Box,
                     workers: bool = False) -> Table:
    table = Table(title=label, title_justify="left", box=table_box)
    table.add_column("")
    for key in ("new", "new_fails", "resolved"):
        table.add_column(ui(f"workflows.compare.col.{key}", lang), justify="right")
    for b in rows:
        name = worker_label(b.name, lang) if workers else b.name
        table.add_row(Text(name), str(b.new), Text(str(b.new_fails), style="bold red" if b.new_fails else ""),
                      str(b.resolved))
    return table


def _findings_table(label: str, findings: list[JsonFinding], lang: str, table_box: box.Box) -> Table:
    table = Table(title=label, title_justify="left", box=table_box)
    for header in (ui("workflows.due.col.case", lang), ui("workflows.due.col.question", lang),
                   ui("workflows.compare.col.verdict", lang), ui("workflows.compare.col.social_worker", lang),
                   ui("workflows.compare.col.reason", lang)):
        table.add_column(header, overflow="fold")
    for f in findings:
        verdict = ui(f"common.verdict.{f.verdict}", lang)
        if f.waived:
            verdict += f" ({ui('workflows.due.waived', lang)})"
        table.add_row(Text(f.case_id), Text(f.question),
                      Text(verdict, style="bold red" if f.verdict == "fail" and not f.waived else ""),
                      Text(worker_label(f.social_worker, lang)), Text(f.reason))
    return table


def print_comparison(c: Comparison, lang: str, console: Console) -> None:
    """Heading and counts, the per-question and per-social-worker tables, then every new and every
    resolved finding."""
    table_box = box.ROUNDED if console.is_terminal else box.ASCII
    console.print(Text(ui("workflows.compare.title", lang, old=c.old.path, old_as_of=c.old.as_of,
                          new=c.new.path, new_as_of=c.new.as_of), style="bold"))
    for key, params in c.notes:
        warning = ui("errors.cli.warning_prefix", lang) + " "
        err_console.print(Text.assemble((warning, "yellow"), ui(key, lang, **params)), soft_wrap=True)
    console.print(Text(ui("workflows.compare.counts", lang, new=len(c.new_findings), new_fails=len(c.new_fails),
                          resolved=len(c.resolved_findings), unchanged=c.unchanged)))
    if not c.new_findings and not c.resolved_findings:
        console.print(Text(ui("workflows.compare.nothing", lang)))
        return
    console.print(_breakdown_table(ui("workflows.compare.per_question", lang), c.per_question(), lang, table_box))
    console.print(_breakdown_table(ui("workflows.compare.per_social_worker", lang), c.per_social_worker(), lang,
                                   table_box, workers=True))
    if c.new_findings:
        console.print(_findings_table(ui("workflows.compare.new_findings", lang), c.new_findings, lang, table_box))
    if c.resolved_findings:
        console.print(_findings_table(ui("workflows.compare.resolved_findings", lang), c.resolved_findings, lang,
                                      table_box))


def compare(
    old: Annotated[Path, typer.Argument(help="The earlier result (audit --format json).", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later result.", show_default=False)],
    output_format: Annotated[CompareFormat, typer.Option(
        "--format", help="text for people, json for scripts.")] = CompareFormat.text,
    lang: LangOpt = None,
) -> None:
    """Compare two JSON results: new and resolved findings.

    Per question and per social worker. Exit status: 1 when something new fails, 0 otherwise, 2 when a file cannot be read.
    """
    language = parse_lang(lang)
    try:
        comparison = compare_reports(read_report(old), read_report(new))
    except InputError as exc:
        fail(input_error_text(exc, language), language)
    if output_format is CompareFormat.json:
        typer.echo(json.dumps(comparison_document(comparison), ensure_ascii=False, indent=1))
    else:
        print_comparison(comparison, language, Console(highlight=False))
    raise typer.Exit(comparison.exit_status())
