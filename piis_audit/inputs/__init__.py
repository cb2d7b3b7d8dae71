"""The input side: exports come in here (pip-audit's ``_dependency_source`` room).

``load_export`` reads an ``.xlsx`` workbook, CSV files or a folder of them into
:class:`~piis_audit.model.ExportData`; ``load_mapping`` reads a ``--mapping`` file; both raise
:class:`InputError` when reading is impossible. One module per job: ``csv_source`` and
``xlsx_source`` implement ``interface.TableSource``, ``headers`` maps headers to fields,
``values`` reads cells, ``mapping`` validates the mapping, ``loader`` puts it together.
"""

from piis_audit.inputs.errors import InputError
from piis_audit.inputs.loader import load_export, load_mapping

__all__ = ["InputError", "load_export", "load_mapping"]
