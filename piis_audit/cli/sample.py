"""``piis-audit sample``: a reproducible random sample of cases for an inspector's spot check."""

from __future__ import annotations

import csv
import io
import json
import shlex
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from piis_audit.cli.common import ExportsArg, LangOpt, MappingOpt, emit, err_console, fail, load_inputs, parse_lang
from piis_audit.formats.cells import neutralise_formula
from piis_audit.i18n.render import ui
from piis_audit.workflows import sampling
from piis_audit.workflows.sampling import SampleSpec


class SampleFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


def percent(value: float) -> str:
    """0.95 -> "95 %" (Belgian spacing, decimal comma when needed)."""
    return f"{value * 100:.10g}".replace(".", ",") + " %"


def redraw_command(spec: SampleSpec, exports: list[Path] | None) -> str:
    """The command that draws this sample again (stratified or not)."""
    parts = ["piis-audit", "sample", *[str(p) for p in exports or []],
             "--size", str(spec.size), "--seed", str(spec.seed)]
    if spec.stratify:
        parts += ["--stratify", spec.stratify]
    return shlex.join(parts)


def _line(label: str, value: object, lang: str) -> str:
    return ui("workflows.sample.line", lang, label=ui(f"workflows.sample.{label}", lang), value=str(value))


def render_text(spec: SampleSpec, lang: str, exports: list[Path] | None) -> str:
    lines = [
        ui("workflows.sample.title", lang, size=spec.size, population=spec.population,
           export=spec.export_label),
        _line("seed", spec.seed, lang),
        _line("population", spec.population, lang),
        _line("fingerprint", spec.export_fingerprint, lang),
    ]
    if spec.method == "given":
        method = ui("workflows.sample.method.given", lang, confidence=percent(spec.confidence))
    else:
        method = ui("workflows.sample.method.hypergeometric", lang,
                    confidence=percent(spec.confidence), rate=percent(spec.tolerable_rate or 0),
                    expected=spec.expected_deviations, population=spec.population)
    lines.append(_line("size", f"{spec.size} ({method})", lang))
    if spec.stratify:
        lines.append(ui("workflows.sample.stratified", lang, field=spec.stratify))
        for s in spec.strata:
            value = s.value or ui("workflows.sample.empty_stratum", lang)
            lines.append("  " + ui("workflows.sample.stratum", lang, value=value, size=s.size,
                                   population=s.population))
    lines.append(_line("case_ids", "", lang).rstrip())
    lines.extend(spec.case_ids)
    lines.append("")
    lines.append(ui("workflows.sample.redraw", lang, command=redraw_command(spec, exports)))
    return "\n".join(lines) + "\n"


def render_csv(spec: SampleSpec, export_strata: dict[str, str]) -> str:
    """One row per sampled case, each carrying the seed, size, population and fingerprint so the
    file alone says how to re-draw it. UTF-8 with BOM and ';' as the other CSV outputs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header = ["case_id", *(["stratum"] if spec.stratify else []), "seed", "size", "population",
              "export_fingerprint"]
    writer.writerow(header)
    for case_id in spec.case_ids:
        stratum = [neutralise_formula(export_strata.get(case_id, ""))] if spec.stratify else []
        writer.writerow([neutralise_formula(case_id), *stratum, spec.seed, spec.size,
                         spec.population, spec.export_fingerprint])
    return "\ufeff" + buffer.getvalue()


def _check_rate(option: str, value: float | None, lang: str) -> None:
    if value is not None and not 0 < value < 1:
        fail(ui("workflows.sample.error.rate", lang, option=option, value=str(value)), lang)


def sample(
    exports: ExportsArg = None,
    size: Annotated[int | None, typer.Option(
        "--size", help="Number of cases to draw.", show_default=False)] = None,
    confidence: Annotated[float | None, typer.Option(
        "--confidence", help="Confidence level, e.g. 0.95: with --tolerable-rate sets the size by "
                             "attribute sampling; with --size, the level of the upper deviation limits.",
        show_default=False)] = None,
    tolerable_rate: Annotated[float | None, typer.Option(
        "--tolerable-rate", help="Tolerable deviation rate, e.g. 0.05.", show_default=False)] = None,
    expected_deviations: Annotated[int | None, typer.Option(
        "--expected-deviations", help="Deviations the sample may hold and still conclude (default 0).",
        show_default=False)] = None,
    seed: Annotated[int | None, typer.Option(
        "--seed", help="Seed of the draw. Default: a random one, printed so the sample can be re-drawn.",
        show_default=False)] = None,
    stratify: Annotated[str | None, typer.Option(
        "--stratify", metavar="FIELD", help="Allocate the sample proportionally over the values of a "
                                           "column of cases, e.g. social_worker or office.",
        show_default=False)] = None,
    output_format: Annotated[SampleFormat, typer.Option(
        "--format", help="text for people; json is the sample file that audit --sample-file reads; "
                         "csv for spreadsheets.")] = SampleFormat.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Write to this file instead of standard output.",
        show_default=False)] = None,
    mapping: MappingOpt = None,
    lang: LangOpt = None,
) -> None:
    """Draw a reproducible random sample of cases for a spot check.

    The same export, size and seed always give the same case ids. Prints the seed, the
    population, the export's fingerprint and the case ids.

    Size: --size N, or by attribute sampling with --confidence and --tolerable-rate
    (zero expected deviations at 95 % and 5 %: 59 cases for a large population, 45 of 100).
    """
    language = parse_lang(lang)
    # Arguments first: a bad option never waits for a large export to be read.
    if size is None and (confidence is None or tolerable_rate is None):
        fail(ui("workflows.sample.error.size_or_rate", language), language)
    if size is not None and expected_deviations is not None:
        fail(ui("workflows.sample.error.expected_with_size", language), language)
    _check_rate("--confidence", confidence, language)
    _check_rate("--tolerable-rate", tolerable_rate, language)
    for option, value in (("--expected-deviations", expected_deviations), ("--seed", seed)):
        if value is not None and value < 0:
            fail(ui("workflows.sample.error.negative", language, option=option, value=value), language)

    loaded = load_inputs(exports, None, mapping, None, show_progress=output is not None, lang=language)
    export = loaded.export
    population = len(export.cases)
    if population == 0:
        fail(ui("workflows.sample.error.no_cases", language), language)
    if stratify is not None and stratify not in sampling.stratify_fields(export):
        fail(ui("workflows.sample.error.stratify", language, field=stratify,
                fields=sampling.stratify_fields(export)), language)

    conf = confidence if confidence is not None else sampling.DEFAULT_CONFIDENCE
    method = "given"
    if size is None:
        assert tolerable_rate is not None
        size, method = sampling.sample_size_for(population, conf, tolerable_rate,
                                                expected_deviations or 0)
        if size >= population:
            err_console.print(Text(ui("workflows.sample.whole_population", language)))
            size = population
    elif not 1 <= size <= population:
        fail(ui("workflows.sample.error.size_range", language, population=population, size=size), language)
    if seed is None:
        seed = sampling.new_seed()
        err_console.print(Text(ui("workflows.sample.seed_generated", language, seed=seed)))

    spec = sampling.draw_sample(export, size, seed, stratify=stratify, confidence=conf,
                                tolerable_rate=tolerable_rate,
                                expected_deviations=expected_deviations or 0, method=method)
    if output_format is SampleFormat.json:
        text = json.dumps(spec.to_json(), ensure_ascii=False, indent=1) + "\n"
    elif output_format is SampleFormat.csv:
        strata = ({c.case_id: sampling.stratum_value(c, stratify) for c in export.cases}
                  if stratify else {})
        text = render_csv(spec, strata)
    else:
        text = render_text(spec, language, exports)

    emit(text, output, language)
