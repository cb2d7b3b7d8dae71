"""The ``--mapping`` file: another export layout mapped onto the canonical one (cli.md).

.. code-block:: yaml

    tables: {cases: "Dossiers RI", evaluations: "Suivi"}        # sheet or file names
    columns: {case_id: "N° dossier", ri_decision_date: "Date décision CSSS"}
    values: {piis_type: {"Contrat étudiant": student, "Projet emploi": employment}}

* ``tables``: table -> the sheet or CSV file name (without ``.csv``) holding it, or a list.
* ``columns``: field -> the header holding it, or a list. A plain field name applies to every
  table that has the field (``case_id`` is in all three); ``evaluations.case_id`` or a nested
  ``evaluations: {case_id: ...}`` applies to one table.
* ``values``: field -> {value as written -> canonical value}. The canonical value must be one
  the field accepts (a choice, ``yes``/``no``, a number, a date); ``null`` means empty.

Names and values are matched after :func:`~piis_audit.schema.normalise_name`. Every problem in
the file is reported at once, as one :class:`~piis_audit.inputs.errors.InputError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from piis_audit.inputs.errors import InputError
from piis_audit.inputs.values import Invalid, display_text, field_parser
from piis_audit.schema import TABLES, FieldSpec, normalise_name

SECTIONS = ("tables", "columns", "values")


@dataclass(frozen=True)
class UserMapping:
    """A validated mapping, ready for the loader."""

    tables: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> names
    columns: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)  # table -> field -> headers
    values: Mapping[str, Mapping[str, object]] = field(default_factory=dict)  # field -> normalised raw -> value

    def columns_for(self, table: str) -> Mapping[str, tuple[str, ...]]:
        return self.columns.get(table, {})

    def values_for(self, field_name: str) -> Mapping[str, object] | None:
        return self.values.get(field_name)


def _names(value: Any) -> tuple[str, ...] | None:
    """A name or a list of names as text; None when it is neither."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, (dict, list)) or item is None or isinstance(item, bool):
            return None
        text = display_text(item)
        if text is None:
            return None
        out.append(text)
    return tuple(out) if out else None


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _field_spec(name: str) -> FieldSpec | None:
    for table in TABLES.values():
        if name in table.by_name:
            return table.by_name[name]
    return None


def _all_fields() -> list[str]:
    return sorted({f.name for t in TABLES.values() for f in t.fields})


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def tables(self, section: Any) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        if not isinstance(section, dict):
            self.problems.append("tables: expected a mapping like {cases: \"Dossiers RI\"}")
            return out
        for table, names in section.items():
            if table not in TABLES:
                self.problems.append(f"tables: unknown table {table!r}, expected one of "
                                     f"{', '.join(TABLES)}{_suggest(str(table), list(TABLES))}")
                continue
            parsed = _names(names)
            if parsed is None:
                self.problems.append(f"tables.{table}: expected a sheet or file name, or a list of them")
                continue
            out[table] = parsed
        return out

    def _column_entry(self, key: str, table_names: list[str], field_name: str, headers: Any,
                      out: dict[str, dict[str, tuple[str, ...]]]) -> None:
        parsed = _names(headers)
        if parsed is None:
            self.problems.append(f"columns.{key}: expected a column header, or a list of them")
            return
        for table in table_names:
            out.setdefault(table, {})[field_name] = parsed

    def columns(self, section: Any) -> dict[str, dict[str, tuple[str, ...]]]:
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        if not isinstance(section, dict):
            self.problems.append("columns: expected a mapping like {case_id: \"N° dossier\"}")
            return out
        for key, headers in section.items():
            key = str(key)
            if key in TABLES and isinstance(headers, dict):  # nested: evaluations: {case_id: ...}
                for field_name, inner in headers.items():
                    self._qualified(f"{key}.{field_name}", key, str(field_name), inner, out)
            elif "." in key:
                table, _, field_name = key.partition(".")
                self._qualified(key, table, field_name, headers, out)
            else:
                tables = [t.name for t in TABLES.values() if key in t.by_name]
                if not tables:
                    self.problems.append(f"columns: unknown field {key!r}{_suggest(key, _all_fields())}")
                    continue
                self._column_entry(key, tables, key, headers, out)
        for table, fields in out.items():  # one header cannot hold two fields of the same table
            owner: dict[str, str] = {}
            for field_name, headers_ in fields.items():
                for header in headers_:
                    norm = normalise_name(header)
                    if norm in owner and owner[norm] != field_name:
                        self.problems.append(f"columns: {header!r} is given for both {owner[norm]} "
                                             f"and {field_name} in table {table}")
                    owner[norm] = field_name
        return out

    def _qualified(self, key: str, table: str, field_name: str, headers: Any,
                   out: dict[str, dict[str, tuple[str, ...]]]) -> None:
        if table not in TABLES:
            self.problems.append(f"columns.{key}: unknown table {table!r}, expected one of {', '.join(TABLES)}")
        elif field_name not in TABLES[table].by_name:
            names = [f.name for f in TABLES[table].fields]
            self.problems.append(f"columns.{key}: table {table} has no field {field_name!r}"
                                 f"{_suggest(field_name, names)}")
        else:
            self._column_entry(key, [table], field_name, headers, out)

    def values(self, section: Any) -> dict[str, dict[str, object]]:
        out: dict[str, dict[str, object]] = {}
        if not isinstance(section, dict):
            self.problems.append("values: expected a mapping like {piis_type: {\"Contrat étudiant\": student}}")
            return out
        for field_name, table in section.items():
            field_name = str(field_name)
            spec = _field_spec(field_name)
            if spec is None:
                self.problems.append(f"values: unknown field {field_name!r}{_suggest(field_name, _all_fields())}")
                continue
            if not isinstance(table, dict):
                self.problems.append(f"values.{field_name}: expected a mapping like {{\"as written\": value}}")
                continue
            parse = field_parser(spec)
            mapped: dict[str, object] = {}
            for written, target in table.items():
                if isinstance(written, bool):
                    self.problems.append(f"values.{field_name}: the key {written} was read by YAML as a "
                                         f"yes/no; put it in quotes")
                    continue
                text = display_text(written)
                if text is None:
                    self.problems.append(f"values.{field_name}: an empty key")
                    continue
                value = None if target is None else parse(target)
                if type(value) is Invalid:
                    self.problems.append(f"values.{field_name}: {text!r} maps to {target!r}, which "
                                         f"{field_name} does not accept: {value.reason}")
                    continue
                key = normalise_name(text)
                if key in mapped and mapped[key] != value:
                    self.problems.append(f"values.{field_name}: {text!r} is given twice with different values")
                mapped[key] = value
            out[field_name] = mapped
        return out


def parse_mapping(data: Any, source: str = "mapping") -> UserMapping:
    """Validate a mapping (as read from YAML) and prepare it for the loader.

    Raises :class:`InputError` naming ``source`` and every problem found."""
    if isinstance(data, UserMapping):
        return data
    if not isinstance(data, Mapping) or not data:
        raise InputError(f"{source}: a mapping file needs at least one of the sections "
                         f"{', '.join(SECTIONS)} (see 'piis-audit audit --help')")
    checker = _Checker()
    for key in data:
        if key not in SECTIONS:
            checker.problems.append(f"unknown section {key!r}, expected {', '.join(SECTIONS)}"
                                    f"{_suggest(str(key), list(SECTIONS))}")
    tables = checker.tables(data.get("tables") or {})
    columns = checker.columns(data.get("columns") or {})
    values = checker.values(data.get("values") or {})
    if checker.problems:
        raise InputError(f"{source}: " + "; ".join(checker.problems))
    return UserMapping(tables, columns, values)


def load_mapping(path: Path) -> dict[str, Any]:
    """Read and validate a ``--mapping`` YAML file; the result goes to ``load_export``.

    Raises :class:`InputError` (one line, naming the file) when the file is missing, is not
    valid YAML, or maps onto tables, fields or values that do not exist."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"mapping file not found: {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"mapping file {path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read mapping file {path}: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"mapping file {path}{where}: not valid YAML ({problem})") from None
    parse_mapping(data, f"mapping file {path}")
    assert isinstance(data, dict)
    return data
