"""``piis-audit audit``: the whole checklist over an export (docs/cli.md)."""

from __future__ import annotations

import dataclasses
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from piis_audit.cli.common import (EXIT_ERROR, AsOfOpt, ChecklistOpt, ExportsArg, LangOpt, MappingOpt, QuietOpt,
                                   checklist_or_fail, err_console, fail, input_error_text, load_inputs, parse_lang,
                                   phase_display, run_with_progress)
from piis_audit.formats import REGISTRY, FormatOptions, format_for
from piis_audit.i18n.render import ui
from piis_audit.inputs.errors import InputError
from piis_audit.model import Verdict

if TYPE_CHECKING:
    from piis_audit.checklist.model import Checklist
    from piis_audit.workflows.baseline import Baseline


class StdoutFormat(str, Enum):
    terminal = "terminal"
    json = "json"


class FailOn(str, Enum):
    fail = "fail"
    missing_data = "missing_data"
    pending = "pending"


def audit(
    exports: ExportsArg = None,
    checklist: ChecklistOpt = None,
    mapping: MappingOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    output_format: Annotated[StdoutFormat, typer.Option(
        "--format", help="What goes to standard output: a terminal report, or the JSON result (docs/json.md).",
    )] = StdoutFormat.terminal,
    output: Annotated[list[Path] | None, typer.Option(
        "--output", "-o", metavar="PATH", help=f"Write a report; the format follows the extension "
                               f"({', '.join(sorted(REGISTRY))}). Repeatable.", show_default=False)] = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit status 1 when a finding reaches this verdict: fail; fail or missing_data; "
                          "fail, missing_data or pending.")] = FailOn.fail,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", metavar="PATH",
        help="Earlier findings (from --write-baseline): only new findings count for the exit status.",
        show_default=False)] = None,
    write_baseline: Annotated[Path | None, typer.Option(
        "--write-baseline", metavar="PATH", help="Record today's findings to this file, for later --baseline runs.",
        show_default=False)] = None,
    waivers: Annotated[Path | None, typer.Option(
        "--waivers", metavar="PATH",
        help="YAML waivers (case, question, justification, approved_by, expires): a waived result "
             "keeps its verdict, is marked waived and does not count for the exit status.",
        show_default=False)] = None,
    sample_file: Annotated[Path | None, typer.Option(
        "--sample-file", metavar="PATH",
        help="Audit only the cases of a sample drawn by 'piis-audit sample --format json', and "
             "report deviations with their upper limit.", show_default=False)] = None,
    redact: Annotated[bool, typer.Option(
        "--redact", help="Remove beneficiary names and every other personal column from every report.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Audit an export against the checklist: one verdict per case per question.

    Exit status: 0 nothing reached --fail-on; 1 findings reached it; 2 the audit could not run.
    """
    language = parse_lang(lang)
    options = FormatOptions(lang=language, redact=redact)
    targets = []
    choices = ", ".join(sorted(REGISTRY))
    for path in output or []:
        if not path.suffix:
            fail(ui("errors.cli.report_no_extension", language, path=str(path), choices=choices), language)
        if path.suffix.lower() not in REGISTRY:
            fail(ui("errors.cli.report_extension", language, path=str(path), suffix=repr(path.suffix),
                    choices=choices), language)
        try:
            targets.append((path, format_for(path)))
        except ValueError as exc:
            fail(str(exc), language)

    # Stop on a broken checklist or a malformed waiver, baseline or sample file before any audit work.
    preview = checklist_or_fail(checklist, language)
    try:
        from piis_audit.workflows import baseline as baseline_mod
        from piis_audit.workflows import sampling, waivers as waivers_mod

        waiver_list = waivers_mod.load_waivers(waivers, {q.id for q in preview.questions}) if waivers else None
        known = baseline_mod.load_baseline(baseline, preview) if baseline else None
        sample_spec = sampling.load_sample_file(sample_file) if sample_file else None
    except InputError as exc:
        fail(input_error_text(exc, language), language)
    if known is not None:
        warn_checklist_changed(known, preview, language)

    loaded = load_inputs(exports, preview, mapping, as_of, show_progress=not quiet, lang=language)
    export = loaded.export
    if sample_spec is not None:
        restriction = sampling.restrict_to_sample(export, sample_spec)
        for warning in sampling.sample_warnings(restriction, sample_spec, language):
            err_console.print(f"[yellow]warning:[/] {warning}", soft_wrap=True)
        export = restriction.export
        loaded = dataclasses.replace(loaded, export=export)
    if not export.cases:
        fail(ui("errors.cli.no_case", language), language)

    report = run_with_progress(loaded, show_progress=not quiet, lang=language)
    if waiver_list is not None:
        report = waivers_mod.apply_waivers(report, waiver_list)
    if known is not None:
        report = baseline_mod.apply_baseline(report, known)
    if sample_spec is not None:
        report = dataclasses.replace(report, sample=sampling.sample_statistics(report, sample_spec))
    if write_baseline is not None:
        try:
            with phase_display(not quiet, ui("workflows.progress.writing", language, path=str(write_baseline))):
                baseline_mod.write_baseline(report, write_baseline)
        except OSError as exc:
            fail(ui("errors.cli.cannot_write_baseline", language, path=str(write_baseline),
                    error=str(exc.strerror or exc)), language)

    for path, fmt in targets:
        try:
            with phase_display(not quiet, ui("workflows.progress.writing", language, path=str(path))):
                fmt.write(report, path, options)
        except OSError as exc:
            fail(ui("workflows.output.cannot_write", language, path=str(path), error=str(exc.strerror or exc)),
                 language)
        if not quiet:
            err_console.print(Text(ui("workflows.output.wrote", language, path=str(path))), soft_wrap=True)

    if output_format is StdoutFormat.json:
        from piis_audit.formats.json import stream

        stream(report, options, sys.stdout.buffer)
        sys.stdout.flush()
    elif not quiet:
        from piis_audit.formats.terminal import print_report

        if loaded.is_demo:
            err_console.print(Text(ui("workflows.demo.notice", language, as_of=loaded.as_of.isoformat()),
                                   style="dim"), soft_wrap=True)
        print_report(report, Console(highlight=False), options)

    if write_baseline is not None:  # the run recorded today's findings: that succeeded (`cmd && git add`)
        raise typer.Exit(0)
    from piis_audit.workflows.gate import exit_status

    raise typer.Exit(exit_status(report, Verdict(fail_on.value)))


def warn_checklist_changed(known: Baseline, checklist: Checklist, lang: str) -> None:
    """On stderr, in ``lang``: the baseline was written under another content of the checklist,
    and what changed (a parameter's value, a question's params or condition …)."""
    from piis_audit.checklist.fingerprint import fingerprint_of, short
    from piis_audit.i18n.render import format_value

    changes = known.checklist_changes(checklist)
    if not changes:
        return
    old = fingerprint_of(known.checklist_summary) or ""
    warning = ui("errors.cli.warning_prefix", lang) + " "
    err_console.print(Text.assemble((warning, "yellow"), ui(
        "workflows.checklist.baseline_other", lang, path=known.path,
        checklist=f"{known.checklist_id} {known.checklist_version}", old=short(old),
        new=short(checklist.fingerprint))), soft_wrap=True)
    for change in changes:
        err_console.print(Text(ui("workflows.checklist.changed_item", lang, change=format_value(change, lang))),
                          soft_wrap=True)


__all__ = ["audit", "EXIT_ERROR"]
