"""The layout of each case of the JSON result (``docs/json.md``), defined once.

A case is written from *fragments*: one column per key, each value already JSON text (``null``
written out where the key is always there; a null cell where an optional key is left out).
Both ways of filling them, from the result frames (:mod:`piis_audit.formats.json_frames`) and
from the objects of a report made in code or redacted (:func:`object_fragments`), give these
columns; :func:`case_json` alone puts them together, so a key and its place exist only here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from piis_audit.i18n.render import render
from piis_audit.model import AuditReport, CaseReport, Message, Result, Waiver
from piis_audit.i18n.legal import legal_bases

if TYPE_CHECKING:
    import polars as pl

# (key, always there): a result, in the order written. An optional key is left out where its
# fragment is null.
RESULT_KEYS: tuple[tuple[str, bool], ...] = (
    ("question", True), ("verdict", True), ("reason", True), ("reason_key", True), ("evidence", True),
    ("legal_basis", True), ("notes", True), ("due_date", False), ("action", False),
    ("money_at_risk", False), ("waived", False), ("baseline", False))
# The derived facts (:meth:`piis_audit.model.Facts.as_dict`, in that order), then the mandatory
# reason in words where there is one. ``age`` is left out with --redact.
FACT_KEYS: tuple[str, ...] = ("age", "new_beneficiary", "piis_mandatory", "mandatory_by_request",
                              "piis_concluded", "conclusion_date", "exempted", "deadline", "deadline_from")
# A case's own keys before its source, facts and results; ``beneficiary_name`` is left out with --redact.
CASE_KEYS: tuple[str, ...] = ("case_id", "social_worker", "office", "beneficiary_name")
SOURCE_KEYS: tuple[str, ...] = ("source_file", "source_row")  # written as "source": {"file", "row"}

_AS_IS = (str, int, bool, float, type(None))


def plain(value: Any) -> Any:
    """JSON-safe value: ISO dates, amounts as strings with 2 decimals kept exact."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Message):
        return {"key": value.key, "params": {k: plain(v) for k, v in value.params.items()}}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def dumps(data: Any) -> str:
    """Compact JSON text, non-ASCII kept as it is (the C encoder)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- one value each


def value_json(value: Any) -> str:
    """Any value of a case, a fact or a parameter as JSON text."""
    return dumps(plain(value))


def evidence_json(evidence: Mapping[str, Any]) -> str:
    """A result's evidence: the values used, by field name."""
    return dumps({k: plain(v) for k, v in evidence.items()})


def text_json(text: str | None) -> str:
    """A text (or null) as JSON text."""
    return dumps(text)


def texts_json(texts: Iterable[str]) -> str:
    """A list of texts as a JSON array."""
    return dumps(list(texts))


def money_json(amount: Decimal | None) -> str | None:
    """An amount as a JSON string with its two decimals (None: the key is left out)."""
    return None if amount is None else dumps(str(amount))


def waiver_json(waiver: Waiver | None) -> str | None:
    """What a waiver says (None: not waived, the key is left out)."""
    if waiver is None:
        return None
    return dumps({"justification": waiver.justification, "approved_by": waiver.approved_by,
                  "expires": waiver.expires.isoformat()})


def message_json(message: Message | None, checklist: Any, question: str | None, lang: str) -> str:
    """A reason, note or action rendered in ``lang`` as JSON text; ``null`` for none."""
    return text_json(None if message is None else render(message, checklist, question, lang))


# --------------------------------------------------------------------------- assembly


Pieces = list["pl.Expr"]


def _object(pairs: Sequence[tuple[str, pl.Expr | Pieces, bool]]) -> Pieces:
    """The pieces of ``{"key":fragment,...}`` (a value may be the pieces of an object inside);
    an optional key whose fragment is null is left out. Written as one flat list, so polars
    builds each case's text in one pass (no intermediate string per key)."""
    import polars as pl

    pieces: Pieces = []
    for position, (key, value, required) in enumerate(pairs):
        head = pl.lit(("{" if position == 0 else ",") + dumps(key) + ":")
        if required:
            pieces.extend([head, *value] if isinstance(value, list) else [head, value])
        elif position == 0 or isinstance(value, list):
            raise ValueError(f"{key}: an optional key must be a single fragment after the first key")
        else:
            pieces.append(pl.concat_str([head, value]))  # null, so left out, where the fragment is null
    pieces.append(pl.lit("}"))
    return pieces


def case_json(cases: pl.DataFrame, results: Sequence[pl.DataFrame], *, redact: bool,
              comma_first: bool = False) -> pl.Series:
    """Each case of a chunk as JSON text: ``cases`` holds the case and fact fragments, one row per
    case; ``results`` one frame of result fragments per question (checklist order), row for row.
    Every case but the first starts with the comma that separates it from the one before;
    ``comma_first``: the first too (a chunk after the first)."""
    import polars as pl

    renamed = [frame.select(pl.col(key).alias(f"{i}:{key}") for key, _ in RESULT_KEYS)
               for i, frame in enumerate(results)]
    frame = pl.concat([cases, *renamed], how="horizontal") if renamed else cases
    facts: list[tuple[str, pl.Expr | Pieces, bool]] = [
        (key, pl.col(key), True) for key in FACT_KEYS if not (redact and key == "age")]
    facts.append(("mandatory_reason", pl.col("mandatory_reason"), False))
    keys: list[tuple[str, pl.Expr | Pieces, bool]] = [
        (key, pl.col(key), True) for key in CASE_KEYS if not (redact and key == "beneficiary_name")]
    source = _object([("file", pl.col("source_file"), True), ("row", pl.col("source_row"), True)])
    listed: Pieces = [pl.lit("[")]
    for i in range(len(results)):
        if i:
            listed.append(pl.lit(","))
        listed.extend(_object([(key, pl.col(f"{i}:{key}"), required) for key, required in RESULT_KEYS]))
    listed.append(pl.lit("]"))
    comma = pl.lit(",") if comma_first else pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("")).otherwise(pl.lit(","))
    pieces = [comma, *_object([*keys, ("source", source, True), ("facts", _object(facts), True),
                               ("results", listed, True)])]
    return frame.select(pl.concat_str(pieces, ignore_nulls=True).alias("case")).get_column("case")


# --------------------------------------------------------------------------- from objects


def object_fragments(report: AuditReport, chunk: Sequence[CaseReport], lang: str, *, redact: bool
                     ) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The fragments of some cases read from their objects (a report made in code, or redacted)."""
    import polars as pl

    checklist = report.checklist
    rows: dict[str, list[str | None]] = {k: [] for k in (*CASE_KEYS, *SOURCE_KEYS, *FACT_KEYS, "mandatory_reason")}
    questions = [q.id for q in checklist.questions]
    results: list[dict[str, list[str | None]]] = [{k: [] for k, _ in RESULT_KEYS} for _ in questions]
    for cr in chunk:
        case = cr.case
        rows["case_id"].append(value_json(case.case_id))
        for key in CASE_KEYS[1:]:
            rows[key].append(value_json(case.values.get(key)))
        rows["source_file"].append(value_json(case.source))
        rows["source_row"].append(value_json(case.row))
        facts = cr.facts.as_dict()
        for key in FACT_KEYS:
            rows[key].append(value_json(facts[key]))
        reason = cr.facts.mandatory_reason
        rows["mandatory_reason"].append(None if reason is None else message_json(reason, checklist, None, lang))
        if len(cr.results) != len(questions):
            raise ValueError(f"case {case.case_id}: {len(cr.results)} results for {len(questions)} questions")
        for out, r in zip(results, cr.results, strict=True):
            for key, value in _result_fragments(report, r, lang).items():
                out[key].append(value)
    schema = dict.fromkeys(rows, pl.String())
    return (pl.DataFrame(rows, schema=schema),
            [pl.DataFrame(r, schema=dict.fromkeys(r, pl.String())) for r in results])


def _result_fragments(report: AuditReport, r: Result, lang: str) -> dict[str, str | None]:
    checklist = report.checklist
    q = checklist.by_id[r.question]
    return {
        "question": text_json(r.question), "verdict": text_json(r.verdict.value),
        "reason": message_json(r.reason, checklist, r.question, lang),
        "reason_key": text_json(r.reason.key if r.reason else None),
        "evidence": evidence_json(r.evidence), "legal_basis": texts_json(legal_bases(q.legal_basis, lang)),
        "notes": texts_json(render(n, checklist, r.question, lang) for n in r.notes),
        "due_date": None if r.due_date is None else value_json(r.due_date),
        "action": None if r.action is None else message_json(r.action, checklist, r.question, lang),
        "money_at_risk": money_json(r.money_at_risk), "waived": waiver_json(r.waiver),
        "baseline": None if r.baseline is None else text_json(r.baseline),
    }
