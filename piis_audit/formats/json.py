"""The machine-readable result (``docs/json.md``): keys there are a contract; keys added
here (``reason_key``, ``notes``, ``due_date``, ``money_at_risk``, ``facts`` …) may be relied on
too but are not in the spec."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from piis_audit.formats.baseline_view import marked_counts
from piis_audit.checklist.fingerprint import summary as checklist_summary
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.frame_texts import case_results
from piis_audit.formats.json_layout import case_json, dumps, object_fragments, plain
from piis_audit.formats.rows import prepare
from piis_audit.gcpause import gc_paused
from piis_audit.i18n.render import data_error_text, rejected_text, render
from piis_audit.model import MISSING_CAUSES, VERDICT_ORDER, AuditReport, CaseReport, compliance_rate

if TYPE_CHECKING:
    import polars as pl

FRAME_BATCH = 5_000  # cases per chunk written from the result frames
OBJECT_BATCH = 500  # cases per chunk written from case objects


def case_dict(report: AuditReport, cr: CaseReport, options: FormatOptions) -> dict[str, Any]:
    """One case as JSON data (as the result writes it: :mod:`piis_audit.formats.json_layout`)."""
    cases, results = object_fragments(report, [cr], options.lang, redact=options.redact)
    data: dict[str, Any] = orjson.loads(case_json(cases, results, redact=options.redact)[0])
    return data


def waived_count(report: AuditReport) -> int:
    """Results covered by a waiver (from the result frames when the report has them)."""
    frames = case_results(report)
    if frames is not None:
        return sum(int(frame.get_column("waiver").is_not_null().sum()) if "waiver" in frame.columns else 0
                   for frame in frames.decided.values())
    return sum(1 for cr in report.cases for r in cr.results if r.waiver is not None)


def report_dict(report: AuditReport, options: FormatOptions, *, with_cases: bool = True) -> dict[str, Any]:
    """The whole report as plain JSON-able data (without ``cases`` when ``with_cases`` is false)."""
    checklist = report.checklist
    totals = report.verdict_totals()
    summaries = report.summary()
    data: dict[str, Any] = {
        "tool": {"name": "piis-audit", "version": report.tool_version},
        # fingerprint: sha256 of the checklist's content; parameters and questions let `compare`
        # name what changed between two results (piis_audit/checklist/fingerprint.py)
        "checklist": {"id": checklist.id, "version": checklist.version, "path": checklist.path,
                      **checklist_summary(checklist)},
        "as_of": report.as_of.isoformat(),
        "generated_at": report.generated_at.isoformat(),
        "lang": options.lang,
        "redacted": options.redact,
        "inputs": [{"path": i.path, "table": i.table, "rows": i.rows, "rejected": i.rejected}
                   for i in report.export.inputs],
        "data_errors": [{"file": e.file, "table": e.table, "row": e.row, "column": e.column, "field": e.field,
                         "value": e.value, "message": data_error_text(e, options.lang),
                         "message_key": e.text.key if e.text is not None else None}
                        for e in report.export.data_errors],
        "rejected_rows": [{"file": r.file, "table": r.table, "row": r.row, "case_id": r.case_id,
                           "reason": rejected_text(r, options.lang),
                           "reason_key": r.text.key if r.text is not None else None}
                          for r in report.export.rejected],
        "missing_columns": {q: list(cols) for q, cols in report.missing_columns.items()},
        "summary": {
            "cases": len(report.cases),
            "verdicts": {v.value: totals[v] for v in VERDICT_ORDER},
            "questions": {qid: {"verdicts": {v.value: s.counts[v] for v in VERDICT_ORDER},
                                "compliance_rate": s.compliance_rate,
                                "missing_data_by_cause": dict(s.missing_by_cause)}
                          for qid, s in summaries.items()},
            "compliance_rate": compliance_rate(totals),
            "missing_data_by_cause": {c: sum(s.missing_by_cause[c] for s in summaries.values())
                                      for c in MISSING_CAUSES},
            "money_at_risk": str(report.money_at_risk()),
            "money_at_risk_is_estimate": True,
            "waived": waived_count(report),
        },
    }
    if report.unused_waivers or report.expired_waivers:
        data["waivers"] = {
            "unused": [plain(vars(w)) for w in report.unused_waivers],
            "expired": [plain(vars(w)) for w in report.expired_waivers],
        }
    if report.baseline is not None or report.resolved_findings:
        new, known = marked_counts(report)
        data["baseline"] = {"new": new, "known": known, "resolved_count": len(report.resolved_findings),
                            "resolved": [dict(f) for f in report.resolved_findings]}
    if report.baseline_checklist_changes:  # the baseline was written under another checklist content
        data.setdefault("baseline", {})["checklist_changes"] = [
            {"key": m.key, "params": plain(m.params), "text": render(m, checklist, None, options.lang)}
            for m in report.baseline_checklist_changes]
    if report.sample is not None:
        data["sample"] = plain(dict(report.sample))
    if with_cases:
        data["cases"] = [case_dict(report, cr, options) for cr in report.cases]
    return data


def case_chunks(report: AuditReport, options: FormatOptions, batch: int) -> Iterator[pl.Series]:
    """The cases' JSON texts, ``batch`` cases at a time, each but the very first led by its comma:
    from the result frames when the report has them, else from its case objects (a report made
    in code, or redacted)."""
    frames = case_results(report)
    if frames is not None:
        from piis_audit.formats.json_frames import FrameFragments

        fragments = FrameFragments(report, frames, options.lang)
        for start in range(0, len(report.cases), batch):
            yield case_json(*fragments.chunk(start, batch), redact=options.redact, comma_first=start > 0)
        return
    for start in range(0, len(report.cases), batch):
        chunk = report.cases[start:start + batch]
        yield case_json(*object_fragments(report, chunk, options.lang, redact=options.redact),
                        redact=options.redact, comma_first=start > 0)


def stream(report: AuditReport, options: FormatOptions, out: BinaryIO, *, batch: int | None = None) -> None:
    """Write the JSON result to ``out`` a chunk of cases at a time, so a 200,000-case report
    never exists as one tree of dicts or one string in memory. Same document as ``report_dict``."""
    report = prepare(report, options)
    head = dumps(report_dict(report, options, with_cases=False))
    out.write(head[:-1].encode("utf-8") + b',"cases":[')
    size = batch or (FRAME_BATCH if case_results(report) is not None else OBJECT_BATCH)
    with gc_paused():
        for chunk in case_chunks(report, options, size):
            chunk.to_frame().write_csv(out, include_header=False, quote_style="never", line_terminator="")
    out.write(b"]}\n")


class JsonFormat(ReportFormat):
    extension = ".json"
    description = "machine-readable result (docs/json.md)"

    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        buffer = io.BytesIO()
        stream(report, options, buffer)
        return buffer.getvalue()

    def write(self, report: AuditReport, path: Path, options: FormatOptions) -> None:
        with path.open("wb") as handle:
            stream(report, options, handle)
