"""What a checklist said when a result or a baseline was made, and what changed since.

A checklist's ``version`` is written by hand and need not change when a parameter does, so the
JSON result and the baselines also keep the checklist's *fingerprint* (sha256 of its content,
:attr:`~piis_audit.checklist.model.Checklist.fingerprint`) and a summary small enough to name what
changed: every checklist-wide parameter's value, and per question its fingerprint, its params and
its condition. Comparing two summaries gives messages such as "parameter deadline_months: 3 → 4"
or "question evaluations: parameter window_months: 12 → 6".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from piis_audit.checklist.model import Checklist
from piis_audit.model import Message

KEY = "workflows.checklist.change."


def summary(checklist: Checklist) -> dict[str, Any]:
    """The fingerprint and what is needed to name a change (JSON-able)."""
    canonical = checklist.canonical()
    return {
        "fingerprint": checklist.fingerprint,
        "parameters": canonical["parameters"],
        "amounts": _digest(canonical["amounts"]),
        "questions": {q["id"]: {"fingerprint": checklist.question_fingerprints[q["id"]],
                                "params": q["params"], "applies_if": q["applies_if"]}
                      for q in canonical["questions"]},
    }


def fingerprint_of(data: Any) -> str | None:
    """The fingerprint a stored summary holds (None for a file written before fingerprints)."""
    value = data.get("fingerprint") if isinstance(data, Mapping) else None
    return value if isinstance(value, str) and value else None


def _clean(data: Any) -> dict[str, Any] | None:
    """A stored summary with only the parts that have the right shape (None without a
    fingerprint): a file may be old, hand-edited or from another tool."""
    fingerprint = fingerprint_of(data)
    if fingerprint is None:
        return None
    parameters = data.get("parameters")
    amounts = data.get("amounts")
    questions = data.get("questions")
    return {
        "fingerprint": fingerprint,
        "parameters": dict(parameters) if isinstance(parameters, Mapping) else None,
        "amounts": amounts if isinstance(amounts, str) else None,
        "questions": ({str(qid): dict(q) for qid, q in questions.items() if isinstance(q, Mapping)}
                      if isinstance(questions, Mapping) else None),
    }


def changes(old: Any, new: Any) -> list[Message]:
    """What differs from the summary ``old`` to the summary ``new`` (empty when their fingerprints
    are equal or either has none). Either may come from a file: a part it lacks or holds
    wrongly is not compared."""
    then, now = _clean(old), _clean(new)
    if then is None or now is None or then["fingerprint"] == now["fingerprint"]:
        return []
    out: list[Message] = []
    if then["parameters"] is not None and now["parameters"] is not None:
        out += _parameter_changes(then["parameters"], now["parameters"], None)
    if None not in (then["amounts"], now["amounts"]) and then["amounts"] != now["amounts"]:
        out.append(Message(KEY + "amounts", {}))
    if then["questions"] is not None and now["questions"] is not None:
        for qid, question in then["questions"].items():
            if qid not in now["questions"]:
                out.append(Message(KEY + "question_removed", {"question": qid}))
            else:
                out += _question_changes(qid, question, now["questions"][qid])
        for qid in now["questions"]:
            if qid not in then["questions"]:
                out.append(Message(KEY + "question_added", {"question": qid}))
    if not out:
        out.append(Message(KEY + "unknown", {}))
    return out


def _question_changes(qid: str, then: Mapping[str, Any], now: Mapping[str, Any]) -> list[Message]:
    if then.get("fingerprint") == now.get("fingerprint"):
        return []
    out: list[Message] = []
    if isinstance(then.get("params"), Mapping) and isinstance(now.get("params"), Mapping):
        out += _parameter_changes(then["params"], now["params"], qid)
    if "applies_if" in then and "applies_if" in now and then["applies_if"] != now["applies_if"]:
        out.append(Message(KEY + "question_condition", {"question": qid, "old": _shown(then["applies_if"]),
                                                        "new": _shown(now["applies_if"])}))
    if not out:  # the fingerprint changed, but neither params nor condition: the texts, severity …
        out.append(Message(KEY + "question_other", {"question": qid}))
    return out


def _parameter_changes(then: Mapping[str, Any], now: Mapping[str, Any], qid: str | None) -> list[Message]:
    prefix = KEY + ("question_" if qid is not None else "")
    where: dict[str, str] = {"question": qid} if qid is not None else {}
    out: list[Message] = []
    for name in sorted(set(then) | set(now), key=str):
        if name not in now:
            out.append(Message(prefix + "parameter_removed", {**where, "name": str(name), "old": _shown(then[name])}))
        elif name not in then:
            out.append(Message(prefix + "parameter_added", {**where, "name": str(name), "new": _shown(now[name])}))
        elif then[name] != now[name]:
            out.append(Message(prefix + "parameter", {**where, "name": str(name), "old": _shown(then[name]),
                                                      "new": _shown(now[name])}))
    return out


def _shown(value: Any) -> str:
    """A parameter value as written in YAML (texts as they are, the rest as JSON; none: —)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short(fingerprint: str) -> str:
    """The first 12 hex digits, as shown to people."""
    return fingerprint[:12]
