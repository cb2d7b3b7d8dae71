"""Shared logic for questions that need a list of yes/no answers to all be "yes"
(mandatory mentions, student mentions, signatures)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from piis_audit.questions.interface import CaseContext, MissingData


@dataclass(frozen=True)
class FlagCheck:
    absent: tuple[str, ...]  # answered "no"
    unknown: tuple[str, ...]  # empty or unreadable
    evidence: dict[str, object]


def check_flags(ctx: CaseContext, fields: Iterable[str]) -> FlagCheck:
    """Read every flag: any "no" is a failure listing every "no"; otherwise any unknown value
    makes the question undecidable (``unknown``)."""
    absent: list[str] = []
    unknown: list[str] = []
    evidence: dict[str, object] = {}
    values = ctx.case.values
    for name in fields:
        value = values.get(name)
        if value is None:  # unknown: ctx.fact says why (empty, unreadable, no column)
            try:
                value = ctx.fact(name)
            except MissingData:
                unknown.append(name)
                evidence[name] = None
                continue
        evidence[name] = value
        if not value:
            absent.append(name)
    return FlagCheck(tuple(absent), tuple(unknown), evidence)


def raise_unknown(flags: FlagCheck, ctx: CaseContext) -> None:
    """Turn unknown flags into MissingData (the "why" of the first one names the cause)."""
    if flags.unknown:
        try:
            ctx.fact(flags.unknown[0])
        except MissingData as exc:
            raise MissingData(flags.unknown, exc.why) from None
