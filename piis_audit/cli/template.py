"""``piis-audit template``: the inspector's grid, a workbook to fill in by hand, prefilled from an
export (only the sampled cases with ``--sample-file``) and audited back with ``piis-audit audit``
(``docs/template.md``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from piis_audit.cli.common import (
    ChecklistOpt,
    LangOpt,
    MappingOpt,
    checklist_or_fail,
    err_console,
    fail,
    input_error_text,
    parse_lang,
)
from piis_audit.i18n.render import ui
from piis_audit.inputs import InputError, load_export, load_mapping
from piis_audit.model import ExportData
from piis_audit.workflows import sampling
from piis_audit.workflows.grid import build_grid, unknown_case_ids

SHOWN_IDS = 10  # unknown sampled ids named in the message; the others are counted


def _check_output(output: Path, exports: list[Path], lang: str) -> None:
    """Refuse, before any reading, an output that is not .xlsx, in a missing folder, or one of
    the export's own files."""
    if output.suffix.lower() != ".xlsx":
        fail(ui("template.error.extension", lang, path=str(output)), lang)
    folder = output.parent
    if not folder.is_dir():
        fail(ui("template.error.no_folder", lang, path=str(output), folder=str(folder)), lang)
    target = output.resolve()
    if any(target == p.resolve() for p in exports if p.is_file()):
        fail(ui("template.error.overwrites_export", lang, path=str(output)), lang)


def _read_export(exports: list[Path], mapping: Path | None, lang: str) -> ExportData:
    try:
        return load_export(exports, load_mapping(mapping) if mapping else None)
    except InputError as exc:
        fail(input_error_text(exc, lang), lang)


def template(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE.xlsx", help="The workbook to write.", show_default=False)],
    exports: Annotated[list[Path] | None, typer.Argument(
        metavar="EXPORT", help="An export to prefill the grid from (a workbook, .csv files or a folder). "
                               "Without one, the grid is blank.", show_default=False)] = None,
    sample_file: Annotated[Path | None, typer.Option(
        "--sample-file", metavar="PATH",
        help="Only the cases of a sample drawn by 'piis-audit sample --format json'.", show_default=False)] = None,
    lang: LangOpt = None,
    checklist: ChecklistOpt = None,
    mapping: MappingOpt = None,
) -> None:
    """Write the inspector's grid: a workbook to fill in by hand, then audit with 'piis-audit audit'.

    One sheet per table with the fields the checklist reads, in the order of the questions:
    headers in the language (protected, with a comment each), yes/no and choice lists, dates,
    whole numbers. With EXPORT, its rows are prefilled (only the sampled cases with
    --sample-file) and the columns it lacks are left blank and marked."""
    language = parse_lang(lang)
    paths = list(exports or [])
    _check_output(output, paths, language)
    loaded = checklist_or_fail(checklist, language)
    spec = None
    if sample_file is not None:
        try:
            spec = sampling.load_sample_file(sample_file)
        except InputError as exc:
            fail(input_error_text(exc, language), language)
    export = _read_export(paths, mapping, language) if paths else None
    case_ids = list(spec.case_ids) if spec is not None else None
    if export is not None and case_ids is not None:
        unknown = unknown_case_ids(export, case_ids)
        if unknown:
            shown = ", ".join(unknown[:SHOWN_IDS]) + (", …" if len(unknown) > SHOWN_IDS else "")
            fail(ui("template.error.unknown_cases", language, count=len(unknown), sample=str(sample_file),
                    ids=shown), language)
    if export is not None and spec is not None:  # drawn from another version of the export: said, not refused
        for warning in sampling.sample_warnings(sampling.restrict_to_sample(export, spec), spec, language):
            err_console.print(Text(warning, style="yellow"), soft_wrap=True)
    sample = (ui("template.instructions.sample_text", language, size=spec.size, seed=spec.seed)
              if spec is not None else None)
    grid = build_grid(loaded, language, export, case_ids, sample)
    from piis_audit.formats.grid_xlsx import render_grid  # openpyxl: only for this command

    try:
        output.write_bytes(render_grid(grid))
    except OSError as exc:
        fail(ui("template.error.cannot_write", language, path=str(output), error=str(exc.strerror or exc)),
             language)
    cases = next((len(s.rows) for s in grid.sheets if s.table == "cases"), 0)
    blank = sum(len(s.to_fill) for s in grid.sheets)
    err_console.print(Text(ui("template.wrote", language, path=str(output), cases=cases, blank=blank)),
                      soft_wrap=True)
