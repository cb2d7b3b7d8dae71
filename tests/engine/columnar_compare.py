"""The old (case-by-case) and the columnar engine side by side: every difference per question
and case (verdict, reason, notes, due date, money, evidence, action), normalised (dates as ISO
strings, decimals as their exact strings, messages as key + params)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from typing import Any

import polars as pl

from piis_audit.checklist.model import Checklist
from piis_audit.engine.columnar.runner import ported, run_columnar
from piis_audit.engine.frames_adapter import export_frames
from piis_audit.engine.runner import run_audit
from piis_audit.model import AuditReport, ExportData, Message, Result


def normal(value: Any) -> Any:
    """A reason parameter as JSON would carry it."""
    if isinstance(value, Message):
        return {"key": value.key, "params": normal(dict(value.params)) or None}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return str(Decimal(str(value)))
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normal(v) for v in value]
    raise TypeError(f"unexpected parameter {value!r}")


def old_row(result: Result, evidence: bool = True) -> dict[str, Any]:
    """The old result, normalised; ``evidence``: with its evidence and action."""
    row = {"verdict": result.verdict.value,
            "reason_key": result.reason.key if result.reason is not None else None,
            "reason_params": normal(dict(result.reason.params)) if result.reason is not None else None,
            "due_date": result.due_date,
            "notes": [n.key for n in result.notes],
            "notes_params": [normal(dict(n.params)) for n in result.notes],
            "money": None if result.money_at_risk is None else normal(result.money_at_risk)}
    if evidence:
        row["evidence"] = normal(dict(result.evidence))
        row["action_key"] = result.action.key if result.action is not None else None
        row["action_params"] = normal(dict(result.action.params)) if result.action is not None else None
    return row


def _json(text: str | None) -> Any:
    return None if text is None else normal(json.loads(text))


def new_row(row: dict[str, Any]) -> dict[str, Any]:
    """A columnar result row, normalised as :func:`old_row`."""
    out = {"verdict": row["verdict"], "reason_key": row["reason_key"],
            "reason_params": None if row["reason_params"] is None else normal(json.loads(row["reason_params"])),
            "due_date": row["due_date"], "notes": list(row["notes"]),
            "notes_params": [normal(json.loads(p)) for p in row["notes_params"]],
            "money": None if row["money_cents"] is None else normal(Decimal(row["money_cents"]).scaleb(-2))}
    out["evidence"] = _json(row["evidence"])
    out["action_key"] = row["action_key"]
    out["action_params"] = _json(row["action_params"])
    return out


def ported_ids(checklist: Checklist) -> list[str]:
    return [q.id for q in checklist.questions if ported(q)]


def differences(export: ExportData, checklist: Checklist, old: list[tuple[int, AuditReport]] | AuditReport,
                as_of: dt.date | pl.Expr, extra: pl.DataFrame | None = None) -> list[str]:
    """Every (question, case) whose columnar result differs from the old one. ``old`` is the
    old report, or (case index, report) pairs when cases were audited at different dates."""
    frames = export_frames(export)
    if extra is not None:
        frames = type(frames)({**frames.tables, "cases": frames.tables["cases"].hstack(extra)},
                              frames.columns, frames.tables_present)
    picks = old if isinstance(old, list) else [(k, old) for k in range(len(export.cases))]
    new = run_columnar(frames, checklist, as_of, given=_unported_results(checklist, picks))
    out: list[str] = []
    for qid in ported_ids(checklist):
        rows = new[qid].sort("_case").to_dicts()
        assert [r["_case"] for r in rows] == list(range(len(export.cases))), qid
        for k, report in picks:
            expected = old_row(report.cases[k].result(qid))
            got = new_row(rows[k])
            if expected != got:
                diff = {f: (expected[f], got[f]) for f in expected if expected[f] != got[f]}
                out.append(f"{qid} {export.cases[k].case_id}: {diff}")
    return out


def _unported_results(checklist: Checklist, picks: list[tuple[int, AuditReport]]) -> dict[str, pl.DataFrame]:
    """The old engine's results of the questions not ported yet, as result frames, for the
    ported questions that depend on them."""
    out = {}
    for question in checklist.questions:
        if ported(question):
            continue
        rows = [old_row(report.cases[k].result(question.id), evidence=False) for k, report in picks]
        out[question.id] = pl.DataFrame({
            "_case": [k for k, _ in picks], "verdict": [r["verdict"] for r in rows],
            "reason_key": [r["reason_key"] for r in rows],
            "reason_params": [json.dumps(r["reason_params"]) for r in rows]},
            schema={"_case": pl.Int32, "verdict": pl.String, "reason_key": pl.String,
                    "reason_params": pl.String}).sort("_case")
    return out


def compare(export: ExportData, checklist: Checklist, as_of: dt.date) -> list[str]:
    """Differences between the two engines on one export at one date."""
    return differences(export, checklist, run_audit(export, checklist, as_of), as_of)


_MISSING_FACTS = ("age", "new_beneficiary", "piis_mandatory", "piis_concluded", "exempted", "deadline")


def fact_differences(export: ExportData, checklist: Checklist) -> list[str]:
    """Every case whose columnar facts differ from the case-by-case ones (values, the mandatory
    reason key, the fields left missing, the month-end note)."""
    from piis_audit.engine.columnar.facts import compute_facts
    from piis_audit.engine.facts import compute_facts as old_facts

    new = compute_facts(export_frames(export), checklist).to_dicts()
    columns = export.columns.get("cases", frozenset())
    out: list[str] = []
    for case, row in zip(export.cases, new, strict=True):
        facts = old_facts(case, checklist, columns)
        expected: dict[str, Any] = facts.as_dict()
        got: dict[str, Any] = {name: row[name] for name in expected}
        expected["key"] = facts.mandatory_reason.key if facts.mandatory_reason is not None else None
        got["key"] = row["mandatory_key"]
        expected["why"] = (facts.mandatory_reason.params.get("why") if facts.mandatory_reason else None)
        expected["why"] = None if expected["why"] is None else (expected["why"].key, expected["why"].params["field"])
        got["why"] = (row["age_why_key"], row["age_why_field"]) if row["age"] is None and row["mandatory_key"] else None
        expected["missing"] = {name: list(fields) for name, fields in facts.missing.items()}
        got["missing"] = {name: row[f"{name}_missing"] for name in _MISSING_FACTS
                          if row[f"{name}_missing"] is not None}
        expected["notes"] = [n.key for n in facts.notes]
        got["notes"] = ["common.note.month_end"] if row["deadline_clamped"] else []
        if expected != got:
            out.append(f"{case.case_id}: " + str({k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}))
    return out
