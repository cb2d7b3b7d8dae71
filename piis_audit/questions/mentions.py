"""``required-mentions``: the contract holds every required mention (questions
``mandatory-mentions`` and ``student-mentions``; AR art. 11 §1-3, circular §4.3 and §5.2).

Parameters: ``mentions``: a list of field names, or of ``{field: NAME, when: EXPRESSION}``
for a mention required only in some files (e.g. the third party's role when ``third_party``
is set).

* pass: every required mention is ``oui``; the reason lists the mentions checked and found.
* fail: any mention is ``non``; the reason lists every missing one.
  Example: ``mention_duration = non`` -> "missing mentions: mention_duration".
* missing_data: none is ``non`` but some are empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piis_audit.checklist import params as P
from piis_audit.checklist.expressions import ExpressionError, compile_expression
from piis_audit.checklist.yaml_lines import LineDict
from piis_audit.questions.interface import CheckKind
from piis_audit.schema import CASES, FieldType


def validate(params: Mapping[str, Any]) -> list[str]:
    """Every entry names a yes/no field of the cases table; every ``when`` compiles."""
    problems: list[str] = []
    for entry in params["mentions"]:
        name = entry if isinstance(entry, str) else entry.get("field") if isinstance(entry, dict) else None
        spec = CASES.by_name.get(name) if isinstance(name, str) else None
        if spec is None or spec.type is not FieldType.BOOL:
            problems.append(f"mention {entry!r} is not a yes/no field of the cases table")
        if isinstance(entry, dict):
            try:
                # a mention's condition reads the case's own fields (by their empty-class rules), not facts
                compile_expression(str(entry.get("when", "")), frozenset(CASES.by_name))
            except ExpressionError as exc:
                problems.append(str(exc))
    return problems


def conditions(params: Mapping[str, Any]) -> list[tuple[str, int]]:
    """Each mention's ``when`` condition, with its line in the checklist (0 when unknown)."""
    return [(str(entry["when"]), entry.line_of("when") if isinstance(entry, LineDict) else 0)
            for entry in params["mentions"] if isinstance(entry, dict) and "when" in entry]


KIND = CheckKind(id="required-mentions", reasons=("missing_mentions", "all_mentions"),
                 params={"mentions": P.entries()}, doc=__doc__ or "", validate=validate, conditions=conditions,
                 reads=())  # the fields its ``mentions`` param names (piis_audit/questions/reads.py)

