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


def question_labels(c: Comparison, lang: str) -> dict[str, str]:
    """question id -> how people name it: its number in the checklist and its title in the
    language (from the bundled checklist when the results name its questions; else the number
    only, or the id of a question neither result lists)."""
    from piis_audit.engine.checklists import load_checklist

    order = [q for q in (c.new.checklist_summary.get("questions") or c.old.checklist_summary.get("questions") or {})]
    bundled = load_checklist(None)
    titles = {q.id: q.title.get(lang) or q.title.get("en", q.id) for q in bundled.questions}
    if not order:
        order = [q.id for q in bundled.questions]
    labels = {qid: f"{n}. {titles.get(qid, qid)}" for n, qid in enumerate(order, start=1)}
    for f in [*c.new_findings, *c.resolved_findings]:
        labels.setdefault(f.question, f.question)
    return labels


def _breakdown_table(label: str, rows: list[Breakdown], lang: str, table_box: box.Box, width: int,
                     names: dict[str, str] | None = None) -> Table:
    """Counts per question (``names``: their labels) or per social worker, one line each: the
    name is cut to leave the counts their room."""
    table = Table(title=label, title_justify="left", box=table_box)
    headers = [ui(f"workflows.compare.col.{key}", lang) for key in ("new", "new_fails", "resolved")]
    room = width - sum(len(h) + 3 for h in headers) - 4
    table.add_column("", no_wrap=True, overflow="ellipsis", max_width=max(room, 16))
    for header in headers:
        table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    for b in rows:
        name = names.get(b.name, b.name) if names is not None else worker_label(b.name, lang)
        table.add_row(Text(name), str(b.new), Text(str(b.new_fails), style="bold red" if b.new_fails else ""),
                      str(b.resolved))
    return table


def finding_line(f: JsonFinding, mark: str, labels: dict[str, str], lang: str) -> Text:
    """One change on one line: + (new) or - (resolved), the case, the question by number and
    title, the verdict, the social worker and the reason."""
    verdict = ui(f"common.verdict.{f.verdict}", lang)
    if f.waived:
        verdict += f" ({ui('workflows.due.waived', lang)})"
    failing = mark == "+" and f.verdict == "fail" and not f.waived
    return Text.assemble((f"{mark} ", "bold red" if failing else ""), (f.case_id, "bold"), "  ",
                         (verdict, "bold red" if failing else ""), "  ", labels.get(f.question, f.question),
                         "  ", worker_label(f.social_worker, lang), (f" — {f.reason}" if f.reason else ""))


def print_comparison(c: Comparison, lang: str, console: Console) -> None:
    """Heading and counts, the per-question and per-social-worker tables, then every new and every
    resolved finding, one line each (cut at the terminal's width, whole when written to a file)."""
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
    labels = question_labels(c, lang)
    console.print(_breakdown_table(ui("workflows.compare.per_question", lang), c.per_question(), lang, table_box,
                                   console.width, names=labels))
    console.print(_breakdown_table(ui("workflows.compare.per_social_worker", lang), c.per_social_worker(), lang,
                                   table_box, console.width))
    for title, findings, mark in ((ui("workflows.compare.new_findings", lang), c.new_findings, "+"),
                                  (ui("workflows.compare.resolved_findings", lang), c.resolved_findings, "-")):
        if findings:
            console.print(Text(title, style="bold"))
            for f in findings:
                line = finding_line(f, mark, labels, lang)
                if console.is_terminal:
                    console.print(line, no_wrap=True, overflow="ellipsis")
                else:
                    console.print(line, soft_wrap=True)


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
