"""Generate the synthetic demo export (and large ones for the benchmark).

``python -m piis_audit.demo.generate [--out DIR] [--cases N] [--seed S] [--as-of YYYY-MM-DD]``
writes ``cases.csv``, ``evaluations.csv`` and ``sanctions.csv``. With no option it rewrites the
bundled demo (``piis_audit/demo/export``) byte for byte: the generator depends only on its seed,
its case count and its anchor date (``random.Random(seed)``; no clock, no ``hash()``).

The caseload mixes a majority of ordinary files with the scenario families of
:mod:`piis_audit.demo.scenarios`, so every question of the checklist shows every verdict it can
give. Case ids (``RI-2025-00412``) follow the decision dates, as a CPAS numbers its files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

from piis_audit.demo import DEMO_AS_OF, DEMO_CASES, DEMO_EXPORT_DIR, DEMO_SEED, names
from piis_audit.demo.builder import Draft, Row, build_evaluations
from piis_audit.demo.scenarios import FAMILIES, ORDINARY, FamilySpec
from piis_audit.demo.writers import write_csv_folder, write_xlsx

__all__ = ["generate", "generate_labelled", "main", "plan", "write_csv_folder", "write_xlsx"]


def plan(n_cases: int, rng: random.Random) -> list[FamilySpec]:
    """Which family builds each file: every family its share of ``n_cases`` (at least its
    minimum), the rest ordinary files, in a shuffled order. When ``n_cases`` is too small for
    every minimum, a random subset of the families is kept."""
    wanted: list[FamilySpec] = []
    for spec in FAMILIES:
        wanted.extend([spec] * max(spec.minimum, round(spec.share * n_cases)))
    rng.shuffle(wanted)
    chosen: list[FamilySpec] = []
    total = 0
    for spec in wanted:
        if total + spec.cases <= n_cases:
            chosen.append(spec)
            total += spec.cases
    chosen.extend([ORDINARY] * (n_cases - total))
    rng.shuffle(chosen)
    return chosen


def _worker(rng: random.Random, problem: bool) -> tuple[str, str]:
    weights = [names.PROBLEM_WEIGHTS[w] if problem else 1 for w, _ in names.SOCIAL_WORKERS]
    return rng.choices(names.SOCIAL_WORKERS, weights)[0]


def _assign_ids(drafts: list[Draft], rng: random.Random) -> list[Draft]:
    """Number the files by decision date, per year, with the gaps real numbering has."""
    ordered = [d for _, d in sorted(enumerate(drafts), key=lambda item: (item[1].decision, item[0]))]
    width = max(5, len(str(len(drafts) * 3 + 400)))
    sequence: dict[int, int] = {}
    for d in ordered:
        year = d.decision.year
        sequence[year] = sequence.get(year, rng.randint(100, 400)) + rng.randint(1, 3)
        d.v["case_id"] = f"RI-{year}-{sequence[year]:0{width}d}"
    for d in drafts:
        if d.partner is not None:
            d.v["partner_case_id"] = d.partner.v["case_id"]
            d.partner.v["partner_case_id"] = d.v["case_id"]
    return ordered


def generate(n_cases: int, seed: int, anchor: dt.date) -> tuple[list[Row], list[Row], list[Row]]:
    """Rows of ``cases``, ``evaluations`` and ``sanctions`` (canonical field -> Python value:
    ``date``, ``bool``, ``int``, ``Decimal``, ``str``, or ``None`` for an empty cell; a few
    deliberately unreadable date cells are strings). Same arguments, same rows."""
    cases, evaluations, sanctions, _ = generate_labelled(n_cases, seed, anchor)
    return cases, evaluations, sanctions


def generate_labelled(n_cases: int, seed: int, anchor: dt.date
                      ) -> tuple[list[Row], list[Row], list[Row], dict[str, str]]:
    """As :func:`generate`, plus the scenario family that wrote each case (case id -> family
    name), so tests can check that each family gets the verdicts it was built for."""
    if n_cases < 0:
        raise ValueError("n_cases must be >= 0")
    rng = random.Random(seed)
    drafts: list[tuple[Draft, str]] = []
    for spec in plan(n_cases, rng):
        worker, office = _worker(rng, spec.problem)
        draft = Draft(rng, anchor, worker, office)
        spec.build(draft)
        drafts.append((draft, spec.name))
        if draft.partner is not None:
            drafts.append((draft.partner, spec.name))
    for draft, _ in drafts:
        build_evaluations(draft)
    family = {id(draft): name for draft, name in drafts}
    cases: list[Row] = []
    evaluations: list[Row] = []
    sanctions: list[Row] = []
    labels: dict[str, str] = {}
    for draft in _assign_ids([d for d, _ in drafts], rng):
        case_id = draft.v["case_id"]
        labels[case_id] = family[id(draft)]
        cases.append(dict(draft.v))
        for child, out in ((draft.evaluations, evaluations), (draft.sanctions, sanctions)):
            for row in child:
                out.append({**row, "case_id": case_id})
    return cases, evaluations, sanctions, labels


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m piis_audit.demo.generate",
        description="Write a synthetic PIIS export (CSV folder). With no option: the bundled demo.")
    parser.add_argument("--out", type=Path, default=DEMO_EXPORT_DIR, help="folder to write (default: the bundled demo)")
    parser.add_argument("--cases", type=int, default=DEMO_CASES, help=f"number of cases (default {DEMO_CASES})")
    parser.add_argument("--seed", type=int, default=DEMO_SEED, help=f"random seed (default {DEMO_SEED})")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=DEMO_AS_OF,
                        help=f"anchor date of the data (default {DEMO_AS_OF.isoformat()})")
    parser.add_argument("--xlsx", type=Path, help="also write the tables as one workbook here")
    args = parser.parse_args(argv)
    cases, evaluations, sanctions = generate(args.cases, args.seed, args.as_of)
    for path in write_csv_folder(cases, evaluations, sanctions, args.out):
        print(path)
    if args.xlsx is not None:
        print(write_xlsx(cases, evaluations, sanctions, args.xlsx))
    print(f"{len(cases)} cases, {len(evaluations)} evaluations, {len(sanctions)} sanctions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
