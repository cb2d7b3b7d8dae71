"""The bundled demo export: a synthetic caseload of a Belgian CPAS, audited when no export is given.

Everything in it is invented (see :mod:`piis_audit.demo.generate`). Its dates are anchored to
:data:`DEMO_AS_OF`, and the CLI audits it as of that date when no ``--as-of`` is given, so the
demo report reads the same whenever it is run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

DEMO_AS_OF: dt.date = dt.date(2026, 11, 26)
DEMO_SEED: int = 20261126
DEMO_CASES: int = 400
DEMO_EXPORT_DIR: Path = Path(__file__).resolve().parent / "export"

__all__ = ["DEMO_AS_OF", "DEMO_CASES", "DEMO_EXPORT_DIR", "DEMO_SEED"]
