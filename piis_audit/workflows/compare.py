"""Trend between two audits (``piis-audit compare OLD.json NEW.json``): new and resolved findings.

Both files are results of ``audit --format json`` (docs/json.md). A finding is a ``fail``,
``missing_data`` or ``pending`` result, identified as in :mod:`piis_audit.workflows.baseline`
(question + case id + verdict + reason key), so two audits of the same files compare equal
whatever the row order or the report language. Something *new fails* when a new finding is a
``fail`` that is not waived: that makes the exit status 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from piis_audit.checklist.fingerprint import changes as checklist_changes
from piis_audit.checklist.fingerprint import fingerprint_of, short
from piis_audit.inputs.messages import input_error
from piis_audit.workflows.jsonfile import read_json
from piis_audit.workflows.baseline import FINDING_VERDICTS, fingerprint

_FINDING_VALUES = frozenset(v.value for v in FINDING_VERDICTS)


@dataclass(frozen=True)
class JsonFinding:
    """A finding read back from a JSON report."""

    fingerprint: str
    question: str
    case_id: str
    verdict: str
    reason_key: str
    reason: str  # the rendered reason, in the language of that report
    social_worker: str
    office: str
    waived: bool


@dataclass(frozen=True)
class ReportFile:
    path: str
    as_of: str
    checklist_id: str
    checklist_version: str
    findings: dict[str, JsonFinding]
    keyed_by_text: bool  # no "reason_key" in the file: the reason text stood in for it
    # the result's "checklist" object: fingerprint, parameters, questions ({} when it has none)
    checklist_summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Breakdown:
    """New and resolved counts for one question or one social worker."""

    name: str
    new: int = 0
    new_fails: int = 0
    resolved: int = 0


@dataclass(frozen=True)
class Comparison:
    old: ReportFile
    new: ReportFile
    new_findings: list[JsonFinding]
    resolved_findings: list[JsonFinding]
    unchanged: int
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (i18n key, params)

    @property
    def new_fails(self) -> list[JsonFinding]:
        """New findings that count: fails, not waived."""
        return [f for f in self.new_findings if f.verdict == "fail" and not f.waived]

    def exit_status(self) -> int:
        """1 when something new fails, else 0."""
        return 1 if self.new_fails else 0

    def per_question(self) -> list[Breakdown]:
        return _breakdown(self.new_findings, self.resolved_findings, lambda f: f.question)

    def per_social_worker(self) -> list[Breakdown]:
        return _breakdown(self.new_findings, self.resolved_findings, lambda f: f.social_worker)


def _breakdown(new: Iterable[JsonFinding], resolved: Iterable[JsonFinding],
               key: Any) -> list[Breakdown]:
    table: dict[str, dict[str, int]] = {}
    for f in new:
        row = table.setdefault(key(f), {"new": 0, "new_fails": 0, "resolved": 0})
        row["new"] += 1
        row["new_fails"] += f.verdict == "fail" and not f.waived
    for f in resolved:
        table.setdefault(key(f), {"new": 0, "new_fails": 0, "resolved": 0})["resolved"] += 1
    return [Breakdown(name, **counts) for name, counts in sorted(table.items())]


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def read_report(path: Path) -> ReportFile:
    """The findings of one JSON report; InputError when it cannot be read or is not one."""
    data = read_json(path, "errors.compare.cannot_read", "errors.compare.not_json")
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise input_error("errors.compare.not_result", path=str(path))
    meta = data.get("checklist")
    checklist: dict[str, Any] = meta if isinstance(meta, dict) else {}
    findings: dict[str, JsonFinding] = {}
    by_text = False
    for number, case in enumerate(data["cases"], start=1):
        if not isinstance(case, dict) or not isinstance(case.get("results"), list) \
                or not _str(case.get("case_id")):
            raise input_error("errors.compare.case_invalid", path=str(path), number=str(number))
        for result in case["results"]:
            if not isinstance(result, dict) or not isinstance(result.get("question"), str):
                raise input_error("errors.compare.result_without_question", path=str(path),
                                  case_id=str(case["case_id"]))
            verdict = _str(result.get("verdict"))
            if verdict not in _FINDING_VALUES:
                continue
            key = result.get("reason_key")
            if not isinstance(key, str):
                by_text = True  # an older or foreign report: the wording identifies the failure
                key = _str(result.get("reason"))
            waived = result.get("waived", result.get("waiver"))
            f = JsonFinding(
                fingerprint=fingerprint(result["question"], _str(case["case_id"]), verdict, key),
                question=result["question"], case_id=_str(case["case_id"]), verdict=verdict,
                reason_key=key, reason=_str(result.get("reason")),
                social_worker=_str(case.get("social_worker")), office=_str(case.get("office")),
                waived=bool(waived))
            findings[f.fingerprint] = f
    return ReportFile(path=str(path), as_of=_str(data.get("as_of")),
                      checklist_id=_str(checklist.get("id")),
                      checklist_version=_str(checklist.get("version")),
                      findings=findings, keyed_by_text=by_text, checklist_summary=checklist)


def compare_reports(old: ReportFile, new: ReportFile) -> Comparison:
    """New findings (in NEW, not in OLD) and resolved ones (in OLD, not in NEW), sorted by
    question, case, verdict."""
    def order(f: JsonFinding) -> tuple[str, str, str]:
        return (f.question, f.case_id, f.verdict)

    added = sorted((f for p, f in new.findings.items() if p not in old.findings), key=order)
    resolved = sorted((f for p, f in old.findings.items() if p not in new.findings), key=order)
    unchanged = sum(1 for p in new.findings if p in old.findings)
    notes: list[tuple[str, dict[str, Any]]] = []
    if (old.checklist_id, old.checklist_version) != (new.checklist_id, new.checklist_version):
        notes.append(("workflows.compare.other_checklist",
                      {"old": f"{old.checklist_id} {old.checklist_version}",
                       "new": f"{new.checklist_id} {new.checklist_version}"}))
    changed = checklist_changes(old.checklist_summary, new.checklist_summary)
    if notes:  # another id or version, already said: only what changed besides it
        changed = [c for c in changed if c.key != "workflows.checklist.change.unknown"]
    elif changed:  # the same id and version, but another content
        notes.append(("workflows.checklist.compare_other",
                      {"checklist": f"{new.checklist_id} {new.checklist_version}",
                       "old": short(fingerprint_of(old.checklist_summary) or ""),
                       "new": short(fingerprint_of(new.checklist_summary) or "")}))
    notes += [("workflows.checklist.changed_item", {"change": change}) for change in changed]
    for report in (old, new):
        if report.keyed_by_text:
            notes.append(("workflows.compare.no_reason_key", {"path": report.path}))
    return Comparison(old, new, added, resolved, unchanged, notes)


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """``compare --format json``."""
    def finding(f: JsonFinding) -> dict[str, Any]:
        return {"question": f.question, "case_id": f.case_id, "social_worker": f.social_worker,
                "office": f.office, "verdict": f.verdict, "reason_key": f.reason_key,
                "reason": f.reason, "waived": f.waived, "fingerprint": f.fingerprint}

    def side(r: ReportFile) -> dict[str, Any]:
        return {"path": r.path, "as_of": r.as_of,
                "checklist": {"id": r.checklist_id, "version": r.checklist_version,
                              "fingerprint": fingerprint_of(r.checklist_summary)},
                "findings": len(r.findings)}

    def rows(items: list[Breakdown], key: str) -> list[dict[str, Any]]:
        return [{key: b.name, "new": b.new, "new_fails": b.new_fails, "resolved": b.resolved}
                for b in items]

    return {
        "old": side(comparison.old), "new": side(comparison.new),
        "counts": {"new": len(comparison.new_findings), "new_fails": len(comparison.new_fails),
                   "resolved": len(comparison.resolved_findings),
                   "unchanged": comparison.unchanged},
        "per_question": rows(comparison.per_question(), "question"),
        "per_social_worker": rows(comparison.per_social_worker(), "social_worker"),
        "new_findings": [finding(f) for f in comparison.new_findings],
        "resolved_findings": [finding(f) for f in comparison.resolved_findings],
        "checklist_changes": [{"key": c.key, "params": dict(c.params)}
                              for key, params in comparison.notes if key == "workflows.checklist.changed_item"
                              for c in [params["change"]]],
        "exit_status": comparison.exit_status(),
    }
