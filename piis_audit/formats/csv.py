"""CSV (``-o findings.csv``): one row per result, every result, for spreadsheets and scripts.

UTF-8 with a byte-order mark and ``;`` as delimiter, which is what Excel expects on a Belgian
(fr-BE / nl-BE) system. Headers, question ids and verdict ids are stable (``docs/json.md``);
the reason and question title are in ``options.lang``. Dates dd/mm/yyyy and amounts with a
decimal comma (no currency sign) so Excel reads them as dates and numbers. Text from the export
that a spreadsheet could take for a formula is prefixed with a single quote.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from piis_audit.formats.cells import neutralise_formula
from piis_audit.formats.interface import FormatOptions, ReportFormat
from piis_audit.formats.rows import Row, prepare, result_rows
from piis_audit.i18n.render import format_date
from piis_audit.model import AuditReport

COLUMNS: tuple[str, ...] = (
    "case_id", "beneficiary_name", "social_worker", "office", "question", "question_title", "verdict",
    "reason", "notes", "due_date", "legal_basis", "waived", "waiver", "baseline", "money_at_risk",
)
_CENT = Decimal("0.01")


class CsvFormat(ReportFormat):
    extension = ".csv"
    description = "CSV, one row per result (UTF-8 with BOM, ';')"

    def render(self, report: AuditReport, options: FormatOptions) -> bytes:
        report = prepare(report, options)
        columns = [c for c in COLUMNS if not (options.redact and c == "beneficiary_name")]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(columns)
        for row in result_rows(report, options.lang):
            values = _values(row)
            writer.writerow([values[c] for c in columns])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _values(row: Row) -> dict[str, str]:
    """The row's cells; every text that comes from the export goes through the formula guard."""
    money = "" if row.money_at_risk is None else f"{row.money_at_risk.quantize(_CENT):f}".replace(".", ",")
    return {
        "case_id": neutralise_formula(row.case_id),
        "beneficiary_name": neutralise_formula(row.beneficiary_name or ""),
        "social_worker": neutralise_formula(row.social_worker),
        "office": neutralise_formula(row.office),
        "question": row.question,
        "question_title": row.question_title,
        "verdict": row.verdict.value,
        "reason": neutralise_formula(row.reason),
        "notes": neutralise_formula(" | ".join(row.notes)),
        "due_date": "" if row.due_date is None else format_date(row.due_date),
        "legal_basis": neutralise_formula(" | ".join(row.legal_basis)),
        "waived": "true" if row.waived else "false",
        "waiver": neutralise_formula(row.waiver),
        "baseline": row.baseline or "",
        "money_at_risk": money,
    }
