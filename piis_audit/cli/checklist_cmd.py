"""``piis-audit checklist show|lint``: read and validate checklists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from piis_audit.checklist.loader import GLOBAL_PARAMS, ChecklistError
from piis_audit.engine.checklists import load_checklist
from piis_audit.questions import get_kind
from piis_audit.cli.common import EXIT_ERROR, LangOpt, err_console, parse_lang, plain
from piis_audit.checklist.model import Question
from piis_audit.checklist.params import ParamSpec
from piis_audit.i18n.conditions import condition_text
from piis_audit.i18n.legal import legal_bases, legal_basis_text
from piis_audit.i18n.render import catalog, colon, field_label, format_value, ui

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
    numbers = {q.id: index for index, q in enumerate(checklist.questions, 1)}
    for q in checklist.questions:
        for line in question_lines(q, numbers, language):
            console.print(line, soft_wrap=True)
        console.print()
    params_table = Table(title=ui("checklist.global_parameters", language))
    params_table.add_column(ui("checklist.parameter", language))
    params_table.add_column(ui("checklist.value", language))
    params_table.add_column(ui("checklist.valid_values", language))
    params_table.add_column(ui("checklist.source", language))
    for p in checklist.parameters.values():
        valid = _valid(GLOBAL_PARAMS[p.name], p.value, language) if p.name in GLOBAL_PARAMS else ""
        params_table.add_row(Text(f"{param_label(p.name, language)} [{p.name}]"),
                             Text(format_value(p.value, language)), Text(valid),
                             Text(legal_basis_text(p.source, language)))
    console.print(params_table)


def param_label(name: str, lang: str) -> str:
    """A parameter as people read it (``checklist.param.<name>``), else its name."""
    texts = catalog().get(f"checklist.param.{name}")
    return str(texts.get(lang) or texts["en"]) if texts is not None else name


def _valid(spec: ParamSpec, value: Any, lang: str) -> str:
    """The valid values of a number or a choice ("1–120"); yes/no and lists need none."""
    if spec.type in (bool, list):
        return ""
    return spec.range_text()


def _param_value(name: str, value: Any, lang: str) -> str:
    """A question's parameter value in words: a list of mentions as their labels (with the
    condition of a conditional one), a list of words as written, a number or a choice."""
    if isinstance(value, list):
        shown = []
        for item in value:
            if isinstance(item, dict) and "field" in item:
                mention = field_label(str(item["field"]), lang)
                shown.append(ui("checklist.mention_when", lang, mention=mention,
                                condition=condition_text(str(item["when"]), lang)) if item.get("when") else mention)
            elif name == "mentions":
                shown.append(field_label(str(item), lang))
            else:
                shown.append(format_value(item, lang))
        return ", ".join(shown)
    return format_value(value, lang)


def question_lines(q: Question, numbers: dict[str, int], lang: str) -> list[Text]:
    """One question of ``checklist show``: number and title, severity, legal basis, when it
    applies and what it depends on as sentences, and its parameters by their labels."""
    lines = [Text.assemble((f"{numbers[q.id]}. {q.title[lang]}", "bold")),
             Text(f"   {ui('checklist.severity', lang)}{colon(lang)}{ui(f'reports.severity.{q.severity}', lang)}"),
             Text(f"   {ui('checklist.legal_basis', lang)}{colon(lang)}{'; '.join(legal_bases(q.legal_basis, lang))}")]
    if q.applies_if:
        lines.append(Text(f"   {ui('checklist.applies_if', lang)}{colon(lang)}{condition_text(q.applies_if, lang)}"))
    if q.depends_on:
        lines.append(Text(f"   {ui('checklist.depends_on', lang)}{colon(lang)}"
                          + ", ".join(str(numbers.get(d, d)) for d in q.depends_on)))
    specs = get_kind(q.kind).params
    for name, value in q.params.items():
        valid = _valid(specs[name], value, lang) if name in specs else ""
        shown = _param_value(name, value, lang)
        if valid:
            shown += f" ({ui('checklist.valid', lang, range=valid)})"
        lines.append(Text.assemble("   ", ui("checklist.param_line", lang, name=param_label(name, lang), value=shown),
                                   (f" [{name}]", "dim")))
    return lines


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
