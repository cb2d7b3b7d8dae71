"""What the commands share: the export and checklist options, loading them with progress, and
turning every expected error into a one-line message with exit status 2 (never a traceback)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from piis_audit.checklist.loader import ChecklistError
from piis_audit.engine.checklists import load_checklist
from piis_audit.checklist.model import Checklist
from piis_audit.formats.cells import terminal_safe
from piis_audit.i18n.render import LANGS, default_lang, ui
from piis_audit.inputs.errors import InputError
from piis_audit.inputs.loader import load_export, load_mapping
from piis_audit.model import AuditReport, ExportData
from piis_audit.dates import date_problem

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

err_console = Console(stderr=True, highlight=False)

# -- options shared by audit, explain, due and sample (docs/cli.md)

ExportsArg = Annotated[list[Path] | None, typer.Argument(
    metavar="EXPORT", help="A workbook (.xlsx, .xls or .ods), one or more .csv files, or a folder of .csv files. "
         "Without any, the bundled demo export is audited.", show_default=False)]
ChecklistOpt = Annotated[Path | None, typer.Option(
    "--checklist", metavar="PATH", help="Checklist YAML. Default: the bundled SPP IS checklist (checklists/spp-is-piis.yaml).",
    show_default=False)]
MappingOpt = Annotated[Path | None, typer.Option(
    "--mapping", metavar="PATH", help="YAML mapping another export layout onto the canonical one (tables, columns, values).",
    show_default=False)]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", metavar="DD/MM/YYYY",
    help="Audit date, dd/mm/yyyy or yyyy-mm-dd: deadlines not passed at this date give 'pending', never "
         "'fail'. Default: today (for the bundled demo: the demo's own date).", show_default=False)]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", metavar="fr|nl|en",
    help="Language of everything a person reads. Default: the environment's locale if French or Dutch, "
         "else English.", show_default=False)]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display and no terminal report.")]


def plain(text: object) -> str:
    """Text from the user, the export or the checklist, printed as it is: never read as Rich
    markup (a ``[/]`` in an expression would otherwise stop the command) and without terminal
    control sequences."""
    return escape(terminal_safe(str(text)))


def fail(message: str, lang: str) -> NoReturn:
    """Print a one-line error on stderr, after the word "error:" in ``lang`` (the message is
    expected in ``lang`` too), and stop with exit status 2."""
    err_console.print(f"[bold red]{ui('errors.cli.prefix', lang)}[/] {plain(message)}", soft_wrap=True)
    raise typer.Exit(EXIT_ERROR)


def input_error_text(exc: InputError, lang: str) -> str:
    """An InputError's one-line message in ``lang``: its ``text`` rendered when it has one, else
    the English ``str(exc)``."""
    text = exc.text
    return str(exc) if text is None else ui(text.key, lang, **text.params)


def parse_lang(value: str | None) -> str:
    """The language of ``--lang``; an invalid one is refused in the environment's language (the
    only one known then)."""
    if value is None:
        return default_lang()
    lang = value.strip().lower()
    if lang not in LANGS:
        fallback = default_lang()
        fail(ui("errors.cli.lang", fallback, value=repr(value), choices=", ".join(LANGS)), fallback)
    return lang


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_SHORT_YEAR_DATE = re.compile(r"\d{1,2}([/.-])\d{1,2}\1\d{2}")
# dates.date_problem's causes, as the command line words them.
_DATE_PROBLEM_KEYS = {"no_month": "errors.cli.date_no_month", "year": "errors.cli.date_year",
                      "no_day": "errors.cli.date_no_day"}


def read_date_option(value: str) -> dt.date | tuple[str, dict[str, str]]:
    """A date given on the command line: ``dd/mm/yyyy`` (as every output shows dates; ``-`` or
    ``.`` between too) or ISO ``yyyy-mm-dd``. Day first, always: ``11/26/2026`` is no date. Returns
    the date, or why not: the key of an ``errors.cli.date_*`` message and its params."""
    text = value.strip()
    iso = _ISO_DATE.fullmatch(text)
    day_first = None if iso else _DAY_FIRST_DATE.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif day_first:
        day, month, year = int(day_first.group(1)), int(day_first.group(3)), int(day_first.group(4))
    elif _SHORT_YEAR_DATE.fullmatch(text):
        return "errors.cli.date_two_digit_year", {}
    else:
        return "errors.cli.date_format", {}
    problem = date_problem(year, month, day)
    if problem is not None:
        cause, params = problem
        return _DATE_PROBLEM_KEYS[cause], params
    return dt.date(year, month, day)


def parse_date_option(option: str, value: str, lang: str | None = None) -> dt.date:
    """The date of a command-line option (``--as-of``), or a one-line refusal in ``lang`` that
    says what is wrong and how to write it (exit status 2)."""
    found = read_date_option(value)
    if isinstance(found, dt.date):
        return found
    key, params = found
    language = lang or default_lang()
    why = ui(key, language, **params)
    fail(ui("errors.cli.date_option", language, option=option, value=repr(value), why=why), language)


def parse_as_of(value: str | None, default: dt.date | None = None, lang: str | None = None) -> dt.date:
    """The audit date of ``--as-of`` (see :func:`read_date_option`); without it, ``default`` or
    today."""
    if value is None:
        return default or dt.date.today()
    return parse_date_option("--as-of", value, lang)


def demo_export(lang: str | None = None) -> tuple[list[Path], dt.date | None]:
    """The bundled demo export and the date it is meant to be audited at."""
    from piis_audit import demo

    folder = Path(demo.__file__).resolve().parent / "export"
    if not folder.is_dir():
        language = lang or default_lang()
        fail(ui("errors.cli.demo_missing", language, path=str(folder)), language)
    return [folder], getattr(demo, "DEMO_AS_OF", None)


@contextmanager
def progress_display(enabled: bool, label: str) -> Iterator[Any]:
    """A Rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None, *_: Any) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@contextmanager
def phase_display(enabled: bool, label: str) -> Iterator[None]:
    """A spinner with the elapsed time on stderr while a step runs (writing a report), when
    stderr is a terminal; nothing otherwise (a CI log or a pipe gets no control codes)."""
    if not enabled or not err_console.is_terminal:
        yield
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err_console, transient=True) as bar:
        bar.add_task(label, total=None)
        yield


@dataclass(frozen=True)
class Loaded:
    export: ExportData
    checklist: Checklist
    as_of: dt.date
    is_demo: bool


def checklist_or_fail(path: Path | None, lang: str | None = None) -> Checklist:
    """The checklist, or every problem in it with its line and exit status 2. The heading is in
    ``lang``; the problems are the checklist loader's own (English) sentences."""
    try:
        return load_checklist(path)
    except ChecklistError as exc:
        language = lang or default_lang()
        fail(ui("errors.cli.invalid_checklist", language, path=str(exc.path)) + "\n"
             + "\n".join(f"  {p}" for p in exc.problems), language)


def load_inputs(exports: list[Path] | None, checklist: Checklist | Path | None, mapping_path: Path | None,
                as_of: str | None, *, show_progress: bool = True, lang: str | None = None) -> Loaded:
    """Checklist first (a broken checklist stops before any reading), then the export. An
    error is printed in ``lang`` (default: the environment's language)."""
    language = lang or default_lang()
    if not isinstance(checklist, Checklist):
        checklist = checklist_or_fail(checklist, language)
    is_demo = not exports
    default_date = None
    if is_demo:
        exports, default_date = demo_export(language)
    audit_date = parse_as_of(as_of, default_date, language)
    try:
        mapping = load_mapping(mapping_path) if mapping_path else None
        with progress_display(show_progress, ui("workflows.progress.reading", language)) as callback:
            export = load_export(list(exports or []), mapping, progress=callback)
    except InputError as exc:
        fail(input_error_text(exc, language), language)
    if is_demo:
        export = dataclasses.replace(export, label=ui("workflows.demo.label", lang or default_lang()))
    return Loaded(export, checklist, audit_date, is_demo)


def run_with_progress(loaded: Loaded, show_progress: bool = True, lang: str | None = None) -> AuditReport:
    from piis_audit.engine.runner import run_audit

    label = ui("workflows.progress.auditing", lang or default_lang())
    with progress_display(show_progress, label) as callback:
        return run_audit(loaded.export, loaded.checklist, loaded.as_of, progress=callback)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def emit(text: str, output: Path | None, lang: str) -> None:
    """A command's text result: to standard output, or to ``output`` (kept byte for byte, so a
    CSV keeps its byte-order mark for Excel)."""
    from rich.text import Text

    if output is None:
        typer.echo(text.lstrip("\ufeff"), nl=False)  # a byte-order mark is for Excel files only
        return
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        fail(ui("workflows.output.cannot_write", lang, path=output, error=exc.strerror or exc), lang)
    err_console.print(Text(ui("workflows.output.wrote", lang, path=output)))
