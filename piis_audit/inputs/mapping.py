"""The ``--mapping`` file: another export layout mapped onto the canonical one (docs/cli.md).

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

from piis_audit.checklist.yaml_lines import DuplicateKeyError, NestingTooDeep, TooManyNodes, load_strict
from piis_audit.inputs.messages import input_error, message
from piis_audit.inputs.values import Invalid, display_text, field_parser
from piis_audit.model import Message
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


def _suggest(word: str, choices: list[str]) -> Message | str:
    close = difflib.get_close_matches(word, choices, n=1)
    return message("inputs.fatal.mapping.suggest", name=close[0]) if close else ""


def _joined(problems: list[Message]) -> Message:
    """The problems as one message, separated by "; " (" ; " in French)."""
    text = problems[-1]
    for problem in reversed(problems[:-1]):
        text = message("inputs.fatal.mapping.and", first=problem, rest=text)
    return text


def _field_spec(name: str) -> FieldSpec | None:
    for table in TABLES.values():
        if name in table.by_name:
            return table.by_name[name]
    return None


def _all_fields() -> list[str]:
    return sorted({f.name for t in TABLES.values() for f in t.fields})


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Message] = []

    def problem(self, key: str, /, **params: Any) -> None:
        self.problems.append(message(key, **params))

    def tables(self, section: Any) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        if not isinstance(section, dict):
            self.problem("inputs.fatal.mapping.not_a_mapping", where="tables", example='{cases: "Dossiers RI"}')
            return out
        for table, names in section.items():
            if table not in TABLES:
                self.problem("inputs.fatal.mapping.unknown_table", where="tables", table=repr(table),
                             tables=", ".join(TABLES), suggest=_suggest(str(table), list(TABLES)))
                continue
            parsed = _names(names)
            if parsed is None:
                self.problem("inputs.fatal.mapping.not_names", where=f"tables.{table}")
                continue
            out[table] = parsed
        return out

    def _column_entry(self, key: str, table_names: list[str], field_name: str, headers: Any,
                      out: dict[str, dict[str, tuple[str, ...]]]) -> None:
        parsed = _names(headers)
        if parsed is None:
            self.problem("inputs.fatal.mapping.not_headers", where=f"columns.{key}")
            return
        for table in table_names:
            out.setdefault(table, {})[field_name] = parsed

    def columns(self, section: Any) -> dict[str, dict[str, tuple[str, ...]]]:
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        if not isinstance(section, dict):
            self.problem("inputs.fatal.mapping.not_a_mapping", where="columns", example='{case_id: "N° dossier"}')
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
                    self.problem("inputs.fatal.mapping.unknown_field", where="columns", field=repr(key),
                                 suggest=_suggest(key, _all_fields()))
                    continue
                self._column_entry(key, tables, key, headers, out)
        for table, fields in out.items():  # one header cannot hold two fields of the same table
            owner: dict[str, str] = {}
            for field_name, headers_ in fields.items():
                for header in headers_:
                    norm = normalise_name(header)
                    if norm in owner and owner[norm] != field_name:
                        self.problem("inputs.fatal.mapping.header_twice", header=repr(header),
                                     first=owner[norm], second=field_name, table=table)
                    owner[norm] = field_name
        return out

    def _qualified(self, key: str, table: str, field_name: str, headers: Any,
                   out: dict[str, dict[str, tuple[str, ...]]]) -> None:
        if table not in TABLES:
            self.problem("inputs.fatal.mapping.unknown_table", where=f"columns.{key}", table=repr(table),
                         tables=", ".join(TABLES), suggest="")
        elif field_name not in TABLES[table].by_name:
            names = [f.name for f in TABLES[table].fields]
            self.problem("inputs.fatal.mapping.no_field", where=f"columns.{key}", table=table,
                         field=repr(field_name), suggest=_suggest(field_name, names))
        else:
            self._column_entry(key, [table], field_name, headers, out)

    def values(self, section: Any) -> dict[str, dict[str, object]]:
        out: dict[str, dict[str, object]] = {}
        if not isinstance(section, dict):
            self.problem("inputs.fatal.mapping.not_a_mapping", where="values",
                         example='{piis_type: {"Contrat étudiant": student}}')
            return out
        for field_name, table in section.items():
            field_name = str(field_name)
            spec = _field_spec(field_name)
            if spec is None:
                self.problem("inputs.fatal.mapping.unknown_field", where="values", field=repr(field_name),
                             suggest=_suggest(field_name, _all_fields()))
                continue
            if not isinstance(table, dict):
                self.problem("inputs.fatal.mapping.not_a_mapping", where=f"values.{field_name}",
                             example='{"as written": value}')
                continue
            parse = field_parser(spec)
            mapped: dict[str, object] = {}
            for written, target in table.items():
                if isinstance(written, bool):
                    self.problem("inputs.fatal.mapping.bool_key", where=f"values.{field_name}", written=str(written))
                    continue
                text = display_text(written)
                if text is None:
                    self.problem("inputs.fatal.mapping.empty_key", where=f"values.{field_name}")
                    continue
                value = None if target is None else parse(target)
                if type(value) is Invalid:
                    self.problem("inputs.fatal.mapping.not_accepted", where=f"values.{field_name}",
                                 written=repr(text), target=repr(target), field=field_name,
                                 reason=value.text or value.reason)
                    continue
                key = normalise_name(text)
                if key in mapped and mapped[key] != value:
                    self.problem("inputs.fatal.mapping.given_twice", where=f"values.{field_name}", written=repr(text))
                mapped[key] = value
            out[field_name] = mapped
        return out


def parse_mapping(data: Any, source: str | Message = "mapping") -> UserMapping:
    """Validate a mapping (as read from YAML) and prepare it for the loader.

    Raises :class:`InputError` naming ``source`` and every problem found."""
    if isinstance(data, UserMapping):
        return data
    if not isinstance(data, Mapping) or not data:
        raise input_error("inputs.fatal.mapping.no_section", source=source, sections=", ".join(SECTIONS))
    checker = _Checker()
    for key in data:
        if key not in SECTIONS:
            checker.problem("inputs.fatal.mapping.unknown_section", section=repr(key), sections=", ".join(SECTIONS),
                            suggest=_suggest(str(key), list(SECTIONS)))
    tables = checker.tables(data.get("tables") or {})
    columns = checker.columns(data.get("columns") or {})
    values = checker.values(data.get("values") or {})
    if checker.problems:
        raise input_error("inputs.fatal.mapping.problems", source=source, problems=_joined(checker.problems))
    return UserMapping(tables, columns, values)


def load_mapping(path: Path) -> dict[str, Any]:
    """Read and validate a ``--mapping`` YAML file; the result goes to ``load_export``.

    Raises :class:`InputError` (one line, naming the file) when the file is missing, is not
    valid YAML, or maps onto tables, fields or values that do not exist."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise input_error("inputs.fatal.mapping.not_found", path=str(path)) from None
    except UnicodeDecodeError:
        raise input_error("inputs.fatal.mapping.bad_encoding", path=str(path)) from None
    except OSError as exc:
        raise input_error("inputs.fatal.mapping.cannot_read", path=str(path), error=str(exc.strerror or exc)) from None
    try:
        data = load_strict(text)  # a safe loader that refuses a key given twice (YAML keeps the last)
    except DuplicateKeyError as exc:
        raise input_error("inputs.fatal.mapping.duplicate_key", path=str(path), name=repr(exc.key),
                          first=str(exc.first_line), second=str(exc.line)) from None
    except NestingTooDeep as exc:
        raise input_error("inputs.fatal.mapping.too_deep", path=str(path), line=str(exc.line)) from None
    except TooManyNodes as exc:
        raise input_error("inputs.fatal.mapping.too_many_nodes", path=str(path), line=str(exc.line)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
        if mark is not None:
            raise input_error("inputs.fatal.mapping.not_yaml_at", path=str(path), line=str(mark.line + 1),
                              problem=problem) from None
        raise input_error("inputs.fatal.mapping.not_yaml", path=str(path), problem=problem) from None
    parse_mapping(data, message("inputs.fatal.mapping.file", path=str(path)))
    assert isinstance(data, dict)
    return data
