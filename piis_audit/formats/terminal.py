"""The report printed in the terminal (``--format terminal``, the default).

Rich only. Case data is always wrapped in :class:`rich.text.Text`, never interpolated into
markup, and stripped of control characters, so neither a name like ``[bold]`` nor an escape
sequence in the export can restyle the output or drive the terminal.
On a pipe or a file (``console.is_terminal`` false) Rich emits no colour codes and the tables
use ASCII borders, so the output is plain text a CI log or an e-mail shows as is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from piis_audit.formats.cells import terminal_safe
from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.rows import Row, prepare, row_for
from piis_audit.formats.summary import Overview, banner_lines, format_rate, overview, undecided_text
from piis_audit.i18n.render import colon, data_error_text, format_date, format_money, format_value, ui
from piis_audit.model import VERDICT_ORDER, AuditReport, CaseReport, Result, Verdict

WIDE = 140  # columns from which question titles fit in the summary table

VERDICT_STYLE: dict[Verdict, str] = {
    Verdict.PASS: "green", Verdict.FAIL: "bold red", Verdict.PENDING: "yellow",
    Verdict.NOT_APPLICABLE: "dim", Verdict.MISSING_DATA: "magenta",
}

NO_BREAK_SPACE = "\u00a0"


class _NoBreak:
    """A text printed as Rich prints it, except that no line is broken at a no-break space.

    Rich breaks a line at any whitespace, U+00A0 included, so a French label
    (``Généré le\u00a0: 27/11/2026``, see :func:`piis_audit.i18n.render.colon`) could leave its
    colon at the start of the next line. The text is rendered with each no-break space standing
    in as a one-cell letter (a private-use character the text does not contain), which is then
    turned back into the no-break space.
    """

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plain = self.text.plain
        letter = next(c for c in map(chr, range(0xE000, 0xF900)) if c not in plain)
        guarded = self.text.copy()
        guarded.plain = plain.replace(NO_BREAK_SPACE, letter)  # same length: the styles stay in place
        for segment in console.render(guarded, options):
            yield Segment(segment.text.replace(letter, NO_BREAK_SPACE), segment.style, segment.control)


def keep(text: Text) -> RenderableType:
    """``text``, printed so that no line breaks at one of its no-break spaces (unchanged when it
    has none)."""
    return _NoBreak(text) if NO_BREAK_SPACE in text.plain else text


def print_report(report: AuditReport, console: Console, options: FormatOptions, *,
                 max_findings: int = 200) -> None:
    """Print the audit: per-question counts and compliance, the failing cases grouped by question
    (at most ``max_findings`` lines, then how many more), money at risk, data errors (capped the
    same way), rejected rows and missing columns."""
    lang = options.lang
    report = prepare(report, options)
    ov = overview(report, lang)
    table_box = box.ROUNDED if console.is_terminal else box.ASCII

    _print_header(report, console, lang)
    _print_banner(ov, console, lang)
    console.print(_question_table(ov, lang, table_box, wide=console.width >= WIDE))
    _print_totals(ov, console, lang)
    _print_failures(report, console, lang, max_findings)
    if ov.money_at_risk:
        console.print(keep(Text.assemble((ui("reports.summary.money_at_risk", lang) + colon(lang), "bold"),
                                         format_money(ov.money_at_risk))))
    _print_sample(report, console, lang, table_box)
    _print_data_errors(report, console, lang, max_findings, table_box)
    _print_missing_columns(report, console, lang)
    _print_stale_waivers(report, console, lang, max_findings)


def _print_header(report: AuditReport, console: Console, lang: str) -> None:
    checklist = report.checklist
    console.print(Text.assemble((ui("reports.title", lang), "bold"), " — ", terminal_safe(report.export.label)))
    console.print(keep(Text(" · ".join([
        f"{ui('reports.meta.as_of', lang)}{colon(lang)}{format_date(report.as_of)}",
        f"{ui('reports.meta.checklist', lang)}{colon(lang)}{checklist.id} {checklist.version}",
        f"{ui('reports.meta.generated', lang)}{colon(lang)}{format_value(report.generated_at, lang)}",
        f"piis-audit {report.tool_version}",
    ]), style="dim")))
    console.print()


def _print_banner(ov: Overview, console: Console, lang: str) -> None:
    """The warning at the top: questions no case could be decided for, for want of columns."""
    lines = banner_lines(ov, lang)
    if not lines:
        return
    console.print(Text(ui("reports.banner.title", lang), style="bold magenta"))
    for line in lines:
        console.print(keep(Text(terminal_safe("  " + line), style="magenta")))
    console.print(Text(ui("reports.banner.fix", lang)))
    console.print()


def _question_table(ov: Overview, lang: str, table_box: box.Box, wide: bool) -> Table:
    """Counts per question. On a narrow screen the question is named by its id (the failing
    cases below give the full titles), so the numbers stay on one line."""
    table = Table(title=ui("reports.section.results", lang), box=table_box if wide else box.SIMPLE_HEAD,
                  title_justify="left", pad_edge=wide)
    table.add_column(ui("reports.col.question", lang), no_wrap=not wide, ratio=None if not wide else 3)
    show_waived = ov.waived > 0
    for v in VERDICT_ORDER:
        head = ui(f"common.verdict.{v.value}", lang) if wide else ui(f"reports.short.{v.value}", lang)
        table.add_column(head, justify="right", style=VERDICT_STYLE[v],
                         min_width=5, overflow="fold")
    if show_waived:
        table.add_column(ui("reports.col.waived", lang), justify="right", min_width=4)
    table.add_column(ui("reports.col.compliance" if wide else "reports.short.compliance", lang),
                     justify="right", min_width=7, overflow="fold")
    for t in ov.questions:
        label = t.title if wide else t.question.id
        table.add_row(Text(label), *[str(t.counts[v]) for v in VERDICT_ORDER],
                      *([str(t.waived)] if show_waived else []), format_rate(t.compliance_rate))
    table.add_section()
    table.add_row(Text(ui("reports.total", lang), style="bold"), *[str(ov.counts[v]) for v in VERDICT_ORDER],
                  *([str(ov.waived)] if show_waived else []), format_rate(ov.compliance_rate))
    return table


def _print_totals(ov: Overview, console: Console, lang: str) -> None:
    console.print(keep(Text(" · ".join([
        f"{ui('reports.summary.cases', lang)}{colon(lang)}{ov.cases}",
        f"{ui('reports.summary.cases_with_fail', lang)}{colon(lang)}{ov.cases_with_fail}",
        f"{ui('reports.summary.rejected', lang)}{colon(lang)}{ov.rejected}",
        f"{ui('reports.summary.data_errors', lang)}{colon(lang)}{ov.data_errors}",
    ]))))
    console.print(keep(Text(" · ".join([
        f"{ui('reports.summary.compliance', lang)}{colon(lang)}{format_rate(ov.compliance_rate)}",
        f"{ui('reports.summary.undecided', lang)}{colon(lang)}{undecided_text(ov.missing_by_cause, lang)}",
    ]))))
    console.print(Text(ui("reports.rate.explain", lang), style="dim"))
    console.print()


def _print_failures(report: AuditReport, console: Console, lang: str, max_findings: int) -> None:
    by_question: dict[str, list[tuple[CaseReport, Result]]] = defaultdict(list)
    for cr in report.cases:
        for result in cr.results:
            if result.verdict is Verdict.FAIL:
                by_question[result.question].append((cr, result))
    if not by_question:
        return
    console.print(Text(ui("reports.section.failing_cases", lang), style="bold underline"))
    shown = 0
    for q in report.checklist.questions:
        # Open failures first; only the lines shown are rendered (a large export has thousands).
        found = sorted(by_question.get(q.id, []), key=lambda pair: pair[1].waiver is not None)
        if not found:
            continue
        room = max(0, max_findings - shown)
        rows = [row_for(report, cr, result, lang) for cr, result in found[:max(room, 1)]]
        console.print(Text.assemble((rows[0].question_title, "bold"), f" ({len(found)})"))
        for row in rows[:room]:
            console.print(keep(_failure_line(row, lang)))
        shown += min(room, len(found))
        if len(found) > room:
            console.print(Text("  " + ui("reports.more", lang, count=len(found) - room), style="dim"))
    console.print()


def _failure_line(row: Row, lang: str) -> Text:
    line = Text("  ")
    line.append(terminal_safe(row.case_id), style="bold")
    who = " / ".join(x for x in (row.social_worker, row.office) if x)
    if who:
        line.append(terminal_safe(f" ({who})"), style="dim")
    line.append(terminal_safe(" — " + row.reason))
    if row.money_at_risk is not None:
        line.append(f" [{format_money(row.money_at_risk)}]")
    if row.waived:
        line.append(terminal_safe(f" [{ui('reports.waived', lang)}{colon(lang)}{row.waiver}]"), style="cyan")
    if row.baseline:
        line.append(f" [{ui(f'reports.baseline.{row.baseline}', lang)}]", style="cyan")
    return line


def _print_data_errors(report: AuditReport, console: Console, lang: str, cap: int,
                       table_box: box.Box) -> None:
    errors = report.export.data_errors
    if errors and console.width >= WIDE:
        table = Table(title=f"{ui('reports.section.data_errors', lang)} ({len(errors)})", box=table_box,
                      title_justify="left")
        for key in ("file", "table", "row", "column", "value", "message"):
            table.add_column(ui(f"reports.col.{key}", lang))
        for e in errors[:cap]:
            table.add_row(*_texts((e.file, e.table, "" if e.row is None else str(e.row), e.column or "",
                                   e.value or "", data_error_text(e, lang))))
        console.print(table)
    elif errors:
        # One line per error on a narrow screen: file, table and row first, as Excel shows them.
        console.print(Text(f"{ui('reports.section.data_errors', lang)} ({len(errors)})", style="bold"))
        for e in errors[:cap]:
            where = f"{Path(e.file).name} [{e.table}]" + ("" if e.row is None else f" {e.row}")
            what = f"{e.column}" + ("" if e.value is None else f" = {e.value!r}") if e.column else ""
            message = data_error_text(e, lang)
            console.print(Text(terminal_safe(f"  {where}: {what} — {message}" if what
                                             else f"  {where}: {message}")))
    if len(errors) > cap:
        console.print(Text(ui("reports.more", lang, count=len(errors) - cap), style="dim"))
    rejected = sum(i.rejected for i in report.export.inputs)
    if rejected:
        console.print(keep(Text(f"{ui('reports.summary.rejected', lang)}{colon(lang)}{rejected}", style="bold")))


def _print_sample(report: AuditReport, console: Console, lang: str, table_box: box.Box) -> None:
    """An inspector's sample (audit --sample-file): per question the cases tested, the deviations
    and the upper deviation limit at the sample's confidence, to conclude on the population."""
    sample = report.sample
    if not sample:
        return
    console.print(Text(ui("reports.sample.title", lang, size=sample["audited_cases"],
                          population=sample["population"], seed=sample["seed"],
                          confidence=format_rate(sample["confidence"])), style="bold"))
    if not sample.get("fingerprint_matches", True):
        console.print(Text(ui("reports.sample.other_export", lang), style="yellow"))
    table = Table(box=table_box, title_justify="left")
    for key in ("question", "tested", "deviations", "upper_limit", "conclusion"):
        table.add_column(ui(f"reports.sample.col.{key}", lang), justify="left" if key == "question" else "right")
    tolerable = sample.get("tolerable_rate")
    for q in sample["questions"]:
        limit = q["upper_deviation_limit"]
        below = q["below_tolerable_rate"]
        conclusion = ("—" if below is None else
                      ui("reports.sample.below" if below else "reports.sample.above", lang,
                         rate=format_rate(tolerable)))
        table.add_row(q["question"], str(q["sample_size"]), str(q["deviations"]),
                      "—" if limit is None else format_rate(limit, digits=2), conclusion)
    console.print(table)


def _print_missing_columns(report: AuditReport, console: Console, lang: str) -> None:
    if not report.missing_columns:
        return
    console.print(Text(ui("reports.section.missing_columns", lang), style="bold"))
    console.print(Text(ui("reports.missing_columns.explain", lang), style="dim"))
    for qid, columns in report.missing_columns.items():
        q = report.checklist.by_id.get(qid)
        title = qid if q is None else str(q.title.get(lang, qid))
        console.print(keep(Text(terminal_safe(f"  {title}{colon(lang)}{', '.join(columns)}"))))


def _print_stale_waivers(report: AuditReport, console: Console, lang: str, cap: int) -> None:
    """Waivers that matched nothing or have expired: a waiver file should not rot unseen."""
    stale = [("reports.waiver.unused", w) for w in report.unused_waivers] + \
        [("reports.waiver.expired", w) for w in report.expired_waivers]
    if not stale:
        return
    console.print(Text(ui("reports.section.waivers", lang), style="bold"))
    for key, w in stale[:cap]:
        console.print(keep(Text(terminal_safe(f"  {ui(key, lang)}{colon(lang)}{w.case_id} / {w.question} — "
                                              f"{w.justification} ({w.approved_by}, {format_date(w.expires)})"))))
    if len(stale) > cap:
        console.print(Text("  " + ui("reports.more", lang, count=len(stale) - cap), style="dim"))


def _texts(values: Sequence[str]) -> list[Text]:
    return [Text(terminal_safe(v)) for v in values]
