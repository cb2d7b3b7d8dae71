"""HTML report (``-o report.html``): one self-contained file that works offline, from an e-mail
attachment, and on paper.

Ordered as the SPP IS writes its integrated inspection report (rapport d'inspection intégré /
geïntegreerd inspectieverslag): header, general analysis (results and recommendations), an annex
per inspected question, the social worker x question heatmap, the control table per beneficiary,
then the data errors. Everything is inline (CSS, a small script, SVG charts drawn by the
template); a Content-Security-Policy allows only that script and stylesheet (by hash) and no
network at all, so even an unescaped value could neither run nor load anything.

The control table holds every case, so its data is embedded once as compact JSON (strings are
interned in one table, verdicts are one character per question) in a
``<script type="application/json">`` block, with ``<``, ``>`` and ``&`` escaped, and the script
builds one page of rows at a time with ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from piis_audit.formats.baseline_view import baseline_view
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import Formatter, Row, evidence_pairs, prepare, result_rows, waiver_text
from piis_audit.formats.sample_table import sample_view
from piis_audit.formats.summary import Overview, banner_lines, format_rate, overview, undecided_text
from piis_audit.formats.templating import asset, environment
from piis_audit.i18n.render import (catalog, colon, data_error_text, field_label, format_date, format_money,
                                    format_value, rejected_text, render, ui)
from piis_audit.model import VERDICT_ORDER, AuditReport, Message, Verdict

ANNEX_CAP = 100  # failing cases listed per question annex; the control table has them all
ERRORS_CAP = 2000  # data errors, rejected rows and resolved findings listed
PAGE_SIZE = 100  # control-table rows per page
HEATMAP_LABEL = 28  # characters of a social worker's name drawn in the heatmap

# Verdict code in the embedded data: the index in VERDICT_ORDER, +5 when waived.
WAIVED_OFFSET = 5

# Texts the script needs, by the name it uses.
JS_TEXTS: tuple[str, ...] = (
    "reports.html.page", "reports.html.matches", "reports.html.open_detail", "reports.html.no_match",
    "reports.col.notes", "reports.col.due_date", "reports.col.social_worker", "reports.col.office",
    "reports.col.beneficiary", "reports.col.money_at_risk", "reports.col.baseline", "reports.waived",
)


class HtmlFormat(ReportFormat):
    extension = ".html"
    description = "self-contained HTML inspection report"

    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        lang = options.lang
        report = prepare(report, options)
        ov = overview(report, lang)
        css, js = asset("report.css"), asset("report.js")
        context = {
            "lang": lang,
            "t": lambda key, **params: ui(key, lang, **params),
            "colon": lambda: colon(lang),
            "date": format_date,
            "money": format_money,
            "rate": format_rate,
            "undecided": lambda by_cause: undecided_text(by_cause, lang),
            "banner": banner_lines(ov, lang),
            "value": lambda v: format_value(v, lang),
            "error_text": lambda e: data_error_text(e, lang),
            "rejected_text": lambda r: rejected_text(r, lang),
            "label": lambda name: field_label(name, lang),
            "report": report,
            "ov": ov,
            "verdicts": VERDICT_ORDER,
            "redacted": options.redact,
            "annexes": _annexes(report, ov, lang),
            "heatmap": _heatmap(report, ov),
            "sample": sample_view(report, lang),
            "baseline": baseline_view(report, lang),
            "resolved_cap": ERRORS_CAP,
            "errors": report.export.data_errors[:ERRORS_CAP],
            "rejected": report.export.rejected[:ERRORS_CAP],
            "data_json": Markup(_script_json(_control_data(report, ov, lang, options.redact))),
            "css": Markup(css),
            "js": Markup(js),
            "csp": _csp(css, js),
        }
        return environment().get_template("report.html.j2").render(context).encode("utf-8")


# --------------------------------------------------------------------------- annexes and heatmap


@dataclass(frozen=True)
class Annex:
    number: int
    tally: Any  # summary.QuestionTally
    failing: tuple[Row, ...]  # open failures first, then waived ones; at most ANNEX_CAP
    failing_total: int


def _annexes(report: AuditReport, ov: Overview, lang: str) -> list[Annex]:
    failing: dict[str, list[Row]] = defaultdict(list)
    for row in result_rows(report, lang, verdicts=(Verdict.FAIL,)):
        failing[row.question].append(row)
    annexes = []
    for n, tally in enumerate(ov.questions, 1):
        rows = sorted(failing.get(tally.id, []), key=lambda r: r.waived)
        annexes.append(Annex(n, tally, tuple(rows[:ANNEX_CAP]), len(rows)))
    return annexes


@dataclass(frozen=True)
class Heatmap:
    workers: tuple[str, ...]
    labels: tuple[str, ...]  # shortened names for the drawing
    questions: tuple[str, ...]
    fails: Mapping[tuple[str, str], int]  # (worker, question) -> open failures
    decided: Mapping[tuple[str, str], int]  # (worker, question) -> pass + fail
    maximum: int


def _heatmap(report: AuditReport, ov: Overview) -> Heatmap:
    fails: dict[tuple[str, str], int] = defaultdict(int)
    decided: dict[tuple[str, str], int] = defaultdict(int)
    workers: set[str] = set()
    for cr in report.cases:
        worker = str(cr.case.values.get("social_worker") or "")
        workers.add(worker)
        for r in cr.results:
            if r.verdict in (Verdict.PASS, Verdict.FAIL):
                decided[(worker, r.question)] += 1
            if r.verdict is Verdict.FAIL and r.waiver is None:
                fails[(worker, r.question)] += 1
    ordered = tuple(sorted(workers, key=str.casefold))
    labels = tuple(w if len(w) <= HEATMAP_LABEL else w[:HEATMAP_LABEL - 1] + "…" for w in ordered)
    return Heatmap(ordered, labels, tuple(t.id for t in ov.questions), dict(fails), dict(decided),
                   max(fails.values(), default=0))


# --------------------------------------------------------------------------- control table data


class _Strings:
    """Interned strings: each distinct text is stored once and referred to by index (0 = none).

    Indexes are provisional while the data is built; :meth:`finish` renumbers them by frequency so
    the texts used most (field names, common dates) get the shortest numbers in the JSON.
    """

    def __init__(self) -> None:
        self._index: dict[str, int] = {"": 0}
        self._counts: list[int] = [0]

    def __call__(self, text: str | None) -> int:
        if not text:
            return 0
        index = self._index.get(text)
        if index is None:
            index = self._index[text] = len(self._counts)
            self._counts.append(0)
        self._counts[index] += 1
        return index

    def finish(self) -> tuple[list[str], list[int]]:
        """The final table and the map provisional index -> final index."""
        texts = list(self._index)  # dicts keep insertion order: position == provisional index
        order = sorted(range(1, len(texts)), key=lambda i: -self._counts[i])
        remap = [0] * len(texts)
        for final, provisional in enumerate(order, 1):
            remap[provisional] = final
        return [""] + [texts[i] for i in order], remap


# A template the script can fill exactly as :func:`piis_audit.i18n.render.fill` does: nothing but
# text and ``{name}`` placeholders (no format spec, no escaped braces).
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\}")
_SIMPLE_TEMPLATE = re.compile(r"(?:[^{}]|\{[A-Za-z0-9_]+\})*")


class _Messages:
    """Reasons and notes as [template, value, value, ...]: most reasons are unique sentences, but
    built from a few dozen templates and a few thousand distinct values, so this keeps the
    embedded data small. The script fills the placeholders in order of first appearance."""

    def __init__(self, report: AuditReport, lang: str, strings: _Strings, fmt: Formatter) -> None:
        self.report, self.lang, self.strings, self.fmt = report, lang, strings, fmt
        self._templates: dict[tuple[str | None, str], tuple[str, tuple[str, ...]] | None] = {}

    def _template(self, question: str | None, key: str) -> tuple[str, tuple[str, ...]] | None:
        cache_key = (question, key)
        if cache_key not in self._templates:
            template = None
            if question is not None:
                template = self.report.checklist.template(question, key, self.lang)
            if template is None:
                texts = catalog().get(key)
                template = None if texts is None else (texts.get(self.lang) or texts.get("en"))
            found = None
            if template is not None and _SIMPLE_TEMPLATE.fullmatch(template):
                found = (template, tuple(dict.fromkeys(_PLACEHOLDER.findall(template))))
            self._templates[cache_key] = found
        return self._templates[cache_key]

    def __call__(self, message: Message | None, question: str | None) -> int | list[int]:
        if message is None:
            return 0
        found = self._template(question, message.key)
        if found is None:  # anything unusual: the sentence as render() writes it
            return self.strings(render(message, self.report.checklist, question, self.lang))
        template, names = found
        params = message.params
        return [self.strings(template), *[
            self.strings(self.fmt(params[n]) if n in params else "{" + n + "}") for n in names]]


def _remap(detail: list[Any], r: list[int]) -> list[Any]:
    """A detail entry with its provisional string indexes replaced by the final ones (written out
    for the entry's known shape: this runs for every result)."""
    out: list[Any] = []
    for position, value in enumerate(detail):
        if position == 1:  # notes: each a string index or [template, values...]
            out.append([r[n] if n.__class__ is int else [r[i] for i in n] for n in value])
        elif value.__class__ is int:
            out.append(r[value])
        else:  # a [template, values...] reason, or the evidence pairs
            out.append([r[i] for i in value])
    return out


def _control_data(report: AuditReport, ov: Overview, lang: str, redacted: bool) -> dict[str, Any]:
    """Everything the control table and the case detail show, compactly.

    ``cases``: one entry per case: [case id, name, social worker index, office index, verdict codes
    (one character per question: index in VERDICT_ORDER, +5 when waived), money at risk in
    cents, extra columns as [name, value] string indexes]. ``details``: per case, per question, 0
    or [reason, [notes], [field, value, ...], due date, waiver, baseline, money], where a reason
    or note is a string index or [template, values...]; trailing empties are dropped. ``fields``:
    the label of every field name used in the evidence (the detail shows the label, with the
    canonical name beside it for those who map it to their software's columns). ``colon``: what
    the script puts between a label and its value (:func:`piis_audit.i18n.render.colon`).
    """
    s = _Strings()
    fmt = Formatter(lang)
    messages = _Messages(report, lang, s, fmt)
    questions = [t.question for t in ov.questions]
    titles = {t.id: t.title for t in ov.questions}
    baselines = {b: ui(f"reports.baseline.{b}", lang) for b in ("new", "known")}
    code_of = {(v, waived): str(i + (WAIVED_OFFSET if waived else 0))
               for i, v in enumerate(VERDICT_ORDER) for waived in (False, True)}
    workers: dict[str, int] = {}
    offices: dict[str, int] = {}
    cases: list[list[Any]] = []
    details: list[list[Any]] = []
    field_names: set[str] = set()
    for cr in report.cases:
        codes: list[str] = []
        per_question: list[Any] = []
        cents = 0
        for result in cr.results:
            waived = result.waiver is not None
            codes.append(code_of[result.verdict, waived])
            money = result.money_at_risk
            if money is not None:
                cents += int(money * 100)
            if result.evidence:
                field_names.update(result.evidence)
            detail: list[Any] = [
                messages(result.reason, result.question),
                [messages(n, result.question) for n in result.notes] if result.notes else [],
                [s(x) for kv in evidence_pairs(result, fmt) for x in kv] if result.evidence else [],
                s(fmt(result.due_date)) if result.due_date else 0,
                s(waiver_text(result)) if waived else 0,
                s(baselines.get(result.baseline, result.baseline)) if result.baseline else 0,
                s(format_money(money)) if money is not None else 0,
            ]
            while detail and not detail[-1]:
                detail.pop()
            per_question.append(detail or 0)
        values = cr.case.values
        worker = str(values.get("social_worker") or "")
        office = str(values.get("office") or "")
        extra = [] if redacted else [[s(k), s(str(v))] for k, v in cr.case.extra.items()]
        cases.append([cr.case.case_id, "" if redacted else str(values.get("beneficiary_name") or ""),
                      workers.setdefault(worker, len(workers)), offices.setdefault(office, len(offices)),
                      "".join(codes), cents, extra])
        details.append(per_question)
    table, remap = s.finish()
    for case in cases:
        case[6] = [[remap[k], remap[v]] for k, v in case[6]]
    details = [[_remap(d, remap) if d else 0 for d in per_question] for per_question in details]
    return {
        "lang": lang,
        "pageSize": PAGE_SIZE,
        "redacted": redacted,
        "t": {key.removeprefix("reports."): ui(key, lang) for key in JS_TEXTS},
        "colon": colon(lang),
        "verdicts": [[v.value, ui(f"common.verdict.{v.value}", lang)] for v in VERDICT_ORDER],
        "questions": [[q.id, titles[q.id], list(q.legal_basis)] for q in questions],
        "workers": list(workers),
        "offices": list(offices),
        "fields": {name: field_label(name, lang) for name in sorted(field_names)},
        "strings": table,
        "cases": cases,
        "details": details,
    }


def _script_json(data: Mapping[str, Any]) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" can end it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp(css: str, js: str) -> str:
    """Nothing from the network; only our own stylesheet and script, identified by their hash."""
    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    return (f"default-src 'none'; style-src {sha(css)}; script-src {sha(js)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")
