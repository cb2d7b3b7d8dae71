"""One small export, the same in every workbook format the tests read (.xlsx written by
openpyxl, .ods written by ``inputs_helpers.write_ods``, .xls in ``fixtures/export.xls``, made
from these rows by ``fixtures/make_export_xls.py``)."""

from __future__ import annotations

import datetime as dt

SHEETS: dict[str, list[list[object]]] = {
    "Dossiers": [
        ["Numéro de dossier", "Date de décision", "Date de naissance", "Date de signature", "Signé CPAS",
         "Signé bénéficiaire", "Montant mensuel", "Bilan social"],
        [12345, dt.date(2024, 3, 17), dt.date(1990, 5, 4), dt.date(2024, 5, 2), True, "oui", 1314.2,
         dt.date(2024, 4, 20)],
        ["RI-2024-002", "18/03/2024", "04/05/2003", "31/02/2024", "non", "ja", "1.314,20", None],
        ["RI-2024-003", dt.date(2024, 1, 9), None, None, None, None, None, None],
    ],
    "Evaluaties": [
        ["dossiernummer", "datum", "verslag"],
        [12345, dt.date(2024, 9, 1), "ja"],
        ["RI-2024-404", dt.date(2024, 9, 2), "ja"],
    ],
}
