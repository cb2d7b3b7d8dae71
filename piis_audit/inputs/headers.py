"""Which table a sheet or file is, and which canonical field each column holds.

Names are compared after :func:`~piis_audit.schema.normalise_name` (case, accents, spaces,
hyphens, dots and underscores do not matter). A column is matched, in this order of precedence:

1. a header the ``--mapping`` file names for the field (the user said so explicitly);
2. the canonical field name (``case_id``);
3. one of the field's French, Dutch or English aliases in :mod:`piis_audit.schema`
   (``Numéro de dossier``, ``dossiernummer``), or its label in one of the three languages, as
   ``piis-audit fields`` shows it and ``piis-audit template`` writes it (``Rapport écrit``);
4. the header's words (:mod:`piis_audit.inputs.header_words`: ``Begindatum GPMI`` is
   ``piis_start_date``), reported as a note naming the field it was taken as. A header whose
   words fit two fields equally is never guessed (reported, not used); one that nearly names a
   field is reported with "did you mean …".

When two columns give the same field, the first by that precedence (then left to right) is
used and the other is reported; it is never silently merged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from piis_audit.inputs.header_words import match_words
from piis_audit.inputs.messages import english, message
from piis_audit.model import Message
from piis_audit.schema import TABLES, TableSpec, normalise_name


@dataclass(frozen=True)
class HeaderProblem:
    """Something to report about one column (``column`` is the header as written)."""

    column: str | None
    text: Message  # the translatable sentence (i18n/inputs.yaml)
    field: str | None = None  # the canonical field concerned, when there is one

    @property
    def message(self) -> str:
        """The sentence in English, filled when read."""
        return english(self.text)


def _problem(column: str | None, text: Message, field: str | None = None) -> HeaderProblem:
    return HeaderProblem(column, text, field)


@dataclass(frozen=True)
class HeaderMatch:
    """How the header of one table was understood."""

    fields: tuple[tuple[int, str], ...]  # (column index, canonical field), left to right
    extra: tuple[tuple[int, str], ...]  # (column index, header): named columns not used as a field
    unnamed: tuple[int, ...]  # column indexes whose header cell is empty
    problems: tuple[HeaderProblem, ...]
    by_words: frozenset[int] = frozenset()  # column indexes taken by their words, not by an exact name

    @property
    def field_names(self) -> frozenset[str]:
        return frozenset(name for _, name in self.fields)

    @property
    def exact_fields(self) -> frozenset[str]:
        """The fields named exactly (mapping, canonical name or alias): what finding the header row or
        the cases file rests on, since a title or a report's line can hold words of a field."""
        return frozenset(name for index, name in self.fields if index not in self.by_words)

    def column_of(self, field_name: str) -> int | None:
        for index, name in self.fields:
            if name == field_name:
                return index
        return None


@lru_cache(maxsize=None)
def builtin_field_index(table_name: str) -> Mapping[str, str]:
    """Normalised canonical name or alias -> field, for one table. Canonical names come first,
    so an alias can never hide a canonical name."""
    table = TABLES[table_name]
    index: dict[str, str] = {}
    for spec in table.fields:
        index[normalise_name(spec.name)] = spec.name
    for spec in table.fields:
        for alias in spec.aliases:
            index.setdefault(normalise_name(alias), spec.name)
    return index


@lru_cache(maxsize=None)
def label_field_index(table_name: str) -> Mapping[str, str]:
    """Normalised label (French, Dutch, English: i18n ``fields.yaml``) -> field, for one table.
    A label that is already a name or an alias, or that two fields share, is left out."""
    from piis_audit.i18n.render import catalog  # the labels (fields.yaml); imported when first needed

    builtin = builtin_field_index(table_name)
    owners: dict[str, set[str]] = {}
    for spec in TABLES[table_name].fields:
        for label in catalog().get(f"field.{spec.name}", {}).values():
            key = normalise_name(label)
            if key and key not in builtin:
                owners.setdefault(key, set()).add(spec.name)
    return {key: next(iter(names)) for key, names in owners.items() if len(names) == 1}


def match_headers(header: Sequence[str], table: TableSpec,
                  user_columns: Mapping[str, Sequence[str]] | None = None,
                  keeps_extra: bool = False) -> HeaderMatch:
    """Map each column of ``header`` to a field of ``table``.

    ``user_columns`` maps a field to the header(s) the ``--mapping`` file gives for it.
    ``keeps_extra`` says whether unknown columns are kept for display (the cases table)."""
    user_index = {normalise_name(h): name for name, headers in (user_columns or {}).items()
                  for h in headers}
    builtin = builtin_field_index(table.name)
    labels = label_field_index(table.name)
    claims: list[tuple[int, int, str]] = []  # (precedence, column index, field)
    extra: list[tuple[int, str]] = []
    unnamed: list[int] = []
    problems: list[HeaderProblem] = []
    unknown_note = message("inputs.column.unknown_kept" if keeps_extra else "inputs.column.unknown")
    seen_unknown: dict[str, str] = {}
    by_words: dict[int, tuple[str, ...]] = {}  # column index -> the words it was matched on
    exact = {user_index.get(k) or builtin.get(k) or labels.get(k) for k in map(normalise_name, header)}  # never suggested
    for index, written in enumerate(header):
        key = normalise_name(written)
        if not key:
            unnamed.append(index)
        elif key in user_index:
            claims.append((0, index, user_index[key]))
        elif key in builtin:
            claims.append((1, index, builtin[key]))
        elif key in labels:
            claims.append((1, index, labels[key]))
        elif (found := match_words(written, table.name)).field is not None:
            claims.append((2, index, found.field))
            by_words[index] = found.words
        else:
            extra.append((index, written))
            if key in seen_unknown:
                problems.append(_problem(written, message("inputs.column.name_twice", first=seen_unknown[key],
                                                          note=unknown_note)))
                continue
            seen_unknown[key] = written
            if found.ambiguous:
                problems.append(_problem(written, message("inputs.column.ambiguous", note=unknown_note,
                                                          fields=", ".join(found.ambiguous))))
            elif suggested := [name for name in found.suggestions if name not in exact]:
                problems.append(_problem(written, message("inputs.column.did_you_mean", note=unknown_note,
                                                          fields=" / ".join(suggested))))
            else:
                problems.append(_problem(written, unknown_note))
    taken: dict[str, int] = {}
    for _, index, name in sorted(claims):
        if name in taken:
            first = header[taken[name]]
            problems.append(_problem(
                header[index], message("inputs.column.duplicate_kept" if keeps_extra else "inputs.column.duplicate",
                                       field=name, first=first), name))
            extra.append((index, header[index]))
        else:
            taken[name] = index
            if index in by_words:
                label = message(f"field.{name}")  # the field's label, in the report's language
                problems.append(_problem(header[index], message("inputs.column.matched_by_words", field=name,
                                                                label=label), name))
    for name, headers in (user_columns or {}).items():
        if name not in taken:
            wanted = ", ".join(f"'{h}'" for h in headers)
            problems.append(_problem(None, message("inputs.column.mapping_not_found", columns=wanted, field=name),
                                     name))
    fields = tuple(sorted((index, name) for name, index in taken.items()))
    return HeaderMatch(fields, tuple(sorted(extra)), tuple(unnamed), tuple(problems),
                       frozenset(i for i, _ in fields if i in by_words))


@lru_cache(maxsize=None)
def _builtin_table_index() -> Mapping[str, str]:
    index: dict[str, str] = {}
    for table in TABLES.values():
        index[normalise_name(table.name)] = table.name
    for table in TABLES.values():
        for alias in table.aliases:
            index.setdefault(normalise_name(alias), table.name)
    return index


def match_table(name: str, user_tables: Mapping[str, Sequence[str]] | None = None) -> str | None:
    """The table a sheet or CSV file (named ``name``, without extension) holds, or None."""
    key = normalise_name(name)
    for table, names in (user_tables or {}).items():
        if any(normalise_name(n) == key for n in names):
            return table
    return _builtin_table_index().get(key)


def known_table_names() -> tuple[str, ...]:
    """Every table name and alias, for messages."""
    return tuple(n for t in TABLES.values() for n in (t.name, *t.aliases))
