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
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from markupsafe import Markup

from piis_audit.formats.baseline_view import baseline_view
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.frame_texts import case_results
from piis_audit.formats.rows import Formatter, Row, pairs_of, prepare, result_rows, row_of, waiver_label
from piis_audit.formats.sample_table import sample_view
from piis_audit.formats.summary import Overview, banner_lines, format_rate, overview, undecided_text
from piis_audit.formats.templating import asset, environment
from piis_audit.i18n.legal import legal_bases
from piis_audit.i18n.render import (catalog, colon, data_error_text, field_label, format_date, format_money,
                                    format_value, questions_by_number, rejected_text, render, ui)
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
            "bases": lambda question: legal_bases(question.legal_basis, lang),
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
    frames = case_results(report)
    if frames is not None:  # only the cases listed are read as objects
        from piis_audit.formats.frame_texts import results_of
        from piis_audit.formats.html_frames import failing_cases

        annexes = []
        for n, tally in enumerate(ov.questions, 1):
            listed, total = failing_cases(frames, tally.id, ANNEX_CAP)
            rows = [row_of(report, report.export.cases[k], result, lang)
                    for k, result in zip(listed, results_of(frames, tally.id, listed), strict=True)]
            annexes.append(Annex(n, tally, tuple(rows), total))
        return annexes
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
    frames = case_results(report)
    if frames is not None:
        from piis_audit.formats.html_frames import heatmap_counts

        workers, fails, decided = heatmap_counts(report, frames)
        return _heatmap_of(workers, fails, decided, ov)
    fails_of: dict[tuple[str, str], int] = defaultdict(int)
    decided_of: dict[tuple[str, str], int] = defaultdict(int)
    every_worker: set[str] = set()
    for cr in report.cases:
        worker = str(cr.case.values.get("social_worker") or "")
        every_worker.add(worker)
        for r in cr.results:
            if r.verdict in (Verdict.PASS, Verdict.FAIL):
                decided_of[(worker, r.question)] += 1
            if r.verdict is Verdict.FAIL and r.waiver is None:
                fails_of[(worker, r.question)] += 1
    return _heatmap_of(every_worker, fails_of, decided_of, ov)


def _heatmap_of(workers: set[str], fails: Mapping[tuple[str, str], int], decided: Mapping[tuple[str, str], int],
                ov: Overview) -> Heatmap:
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

    def add(self, index: int, uses: int) -> None:
        """Count ``uses`` more uses of the string at ``index`` (a piece interned once, used again)."""
        self._counts[index] += uses

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
        message = questions_by_number(message, self.report.checklist)  # as render() names them
        found = self._template(question, message.key)
        if found is None:  # anything unusual: the sentence as render() writes it
            return self.strings(render(message, self.report.checklist, question, self.lang))
        template, names = found
        params = message.params
        return [self.strings(template), *[
            self.strings(self.fmt(params[n]) if n in params else "{" + n + "}") for n in names]]


def _remap_piece(position: int, value: Any, r: list[int]) -> Any:
    """One piece of a detail entry with its provisional string indexes replaced by the final ones."""
    if position == 1:  # notes: each a string index or [template, values...]
        return [r[n] if n.__class__ is int else [r[i] for i in n] for n in value]
    if value.__class__ is int:
        return r[value]
    return [r[i] for i in value]  # a [template, values...] reason, or the evidence pairs


def _remap(detail: list[Any], r: list[int]) -> list[Any]:
    """A detail entry with its provisional string indexes replaced by the final ones."""
    return [_remap_piece(position, value, r) for position, value in enumerate(detail)]


PieceMakers = dict[str, Callable[[Any, str], Any]]


def _piece_makers(messages: _Messages, s: _Strings, fmt: Formatter, baselines: Mapping[str, str],
                  field_names: set[str]) -> PieceMakers:
    """How each piece of a result's detail is made from its value (in the order of
    :data:`~piis_audit.formats.html_frames.SLOTS`), interning its strings."""
    def evidence(values: Mapping[str, Any], _question: str) -> list[int]:
        if not values:
            return []
        field_names.update(values)
        return [s(x) for kv in pairs_of(values, fmt) for x in kv]

    return {
        "reason": lambda message, question: messages(message, question),
        "evidence_text": _evidence_text_maker(s, fmt, field_names),
        "notes": lambda notes, question: [messages(n, question) for n in notes] if notes else [],
        "evidence": evidence,
        "due": lambda day, _q: s(fmt(day)) if day else 0,
        "waiver": lambda waiver, _q: s(waiver_label(waiver)) if waiver is not None else 0,
        "baseline": lambda mark, _q: s(baselines.get(mark, mark)) if mark else 0,
        "money": lambda amount, _q: s(format_money(amount)) if amount is not None else 0,
    }


def _evidence_text_maker(s: _Strings, fmt: Formatter, field_names: set[str]) -> Callable[[str, str], list[int]]:
    """The evidence piece from the evidence's JSON text (the frame path): each value typed as
    :func:`~piis_audit.engine.typed_values.params` types it, formatted once per (field, value)."""
    import orjson

    from piis_audit.engine.typed_values import typed

    memo: dict[tuple[str, Any], list[int]] = {}  # (field, value) -> [name index, value index, uses]
    uses: list[list[int]] = []

    def make(text: str, _question: str) -> list[int]:
        if not text or text == "{}":
            return []
        data = orjson.loads(text)
        field_names.update(data)
        out = []
        for name, value in data.items():
            if value.__class__ in (dict, list):  # unhashable: interned at each use
                out.append(s(name))
                out.append(s(fmt(typed(name, value))))
                continue
            pair = memo.get((name, value))
            if pair is None:
                pair = memo[(name, value)] = [s(name), s(fmt(typed(name, value))), 0]
                uses.append(pair)
            else:
                pair[2] += 1
            out.append(pair[0])
            out.append(pair[1])
        return out

    def flush() -> None:
        """Count the uses after the first of every (field, value) pair."""
        for name_index, value_index, more in uses:
            s.add(name_index, more)
            s.add(value_index, more)
        uses.clear()

    make.flush = flush  # type: ignore[attr-defined]
    return make


def _result_values(result: Any) -> tuple[Any, ...]:
    """A result's value for each piece of its detail (the object path)."""
    return (result.reason, result.notes, result.evidence, result.due_date, result.waiver, result.baseline,
            result.money_at_risk)


def _trimmed(pieces: list[Any]) -> list[Any] | int:
    """A detail entry without its trailing empty pieces; 0 when nothing is left."""
    while pieces and not pieces[-1]:
        pieces.pop()
    return pieces or 0


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
    field_names: set[str] = set()
    make = _piece_makers(messages, s, fmt, baselines, field_names)
    frames = case_results(report)
    if frames is not None:
        cases, details, workers, offices, table = _frame_entries(report, frames, s, make, redacted)
    else:
        cases, details, workers, offices, table = _object_entries(report, s, make, redacted)
    numbers = {q.id: n for n, q in enumerate(questions, start=1)}
    return {
        "lang": lang,
        "pageSize": PAGE_SIZE,
        "redacted": redacted,
        "t": {key.removeprefix("reports."): ui(key, lang) for key in JS_TEXTS},
        "colon": colon(lang),
        "verdicts": [[v.value, ui(f"common.verdict.{v.value}", lang)] for v in VERDICT_ORDER],
        "questions": [[q.id, titles[q.id], list(legal_bases(q.legal_basis, lang))] for q in questions],
        "workers": list(workers),
        "offices": list(offices),
        "fields": {name: field_label(name, lang, numbers) for name in sorted(field_names)},
        "strings": table,
        "cases": cases,
        "details": details,
    }


def _codes() -> dict[tuple[Verdict, bool], str]:
    return {(v, waived): str(i + (WAIVED_OFFSET if waived else 0))
            for i, v in enumerate(VERDICT_ORDER) for waived in (False, True)}


Entries = tuple[list[list[Any]], list[list[Any]], dict[str, int], dict[str, int], list[str]]


def _object_entries(report: AuditReport, s: _Strings, make: PieceMakers, redacted: bool) -> Entries:
    """The control table's case entries and details from the case objects."""
    from piis_audit.formats.html_frames import SLOTS

    code_of = _codes()
    slots = [slot for slot, _ in SLOTS]
    workers: dict[str, int] = {}
    offices: dict[str, int] = {}
    cases: list[list[Any]] = []
    details: list[list[Any]] = []
    for cr in report.cases:
        codes: list[str] = []
        per_question: list[Any] = []
        cents = 0
        for result in cr.results:
            codes.append(code_of[result.verdict, result.waiver is not None])
            if result.money_at_risk is not None:
                cents += int(result.money_at_risk * 100)
            per_question.append(_trimmed([make[slot](value, result.question)
                                          for slot, value in zip(slots, _result_values(result), strict=True)]))
        values = cr.case.values
        extra = [] if redacted else [[s(k), s(str(v))] for k, v in cr.case.extra.items()]
        cases.append(_case_entry(cr.case.case_id, values.get("beneficiary_name"), values.get("social_worker"),
                                 values.get("office"), "".join(codes), cents, extra, workers, offices, redacted))
        details.append(per_question)
    table, remap = s.finish()
    _finish_entries(cases, remap)
    details = [[_remap(d, remap) if d else 0 for d in per_question] for per_question in details]
    return cases, details, workers, offices, table


def _case_entry(case_id: str, name: Any, worker: Any, office: Any, codes: str, cents: int, extra: list[Any],
                workers: dict[str, int], offices: dict[str, int], redacted: bool) -> list[Any]:
    """One case of the control table (see :func:`_control_data`)."""
    worker_text, office_text = str(worker or ""), str(office or "")
    return [case_id, "" if redacted else str(name or ""), workers.setdefault(worker_text, len(workers)),
            offices.setdefault(office_text, len(offices)), codes, cents, extra]


def _finish_entries(cases: list[list[Any]], remap: list[int]) -> None:
    for case in cases:
        case[6] = [[remap[k], remap[v]] for k, v in case[6]]


def _frame_entries(report: AuditReport, frames: Any, s: _Strings, make: PieceMakers, redacted: bool) -> Entries:
    """The control table's case entries and details from the result frames: each distinct piece
    made once (:class:`~piis_audit.formats.html_frames.FramePieces`), interned in the same order."""
    import polars as pl

    from piis_audit.formats.frame_texts import ordered
    from piis_audit.formats.html_frames import SLOTS, FramePieces

    export_cases = report.export.cases
    has_extra = not redacted and any(case.extra for case in export_cases)
    pieces = FramePieces(report, frames, s, make, (lambda k: [
        [s(key), s(str(v))] for key, v in export_cases[k].extra.items()]) if has_extra else None)
    make["evidence_text"].flush()  # type: ignore[attr-defined]
    table, remap = s.finish()
    for per_slot in pieces.pieces:
        for position, (slot, _) in enumerate(SLOTS):
            if slot in per_slot:
                per_slot[slot] = [_remap_piece(position, p, remap) for p in per_slot[slot]]
    verdict_index = {v.value: i for i, v in enumerate(VERDICT_ORDER)}
    code_columns = []
    for qid in pieces.questions:
        frame = ordered(frames.decided[qid])
        waived = pl.col("waiver").is_not_null() if "waiver" in frame.columns else pl.lit(False)
        code = pl.col("verdict").replace_strict(verdict_index, return_dtype=pl.Int32) + pl.when(waived).then(
            WAIVED_OFFSET).otherwise(0)
        code_columns.append(frame.select(code.cast(pl.String).alias(qid)).to_series())
    codes = pl.DataFrame(code_columns).select(pl.concat_str(pl.all())).to_series().to_list() if code_columns \
        else [""] * pieces.size
    who = ordered(frames.frames.frame("cases")).select("case_id", "beneficiary_name", "social_worker", "office")
    workers: dict[str, int] = {}
    offices: dict[str, int] = {}
    cases: list[list[Any]] = []
    combos = [pieces.combinations(j) for j in range(len(pieces.questions))]
    entries = [[_trimmed(list(p)) for p in each] for _, each in combos]
    per_case = [ids for ids, _ in combos]
    for k, (case_id, name, worker, office) in enumerate(who.iter_rows()):
        cases.append(_case_entry(case_id, name, worker, office, codes[k], pieces.cents[k] or 0,
                                 pieces.extras[k], workers, offices, redacted))
    details = [list(row) for row in zip(*[[entry[i] for i in ids] for entry, ids in zip(entries, per_case,
                                                                                          strict=True)], strict=True)]
    if not per_case:
        details = [[] for _ in range(pieces.size)]
    _finish_entries(cases, remap)
    return cases, details, workers, offices, table


def _script_json(data: Mapping[str, Any]) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" can end it or open a comment."""
    text = orjson.dumps(data).decode("utf-8")  # what json.dumps(ensure_ascii=False), compact, writes
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp(css: str, js: str) -> str:
    """Nothing from the network; only our own stylesheet and script, identified by their hash."""
    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    return (f"default-src 'none'; style-src {sha(css)}; script-src {sha(js)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")
