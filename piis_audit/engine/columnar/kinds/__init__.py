"""The columnar decision of each check kind: ``decide(scope, question) -> rules``.

Each module mirrors its case-by-case kind in :mod:`piis_audit.questions` (the docstrings there
state the rules); the applies_if and missing-data rows every question shares are added by
:mod:`piis_audit.engine.columnar.runner`.
"""
