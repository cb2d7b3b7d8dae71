"""The columnar decision of each check kind: ``decide(scope, question) -> rules``.

Each module is the one implementation of the kind declared under the same name in
:mod:`piis_audit.questions` (the docstrings there state the rules in words); the applies_if and missing-data rows every question shares are added by
:mod:`piis_audit.engine.columnar.runner`.
"""
