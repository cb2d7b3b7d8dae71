"""The money value type, shared by the decisions and the renderers.

A decision marks an amount in euro as :class:`Money` (a :class:`~decimal.Decimal`, so it adds and
compares as one); the renderers show it the Belgian way (``1.314,20 €``, see
:func:`piis_audit.i18n.render.format_money`). Neither side imports the other's code.
"""

from __future__ import annotations

from decimal import Decimal


class Money(Decimal):
    """An amount in euro; formatted ``1.314,20 €``."""
