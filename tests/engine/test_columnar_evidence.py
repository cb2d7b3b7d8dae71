"""The result frames carry each result's evidence (a JSON object of the values used) and its
to-do action (key + parameters)."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
from piis_audit.engine.checklists import load_checklist
from piis_audit.engine.columnar.outcome import RESULT_COLUMNS, SHARED_TEXTS, evidence_json
from piis_audit.engine.columnar.runner import run_columnar
from piis_audit.engine.frames_adapter import export_frames
from piis_audit.inputs.loader import load_export


def test_evidence_json_keeps_an_entry_only_where_its_condition_holds() -> None:
    frame = pl.DataFrame({"day": [dt.date(2025, 3, 1), None], "flag": [True, None],
                          "field": ["piis_request_date", "ri_decision_date"]})
    out = frame.select(evidence_json([("day", pl.col("day")), ("flag", pl.col("flag"), pl.col("day").is_not_null()),
                                      (pl.col("field"), pl.lit(3))])).to_series().to_list()
    assert [json.loads(text) for text in out] == [
        {"day": "2025-03-01", "flag": True, "piis_request_date": 3},
        {"day": None, "ri_decision_date": 3}]
    assert pl.select(evidence_json([])).item() == "{}"


def test_every_result_frame_has_evidence_and_action_on_the_demo() -> None:
    export = load_export([DEMO_EXPORT_DIR])
    results = run_columnar(export_frames(export), load_checklist(), DEMO_AS_OF)
    for qid, frame in results.items():
        assert tuple(frame.columns) == RESULT_COLUMNS, qid
        assert frame.get_column("evidence").null_count() == 0, qid
        # the JSON texts are held once each (Categorical), and read back as the texts they are
        assert all(frame.schema[name] == pl.Categorical() for name in SHARED_TEXTS), qid
        assert all(json.loads(e) is not None for e in frame.get_column("evidence").cast(pl.String)), qid
    deadline = results["deadline"]
    todo = deadline.filter(pl.col("verdict").is_in(["pending", "fail"]) & (pl.col("reason_key") != "late"))
    assert todo.height > 0
    assert todo.get_column("action_key").to_list() == ["action_conclude"] * todo.height
    assert todo.get_column("action_params").to_list() == todo.get_column("reason_params").to_list()
    done = deadline.filter(pl.col("verdict") == "pass")
    assert done.get_column("action_key").null_count() == done.height
    assert all("deadline" in json.loads(e) for e in done.get_column("evidence").to_list())
