"""``piis-audit explain CASE_ID``: every question for one case, with the dates and values used,
the derived facts and the legal basis, readable by a social worker."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from piis_audit.cli.common import (plain, AsOfOpt, ChecklistOpt, ExportsArg, LangOpt, MappingOpt, fail, load_inputs,
                                   parse_lang)
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.json import case_dict
from piis_audit.i18n.legal import legal_bases
from piis_audit.i18n.render import colon, field_label, format_value, render, ui
from piis_audit.inputs.narrowing import case_ids, narrowed
from piis_audit.model import AuditReport, CaseReport, Verdict
from piis_audit.money import Money

VERDICT_STYLE = {Verdict.PASS: "green", Verdict.FAIL: "bold red", Verdict.PENDING: "yellow",
                 Verdict.NOT_APPLICABLE: "dim", Verdict.MISSING_DATA: "magenta"}


def _age_unknown(report: AuditReport, cr: CaseReport, lang: str) -> str | None:
    """``unknown (birth_date could not be read)``: the age is never shown as a number it is not."""
    why = cr.facts.age_unknown
    return None if why is None else ui("explain.age_unknown", lang, why=why)


def print_explanation(report: AuditReport, cr: CaseReport, console: Console, lang: str) -> None:
    """The case, its derived facts, then one block per question."""
    case, facts, checklist = cr.case, cr.facts, report.checklist
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold")
    header.add_column()
    for label, value in (
        (ui("explain.case", lang), case.case_id),
        (ui("explain.source", lang), f"{case.source}, {ui('explain.row', lang)} {case.row}"),
        (ui("explain.social_worker", lang), case.values.get("social_worker")),
        (ui("explain.office", lang), case.values.get("office")),
        (ui("explain.as_of", lang), report.as_of),
        (ui("explain.age", lang), facts.age if facts.age is not None else _age_unknown(report, cr, lang)),
        (ui("explain.new_beneficiary", lang), facts.new_beneficiary),
        (ui("explain.mandatory", lang), render(facts.mandatory_reason, checklist, None, lang)
         if facts.mandatory_reason else facts.piis_mandatory),
        (ui("explain.concluded", lang), facts.conclusion_date or facts.piis_concluded),
        (ui("explain.exempted", lang), facts.exempted),
        (ui("explain.deadline", lang), facts.deadline),
    ):
        header.add_row(plain(label), plain(format_value(value, lang)))
    for name, fields in facts.missing.items():
        header.add_row(plain(ui("explain.undecided", lang)),
                       plain(f"{field_label(name, lang)}{colon(lang)}{', '.join(field_label(f, lang) for f in fields)}"))
    for note in facts.notes:
        header.add_row(plain(ui("explain.note", lang)), plain(render(note, checklist, None, lang)))
    console.print(Panel(header, title=plain(ui("explain.title", lang)), expand=False))
    numbers = {q.id: n for n, q in enumerate(checklist.questions, start=1)}  # people read numbers, not ids
    for r in cr.results:
        q = checklist.by_id[r.question]
        style = VERDICT_STYLE[r.verdict]
        console.print(f"[bold]{numbers[q.id]}. {plain(q.title[lang])}[/]")
        reason = f" — {plain(render(r.reason, checklist, q.id, lang))}" if r.reason else ""
        console.print(f"  [{style}]{plain(ui(f'common.verdict.{r.verdict.value}', lang))}[/]{reason}",
                      soft_wrap=True)
        for note in r.notes:
            console.print(f"  [yellow]{plain(ui('explain.note', lang) + colon(lang).rstrip())}[/] "
                          f"{plain(render(note, checklist, q.id, lang))}", soft_wrap=True)
        if r.evidence:
            # Labels in the reader's language; the values come from the export.
            used = ", ".join(f"{field_label(k, lang, numbers)} = {format_value(v, lang)}" for k, v in r.evidence.items())
            console.print(f"  [dim]{plain(ui('explain.values_used', lang))}{colon(lang)}{plain(used)}[/]", soft_wrap=True)
        if r.due_date is not None:
            action = f" — {plain(render(r.action, checklist, q.id, lang))}" if r.action else ""
            console.print(f"  {plain(ui('explain.due', lang))}{colon(lang)}{plain(format_value(r.due_date, lang))}{action}",
                          soft_wrap=True)
        if r.money_at_risk is not None:
            console.print(f"  {plain(ui('explain.money_at_risk', lang))}{colon(lang)}"
                          f"{plain(format_value(Money(r.money_at_risk), lang))}")
        if r.waiver is not None:
            console.print(f"  {plain(ui('explain.waived', lang))}{colon(lang)}"
                          f"{plain(f'{r.waiver.justification} ({r.waiver.approved_by})')}", soft_wrap=True)
        console.print(f"  [dim]{plain(ui('explain.legal_basis', lang))}{colon(lang)}{plain('; '.join(legal_bases(q.legal_basis, lang)))}[/]",
                      soft_wrap=True)
        console.print()


def explain(
    case_id: Annotated[str, typer.Argument(help="The case (file number) to explain.", show_default=False)],
    exports: ExportsArg = None,
    checklist: ChecklistOpt = None,
    mapping: MappingOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the case as JSON instead.")] = False,
) -> None:
    """Explain every verdict of one case: reasons, dates, values used, facts, legal basis.

    Shows the derived facts (age at the decision, new beneficiary, whether a PIIS is mandatory
    and why, the deadline), then for each question its verdict, reason, notes, the values used,
    what falls due and the legal basis."""
    language = parse_lang(lang)
    loaded = load_inputs(exports, checklist, mapping, as_of, show_progress=False, lang=language)
    known = case_ids(loaded.export)
    if case_id.strip() not in known:
        near = [c for c in known if case_id.strip().lower() in c.lower()][:5]
        hint = ui("errors.cli.did_you_mean", language, cases=", ".join(near)) if near else ""
        fail(ui("errors.cli.case_not_found", language, case=repr(case_id), count=str(len(known)),
                hint=hint), language)
    single = narrowed(loaded.export, [case_id.strip()])
    from piis_audit.engine.runner import run_audit  # polars comes in with the audit, not for --help

    report = run_audit(single, loaded.checklist, loaded.as_of)
    if as_json:
        typer.echo(json.dumps(case_dict(report, report.cases[0], FormatOptions(lang=language)),
                              ensure_ascii=False, indent=1))
        return
    print_explanation(report, report.cases[0], Console(highlight=False), language)
