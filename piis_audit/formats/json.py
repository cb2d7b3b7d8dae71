"""The machine-readable result (``docs/json.md``): keys there are a contract; keys added
here (``reason_key``, ``notes``, ``due_date``, ``money_at_risk``, ``facts`` …) may be relied on
too but are not in the spec."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from piis_audit.checklist.fingerprint import summary as checklist_summary
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import prepare
from piis_audit.gcpause import gc_paused
from piis_audit.i18n.render import data_error_text, rejected_text, render
from piis_audit.model import (MISSING_CAUSES, VERDICT_ORDER, AuditReport, CaseReport, Message, Result, Verdict,
                              compliance_rate)


_AS_IS = (str, int, bool, float, type(None))


def _plain(value: Any) -> Any:
    """JSON-safe value: ISO dates, amounts as strings with 2 decimals kept exact."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Message):
        return {"key": value.key, "params": {k: _plain(v) for k, v in value.params.items()}}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def result_dict(report: AuditReport, r: Result, options: FormatOptions) -> dict[str, Any]:
    q = report.checklist.by_id[r.question]
    out: dict[str, Any] = {
        "question": r.question,
        "verdict": r.verdict.value,
        "reason": render(r.reason, report.checklist, r.question, options.lang) if r.reason else None,
        "reason_key": r.reason.key if r.reason else None,
        "evidence": {k: _plain(v) for k, v in r.evidence.items()},
        "legal_basis": list(q.legal_basis),
        "notes": [render(n, report.checklist, r.question, options.lang) for n in r.notes],
    }
    if r.due_date is not None:
        out["due_date"] = r.due_date.isoformat()
    if r.action is not None:
        out["action"] = render(r.action, report.checklist, r.question, options.lang)
    if r.money_at_risk is not None:
        out["money_at_risk"] = str(r.money_at_risk)
    if r.waiver is not None:
        out["waived"] = {"justification": r.waiver.justification, "approved_by": r.waiver.approved_by,
                         "expires": r.waiver.expires.isoformat()}
    if r.baseline is not None:
        out["baseline"] = r.baseline
    return out


ResultMemo = dict[tuple[str, Verdict, str], dict[str, Any]]


def _constant(r: Result) -> tuple[str, Verdict, str] | None:
    """The key of a result that says nothing about its case (most often "does not apply": half
    the results of a large export), whose JSON is then the same for every case; else None."""
    reason = r.reason
    if (reason is None or reason.params or r.evidence or r.notes or r.due_date is not None
            or r.action is not None or r.money_at_risk is not None or r.waiver is not None
            or r.baseline is not None):
        return None
    return r.question, r.verdict, reason.key


def _result_json(report: AuditReport, r: Result, options: FormatOptions, memo: ResultMemo | None
                 ) -> dict[str, Any]:
    if memo is None or (key := _constant(r)) is None:
        return result_dict(report, r, options)
    found = memo.get(key)
    if found is None:
        found = memo[key] = result_dict(report, r, options)
    return found


def case_dict(report: AuditReport, cr: CaseReport, options: FormatOptions,
              memo: ResultMemo | None = None) -> dict[str, Any]:
    """One case as JSON data. ``memo`` (one per document) lets results that say nothing about
    their case share one dict."""
    case = cr.case
    out: dict[str, Any] = {
        "case_id": case.case_id,
        "social_worker": case.values.get("social_worker"),
        "office": case.values.get("office"),
    }
    if not options.redact:
        out["beneficiary_name"] = case.values.get("beneficiary_name")
    out["source"] = {"file": case.source, "row": case.row}
    facts = cr.facts
    out["facts"] = {k: _plain(v) for k, v in facts.as_dict().items()
                    if not (options.redact and k == "age")}
    if facts.mandatory_reason is not None:
        out["facts"]["mandatory_reason"] = render(facts.mandatory_reason, report.checklist, None, options.lang)
    out["results"] = [_result_json(report, r, options, memo) for r in cr.results]
    return out


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
            "waived": sum(1 for cr in report.cases for r in cr.results if r.waiver is not None),
        },
    }
    if report.unused_waivers or report.expired_waivers:
        data["waivers"] = {
            "unused": [_plain(vars(w)) for w in report.unused_waivers],
            "expired": [_plain(vars(w)) for w in report.expired_waivers],
        }
    if report.resolved_findings:
        data["baseline"] = {"resolved": [dict(f) for f in report.resolved_findings]}
    if report.baseline_checklist_changes:  # the baseline was written under another checklist content
        data.setdefault("baseline", {})["checklist_changes"] = [
            {"key": m.key, "params": _plain(m.params), "text": render(m, checklist, None, options.lang)}
            for m in report.baseline_checklist_changes]
    if report.sample is not None:
        data["sample"] = _plain(dict(report.sample))
    if with_cases:
        data["cases"] = [case_dict(report, cr, options) for cr in report.cases]
    return data


def _dumps(data: Any) -> str:
    # Compact: the C encoder (indent would fall back to the pure-Python one, ~10x slower).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def stream(report: AuditReport, options: FormatOptions, out: BinaryIO, *, batch: int = 500) -> None:
    """Write the JSON result to ``out`` a few hundred cases at a time, so a 100,000-case report
    never exists as one tree of dicts or one string in memory. Same document as ``render``."""
    report = prepare(report, options)
    head = _dumps(report_dict(report, options, with_cases=False))
    out.write(head[:-1].encode("utf-8") + b',"cases":[')
    memo: ResultMemo = {}
    with gc_paused():
        for start in range(0, len(report.cases), batch):
            chunk = ",".join(_dumps(case_dict(report, cr, options, memo))
                             for cr in report.cases[start:start + batch])
            out.write(((b"," if start else b"") + chunk.encode("utf-8")))
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
