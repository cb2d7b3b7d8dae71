"""The ``piis-audit`` command line (docs/cli.md). Each command lives in its own module."""

from __future__ import annotations

import os
import sys

import typer

from piis_audit import __version__
from piis_audit.i18n.render import default_lang, ui
from piis_audit.cli import audit, checklist_cmd, compare, due, explain, fields, sample, template

app = typer.Typer(
    name="piis-audit",
    help="Check CPAS PIIS case files the way the SPP IS inspection does (AR 11/07/2002 art. 18/1).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"piis-audit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Check CPAS PIIS case files the way the SPP IS inspection does."""


app.command("audit")(audit.audit)
app.command("explain")(explain.explain)
app.add_typer(checklist_cmd.app, name="checklist")
app.command("sample")(sample.sample)
app.command("due")(due.due)
app.command("compare")(compare.compare)
app.command("fields")(fields.fields)
app.command("template")(template.template)


def _last_words(key: str, english: str, **params: str) -> str:
    """A message printed when the command stops unexpectedly, in the environment's language (the
    command's --lang is not known here); its English text if even the catalog fails."""
    try:
        return ui(key, default_lang(), **params)
    except Exception:  # noqa: BLE001 - the last line of defence must not raise
        return english


def _run() -> None:
    """The command line, its help in the language asked for (cli/help_lang.py)."""
    from piis_audit.cli.help_lang import help_lang, localise

    localise(typer.main.get_command(app), help_lang(sys.argv[1:]))(prog_name="piis-audit")


def main() -> None:
    """Entry point: usage errors exit 2 (click's convention matches docs/json.md). An
    unexpected error is a bug: one line and exit 2, the traceback only with PIIS_AUDIT_DEBUG=1."""
    try:
        _run()
    except KeyboardInterrupt:
        sys.stderr.write(_last_words("errors.cli.interrupted", "interrupted") + "\n")
        sys.exit(2)
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if os.environ.get("PIIS_AUDIT_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {exc}"
        sys.stderr.write(
            _last_words("errors.cli.internal", f"internal error (a bug in piis-audit {__version__}): {error}",
                        version=__version__, error=error) + "\n"
            + _last_words("errors.cli.internal_hint",
                          "run again with PIIS_AUDIT_DEBUG=1 to see the traceback, and report it") + "\n")
        sys.exit(2)
