"""Output formats, chosen by the extension of ``-o FILE`` (docs/cli.md). An explicit registry:
extension -> "module:Class", imported only when used so a run pays only for what it writes."""

from __future__ import annotations

import importlib
from pathlib import Path

from piis_audit.formats.interface import FormatOptions, ReportFormat

REGISTRY: dict[str, str] = {
    ".json": "piis_audit.formats.json:JsonFormat",
    ".html": "piis_audit.formats.html:HtmlFormat",
    ".xlsx": "piis_audit.formats.xlsx:XlsxFormat",
    ".xml": "piis_audit.formats.junit:JunitFormat",
    ".sarif": "piis_audit.formats.sarif:SarifFormat",
    ".csv": "piis_audit.formats.csv:CsvFormat",
    ".md": "piis_audit.formats.markdown:MarkdownFormat",
}


def format_for(path: Path) -> ReportFormat:
    """The format for an output file, by extension; ValueError listing the choices otherwise."""
    target = REGISTRY.get(path.suffix.lower())
    if target is None:
        raise ValueError(f"{path}: unknown report extension {path.suffix or '(none)'!r}; "
                         f"use one of {', '.join(sorted(REGISTRY))}")
    module_name, _, cls_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    instance: ReportFormat = cls()
    return instance


__all__ = ["REGISTRY", "FormatOptions", "ReportFormat", "format_for"]
