"""CI baselines: record today's findings, then tell new findings from known ones.

``audit --write-baseline FILE`` stores the fingerprint of every finding (a ``fail``,
``missing_data`` or ``pending`` result); ``audit --baseline FILE`` marks each finding ``new`` or
``known`` and lists the baseline's findings that are gone (resolved). Only new findings count for
the exit status (:mod:`piis_audit.workflows.gate`), so a CI job can be switched on over an
imperfect past and still fail on every regression.

A fingerprint names *what* is wrong, not where it sits in the file: question id + case id +
verdict + reason key (the kind of failure, e.g. ``late`` vs ``not_concluded``). Row order, other
columns and the wording of the reason (dates, counts, language) do not enter it, so reordering
rows or adding a column leaves every finding known, while a pending deadline that turns into a
fail is a new finding. The file stores a sha256 of those parts and the parts themselves, readable.

A baseline belongs to one checklist id and version: a question's meaning may change between
versions, so a baseline from another one is refused rather than silently misread. It also keeps
the checklist's content fingerprint and a summary of its parameters and questions
(:mod:`piis_audit.checklist.fingerprint`): applying it under the same id and version but another
content (``deadline_months: 3`` became 4) warns, naming what changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from piis_audit.checklist import fingerprint as checklist_fingerprint
from piis_audit.checklist.model import Checklist
from piis_audit.inputs.messages import input_error
from piis_audit.workflows.jsonfile import read_json
from piis_audit.model import AuditReport, CaseReport, Message, Result, Verdict

BASELINE_KIND = "piis-audit-baseline"
BASELINE_FORMAT_VERSION = 1
FINDING_VERDICTS: frozenset[Verdict] = frozenset({Verdict.FAIL, Verdict.MISSING_DATA, Verdict.PENDING})
NEW, KNOWN = "new", "known"


def fingerprint(question: str, case_id: str, verdict: str, reason_key: str) -> str:
    """sha256 (hex) of the finding's identity. Fields are joined with the ASCII unit separator,
    which no id or key contains, so ("a b", "c") and ("a", "b c") cannot collide."""
    text = "\x1f".join((question, case_id, verdict, reason_key))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reason_key(result: Result) -> str:
    """The kind of failure; a finding without a reason (which the engine never emits) is keyed by
    its verdict alone."""
    return result.reason.key if result.reason is not None else ""


def finding_parts(case_id: str, result: Result) -> dict[str, str]:
    """The readable identity of a finding, plus its fingerprint."""
    parts = {"question": result.question, "case_id": case_id,
             "verdict": result.verdict.value, "reason_key": reason_key(result)}
    return {"fingerprint": fingerprint(**parts), **parts}


def is_finding(result: Result) -> bool:
    return result.verdict in FINDING_VERDICTS


def findings(report: AuditReport) -> dict[str, dict[str, str]]:
    """Every finding of the report, by fingerprint."""
    out: dict[str, dict[str, str]] = {}
    for cr in report.cases:
        for r in cr.results:
            if is_finding(r):
                parts = finding_parts(cr.case.case_id, r)
                out[parts["fingerprint"]] = parts
    return out


@dataclass(frozen=True)
class Baseline:
    checklist_id: str
    checklist_version: str
    as_of: str
    findings: Mapping[str, Mapping[str, str]]  # fingerprint -> readable parts
    path: str = field(default="", compare=False)
    # the checklist as it was (fingerprint, parameters, questions); {} for an older baseline
    checklist_summary: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def checklist_changes(self, checklist: Checklist) -> list[Message]:
        """What changed in ``checklist`` since this baseline was written (empty when nothing did,
        or when the baseline predates fingerprints)."""
        return checklist_fingerprint.changes(self.checklist_summary, checklist_fingerprint.summary(checklist))


def write_baseline(report: AuditReport, path: Path) -> None:
    """Record the report's findings (sorted, so the file diffs well under version control)."""
    found = findings(report)
    doc: dict[str, Any] = {
        "kind": BASELINE_KIND, "format_version": BASELINE_FORMAT_VERSION,
        "checklist": {"id": report.checklist.id, "version": report.checklist.version,
                      **checklist_fingerprint.summary(report.checklist)},
        "as_of": report.as_of.isoformat(),
        "export_fingerprint": report.export.fingerprint,
        "findings": sorted(found.values(), key=lambda f: (f["question"], f["case_id"],
                                                            f["verdict"], f["reason_key"])),
    }
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_baseline(path: Path, checklist: Checklist) -> Baseline:
    """Read a baseline; InputError when unreadable, malformed, or written for another checklist
    id or version (the message names both)."""
    data = read_json(path, "errors.baseline.cannot_read", "errors.baseline.not_json")
    if not isinstance(data, dict) or data.get("kind") != BASELINE_KIND:
        raise input_error("errors.baseline.not_baseline", path=str(path))
    meta = data.get("checklist")
    if not isinstance(meta, dict):
        raise input_error("errors.baseline.no_checklist", path=str(path))
    b_id, b_version = str(meta.get("id")), str(meta.get("version"))
    if (b_id, b_version) != (checklist.id, checklist.version):
        raise input_error("errors.baseline.other_checklist", path=str(path), baseline_id=b_id,
                          baseline_version=b_version, checklist_id=str(checklist.id),
                          checklist_version=str(checklist.version))
    raw = data.get("findings")
    if not isinstance(raw, list):
        raise input_error("errors.baseline.findings_not_list", path=str(path))
    out: dict[str, dict[str, str]] = {}
    for number, item in enumerate(raw, start=1):
        keys = ("question", "case_id", "verdict", "reason_key")
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in keys):
            raise input_error("errors.baseline.finding_incomplete", path=str(path), number=str(number),
                              keys=", ".join(keys))
        parts = {k: str(item[k]) for k in keys}
        # Recomputed rather than trusted: a hand-edited entry still matches what it says.
        print_ = fingerprint(**parts)
        out[print_] = {"fingerprint": print_, **parts}
    return Baseline(b_id, b_version, str(data.get("as_of", "")), out, str(path), meta)


def apply_baseline(report: AuditReport, baseline: Baseline) -> AuditReport:
    """Mark each finding ``new`` or ``known`` and fill ``report.resolved_findings`` with the
    baseline's findings no longer found (sorted by question, case)."""
    seen: set[str] = set()
    cases: list[CaseReport] = []
    for cr in report.cases:
        results = []
        for r in cr.results:
            if is_finding(r):
                print_ = finding_parts(cr.case.case_id, r)["fingerprint"]
                seen.add(print_)
                r = replace(r, baseline=KNOWN if print_ in baseline.findings else NEW)
            results.append(r)
        cases.append(replace(cr, results=tuple(results)))
    resolved = tuple(dict(f) for p, f in sorted(baseline.findings.items(),
                                                 key=lambda kv: (kv[1]["question"], kv[1]["case_id"]))
                     if p not in seen)
    return replace(report, cases=tuple(cases), resolved_findings=resolved,
                   baseline_checklist_changes=tuple(baseline.checklist_changes(report.checklist)))
