"""What the reports show of the result frames, computed once per distinct value.

A national export has millions of results but only a few hundred (at most some tens of
thousands) distinct reasons, notes and to-do messages: the reports render each distinct one once,
then join the texts back onto the result frames with polars. The message objects are made by the
engine's own readers (:func:`~piis_audit.engine.runner.result_reader`,
:func:`~piis_audit.engine.runner.facts_reader`) for one representative row of each distinct
value, so a report reads a result exactly as the object path (``report.cases[k]``) would.

A report whose ``cases`` are not :class:`~piis_audit.engine.runner.CaseResults` (one made in code,
or redacted) is shown from its objects instead; :func:`case_results` says which one a report has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from piis_audit.model import AuditReport, Facts, Result

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


def representatives(frame: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
    """One row of ``frame`` per distinct value of the ``on`` columns (its first case), in case order."""
    return frame.unique(subset=list(on), keep="first", maintain_order=True).sort("_case")


def result_values(question: str, frame: pl.DataFrame, on: Sequence[str], value: Callable[[Result], T],
                  name: str, dtype: pl.DataType) -> pl.DataFrame:
    """A table ``on`` columns -> ``name``: ``value`` of the result of each distinct ``on`` value
    of one question's result frame, the result read by the engine's reader."""
    import polars as pl

    from piis_audit.engine.runner import result_reader

    reps = representatives(frame, on)
    make = result_reader(question, reps)
    values = [value(make(i)) for i in range(reps.height)]
    return reps.select(*on).with_columns(pl.Series(name, values, dtype=dtype))


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
    reps = representatives(facts, MANDATORY_REASON)
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
