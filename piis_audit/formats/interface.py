"""What every output format implements: one ``write`` over the same :class:`AuditReport`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from piis_audit.model import AuditReport


@dataclass(frozen=True)
class FormatOptions:
    lang: str = "en"  # fr | nl | en: for everything a person reads
    redact: bool = False  # drop beneficiary_name and every other personal column


class ReportFormat(ABC):
    """One output format. ``extension`` is what ``-o FILE`` is matched on."""

    extension: str = ""
    description: str = ""

    @abstractmethod
    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        """The whole report as bytes (text formats encode as their format requires)."""

    def write(self, report: AuditReport, path: Path, options: FormatOptions) -> None:
        path.write_bytes(self.render(report, options))
