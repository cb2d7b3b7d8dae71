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
