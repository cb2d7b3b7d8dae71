"""piis-audit: checks CPAS PIIS case files the way the SPP IS inspection does."""

__version__ = "0.1.0"
