"""CI waivers (dérogations / uitzonderingen): an accepted finding, with who accepted it and until when.

A waiver file is YAML, a list of entries (or a mapping with a ``waivers:`` list)::

    waivers:
      - case_id: D0042
        question: evaluations
        justification: "Beneficiary hospitalised Jan-Jun 2026; evaluations resumed in July"
        approved_by: "J. Peeters, head of social service"
        expires: 2026-12-31

A waived result keeps its verdict; it is marked waived wherever it is shown and never counts for
the exit status (:mod:`piis_audit.workflows.gate`). Like unused ``noqa`` comments (sqlfluff),
waivers that expired or that matched no finding are reported, so the file does not rot.

The file is checked in full before any audit work: any problem stops the run (exit 2) naming the
file, the entry number and its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from piis_audit.engine.result_frames import WAIVER, FrameTallies, results_of
from piis_audit.inputs.errors import InputError
from piis_audit.inputs.messages import input_error, message
from piis_audit.model import AuditReport, Verdict, Waiver

FIELDS: tuple[str, ...] = ("case_id", "question", "justification", "approved_by", "expires")
# A waiver accepts a finding; a pass or a not-applicable result has nothing to waive.
WAIVABLE: frozenset[Verdict] = frozenset({Verdict.FAIL, Verdict.MISSING_DATA, Verdict.PENDING})


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    return None


def _text(value: Any) -> str:
    """A YAML scalar as trimmed text (``case_id: 1234`` is read as the id "1234")."""
    if value is None or isinstance(value, (bool, list, dict)):
        return ""
    return str(value).strip()


def _entry(item: Any, number: int, line: int, path: Path, questions: set[str]) -> Waiver:
    where = message("errors.waivers.entry", path=str(path), number=str(number), line=str(line))
    fields = ", ".join(FIELDS)
    if not isinstance(item, dict):
        raise input_error("errors.waivers.not_a_mapping", where=where, fields=fields)
    unknown = sorted(str(key) for key in item if key not in FIELDS)  # YAML keys may be numbers
    if unknown:
        raise input_error("errors.waivers.unknown_keys", where=where, keys=", ".join(unknown),
                          fields=fields)
    missing = [name for name in FIELDS if name not in item or item[name] is None
               or (name != "expires" and not _text(item[name]))]
    if missing:
        raise input_error("errors.waivers.missing_one" if len(missing) == 1 else "errors.waivers.missing_many",
                          where=where, fields=", ".join(missing))
    question = _text(item["question"])
    if question not in questions:
        raise input_error("errors.waivers.unknown_question", where=where, question=repr(question),
                          questions=", ".join(sorted(questions)))
    expires = _parse_date(item["expires"])
    if expires is None:
        raise input_error("errors.waivers.bad_date", where=where, value=repr(item["expires"]))
    return Waiver(case_id=_text(item["case_id"]), question=question,
                  justification=_text(item["justification"]),
                  approved_by=_text(item["approved_by"]), expires=expires)


class _WaiverLoader(yaml.SafeLoader):
    """yaml.SafeLoader that keeps dates as text: PyYAML raises a bare ValueError (no line) on an
    impossible date such as 2027-02-30, and the entry's own check names entry and line instead."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_WaiverLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _entries_node(root: yaml.Node | None) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "waivers":
                entries: yaml.Node = value
                return entries
    return root


def load_waivers(path: Path, questions: set[str]) -> list[Waiver]:
    """Read and check a waiver file against the checklist's question ids.

    Raises :class:`~piis_audit.inputs.errors.InputError` naming the file, the entry number and
    its line when the file is unreadable, not YAML, or an entry lacks a field, names an unknown
    question or has a bad date; every entry is checked, so all such problems are said at once,
    one per line. An empty file holds no waivers.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise input_error("errors.waivers.cannot_read", path=str(path), error=str(exc.strerror or exc)) from exc
    except UnicodeDecodeError as exc:
        raise input_error("errors.waivers.not_utf8", path=str(path)) from exc
    try:
        data = yaml.load(text, Loader=_WaiverLoader)  # noqa: S506 - a SafeLoader subclass
        node = _entries_node(yaml.compose(text, Loader=_WaiverLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or exc)
        if mark is not None:
            raise input_error("errors.waivers.not_yaml_at", path=str(path), line=str(mark.line + 1),
                              problem=problem) from exc
        raise input_error("errors.waivers.not_yaml", path=str(path), problem=problem) from exc
    if data is None:
        return []
    if isinstance(data, dict):
        if set(data) != {"waivers"}:
            raise input_error("errors.waivers.other_keys", path=str(path), keys=", ".join(sorted(map(str, data))))
        data = data["waivers"]
        if data is None:
            return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise input_error("errors.waivers.not_a_list", path=str(path))
    lines = [item.start_mark.line + 1 for item in node.value]
    waivers: list[Waiver] = []
    problems: list[InputError] = []
    for number, (item, line) in enumerate(zip(data, lines), start=1):
        try:
            waivers.append(_entry(item, number, line, path, questions))
        except InputError as exc:  # every entry is checked: all problems are said at once
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        said = [p.text for p in problems if p.text is not None]
        listed = said[-1]
        for sentence in reversed(said[:-1]):
            listed = message("errors.waivers.next", first=sentence, rest=listed)
        raise input_error("errors.waivers.several", path=str(path), count=str(len(problems)), problems=listed)
    return waivers


def is_active(waiver: Waiver, as_of: dt.date) -> bool:
    """A waiver applies up to and including its expiry date."""
    return waiver.expires >= as_of


def apply_waivers(report: AuditReport, waivers: Iterable[Waiver]) -> AuditReport:
    """Mark waived results (verdict unchanged) and list the expired and unused waivers.

    Expired waivers (expires < as_of) never apply. An active waiver is unused when its case is not
    in the report, or its result there is a pass or not applicable (nothing left to waive). When
    several active waivers name the same result, the one expiring last is shown (the first of
    those in the file on a tie); all are used.

    A join on the result frames (:mod:`piis_audit.engine.result_frames`): each question's frame
    gets its ``waiver`` column (an index into the results' ``waivers``; a result an earlier waiver
    file marked and this one does not keeps its mark), and the report's cases stay what they were
    (the engine's frames, or objects made in code, marked in turn).
    """
    as_of = report.as_of
    waivers = list(waivers)
    expired = tuple(w for w in waivers if not is_active(w, as_of))
    results = results_of(report.cases, [q.id for q in report.checklist.questions])
    offset = len(results.waivers)
    active = [(i, w) for i, w in enumerate(waivers) if is_active(w, as_of)]
    table = pl.DataFrame({"_w": [i for i, _ in active], "case_id": [w.case_id for _, w in active],
                          "question": [w.question for _, w in active], "expires": [w.expires for _, w in active]},
                         schema={"_w": pl.Int32(), "case_id": pl.String(), "question": pl.String(),
                                 "expires": pl.Date()})
    # The waiver shown per result: the one expiring last, the first in the file on a tie.
    shown = (table.sort(["expires", "_w"], descending=[True, False])
             .unique(["case_id", "question"], keep="first", maintain_order=True))
    hits = shown.join(results.case_table().select("_case", "case_id"), on="case_id")
    waivable = sorted(v.value for v in WAIVABLE)
    marks: dict[str, pl.DataFrame] = {}
    used_keys: set[tuple[str, str]] = set()
    for qid, frame in results.decided.items():
        mine = hits.filter(pl.col("question") == qid).select(
            pl.col("_case").cast(frame.schema["_case"]), "_w", "case_id")
        if mine.is_empty():
            continue
        joined = (frame.select("_case", "verdict", WAIVER).join(mine, on="_case", how="left", maintain_order="left")
                  .with_columns(_hit=pl.col("_w").is_not_null() & pl.col("verdict").is_in(waivable)))
        used_keys.update((case_id, qid) for case_id in joined.filter("_hit").get_column("case_id").to_list())
        marks[qid] = joined.select("_case", pl.when("_hit").then(pl.col("_w") + offset)
                                   .otherwise(pl.col(WAIVER)).cast(pl.Int32).alias(WAIVER))
    unused = tuple(w for _, w in active if (w.case_id, w.question) not in used_keys)
    marked = results.with_marks(marks, tuple(waivers))
    return replace(report, cases=marked, expired_waivers=report.expired_waivers + expired,
                   unused_waivers=report.unused_waivers + unused,
                   tallies=None if report.tallies is None else FrameTallies(marked.decided))
