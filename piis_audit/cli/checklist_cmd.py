"""``piis-audit checklist show|lint``: read and validate checklists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from piis_audit.checklist.loader import GLOBAL_PARAMS, ChecklistError
from piis_audit.engine.checklists import load_checklist
from piis_audit.questions import get_kind
from piis_audit.cli.common import EXIT_ERROR, LangOpt, err_console, parse_lang, plain
from piis_audit.i18n.render import colon, format_value, ui

app = typer.Typer(help="Show or validate a checklist.", no_args_is_help=True)


@app.command("show")
def show(
    path: Annotated[Path | None, typer.Argument(help="Checklist YAML (default: the bundled SPP IS checklist).",
                                                show_default=False)] = None,
    lang: LangOpt = None,
) -> None:
    """List the questions with their legal basis, severity and parameters."""
    language = parse_lang(lang)
    try:
        checklist = load_checklist(path)
    except ChecklistError as exc:
        for problem in exc.problems:
            err_console.print(plain(f"{exc.path}:{problem.line}: {problem.message}"), soft_wrap=True)
        raise typer.Exit(EXIT_ERROR) from None
    console = Console(highlight=False)
    console.print(f"[bold]{plain(checklist.title[language])}[/]")
    console.print(plain(f"{checklist.id} {checklist.version} — {checklist.path}"))
    console.print(plain(f"{ui('checklist.fingerprint', language)}{colon(language)}{checklist.fingerprint}\n"))
    for index, q in enumerate(checklist.questions, 1):
        console.print(f"[bold]{index}. {plain(q.title[language])}[/] [dim]({plain(q.id)}, {plain(q.severity)})[/]",
                      soft_wrap=True)
        console.print(plain(f"   {ui('checklist.legal_basis', language)}{colon(language)}{'; '.join(q.legal_basis)}"), soft_wrap=True)
        if q.applies_if:
            console.print(plain(f"   {ui('checklist.applies_if', language)}{colon(language)}{q.applies_if}"), soft_wrap=True)
        if q.depends_on:
            console.print(plain(f"   {ui('checklist.depends_on', language)}{colon(language)}{', '.join(q.depends_on)}"), soft_wrap=True)
        specs = get_kind(q.kind).params
        for name, value in q.params.items():
            valid = specs[name].range_text() if name in specs else ""
            shown = format_value(value, language) + (f" ({valid})" if valid and not isinstance(value, list) else "")
            console.print(f"   [dim]{plain(name)}: {plain(shown)}[/]", soft_wrap=True)
        console.print()
    params_table = Table(title=ui("checklist.global_parameters", language))
    params_table.add_column(ui("checklist.parameter", language))
    params_table.add_column(ui("checklist.value", language))
    params_table.add_column(ui("checklist.valid_values", language))
    params_table.add_column(ui("checklist.source", language))
    for p in checklist.parameters.values():
        valid = GLOBAL_PARAMS[p.name].range_text() if p.name in GLOBAL_PARAMS else ""
        params_table.add_row(plain(p.name), plain(format_value(p.value, language)), plain(valid), plain(p.source))
    console.print(params_table)


@app.command("lint")
def lint(path: Annotated[Path, typer.Argument(help="Checklist YAML to validate.", show_default=False)]) -> None:
    """Validate a checklist: report every problem with its line number; exit 2 if any."""
    try:
        checklist = load_checklist(path)
    except ChecklistError as exc:
        for problem in exc.problems:
            err_console.print(plain(f"{exc.path}:{problem.line}: {problem.message}"), soft_wrap=True)
        err_console.print(f"{len(exc.problems)} problem(s)")
        raise typer.Exit(EXIT_ERROR) from None
    typer.echo(f"{path}: OK — {checklist.id} {checklist.version}, {len(checklist.questions)} questions")
