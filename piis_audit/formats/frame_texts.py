"""What the reports show of the result frames, computed once per distinct value.

A national export has millions of results but far fewer distinct reasons, notes and to-do
messages: the reports render each distinct one once, then join the texts back onto the result
frames with polars. The messages are made as the engine's readers make them
(:func:`~piis_audit.engine.runner.result_reader`: :func:`~piis_audit.engine.typed_values.params`;
the facts by :func:`~piis_audit.engine.runner.facts_reader` itself, for one representative case
of each distinct mandatory reason), so a report reads a result exactly as the object path
(``report.cases[k]``) would.

A report whose ``cases`` are not :class:`~piis_audit.engine.runner.CaseResults` (one made in code,
or redacted) is shown from its objects instead; :func:`case_results` says which one a report has.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from piis_audit.engine.typed_values import params
from piis_audit.model import AuditReport, Facts, Message, Result, Verdict

if TYPE_CHECKING:
    import polars as pl

    from piis_audit.engine.runner import CaseResults

T = TypeVar("T")

# The columns a result's reason, notes and to-do message are made of (result frame columns).
REASON = ("reason_key", "reason_params")
NOTES = ("notes", "notes_params")
ACTION = ("action_key", "action_params")
# The facts columns the mandatory reason is made of (with the case's ``piis_requested_by``).
MANDATORY_REASON = ("mandatory_key", "age", "age_why_key", "age_why_field", "piis_requested_by")


def case_results(report: AuditReport) -> CaseResults | None:
    """The report's cases as frames, when they are (a report straight from the audit); else None."""
    from piis_audit.engine.runner import CaseResults

    return report.cases if isinstance(report.cases, CaseResults) else None


def distinct(frame: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
    """The distinct values of the ``on`` columns of ``frame``, in order of first appearance."""
    return frame.select(*on).unique(maintain_order=True)


def with_values(table: pl.DataFrame, name: str, values: Sequence[Any], dtype: pl.DataType) -> pl.DataFrame:
    """``table`` with one more column ``name`` (``values``, row for row)."""
    import polars as pl

    return table.with_columns(pl.Series(name, values, dtype=dtype))


def message_of(key: str | None, text: str | None) -> Message | None:
    """A reason or to-do message from its key and JSON parameters, as the engine's reader makes
    it (:func:`~piis_audit.engine.runner.result_reader`); None without a key."""
    return None if key is None else Message(key, params(text))


def reasons(table: pl.DataFrame) -> list[Message | None]:
    """The reason of each row of a table with the ``reason_key`` and ``reason_params`` columns."""
    return [message_of(k, p) for k, p in table.select(*REASON).iter_rows()]


def actions(table: pl.DataFrame) -> list[Message | None]:
    """The to-do message of each row of a table with the ``action_key`` and ``action_params`` columns."""
    return [message_of(k, p) for k, p in table.select(*ACTION).iter_rows()]


def notes(table: pl.DataFrame) -> list[tuple[Message, ...]]:
    """The notes of each row of a table with the ``notes`` and ``notes_params`` columns."""
    return [tuple(Message(n, params(p)) for n, p in zip(keys, texts, strict=True))
            for keys, texts in table.select(*NOTES).iter_rows()]


def evidence(table: pl.DataFrame) -> list[dict[str, Any]]:
    """The evidence of each row of a table with the ``evidence`` column, typed."""
    return [params(text) for text in table.get_column("evidence").to_list()]


def mandatory_reasons(cases: CaseResults, checklist: Any, value: Callable[[Facts], T], name: str,
                      dtype: pl.DataType) -> pl.DataFrame:
    """A frame ``_case`` -> ``name`` (in case order): ``value`` of the facts of every case,
    computed once per distinct mandatory reason (the facts read by the engine's reader, with the
    ``checklist`` the cases were decided with). ``value`` must depend on the mandatory reason only."""
    import polars as pl

    from piis_audit.engine.runner import facts_reader
    from piis_audit.frames import ExportFrames

    requested = cases.frames.frame("cases").select("_case", "piis_requested_by")
    facts = cases.facts.join(requested, on="_case", how="left", maintain_order="left")
    first = facts.select("_case", *MANDATORY_REASON).unique(subset=list(MANDATORY_REASON), keep="first",
                                                             maintain_order=True).get_column("_case")
    reps = facts.filter(pl.col("_case").is_in(first.implode())).sort("_case")
    make = facts_reader(reps, ExportFrames({"cases": reps.select("_case", "piis_requested_by")}, {}),
                        checklist)
    table = reps.select(*MANDATORY_REASON).with_columns(
        pl.Series(name, [value(make(i)) for i in range(reps.height)], dtype=dtype))
    return ordered(attach(facts.select("_case", *MANDATORY_REASON), table, MANDATORY_REASON).select("_case", name))


def attach(frame: pl.DataFrame, table: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
    """``frame`` with the columns of ``table`` joined on ``on`` (nulls match nulls), rows kept in order."""
    return frame.join(table, on=list(on), how="left", nulls_equal=True, maintain_order="left")


def ordered(frame: pl.DataFrame) -> pl.DataFrame:
    """A result or facts frame in case order (``_case`` 0..n-1)."""
    return frame if frame.get_column("_case").is_sorted() else frame.sort("_case")


def results_of(cases: CaseResults, question: str, listed: Sequence[int]) -> list[Result]:
    """The results of ``question`` for the ``listed`` cases (indexes), read by the engine's reader,
    with the waiver and baseline marks of the result frame where it has those columns."""
    import dataclasses

    import polars as pl

    from piis_audit.engine.runner import result_reader

    frame = cases.decided[question].filter(pl.col("_case").is_in(list(listed))).sort("_case")
    make = result_reader(question, frame)
    position = {k: i for i, k in enumerate(frame.get_column("_case").to_list())}
    waivers: Sequence[Any] = getattr(cases, "waivers", ())
    marks = {name: frame.get_column(name).to_list() for name in ("waiver", "baseline") if name in frame.columns}
    out = []
    for k in listed:
        i = position[k]
        result = make(i)
        if marks:
            waiver = marks.get("waiver", [None] * (i + 1))[i]
            result = dataclasses.replace(result, waiver=None if waiver is None else waivers[waiver],
                                         baseline=marks.get("baseline", [None] * (i + 1))[i])
        out.append(result)
    return out


def selected_results(cases: CaseResults, order: Sequence[str], verdicts: Collection[Verdict] | None,
                     questions: Collection[str] | None) -> Iterator[tuple[int, Result]]:
    """(case index, result) of the results with one of ``verdicts`` for one of ``questions``
    (None: all), cases in order, questions in the order of ``order``."""
    import polars as pl

    picked: list[tuple[int, int, Result]] = []
    for position, qid in enumerate(order):
        if questions is not None and qid not in questions:
            continue
        frame = cases.decided[qid]
        if verdicts is not None:
            frame = frame.filter(pl.col("verdict").is_in([v.value for v in verdicts]))
        listed = frame.get_column("_case").sort().to_list()
        picked.extend((k, position, r) for k, r in zip(listed, results_of(cases, qid, listed), strict=True))
    picked.sort(key=lambda item: (item[0], item[1]))
    for k, _, result in picked:
        yield k, result
