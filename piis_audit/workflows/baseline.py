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
from typing import TYPE_CHECKING, Any

from piis_audit.checklist import fingerprint as checklist_fingerprint
from piis_audit.checklist.model import Checklist
from piis_audit.inputs.messages import input_error
from piis_audit.workflows.jsonfile import read_json
from piis_audit.model import AuditReport, Message, Verdict

if TYPE_CHECKING:
    import polars as pl

BASELINE_KIND = "piis-audit-baseline"
BASELINE_FORMAT_VERSION = 1
FINDING_VERDICTS: frozenset[Verdict] = frozenset({Verdict.FAIL, Verdict.MISSING_DATA, Verdict.PENDING})
NEW, KNOWN = "new", "known"


SEPARATOR = "\x1f"  # the ASCII unit separator, which no id or key contains
PARTS: tuple[str, ...] = ("question", "case_id", "verdict", "reason_key")


def fingerprint_text(question: str, case_id: str, verdict: str, reason_key: str) -> str:
    """What a fingerprint hashes: the finding's parts joined with :data:`SEPARATOR`, so
    ("a b", "c") and ("a", "b c") cannot collide. :func:`fingerprint_texts` is the same on frames."""
    return SEPARATOR.join((question, case_id, verdict, reason_key))


def digest(text: str) -> str:
    """sha256 (hex) of a :func:`fingerprint_text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(question: str, case_id: str, verdict: str, reason_key: str) -> str:
    """sha256 (hex) of the finding's identity (:func:`fingerprint_text`)."""
    return digest(fingerprint_text(question, case_id, verdict, reason_key))


def fingerprint_texts() -> pl.Expr:
    """:func:`fingerprint_text` of each row of a frame with the :data:`PARTS` columns (a finding
    without a reason, which the engine never emits, has reason key "")."""
    import polars as pl

    return pl.concat_str([pl.col("question"), pl.col("case_id"), pl.col("verdict"),
                          pl.col("reason_key").fill_null("")], separator=SEPARATOR)


def findings_frame(report: AuditReport) -> pl.DataFrame:
    """Every finding of the report, from the result frames: ``_case``, the :data:`PARTS` (reason
    key "" when none) and ``_text`` (:func:`fingerprint_texts`), in checklist then export order."""
    import polars as pl

    from piis_audit.engine.result_frames import results_of

    results = results_of(report.cases, [q.id for q in report.checklist.questions])
    verdicts = sorted(v.value for v in FINDING_VERDICTS)
    parts = [frame.filter(pl.col("verdict").is_in(verdicts)).select(
        pl.col("_case").cast(pl.Int32), pl.lit(qid, dtype=pl.String).alias("question"), "verdict",
        pl.col("reason_key").fill_null(""))
        for qid, frame in results.decided.items()]
    schema = {"_case": pl.Int32(), "question": pl.String(), "verdict": pl.String(), "reason_key": pl.String()}
    found = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    ids = results.case_table().select(pl.col("_case").cast(pl.Int32), "case_id")
    return (found.join(ids, on="_case", how="left", maintain_order="left")
            .select("_case", *PARTS).with_columns(_text=fingerprint_texts()))


def _distinct(found: pl.DataFrame) -> pl.DataFrame:
    """Each distinct finding, sorted by its parts, with its ``fingerprint`` (one sha256 per
    distinct finding: :func:`digest` of its ``_text``)."""
    import polars as pl

    distinct = found.unique("_text").sort(list(PARTS))
    prints = pl.Series("fingerprint", [digest(text) for text in distinct.get_column("_text").to_list()],
                       dtype=pl.String)
    return distinct.with_columns(prints)


def _records(found: pl.DataFrame) -> list[dict[str, str]]:
    """Each distinct finding as it is written (fingerprint, then its parts), sorted by its parts."""
    return _distinct(found).select("fingerprint", *PARTS).to_dicts()


# What ``json.dumps(..., ensure_ascii=False)`` escapes in a string; any other string is written as is.
_JSON_ESCAPED = r'[\x00-\x1f"\\]'


def _json_strings(name: str, frame: pl.DataFrame) -> pl.Expr:
    """The column ``name`` as ``json.dumps(value, ensure_ascii=False)`` writes each value: quoted,
    the few values that need escapes encoded by :func:`json.dumps` itself (once per distinct one)."""
    import polars as pl

    column = pl.col(name)
    escaped = frame.filter(column.str.contains(_JSON_ESCAPED)).get_column(name).unique().to_list()
    plain = pl.lit('"') + column + pl.lit('"')
    if not escaped:
        return plain
    encoded = {value: json.dumps(value, ensure_ascii=False) for value in escaped}
    return pl.when(column.str.contains(_JSON_ESCAPED)).then(
        column.replace_strict(encoded, default=None, return_dtype=pl.String)).otherwise(plain)


def _findings_json(found: pl.DataFrame) -> str:
    """The findings list as ``json.dumps(doc, indent=2, ensure_ascii=False)`` writes it inside the
    baseline document (a list at the first level), built with polars: one text per finding."""
    import polars as pl

    distinct = _distinct(found)
    if distinct.is_empty():
        return "[]"
    fields = ["fingerprint", *PARTS]
    pieces: list[pl.Expr] = [pl.lit("    {\n")]
    for i, name in enumerate(fields):
        pieces += [pl.lit(f'      "{name}": '), _json_strings(name, distinct),
                   pl.lit(",\n" if i < len(fields) - 1 else "\n    }")]
    records = distinct.select(pl.concat_str(pieces)).to_series()
    return "[\n" + str(records.str.join(",\n").item()) + "\n  ]"


def findings(report: AuditReport) -> dict[str, dict[str, str]]:
    """Every finding of the report, by fingerprint (sorted by its parts)."""
    return {record["fingerprint"]: record for record in _records(findings_frame(report))}


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
    """Record the report's findings (sorted, so the file diffs well under version control).

    The file is exactly ``json.dumps(doc, indent=2, ensure_ascii=False)`` of the document whose
    ``findings`` are the :func:`findings` records, their list written from the frame
    (:func:`_findings_json`; a test holds the two to the same bytes)."""
    doc: dict[str, Any] = {
        "kind": BASELINE_KIND, "format_version": BASELINE_FORMAT_VERSION,
        "checklist": {"id": report.checklist.id, "version": report.checklist.version,
                      **checklist_fingerprint.summary(report.checklist)},
        "as_of": report.as_of.isoformat(),
        "export_fingerprint": report.export.fingerprint,
        "findings": [],
    }
    head = json.dumps(doc, indent=2, ensure_ascii=False)  # ends with '"findings": []\n}'
    text = head[:-len("[]\n}")] + _findings_json(findings_frame(report)) + "\n}\n"
    path.write_text(text, encoding="utf-8")


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
    baseline's findings no longer found (sorted by question, case, then as in the file).

    Joins on the result frames: the report's findings (:func:`findings_frame`) against the
    baseline's, by :func:`fingerprint_text` (the text the fingerprint hashes, so matching it is
    matching the fingerprint, without hashing the report's findings); the ``baseline`` column of
    each question's frame is set on findings, null elsewhere; resolved findings are an anti-join.
    """
    import polars as pl

    from piis_audit.engine.result_frames import BASELINE, FrameTallies, results_of

    entries = list(baseline.findings.values())
    known = pl.DataFrame({"_text": [fingerprint_text(*(f[k] for k in PARTS)) for f in entries],
                          "_at": list(range(len(entries)))}, schema={"_text": pl.String(), "_at": pl.Int64()})
    found = findings_frame(report).join(known, on="_text", how="left", maintain_order="left").with_columns(
        pl.when(pl.col("_at").is_not_null()).then(pl.lit(KNOWN)).otherwise(pl.lit(NEW)).alias(BASELINE))
    results = results_of(report.cases, [q.id for q in report.checklist.questions])
    marks = {qid: found.filter(pl.col("question") == qid).select("_case", BASELINE) for qid in results.decided}
    gone = (known.join(found.select("_text").unique(), on="_text", how="anti")
            .get_column("_at").to_list())
    resolved = tuple(dict(f) for f in sorted((entries[i] for i in sorted(gone)),
                                             key=lambda f: (f["question"], f["case_id"])))
    marked = results.with_marks(marks)
    return replace(report, cases=marked, resolved_findings=resolved, baseline=baseline.path,
                   baseline_checklist_changes=tuple(baseline.checklist_changes(report.checklist)),
                   tallies=None if report.tallies is None else FrameTallies(marked.decided))
