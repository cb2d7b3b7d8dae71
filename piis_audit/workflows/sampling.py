"""Reproducible random samples of cases for an inspector's spot check (échantillon / steekproef).

The same export, size and seed always give the same case ids, on any machine and in any process:
the draw runs ``random.Random(seed)`` (seeded from an integer, which Python never salts) over the
case ids in sorted order, and uses only ``Random.random()``, the one generator output whose
sequence Python promises to keep across versions (``Random.sample`` may change its algorithm).

A sample is written as a small JSON document (``piis-audit sample --format json``) that
``audit --sample-file`` reads back: :func:`load_sample_file`, :func:`restrict_to_sample`, then
:func:`sample_statistics` on the report: per question, the deviations (fails) found and the
Clopper–Pearson upper deviation limit at the sample's confidence.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from piis_audit.i18n.render import ui
from piis_audit.inputs.narrowing import case_ids, narrowed
from piis_audit.inputs.errors import InputError
from piis_audit.inputs.messages import input_error
from piis_audit.workflows.jsonfile import read_json
from piis_audit.model import RATE_VERDICTS, AuditReport, Case, ExportData, Message, Verdict
from piis_audit.workflows.stats import attribute_sample_size, upper_deviation_limit

SAMPLE_KIND = "piis-audit-sample"
SAMPLE_FORMAT_VERSION = 1
DEFAULT_CONFIDENCE = 0.95  # for the upper deviation limit when the size was given directly
EMPTY_STRATUM = ""  # cases whose stratify field is empty form their own stratum


def new_seed() -> int:
    """A fresh seed for a draw the user did not seed (printed, so it can be re-drawn)."""
    return secrets.randbelow(1_000_000)


def draw(case_ids: Iterable[str], size: int, rng: random.Random) -> list[str]:
    """``size`` distinct ids from ``case_ids``, drawn with ``rng`` over the ids in sorted order
    (a partial Fisher–Yates shuffle), returned sorted."""
    pool = sorted(set(case_ids))
    if not 0 <= size <= len(pool):
        raise ValueError(f"cannot draw {size} of {len(pool)} cases")
    for i in range(size):
        # int(random() * m) is uniform on 0..m-1 up to 2**-53, far below any audit's concern.
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return sorted(pool[:size])


def allocate(strata: Mapping[str, int], size: int) -> dict[str, int]:
    """Proportional allocation of ``size`` over strata of the given populations, by largest
    remainder (ties: the larger stratum, then the stratum's name); the parts sum to ``size`` and
    none exceeds its stratum."""
    total = sum(strata.values())
    if not 0 <= size <= total:
        raise ValueError(f"cannot allocate {size} over {total} cases")
    if total == 0:
        return {name: 0 for name in strata}
    quotas = {name: size * count / total for name, count in strata.items()}
    parts = {name: int(math.floor(q)) for name, q in quotas.items()}
    left = size - sum(parts.values())
    order = sorted(strata, key=lambda name: (-(quotas[name] - parts[name]), -strata[name], name))
    for name in order[:left]:
        parts[name] += 1
    return parts


def stratum_value(case: Case, field_name: str) -> str:
    """The text a case is stratified by: a canonical field, else an extra (unknown) column."""
    value = case.values.get(field_name) if field_name in case.values else case.extra.get(field_name)
    if value is None:
        return EMPTY_STRATUM
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def stratify_fields(export: ExportData) -> list[str]:
    """The fields a sample can be stratified by in this export (its columns of ``cases``)."""
    names = set(export.columns.get("cases", frozenset()))
    for case in export.cases:
        names.update(case.extra)
    return sorted(names)


@dataclass(frozen=True)
class Stratum:
    value: str
    population: int
    size: int


@dataclass(frozen=True)
class SampleSpec:
    """A drawn sample, as written to and read from a sample file."""

    seed: int
    size: int
    population: int
    export_fingerprint: str
    confidence: float
    case_ids: tuple[str, ...]
    tolerable_rate: float | None = None
    expected_deviations: int = 0
    method: str = "given"  # given | binomial | hypergeometric: how the size was chosen
    stratify: str | None = None
    strata: tuple[Stratum, ...] = ()
    export_label: str = ""
    path: str | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The sample file's content (``sample --format json``)."""
        return {
            "kind": SAMPLE_KIND, "format_version": SAMPLE_FORMAT_VERSION,
            "export": self.export_label, "export_fingerprint": self.export_fingerprint,
            "population": self.population, "seed": self.seed, "size": self.size,
            "method": self.method, "confidence": self.confidence,
            "tolerable_rate": self.tolerable_rate, "expected_deviations": self.expected_deviations,
            "stratify": self.stratify,
            "strata": [{"value": s.value, "population": s.population, "size": s.size}
                       for s in self.strata],
            "case_ids": list(self.case_ids),
        }


def sample_size_for(population: int, confidence: float, tolerable_rate: float,
                    expected_deviations: int = 0) -> tuple[int, str]:
    """The attribute-sampling size for this export's population, and the method used
    (hypergeometric: the population is known and finite)."""
    size = attribute_sample_size(confidence, tolerable_rate, expected_deviations, population)
    return size, "hypergeometric"


def draw_sample(export: ExportData, size: int, seed: int, *, stratify: str | None = None,
                confidence: float = DEFAULT_CONFIDENCE, tolerable_rate: float | None = None,
                expected_deviations: int = 0, method: str = "given") -> SampleSpec:
    """Draw ``size`` cases of ``export`` with ``seed``; with ``stratify``, proportionally per value
    of that field (strata drawn in sorted order from the one generator). ValueError when the size
    exceeds the population or the field is not in the export."""
    cases = export.cases
    population = len(cases)
    if not 0 < size <= population:
        raise ValueError(f"size must be between 1 and the population ({population}), got {size}")
    rng = random.Random(seed)
    strata: tuple[Stratum, ...] = ()
    if stratify is None:
        ids = draw((c.case_id for c in cases), size, rng)
    else:
        if stratify not in stratify_fields(export):
            raise ValueError(f"unknown field {stratify!r}")
        groups: dict[str, list[str]] = {}
        for case in cases:
            groups.setdefault(stratum_value(case, stratify), []).append(case.case_id)
        parts = allocate({k: len(v) for k, v in groups.items()}, size)
        ids = []
        for value in sorted(groups):
            ids.extend(draw(groups[value], parts[value], rng))
        ids.sort()
        strata = tuple(Stratum(value, len(groups[value]), parts[value]) for value in sorted(groups))
    return SampleSpec(seed=seed, size=size, population=population,
                      export_fingerprint=export.fingerprint, confidence=confidence,
                      case_ids=tuple(ids), tolerable_rate=tolerable_rate,
                      expected_deviations=expected_deviations, method=method,
                      stratify=stratify, strata=strata, export_label=export.label)


# --------------------------------------------------------------------------- reading it back


def _fail(path: Path, problem: str, /, **params: Any) -> InputError:
    """The sample file is not a consistent sample: what is wrong is the message ``problem``
    (an ``errors.sample.*`` key) filled with ``params``."""
    return input_error("errors.sample.invalid", path=str(path), problem=Message(problem, params))


def _int(data: Mapping[str, Any], key: str, path: Path, minimum: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(path, "errors.sample.not_integer", name=repr(key), minimum=str(minimum), value=repr(value))
    return value


def _rate(data: Mapping[str, Any], key: str, path: Path, *, optional: bool) -> float | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise _fail(path, "errors.sample.not_rate", name=repr(key), value=repr(value))
    return float(value)


def load_sample_file(path: Path) -> SampleSpec:
    """Read a sample file written by ``piis-audit sample --format json``; InputError when it
    cannot be read or is not a consistent sample."""
    data = read_json(path, "errors.sample.cannot_read", "errors.sample.not_json")
    if not isinstance(data, dict):
        raise _fail(path, "errors.sample.not_object")
    if data.get("kind", SAMPLE_KIND) != SAMPLE_KIND:
        raise _fail(path, "errors.sample.kind", kind=repr(data.get("kind")), expected=repr(SAMPLE_KIND))
    seed = _int(data, "seed", path, 0)
    size = _int(data, "size", path, 1)
    population = _int(data, "population", path, 1)
    fingerprint = data.get("export_fingerprint")
    if not isinstance(fingerprint, str) or not fingerprint:
        raise _fail(path, "errors.sample.no_fingerprint")
    confidence = _rate(data, "confidence", path, optional=False)
    assert confidence is not None
    tolerable = _rate(data, "tolerable_rate", path, optional=True)
    expected = _int(data, "expected_deviations", path, 0) if "expected_deviations" in data else 0
    ids = data.get("case_ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise _fail(path, "errors.sample.case_ids")
    if len(set(ids)) != len(ids):
        raise _fail(path, "errors.sample.case_twice")
    if len(ids) != size:
        raise _fail(path, "errors.sample.size_mismatch", size=str(size), count=str(len(ids)))
    if size > population:
        raise _fail(path, "errors.sample.size_exceeds", size=str(size), population=str(population))
    stratify = data.get("stratify")
    strata_raw = data.get("strata") or []
    try:
        strata = tuple(Stratum(str(s["value"]), int(s["population"]), int(s["size"]))
                       for s in strata_raw)
    except (TypeError, KeyError, ValueError) as exc:
        raise _fail(path, "errors.sample.strata") from exc
    return SampleSpec(seed=seed, size=size, population=population, export_fingerprint=fingerprint,
                      confidence=confidence, case_ids=tuple(ids), tolerable_rate=tolerable,
                      expected_deviations=expected, method=str(data.get("method") or "given"),
                      stratify=str(stratify) if stratify else None, strata=strata,
                      export_label=str(data.get("export") or ""), path=str(path))


class SampleRestriction(NamedTuple):
    """The export cut down to the sampled cases, and the sampled ids it lacks.

    Unpacks as ``export, missing_ids = restrict_to_sample(...)``.
    """

    export: ExportData
    missing_ids: list[str]  # sampled case ids that are not in this export, in sample order


def restrict_to_sample(export: ExportData, spec: SampleSpec) -> SampleRestriction:
    """Keep only the sampled cases (the export's other fields, fingerprint included, unchanged).

    Nothing is raised when the export differs from the one sampled: the caller shows
    :func:`sample_warnings` (sampled ids not found, fingerprint differs), and
    :func:`sample_statistics` records both in the report.
    """
    found = set(case_ids(export)) & set(spec.case_ids)
    missing = [i for i in spec.case_ids if i not in found]
    return SampleRestriction(narrowed(export, found), missing)


def sample_warnings(restriction: SampleRestriction, spec: SampleSpec, lang: str) -> list[str]:
    """Sentences to show when the export is not the sampled one or lacks sampled cases."""
    out: list[str] = []
    if restriction.export.fingerprint != spec.export_fingerprint:
        out.append(ui("workflows.sample.fingerprint_differs", lang,
                      expected=spec.export_fingerprint[:16],
                      actual=restriction.export.fingerprint[:16]))
    if restriction.missing_ids:
        out.append(ui("workflows.sample.missing_ids", lang, count=len(restriction.missing_ids),
                      ids=restriction.missing_ids))
    return out


TESTED = (Verdict.PASS, Verdict.FAIL)


def sample_statistics(report: AuditReport, spec: SampleSpec) -> dict[str, Any]:
    """Per question: the cases tested (pass or fail: a pending, not-applicable or missing-data
    result is no test of the control, and is counted apart), the deviations (fails, waived or
    not: a waiver does not change a verdict), the one-sided Clopper–Pearson upper deviation limit
    at the sample's confidence, and whether it is below the tolerable rate (None when no
    tolerable rate was set or nothing was tested)."""
    audited = {cr.case.case_id for cr in report.cases}
    questions: list[dict[str, Any]] = []
    for q in report.checklist.questions:
        counts = {v: 0 for v in Verdict}
        waived = 0
        for cr in report.cases:
            for r in cr.results:
                if r.question == q.id:
                    counts[r.verdict] += 1
                    waived += r.waiver is not None and r.verdict is Verdict.FAIL
        # As the compliance rate (model.RATE_VERDICTS): a result that could not be decided is a
        # deviation, never left out of the sample's conclusion.
        tested = sum(counts[v] for v in RATE_VERDICTS)
        deviations = counts[Verdict.FAIL] + counts[Verdict.MISSING_DATA]
        limit = upper_deviation_limit(deviations, tested, spec.confidence) if tested else None
        below = (None if limit is None or spec.tolerable_rate is None
                 else limit < spec.tolerable_rate)
        questions.append({
            "question": q.id, "sample_size": tested, "deviations": deviations,
            "waived_deviations": waived,
            "pending": counts[Verdict.PENDING], "not_applicable": counts[Verdict.NOT_APPLICABLE],
            "missing_data": counts[Verdict.MISSING_DATA],
            "upper_deviation_limit": None if limit is None else round(limit, 6),
            "below_tolerable_rate": below,
        })
    return {
        "seed": spec.seed, "size": spec.size, "population": spec.population,
        "export_fingerprint": spec.export_fingerprint,
        "fingerprint_matches": report.export.fingerprint == spec.export_fingerprint,
        "confidence": spec.confidence, "tolerable_rate": spec.tolerable_rate,
        "expected_deviations": spec.expected_deviations, "stratify": spec.stratify,
        "audited_cases": len(audited),
        "missing_case_ids": [i for i in spec.case_ids if i not in audited],
        "questions": questions,
    }

