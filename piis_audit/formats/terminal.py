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

from piis_audit.formats.baseline_view import marked_counts
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
                 max_findings: int = 50) -> None:
    """Print the audit, the summary last (where the eye lands when the command ends): first the
    warning about questions no case could be decided for, the failing cases, an even share of at most ``max_findings`` examples per question with where to
    find the others, the sample, the data errors (capped the same way), missing columns and
    stale waivers; then the per-question counts, the totals, the money at risk and, with a
    baseline, how many findings are new, known and resolved."""
    lang = options.lang
    report = prepare(report, options)
    ov = overview(report, lang)
    table_box = box.ROUNDED if console.is_terminal else box.ASCII

    _print_header(report, console, lang)
    _print_banner(ov, console, lang)  # an alarm: questions no case could be decided for
    _print_failures(report, console, lang, max_findings)
    _print_sample(report, console, lang, table_box)
    _print_data_errors(report, console, lang, max_findings, table_box)
    _print_missing_columns(report, console, lang)
    _print_stale_waivers(report, console, lang, max_findings)
    console.print(_question_table(report, ov, lang, table_box, width=console.width))
    _print_totals(ov, console, lang)
    if ov.money_at_risk:
        console.print(keep(Text.assemble((ui("reports.summary.money_at_risk", lang) + colon(lang), "bold"),
                                         format_money(ov.money_at_risk))))
    _print_baseline(report, console, lang)


def _print_baseline(report: AuditReport, console: Console, lang: str) -> None:
    """With --baseline: how many findings are new, known, and resolved since the baseline."""
    if report.baseline is None:
        return
    new, known = marked_counts(report)
    console.print(keep(Text(" · ".join([
        f"{ui('reports.baseline.count.new', lang)}{colon(lang)}{new}",
        f"{ui('reports.baseline.count.known', lang)}{colon(lang)}{known}",
        f"{ui('reports.baseline.count.resolved', lang)}{colon(lang)}{len(report.resolved_findings)}",
    ]), style="bold")))


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


def _question_table(report: AuditReport, ov: Overview, lang: str, table_box: box.Box, width: int) -> Table:
    """Counts per question, each named by its number and title (cut on a narrow screen, so the
    numbers stay on one line)."""
    wide = width >= WIDE
    table = Table(title=ui("reports.section.results", lang), box=table_box if wide else box.SIMPLE_HEAD,
                  title_justify="left", pad_edge=wide)
    show_waived = ov.waived > 0
    counts_width = (len(VERDICT_ORDER) + show_waived) * 8 + 14
    table.add_column(ui("reports.col.question", lang), no_wrap=not wide, ratio=None if not wide else 3,
                     overflow="ellipsis", max_width=None if wide else max(width - counts_width, 12))
    for v in VERDICT_ORDER:
        head = ui(f"common.verdict.{v.value}", lang) if wide else ui(f"reports.short.{v.value}", lang)
        table.add_column(head, justify="right", style=VERDICT_STYLE[v],
                         min_width=5, overflow="fold")
    if show_waived:
        table.add_column(ui("reports.col.waived", lang), justify="right", min_width=4)
    table.add_column(ui("reports.col.compliance" if wide else "reports.short.compliance", lang),
                     justify="right", min_width=7, overflow="fold")
    numbers = {q.id: n for n, q in enumerate(report.checklist.questions, start=1)}
    for t in ov.questions:
        label = f"{numbers.get(t.question.id, '')}. {t.title}"
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


def _shares(counts: Sequence[int], budget: int) -> list[int]:
    """An even share of ``budget`` lines over questions holding ``counts`` failures: one each in
    turn, in checklist order, until the budget or the failures run out."""
    shares = [0] * len(counts)
    while budget > 0 and any(s < c for s, c in zip(shares, counts)):
        for i, count in enumerate(counts):
            if budget and shares[i] < count:
                shares[i] += 1
                budget -= 1
    return shares


def _print_failures(report: AuditReport, console: Console, lang: str, max_findings: int) -> None:
    by_question: dict[str, list[tuple[CaseReport, Result]]] = defaultdict(list)
    for cr in report.cases:
        for result in cr.results:
            if result.verdict is Verdict.FAIL:
                by_question[result.question].append((cr, result))
    if not by_question:
        return
    console.print(Text(ui("reports.section.failing_cases", lang), style="bold underline"))
    questions = [q for q in report.checklist.questions if by_question.get(q.id)]
    numbers = {q.id: n for n, q in enumerate(report.checklist.questions, start=1)}
    shares = _shares([len(by_question[q.id]) for q in questions], max_findings)
    held_back = False
    for q, room in zip(questions, shares):
        # Open failures first; only the lines shown are rendered (a large export has thousands).
        found = sorted(by_question[q.id], key=lambda pair: pair[1].waiver is not None)
        title = q.title.get(lang) or q.title.get("en", q.id)
        console.print(Text.assemble((f"{numbers[q.id]}. {title}", "bold"), f" ({len(found)})"))
        for cr, result in found[:room]:
            console.print(keep(_failure_line(row_for(report, cr, result, lang), lang)))
        if len(found) > room:
            held_back = True
            console.print(Text("  " + ui("reports.more", lang, count=len(found) - room), style="dim"))
    if held_back:
        console.print(Text(ui("reports.more_where", lang), style="dim"))
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
