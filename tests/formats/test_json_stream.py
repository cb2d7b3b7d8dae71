"""The JSON result streamed case by case is the same document as one built whole."""

from __future__ import annotations

import io
import json

from piis_audit.formats.interface import FormatOptions
from piis_audit.formats.json import report_dict, stream
from piis_audit.formats.rows import prepare
from piis_audit.model import AuditReport


def test_streamed_json_equals_the_whole_document(report: AuditReport) -> None:
    for options in (FormatOptions(lang="fr"), FormatOptions(lang="en", redact=True)):
        for batch in (1, 2, 500):
            out = io.BytesIO()
            stream(report, options, out, batch=batch)
            streamed = json.loads(out.getvalue())
            whole = json.loads(json.dumps(report_dict(prepare(report, options), options), ensure_ascii=False))
            assert streamed == whole
            assert len(streamed["cases"]) == len(report.cases) >= 2


def test_results_that_say_nothing_of_their_case_are_written_like_the_others() -> None:
    # A real audit: half its results are "does not apply" without evidence, which the stream
    # writes from one shared dict per question and reason. The document must not change.
    from piis_audit.engine.checklists import load_checklist
    from piis_audit.demo import DEMO_AS_OF, DEMO_EXPORT_DIR
    from piis_audit.engine.runner import run_audit
    from piis_audit.formats.json import _constant
    from piis_audit.inputs.loader import load_export

    audit = run_audit(load_export([DEMO_EXPORT_DIR]), load_checklist(), DEMO_AS_OF)
    constant = [r for cr in audit.cases for r in cr.results if _constant(r) is not None]
    assert len(constant) > len(audit.cases)  # the shortcut is really taken
    options = FormatOptions(lang="nl")
    out = io.BytesIO()
    stream(audit, options, out)
    whole = json.loads(json.dumps(report_dict(prepare(audit, options), options), ensure_ascii=False))
    assert json.loads(out.getvalue()) == whole
