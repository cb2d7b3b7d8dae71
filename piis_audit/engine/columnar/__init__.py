"""The engine: derived facts as columns, each check kind deciding all cases at once
(docs/architecture.md). :mod:`piis_audit.engine.runner` runs it for the command line."""
