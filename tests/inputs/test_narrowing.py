"""An export narrowed to some cases (explain, --sample-file) is cut on its frames: the same cases,
child rows and verdicts as in the whole export, without building the other cases' objects."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import polars as pl
from inputs_helpers import write_csv

from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.runner import run_audit
from piis_audit.inputs import load_export
from piis_audit.inputs.case_view import LazyCases
from piis_audit.inputs.narrowing import case_ids, narrowed


def _belgian_export(tmp_path: Path) -> list[Path]:
    write_csv(tmp_path / "dossiers.csv", [
        ["dossier", "date décision RI", "date signature PIIS", "signé bénéficiaire", "signé CPAS"],
        ["A1", "17/03/2024", "01/05/2024", "oui", "oui"],
        ["A2", "18/03/2024", "", "non", "oui"],
        ["A3", "19/03/2024", "02/05/2024", "oui", ""],
    ], encoding="cp1252")
    write_csv(tmp_path / "evaluations.csv", [
        ["dossier", "date évaluation", "entretien", "rapport"],
        ["A3", "01/09/2024", "oui", "oui"], ["A1", "01/06/2024", "oui", "non"], ["A3", "01/07/2024", "non", "oui"],
    ], encoding="cp1252")
    return [tmp_path]


def test_the_narrowed_frames_hold_the_cases_and_their_child_rows_only(tmp_path: Path) -> None:
    export = load_export(_belgian_export(tmp_path))
    assert isinstance(export.cases, LazyCases) and export.frames is not None
    cut = narrowed(export, ["A3", "A1", "ZZ"])
    assert case_ids(cut) == ["A1", "A3"]  # export order, unknown ids ignored
    assert cut.frames is not None
    cases = cut.frames.frame("cases")
    assert cases.select("_case", "case_id").rows() == [(0, "A1"), (1, "A3")]
    evaluations = cut.frames.frame("evaluations")
    assert evaluations.select("_case", "case_id", "_row").rows() == [(1, "A3", 2), (0, "A1", 3), (1, "A3", 4)]
    assert evaluations.columns == export.frames.frame("evaluations").columns
    # the Case objects are those of the whole export
    whole = {c.case_id: c for c in export.cases}
    assert list(cut.cases) == [whole["A1"], whole["A3"]]
    assert [e.row for e in cut.cases[1].evaluations] == [4, 2]  # sorted by date, as in the whole export
    assert (cut.inputs, cut.data_errors, cut.fingerprint) == (export.inputs, export.data_errors, export.fingerprint)


def test_a_narrowed_case_has_the_verdicts_it_has_in_the_whole_demo() -> None:
    checklist = load_checklist(None)
    export = load_export([DEMO_EXPORT_DIR])
    whole = run_audit(export, checklist, DEMO_AS_OF)
    picked = case_ids(export)[::37]
    cut = run_audit(narrowed(export, picked), checklist, DEMO_AS_OF)
    assert [cr.case.case_id for cr in cut.cases] == picked
    by_id = {cr.case.case_id: cr for cr in whole.cases}
    for cr in cut.cases:
        assert cr.results == by_id[cr.case.case_id].results
        assert cr.facts == by_id[cr.case.case_id].facts


def test_an_export_made_in_code_is_narrowed_on_its_case_objects(tmp_path: Path) -> None:
    export = load_export(_belgian_export(tmp_path))
    in_code = dataclasses.replace(export, cases=tuple(export.cases), frames=None)
    cut = narrowed(in_code, ["A2"])
    assert cut.frames is None and [c.case_id for c in cut.cases] == ["A2"]
    assert case_ids(in_code) == ["A1", "A2", "A3"]
    assert pl.Series(case_ids(export)).to_list() == case_ids(in_code)
