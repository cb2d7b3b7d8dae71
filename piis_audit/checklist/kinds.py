"""What the checklist loader needs to know of the check kinds, without importing them.

The loader checks each question against its kind (the kind exists, its parameters have the
declared types, every reason it may emit has texts), but the kinds themselves live in
:mod:`piis_audit.questions`, which imports this package's model. So the loader is handed a
:class:`KindRegistry`; :mod:`piis_audit.engine.checklists` hands it the bundled one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from piis_audit.checklist.params import ParamSpec


class KindSpec(Protocol):
    """The part of a check kind the loader reads (``questions.interface.CheckKind`` is one)."""

    @property
    def id(self) -> str: ...

    @property
    def reasons(self) -> Collection[str]: ...

    @property
    def params(self) -> Mapping[str, ParamSpec]: ...

    @property
    def validate(self) -> Callable[[Mapping[str, Any]], Iterable[str]] | None: ...

    @property
    def conditions(self) -> Callable[[Mapping[str, Any]], list[tuple[str, int]]] | None: ...


@dataclass(frozen=True)
class KindRegistry:
    """The kind ids a checklist may name, and how to get the kind of one; ``load`` may raise
    ImportError or AttributeError (reported as a problem of the question naming it)."""

    names: frozenset[str]
    load: Callable[[str], KindSpec]

    def __contains__(self, kind_id: object) -> bool:
        return kind_id in self.names

    def known(self) -> str:
        """The kind ids, sorted and comma-separated (for a problem message)."""
        return ", ".join(sorted(self.names))
